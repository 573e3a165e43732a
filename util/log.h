/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _UTIL_LOG_H_
#define _UTIL_LOG_H_
#include <stdarg.h>
#include <syslog.h>

/*
 * One logger shape for the library and the tools, so that every message
 * reads "<owner>: <function>: <message>" as ndctl's do, and so that a
 * caller can route the library's messages with a log_fn of its own.
 */
struct log_ctx;
typedef void (*log_fn)(struct log_ctx *ctx, int priority, const char *file,
		       int line, const char *fn, const char *format,
		       va_list args);

struct log_ctx {
	log_fn log_fn;
	const char *owner;
	int log_priority;
};

void log_stderr(struct log_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, va_list args)
	__attribute__((format(printf, 6, 0)));
void do_log(struct log_ctx *ctx, int priority, const char *file, int line,
	    const char *fn, const char *format, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * log_init - owner prefixes every message; env names a variable
 * (err|notice|info|debug or a syslog number) that overrides the default
 * priority of LOG_ERR.  Returns true when the variable was set.
 */
int log_init(struct log_ctx *ctx, const char *owner, const char *env);
int log_priority_from_string(const char *s);

#define log_cond(ctx, prio, ...)                                        \
	do {                                                            \
		if ((ctx)->log_priority >= (prio))                      \
			do_log(ctx, prio, __FILE__, __LINE__, __func__, \
			       __VA_ARGS__);                            \
	} while (0)

#define log_dbg(ctx, ...) log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define log_info(ctx, ...) log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define log_notice(ctx, ...) log_cond(ctx, LOG_NOTICE, __VA_ARGS__)
#define log_err(ctx, ...) log_cond(ctx, LOG_ERR, __VA_ARGS__)

/* shorthands for objects whose log_ctx member is called "ctx" */
#define dbg(x, ...) log_dbg(&(x)->ctx, __VA_ARGS__)
#define info(x, ...) log_info(&(x)->ctx, __VA_ARGS__)
#define notice(x, ...) log_notice(&(x)->ctx, __VA_ARGS__)
#define err(x, ...) log_err(&(x)->ctx, __VA_ARGS__)

#endif /* _UTIL_LOG_H_ */
