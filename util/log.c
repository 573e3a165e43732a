// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/log.h>

void log_stderr(struct log_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, va_list args)
{
	/* after what was printed before it, terminal, pipe or file alike */
	fflush(stdout);
	fprintf(stderr, "%s: %s: ", ctx->owner, fn);
	vfprintf(stderr, format, args);
}

void do_log(struct log_ctx *ctx, int priority, const char *file, int line,
	    const char *fn, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	ctx->log_fn(ctx, priority, file, line, fn, format, args);
	va_end(args);
}

int log_priority_from_string(const char *s)
{
	char *end;
	long prio;

	if (!s || !*s)
		return -1;
	if (isdigit((unsigned char)s[0])) {
		prio = strtol(s, &end, 10);
		if (*end || prio < LOG_EMERG || prio > LOG_DEBUG)
			return -1;
		return (int)prio;
	}
	if (strncmp(s, "err", 3) == 0)
		return LOG_ERR;
	if (strncmp(s, "notice", 6) == 0)
		return LOG_NOTICE;
	if (strncmp(s, "info", 4) == 0)
		return LOG_INFO;
	if (strncmp(s, "debug", 5) == 0)
		return LOG_DEBUG;
	return -1;
}

int log_init(struct log_ctx *ctx, const char *owner, const char *env)
{
	int prio;

	ctx->owner = owner;
	ctx->log_fn = log_stderr;
	ctx->log_priority = LOG_ERR;
	if (!env)
		return 0;
	prio = log_priority_from_string(secure_getenv(env));
	if (prio < 0)
		return 0;
	ctx->log_priority = prio;
	return 1;
}
