// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * create-sysram, destroy-sysram, online-sysram, offline-sysram.
 *
 * Every command validates all of its input before it writes anything, and
 * create-sysram undoes, in reverse order, whatever it did before a failing
 * step, except where undoing would do harm or the kernel refuses a step:
 * memory in use keeps its region, and a refused step stops the rollback
 * (both said).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <util/json.h>
#include <util/log.h>
#include <util/parse-options.h>
#include <util/size.h>
#include <util/sysfs.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>
#include "builtin.h"
#include "filter.h"
#include "json.h"
#include "list.h"

static struct sysram_params {
	const char *decoder, *size, *type, *uuid, *online_type, *region;
	int ways, granularity;
	bool memdevs, human, verbose, debug, private_node, no_online, force;
	bool to_dax;
} param = {
	/* INT_MAX: not given, as in ndctl's create-region */
	.ways = INT_MAX,
	.granularity = INT_MAX,
};

static struct log_ctx rl;

/* clang-format would indent the second option as a continuation */
/* clang-format off */
#define BASE_OPTIONS()                                                       \
	OPT_BOOLEAN('v', "verbose", &param.verbose,                          \
		    "report each step on stderr"),                           \
	OPT_BOOLEAN(0, "debug", &param.debug,                                \
		    "turn on debug, including the libraries'")
/* clang-format on */

static const struct option create_options[] = {
	OPT_BOOLEAN('m', "memdevs", &param.memdevs,
		    "non-option arguments are memdevs"),
	OPT_STRING('r', "region", &param.region, "region name",
		   "adopt this dax-path RAM region instead of creating one"),
	OPT_STRING('d', "decoder", &param.decoder, "root decoder name",
		   "root decoder to create the region under"),
	OPT_STRING('s', "size", &param.size, "size",
		   "region size (default: the largest the memdevs allow)"),
	OPT_INTEGER('w', "ways", &param.ways,
		    "number of memdevs to interleave"),
	OPT_INTEGER('g', "granularity", &param.granularity,
		    "interleave granularity in bytes"),
	OPT_STRING('t', "type", &param.type, "type",
		   "'ram' (default) or 'dynamic_ram_1'"),
	OPT_STRING('U', "uuid", &param.uuid, "uuid",
		   "extent tag a Dynamic Capacity region accepts"),
	OPT_BOOLEAN(0, "private", &param.private_node,
		    "hot-plug onto a private NUMA node"),
	OPT_STRING(0, "online-type", &param.online_type, "type",
		   "online_movable (default), online_kernel or online"),
	OPT_BOOLEAN(0, "no-online", &param.no_online,
		    "leave the memory unplugged"),
	OPT_BOOLEAN('u', "human", &param.human,
		    "use human friendly number formats"),
	BASE_OPTIONS(),
	OPT_END(),
};

static const struct option destroy_options[] = {
	OPT_BOOLEAN('f', "force", &param.force, "unplug online memory first"),
	OPT_BOOLEAN(0, "to-dax", &param.to_dax,
		    "keep the region, hand it back to the dax path"),
	OPT_BOOLEAN('u', "human", &param.human,
		    "use human friendly number formats"),
	BASE_OPTIONS(),
	OPT_END(),
};

static const struct option online_options[] = {
	OPT_STRING(0, "online-type", &param.online_type, "type",
		   "online_movable (default), online_kernel or online"),
	BASE_OPTIONS(),
	OPT_END(),
};

static const struct option offline_options[] = {
	BASE_OPTIONS(),
	OPT_END(),
};

