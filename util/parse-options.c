// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/parse-options.h>

static bool takes_arg(const struct option *o)
{
	return o->type == OPTION_STRING || o->type == OPTION_INTEGER;
}

void usage_with_options(const char *usage, const struct option *opts)
{
	const struct option *o;

	fprintf(stderr, "\n usage: %s\n\n", usage);
	for (o = opts; o->type != OPTION_END; o++) {
		char left[64];
		int n = 0;

		if (o->short_name)
			n += snprintf(left + n, sizeof(left) - n, "-%c",
				      o->short_name);
		if (o->short_name && o->long_name)
			n += snprintf(left + n, sizeof(left) - n, ", ");
		if (o->long_name)
			n += snprintf(left + n, sizeof(left) - n, "--%s",
				      o->long_name);
		if (takes_arg(o))
			snprintf(left + n, sizeof(left) - n, " <%s>", o->argh);
		fprintf(stderr, "    %-26s %s\n", left, o->help);
	}
	fprintf(stderr, "\n");
	exit(USAGE_EXIT);
}

static void list_opts(const struct option *opts)
{
	const struct option *o;

	/* the form ndctl's bash completion reads: "--name " each */
	for (o = opts; o->type != OPTION_END; o++)
		if (o->long_name)
			printf("--%s ", o->long_name);
	exit(0);
}

static void __attribute__((noreturn, format(printf, 3, 4)))
usage_error(const char *usage, const struct option *opts, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  Error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	usage_with_options(usage, opts);
}

static int set_value(const struct option *o, const char *arg, bool negate,
		     const char *usage, const struct option *opts)
{
	char *end;
	long v;

	switch (o->type) {
	case OPTION_BOOLEAN:
		*(bool *)o->value = !negate;
		break;
	case OPTION_INCR:
		*(int *)o->value = negate ? 0 : *(int *)o->value + 1;
		break;
	case OPTION_STRING:
		*(const char **)o->value = arg;
		break;
	case OPTION_INTEGER:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || !*arg || *end || v < INT_MIN || v > INT_MAX)
			usage_error(usage, opts,
				    "option `%s' expects a numerical value",
				    o->long_name ? o->long_name : "?");
		*(int *)o->value = (int)v;
		break;
	case OPTION_END:
		break;
	}
	return 0;
}

static const struct option *find_long(const char *usage,
				      const struct option *opts,
				      const char *name, size_t len,
				      bool *negate)
{
	const struct option *o, *match = NULL;
	int matches = 0;

	*negate = false;
	for (o = opts; o->type != OPTION_END; o++) {
		if (!o->long_name)
			continue;
		if (strlen(o->long_name) == len &&
		    strncmp(o->long_name, name, len) == 0)
			return o;
	}
	/* --no-<name> for booleans and counters */
	if (len > 3 && strncmp(name, "no-", 3) == 0) {
		for (o = opts; o->type != OPTION_END; o++)
			if (o->long_name && !takes_arg(o) &&
			    strlen(o->long_name) == len - 3 &&
			    strncmp(o->long_name, name + 3, len - 3) == 0) {
				*negate = true;
				return o;
			}
	}
	/* a unique prefix */
	for (o = opts; o->type != OPTION_END; o++)
		if (o->long_name && strncmp(o->long_name, name, len) == 0) {
			match = o;
			matches++;
		}
	if (matches == 1)
		return match;
	{
		char buf[128];

		snprintf(buf, sizeof(buf), "%.*s", (int)len, name);
		usage_error(usage, opts,
			    matches ? "ambiguous option `%s'"
				    : "unknown option `%s'",
			    buf);
	}
	return NULL;
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *usage)
{
	int i, nargs = 0;
	bool dashdash = false;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1]) {
			argv[nargs++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct option *o;
			bool negate;

			if (strcmp(name, "list-opts") == 0)
				list_opts(opts);
			if (strcmp(name, "help-all") == 0)
				usage_with_options(usage, opts);
			o = find_long(usage, opts, name, len, &negate);
			if (takes_arg(o)) {
				const char *val = eq ? eq + 1 : NULL;

				if (!val) {
					if (i + 1 >= argc)
						usage_error(usage, opts,
							    "option `%s' "
							    "requires a value",
							    o->long_name);
					val = argv[++i];
				}
				set_value(o, val, false, usage, opts);
			} else {
				if (eq)
					usage_error(usage, opts,
						    "option `%s' takes no "
						    "value",
						    o->long_name);
				set_value(o, NULL, negate, usage, opts);
			}
			continue;
		}
		/* one or more short options: -uv, -mmem0, -m mem0 */
		for (const char *p = a + 1; *p; p++) {
			const struct option *o;
			char s[2] = { *p, 0 };

			if (*p == 'h')
				usage_with_options(usage, opts);
			for (o = opts; o->type != OPTION_END; o++)
				if (o->short_name == *p)
					break;
			if (o->type == OPTION_END)
				usage_error(usage, opts, "unknown switch `%s'",
					    s);
			if (!takes_arg(o)) {
				set_value(o, NULL, false, usage, opts);
				continue;
			}
			if (p[1]) {
				set_value(o, p + 1, false, usage, opts);
			} else {
				if (i + 1 >= argc)
					usage_error(usage, opts,
						    "switch `%s' requires a "
						    "value",
						    s);
				set_value(o, argv[++i], false, usage, opts);
			}
			break;
		}
	}
	argv[nargs] = NULL;
	return nargs;
}
