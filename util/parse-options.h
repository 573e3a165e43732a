/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _UTIL_PARSE_OPTIONS_H_
#define _UTIL_PARSE_OPTIONS_H_
#include <stdbool.h>

/*
 * Command-line options with the behaviour ndctl's users know: short and
 * long forms, unique prefixes of long names, --no-<name> for booleans,
 * options and arguments in any order, "--" to end options, -h for usage
 * (exit 129), and --list-opts for bash completion.
 */
enum option_type {
	OPTION_END,
	OPTION_BOOLEAN,
	OPTION_STRING,
	OPTION_INTEGER,
	OPTION_INCR,
};

struct option {
	enum option_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;
	const char *help;
};

/* initializer macros read best on few lines */
/* clang-format off */
#define OPT_END() { .type = OPTION_END }
#define OPT_BOOLEAN(s, l, v, h)                                              \
	{ .type = OPTION_BOOLEAN, .short_name = (s), .long_name = (l),       \
	  .value = (v), .help = (h) }
#define OPT_STRING(s, l, v, a, h)                                            \
	{ .type = OPTION_STRING, .short_name = (s), .long_name = (l),        \
	  .value = (v), .argh = (a), .help = (h) }
#define OPT_INTEGER(s, l, v, h)                                              \
	{ .type = OPTION_INTEGER, .short_name = (s), .long_name = (l),       \
	  .value = (v), .argh = "n", .help = (h) }
#define OPT_INCR(s, l, v, h)                                                 \
	{ .type = OPTION_INCR, .short_name = (s), .long_name = (l),          \
	  .value = (v), .help = (h) }
/* clang-format on */

/* exit status of a usage error, as git and ndctl use */
#define USAGE_EXIT 129

/*
 * Parses argv[1..argc) (argv[0] is the command name), leaves the
 * positional arguments in argv[0..n) and returns n.  On a usage error it
 * prints the error and the usage on stderr and exits USAGE_EXIT.
 * A STRING option given twice keeps the last value.
 */
int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *usage);
void usage_with_options(const char *usage, const struct option *opts)
	__attribute__((noreturn));

#endif /* _UTIL_PARSE_OPTIONS_H_ */