static void setup_log(const char *owner, struct cxl_sysram_ctx *ctx)
{
	log_init(&rl, owner, NULL);
	/* summaries ("created 1 sysram region") are info, as in ndctl */
	rl.log_priority = param.debug ? LOG_DEBUG : LOG_INFO;
	sysram_quiet_libraries(ctx, param.debug);
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

/* the online type of --online-type, online_movable when not given */
static int parse_online_type(void)
{
	int t;

	if (!param.online_type)
		return CXL_SYSRAM_ONLINE_MOVABLE;
	t = cxl_sysram_state_from_name(param.online_type);
	if (t < 0 || !cxl_sysram_state_is_online(t)) {
		log_err(&rl,
			"%s: invalid online type (online_movable, "
			"online_kernel or online)\n",
			param.online_type);
		return -EINVAL;
	}
	return t;
}

/* ------------------------------------------------------------------ */
/* the library's operations, reported as the command's own lines        */
/* ------------------------------------------------------------------ */

int sysram_unplug(struct log_ctx *l, struct cxl_sysram_region *sysram)
{
	struct cxl_sysram_ctx *ctx = cxl_sysram_region_get_ctx(sysram);
	int prev = sysram_lib_begin(ctx, l, false), rc;

	rc = cxl_sysram_region_unplug(sysram);
	cxl_sysram_set_log_priority(ctx, prev);
	return rc;
}

int sysram_check_bound(struct log_ctx *l, struct cxl_sysram_region *sysram,
		       int want)
{
	struct cxl_sysram_ctx *ctx = cxl_sysram_region_get_ctx(sysram);
	int prev = sysram_lib_begin(ctx, l, false), rc;

	rc = cxl_sysram_region_verify(sysram, want);
	cxl_sysram_set_log_priority(ctx, prev);
	return rc;
}

/* the state, or -errno said once, here */
static int read_state(struct cxl_sysram_region *sysram)
{
	int state = cxl_sysram_region_get_state(sysram);

	if (state < 0)
		log_err(&rl, "%s: cannot read the sysram state: %s\n",
			cxl_sysram_region_get_devname(sysram),
			strerror(-state));
	return state;
}

/* ------------------------------------------------------------------ */
/* create-sysram                                                       */
/* ------------------------------------------------------------------ */

/*
 * --online-type and --no-online (and --private, whose memory the kernel
 * only puts in ZONE_MOVABLE): the online type, or -errno (said)
 */
static int validate_online_type(void)
{
	int type;

	if (param.no_online && param.online_type) {
		log_err(&rl, "--online-type and --no-online exclude each "
			     "other\n");
		return -EINVAL;
	}
	type = parse_online_type();
	if (type >= 0 && param.private_node &&
	    type != CXL_SYSRAM_ONLINE_MOVABLE) {
		log_err(&rl, "--private: private memory is only onlined "
			     "movable (--online-type online_movable)\n");
		return -EINVAL;
	}
	return type;
}

/* the kernel has what the options ask for */
static int validate_kernel(struct cxl_sysram_ctx *ctx)
{
	if (!cxl_sysram_has_sysram_regions(ctx)) {
		log_err(&rl, "this kernel has no sysram regions (no "
			     "cxl_sysram_region driver)\n");
		return -EOPNOTSUPP;
	}
	/* asked now: the attribute itself appears only after a write */
	if (param.private_node && !cxl_sysram_has_private_nodes(ctx)) {
		log_err(&rl, "--private: this kernel has no private NUMA "
			     "nodes\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* every memdev argument, "mem0,mem1" and "mem0 mem1" alike, as in ndctl */
static char **split_memdevs(int argc, const char **argv, unsigned int *n)
{
	size_t len = 0, max = 1;
	char **names, *text, *save, *name;
	int i;

	for (i = 0; i < argc; i++) {
		len += strlen(argv[i]) + 1;
		max += strlen(argv[i]) / 2 + 1;
	}
	names = malloc(max * sizeof(*names) + len + 1);
	if (!names)
		return NULL;
	text = (char *)(names + max);
	*n = 0;
	for (i = 0; i < argc; i++) {
		strcpy(text, argv[i]);
		for (name = strtok_r(text, ", ", &save); name;
		     name = strtok_r(NULL, ", ", &save))
			names[(*n)++] = name;
		text += strlen(argv[i]) + 1;
	}
	return names;
}

/*
 * The options as the library's params: what only a command line can get
 * wrong (text that does not parse, options that exclude each other) is
 * said here, everything else by cxl_sysram_region_create().
 */
static int parse_create(struct cxl_sysram_create_params *prm)
{
	int type;

	cxl_sysram_create_params_init(prm, sizeof(*prm));
	if (param.type && strcmp(param.type, "ram") == 0) {
		prm->type = CXL_SYSRAM_TYPE_RAM;
	} else if (param.type && strcmp(param.type, "dynamic_ram_1") == 0) {
		prm->type = CXL_SYSRAM_TYPE_DYNAMIC_RAM_1;
	} else if (param.type) {
		log_err(&rl, "%s: unsupported type (ram or dynamic_ram_1)\n",
			param.type);
		return -EINVAL;
	}
	if (param.uuid) {
		if (uuid_parse(param.uuid, prm->uuid)) {
			log_err(&rl, "%s: invalid UUID\n", param.uuid);
			return -EINVAL;
		}
		prm->has_uuid = true;
	}
	type = validate_online_type();
	if (type < 0)
		return type;
	prm->online_type = param.no_online ? CXL_SYSRAM_UNPLUGGED : type;
	prm->private_node = param.private_node;
	if (param.size &&
	    (parse_size(param.size, &prm->region_size) || !prm->region_size)) {
		log_err(&rl, "%s: invalid size\n", param.size);
		return -EINVAL;
	}
	prm->decoder = param.decoder;
	prm->ways = param.ways;
	prm->granularity = param.granularity;
	return 0;
}

static int create_sysram(struct cxl_sysram_ctx *ctx, int argc,
			 const char **argv)
{
	struct cxl_sysram_create_params prm;
	struct cxl_sysram_region *sysram;
	struct cxl_region *region;
	struct json_object *j;
	char **names;
	int rc, prev;

	rc = parse_create(&prm);
	if (rc)
		return rc;
	names = split_memdevs(argc, argv, &prm.nr_memdevs);
	if (!names) {
		log_err(&rl, "%s\n", strerror(ENOMEM));
		return -ENOMEM;
	}
	prm.memdevs = (const char *const *)names;
	prev = sysram_lib_begin(ctx, &rl, param.verbose);
	rc = cxl_sysram_region_create(ctx, &prm, &sysram);
	cxl_sysram_set_log_priority(ctx, prev);
	free(names);
	if (rc)
		return rc;

	/* the region stands: a failure to print it fails nothing */
	region = cxl_sysram_region_get_region(sysram);
	j = region ? util_list_region_json(ctx, region,
					   param.human || isatty(1))
		   : NULL;
	if (!j || util_json_print(stdout, j))
		log_err(&rl, "%s: created, but cannot print it\n",
			cxl_sysram_region_get_region_devname(sysram));
	json_object_put(j);
	return 0;
}

/* create-sysram -r: the options that apply, then adopt.c */
static int adopt_region(struct cxl_sysram_ctx *ctx, int argc)
{
	struct adopt_opts opts = {
		.private_node = param.private_node,
		.verbose = param.verbose || param.debug,
		.debug = param.debug,
		.human = param.human || isatty(1),
	};
	int type, rc;

	if (argc || param.memdevs || param.decoder || param.size ||
	    param.type || param.uuid || param.ways != INT_MAX ||
	    param.granularity != INT_MAX) {
		log_err(&rl, "-r adopts an existing region: memdevs, -d, -s, "
			     "-w, -g, -t and -U do not apply\n");
		return -EINVAL;
	}
	type = validate_online_type();
	if (type < 0)
		return type;
	rc = validate_kernel(ctx);
	if (rc)
		return rc;
	opts.want = param.no_online ? CXL_SYSRAM_UNPLUGGED : type;
	return sysram_adopt(ctx, &rl, param.region, &opts);
}

int cmd_create_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	const char *usage = "cxl create-sysram {-m <memdev> [<memdev>...] | "
			    "-r <region>} [<options>]";
	int rc;

	argc = parse_options(argc, argv, create_options, usage);
	if (sysram_need_root("cxl create-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl create-sysram", ctx);
	if (param.region)
		rc = adopt_region(ctx, argc);
	else
		rc = create_sysram(ctx, argc, argv);
	log_info(&rl, "created %d sysram region%s\n", rc ? 0 : 1,
		 rc ? "s" : "");
	return rc ? EXIT_FAILURE : 0;
}

/* ------------------------------------------------------------------ */
/* destroy-sysram                                                      */
/* ------------------------------------------------------------------ */

/*
 * A region argument's check: 1 to take the region, 0 to pass it over, or
 * -errno (logged) when a region named on the command line cannot be used.
 */
typedef int (*region_check_fn)(struct cxl_sysram_ctx *ctx,
			       struct cxl_region *region, bool named);

struct region_list {
	struct cxl_region **regions;
	int n;
};

/*
 * One region name of an argument: its regions, each once, added to out in
 * the order found.  Returns how many problems it logged, or -ENOMEM.
 */
static int collect_name(struct cxl_sysram_ctx *ctx, const char *name,
			region_check_fn check, struct region_list *out)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	int id = util_parse_region_arg(name), found = 0, bad = 0;
	struct cxl_region **grown, *region;
	struct cxl_decoder *decoder;
	struct cxl_bus *bus;

	if (id == -EINVAL) {
		log_err(&rl, "%s: not a region name\n", *name ? name : "''");
		return 1;
	}
	cxl_region_walk(cxl, bus, decoder, region) {
		int rc, j;

		if (id >= 0 && cxl_region_get_id(region) != id)
			continue;
		found++;
		rc = check(ctx, region, id >= 0);
		if (rc < 0)
			bad++;
		if (rc <= 0)
			continue;
		for (j = 0; j < out->n && out->regions[j] != region; j++)
			;
		if (j < out->n)
			continue;
		grown = realloc(out->regions, (out->n + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		out->regions = grown;
		out->regions[out->n++] = region;
	}
	if (id >= 0 && !found) {
		log_err(&rl, "%s: no such region\n", name);
		bad++;
	}
	return bad;
}

/*
 * The regions the arguments name, each a list as cxl list's -r takes it
 * (names separated by spaces or commas) of "all", regionZ,
 * sysram_regionZ or Z: each region once, in the order found.  Every
 * argument is checked before the caller writes anything: one bad name
 * fails the whole command.
 */
static int collect_regions(struct cxl_sysram_ctx *ctx, int argc,
			   const char **argv, region_check_fn check,
			   struct cxl_region ***out)
{
	struct region_list list = { 0 };
	int i, j, rc, bad = 0;

	if (!argc) {
		log_err(&rl, "no region given (regionZ, sysram_regionZ, Z or "
			     "all)\n");
		return -EINVAL;
	}
	for (i = 0; i < argc; i++) {
		char **names = util_split_names(argv[i]);

		if (!names)
			goto nomem;
		if (!names[0]) {
			log_err(&rl, "'%s': not a region name\n", argv[i]);
			bad++;
		}
		for (j = 0; names[j]; j++) {
			rc = collect_name(ctx, names[j], check, &list);
			if (rc < 0) {
				free(names);
				goto nomem;
			}
			bad += rc;
		}
		free(names);
	}
	if (bad) {
		free(list.regions);
		return -EINVAL;
	}
	*out = list.regions;
	return list.n;
nomem:
	log_err(&rl, "%s\n", strerror(ENOMEM));
	free(list.regions);
	return -ENOMEM;
}

/* destroy-sysram takes regions whose memctrl is sysram, enabled or not */
static int check_memctrl(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
			 bool named)
{
	int memctrl = cxl_sysram_get_memctrl(ctx, region);

	if (memctrl == CXL_MEMCTRL_SYSRAM)
		return 1;
	if (!named)
		return 0;
	if (memctrl < 0)
		log_err(&rl, "%s: cannot read memctrl: %s\n",
			cxl_region_get_devname(region), strerror(-memctrl));
	else
		log_err(&rl, "%s: not a sysram region (memctrl: %s)\n",
			cxl_region_get_devname(region),
			cxl_sysram_memctrl_name(memctrl));
	return -EINVAL;
}

/* destroy-sysram --to-dax: each region on its own, as online-sysram */
static int to_dax(struct cxl_sysram_ctx *ctx, struct cxl_region **list, int n)
{
	struct adopt_opts opts = {
		.verbose = param.verbose || param.debug,
		.debug = param.debug,
		.human = param.human || isatty(1),
	};
	int i, done = 0;

	if (param.force) {
		log_err(&rl, "--force and --to-dax exclude each other: "
			     "--to-dax moves plugged memory\n");
		return EXIT_FAILURE;
	}
	for (i = 0; i < n; i++)
		if (!sysram_to_dax(ctx, &rl, list[i], &opts))
			done++;
	log_info(&rl, "handed %d sysram region%s to the dax path\n", done,
		 plural(done));
	return done == n ? 0 : EXIT_FAILURE;
}

int cmd_destroy_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	const char *usage = "cxl destroy-sysram <regionZ|sysram_regionZ|all> "
			    "[<options>]";
	struct cxl_sysram_region **slist;
	struct cxl_region **list = NULL;
	int i, n, rc, prev, destroyed;

	argc = parse_options(argc, argv, destroy_options, usage);
	if (sysram_need_root("cxl destroy-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl destroy-sysram", ctx);
	n = collect_regions(ctx, argc, argv, check_memctrl, &list);
	if (n < 0)
		return EXIT_FAILURE;
	if (param.to_dax) {
		i = to_dax(ctx, list, n);
		free(list);
		return i;
	}
	slist = calloc(n, sizeof(*slist));
	if (!slist) {
		log_err(&rl, "%s\n", strerror(ENOMEM));
		free(list);
		return EXIT_FAILURE;
	}
	for (i = 0, rc = 0; i < n; i++) {
		slist[i] = cxl_sysram_region_from_region(ctx, list[i]);
		if (!slist[i]) {
			log_err(&rl, "%s: no sysram region\n",
				cxl_region_get_devname(list[i]));
			rc = -ENXIO;
		}
	}
	free(list);
	if (rc) {
		free(slist);
		return EXIT_FAILURE;
	}
	/* all or nothing: the library checks every region before a write */
	prev = sysram_lib_begin(ctx, &rl, param.verbose);
	destroyed = cxl_sysram_region_destroy_list(
		ctx, slist, n, param.force ? CXL_SYSRAM_DESTROY_FORCE : 0);
	cxl_sysram_set_log_priority(ctx, prev);
	free(slist);
	/* refused before any write: said already, no summary */
	if (destroyed < 0)
		return EXIT_FAILURE;
	log_info(&rl, "destroyed %d sysram region%s\n", destroyed,
		 plural(destroyed));
	return destroyed == n ? 0 : EXIT_FAILURE;
}

/* ------------------------------------------------------------------ */
/* online-sysram, offline-sysram                                       */
/* ------------------------------------------------------------------ */

/*
 * online takes regions whose sysram region is bound: the kernel plugs
 * nothing without its driver (-ENXIO).  offline takes them bound or not:
 * an unbind leaves online memory plugged, and unplugging it then is
 * exactly what the user needs.
 */
static int check_sysram(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
			bool named, bool bound)
{
	struct cxl_sysram_region *s =
		cxl_sysram_region_from_region(ctx, region);

	if (s && (!bound || cxl_sysram_region_is_enabled(s) == 1))
		return 1;
	if (!named)
		return 0;
	log_err(&rl, "%s: no %ssysram region\n", cxl_region_get_devname(region),
		bound ? "enabled " : "");
	return -EINVAL;
}

static int check_enabled(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
			 bool named)
{
	return check_sysram(ctx, region, named, true);
}

static int check_any(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
		     bool named)
{
	return check_sysram(ctx, region, named, false);
}

static int online_one(struct cxl_sysram_region *s, int type)
{
	const char *name = cxl_sysram_region_get_devname(s);
	int state = read_state(s), rc;

	if (state < 0)
		return state;
	if (state == type) {
		log_info(&rl, "%s: already %s\n", name,
			 cxl_sysram_state_name(type));
		return 0;
	}
	/* the kernel onlines only from unplugged: it never moves memory */
	if (cxl_sysram_state_is_online(state)) {
		log_err(&rl, "%s: already %s: offline it first\n", name,
			cxl_sysram_state_name(state));
		return -EBUSY;
	}
	if (state != CXL_SYSRAM_UNPLUGGED) {
		log_err(&rl,
			"%s: memory is %s: offline it first (cxl "
			"offline-sysram)\n",
			name, cxl_sysram_state_name(state));
		return -EBUSY;
	}
	/* the kernel would refuse it, after the fact, in its log only */
	if (type != CXL_SYSRAM_ONLINE_MOVABLE &&
	    cxl_sysram_region_get_private(s) == 1) {
		log_err(&rl,
			"%s: private memory is only onlined movable "
			"(--online-type online_movable)\n",
			name);
		return -EINVAL;
	}
	rc = cxl_sysram_region_set_state(s, type);
	if (rc) {
		log_err(&rl, "%s: failed to online: %s\n", name, strerror(-rc));
		return rc;
	}
	log_info(&rl, "%s: %s\n", name, cxl_sysram_state_name(type));
	return 0;
}

static int offline_one(struct cxl_sysram_region *s)
{
	int rc = sysram_unplug(&rl, s);

	if (!rc)
		log_info(&rl, "%s: unplugged\n",
			 cxl_sysram_region_get_devname(s));
	return rc;
}

static int online_offline(int argc, const char **argv,
			  struct cxl_sysram_ctx *ctx, bool online)
{
	struct cxl_region **list = NULL;
	int i, n, type = 0, done = 0, failed = 0;

	n = collect_regions(ctx, argc, argv, online ? check_enabled : check_any,
			    &list);
	if (n < 0)
		return EXIT_FAILURE;
	if (online) {
		type = parse_online_type();
		if (type < 0) {
			free(list);
			return EXIT_FAILURE;
		}
	}
	/* one region's failure does not stop the others */
	for (i = 0; i < n; i++) {
		struct cxl_sysram_region *s;
		int rc;

		/*
		 * Looked up again at the write: the region, or its sysram
		 * memory control, may have gone since it was collected.
		 */
		s = cxl_sysram_region_from_region(ctx, list[i]);
		if (!s) {
			log_err(&rl, "%s: no sysram region any more\n",
				cxl_region_get_devname(list[i]));
			failed++;
			continue;
		}
		rc = online ? online_one(s, type) : offline_one(s);

		if (rc)
			failed++;
		else
			done++;
	}
	free(list);
	log_info(&rl, "%s %d sysram region%s\n",
		 online ? "onlined" : "offlined", done, plural(done));
	return failed ? EXIT_FAILURE : 0;
}

int cmd_online_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	argc = parse_options(argc, argv, online_options,
			     "cxl online-sysram <regionZ|sysram_regionZ|all> "
			     "[<options>]");
	if (sysram_need_root("cxl online-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl online-sysram", ctx);
	return online_offline(argc, argv, ctx, true);
}

int cmd_offline_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	argc = parse_options(argc, argv, offline_options,
			     "cxl offline-sysram <regionZ|sysram_regionZ|all> "
			     "[<options>]");
	if (sysram_need_root("cxl offline-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl offline-sysram", ctx);
	return online_offline(argc, argv, ctx, false);
}
