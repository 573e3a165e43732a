#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Builds a fixture sysfs tree in the kernel's layout: one CXL root (ACPI0017)
# with a host bridge, root ports and type-3 memdevs, each memdev with its
# endpoint port and endpoint decoders, one root decoder decoder0.0, and the
# regions, sysram regions and extents the arguments ask for.  The tree is
# complete enough for the distribution's libcxl to enumerate it, so tests
# mount it over /sys in a private mount namespace and run the real libcxl
# and the real cxl tool against it.
#
# usage: fixture.sh [--add] DIR [ARG...]
#   --add                          add to the existing tree in DIR
#   memdevs=N                      N memdevs (default 1), 1 GiB ram each
#   region=Z:MODE:MEMCTRL          regionZ in decoder0.0; MODE ram, pmem or
#                                  dynamic_ram_1; MEMCTRL auto, dax, sysram,
#                                  pmem; a dax region gets dax_regionZ
#   sysram=Z:STATE:TYPE:PRIV:NODE  sysram_regionZ under regionZ (bound to
#                                  cxl_sysram_region), state (any value,
#                                  offline and mixed included), online_type,
#                                  private (0, 1, or - for a kernel that
#                                  hides it: no private NUMA nodes),
#                                  target_node; uuid only on a dynamic_ram_1
#                                  region, as the kernel shows it
#   private_nodes=LIST             the kernel has private NUMA nodes:
#                                  node/has_private_memory reads LIST
#   extents=Z:COUNT[:STATE[:UUID]] COUNT extents of 256 MiB in sysram_regionZ
#   set=PATH=VALUE                 write VALUE to sys/PATH (for bad values)
#   rm=PATH                        remove sys/PATH
#   unbound=Z                      sysram_regionZ has no driver; its
#                                  attributes stay, as the kernel keeps them
#   dc=M[:SIZE]                    memM has a Dynamic Capacity partition
#                                  (dynamic_ram_1/, SIZE bytes, default
#                                  1 GiB) and decoder0.0 creates Dynamic
#                                  Capacity regions (create_dynamic_ram_1_
#                                  region, reading region99)
#   newdc=Z[:bound]                regionZ as the kernel shows it just after
#                                  create_dynamic_ram_1_region made it: no
#                                  size, memctrl sysram, sysram_regionZ
#                                  registered unbound (the default policy
#                                  online, null uuid); create_dynamic_ram_
#                                  1_region reads regionZ.  A fixture cannot
#                                  bind: with "bound" both devices show the
#                                  driver they would have after the bind
set -euo pipefail

add=
if [ "${1:-}" = --add ]; then
	add=1
	shift
fi
dir=$1
shift
sys=$dir/sys
devs=$sys/bus/cxl/devices
root=$sys/devices/platform/ACPI0017:00/root0
hb=$sys/devices/pci0000:0c
gib=$((1 << 30))
mib256=$((256 << 20))
base=$((0x4000000000))
null_uuid=00000000-0000-0000-0000-000000000000

# attr FILE VALUE...: one sysfs attribute, newline-terminated as the kernel
# prints them
attr() {
	local f=$1
	shift
	printf '%s\n' "$*" > "$f"
}

# link_dev PATH: the /sys/bus/cxl/devices entry of a device
link_dev() {
	ln -sr "$1" "$devs/$(basename "$1")"
}

memdevs=1
args=()
for a in "$@"; do
	case $a in
	memdevs=*) memdevs=${a#memdevs=} ;;
	*) args+=("$a") ;;
	esac
done

base_tree() {
	rm -rf "$dir"
	mkdir -p "$devs" "$sys/bus/cxl/drivers/cxl_sysram_region" \
		"$sys/bus/cxl/drivers/cxl_region" "$sys/bus/cxl/drivers/cxl_mem" \
		"$sys/bus/cxl/drivers/cxl_port" \
		"$sys/devices/system/memory" "$sys/devices/system/node/node0" \
		"$dir/dev/cxl"
	: > "$sys/bus/cxl/flush"
	: > "$sys/bus/cxl/drivers/cxl_region/bind"
	: > "$sys/bus/cxl/drivers/cxl_region/unbind"
	attr "$sys/devices/system/memory/block_size_bytes" 8000000

	# the CXL root and its decoder: one window for every memdev
	mkdir -p "$root/decoder0.0" "$hb"
	ln -sr "$sys/devices/platform/ACPI0017:00" "$root/uport"
	link_dev "$root"
	d=$root/decoder0.0
	attr "$d/start" $(printf '0x%x' $base)
	attr "$d/size" $(printf '0x%x' $((memdevs * 4 * gib)))
	attr "$d/interleave_ways" 1
	attr "$d/interleave_granularity" 4096
	attr "$d/target_list" 12
	attr "$d/target_type" expander
	attr "$d/cap_ram" 1
	attr "$d/cap_pmem" 1
	attr "$d/cap_type2" 0
	attr "$d/cap_type3" 1
	attr "$d/locked" 0
	attr "$d/qos_class" 42
	attr "$d/create_ram_region" region99
	attr "$d/create_pmem_region" region99
	attr "$d/delete_region" ""
	attr "$d/region" ""
	link_dev "$d"
	mkdir -p "$root/dport12"
	ln -sr "$hb" "$root/dport12/physical_node"

	# the host bridge port, its decoder and one root port per memdev
	port=$root/port1
	mkdir -p "$port/decoder1.0"
	ln -sr "$hb" "$port/uport"
	link_dev "$port"
	ln -sr "$sys/bus/cxl/drivers/cxl_port" "$port/driver"
	attr "$port/decoders_committed" 0
	attr "$port/decoder1.0/start" 0
	attr "$port/decoder1.0/size" 0
	attr "$port/decoder1.0/interleave_ways" 1
	attr "$port/decoder1.0/interleave_granularity" 256
	attr "$port/decoder1.0/target_list" 0
	attr "$port/decoder1.0/target_type" expander
	attr "$port/decoder1.0/locked" 0
	link_dev "$port/decoder1.0"

	for ((m = 0; m < memdevs; m++)); do
		rp=$hb/0000:0c:0$m.0
		pdev=$rp/0000:$(printf '%02x' $((0x0d + m))):00.0
		mem=$pdev/mem$m
		ep_id=$((2 + m))
		ep=$port/endpoint$ep_id
		mkdir -p "$mem/ram" "$mem/pmem" "$port/dport$m" "$ep"
		ln -sr "$rp" "$port/dport$m/physical_node"
		attr "$mem/ram/size" $(printf '0x%x' $gib)
		attr "$mem/pmem/size" 0x0
		attr "$mem/ram/qos_class" 42
		attr "$mem/serial" $((0x1000 + m))
		attr "$mem/numa_node" -1
		attr "$mem/payload_max" 2048
		attr "$mem/label_storage_size" 0
		attr "$mem/firmware_version" "BWFW VERSION 00"
		link_dev "$mem"
		ln -sr "$sys/bus/cxl/drivers/cxl_mem" "$mem/driver"
		mknod "$dir/dev/cxl/mem$m" c 240 $m

		ln -sr "$mem" "$ep/uport"
		ln -sr "$port/dport$m" "$ep/parent_dport"
		link_dev "$ep"
		ln -sr "$sys/bus/cxl/drivers/cxl_port" "$ep/driver"
		for ((i = 0; i < 2; i++)); do
			d=$ep/decoder$ep_id.$i
			mkdir -p "$d"
			attr "$d/start" 0
			attr "$d/size" 0
			attr "$d/interleave_ways" 1
			attr "$d/interleave_granularity" 256
			attr "$d/mode" ram
			attr "$d/dpa_resource" 0
			attr "$d/dpa_size" 0
			attr "$d/target_type" expander
			attr "$d/locked" 0
			attr "$d/region" ""
			link_dev "$d"
		done
	done
}

[ -n "$add" ] || base_tree

region_dir() {
	echo "$root/decoder0.0/region$1"
}

add_region() {
	local z=$1 mode=$2 memctrl=$3 r
	r=$(region_dir "$z")
	mkdir -p "$r"
	attr "$r/uuid" $([ "$mode" = pmem ] &&
		echo 1e0b8f1a-3c1d-4a6e-9d1e-5c6f2a3b4c5d || true)
	attr "$r/size" $(printf '0x%x' $gib)
	attr "$r/resource" $(printf '0x%x' $((base + z * gib)))
	attr "$r/interleave_ways" 1
	attr "$r/interleave_granularity" 256
	attr "$r/commit" 1
	attr "$r/mode" "$mode"
	attr "$r/memctrl" "$memctrl"
	attr "$r/target0" decoder2.0
	ln -sr "$sys/bus/cxl/drivers/cxl_region" "$r/driver"
	link_dev "$r"
	if [ "$memctrl" = dax ]; then
		mkdir -p "$r/dax_region$z"
	fi
}

add_sysram() {
	local z=$1 state=$2 type=$3 priv=$4 node=$5 s
	s=$(region_dir "$z")/sysram_region$z
	mkdir -p "$s"
	attr "$s/state" "$state"
	attr "$s/online_type" "$type"
	[ "$priv" = - ] || attr "$s/private" "$priv"
	if [[ $(cat "$(region_dir "$z")/mode") = dynamic_ram_* ]]; then
		attr "$s/uuid" $null_uuid
	fi
	attr "$s/target_node" "$node"
	attr "$s/size" $(printf '0x%x' $gib)
	attr "$s/devtype" cxl_sysram_region
	attr "$s/modalias" cxl:t10
	ln -sr "$sys/bus/cxl/drivers/cxl_sysram_region" "$s/driver"
	link_dev "$s"
}

add_extents() {
	local z=$1 count=$2 state=${3:-online_movable} uuid=${4:-$null_uuid}
	local s i e
	local -a dirs=()
	s=$(region_dir "$z")/sysram_region$z
	for ((i = 0; i < count; i++)); do
		dirs+=("$s/extent$z.$i")
	done
	((count)) && mkdir "${dirs[@]}"
	for ((i = 0; i < count; i++)); do
		e=${dirs[i]}
		printf '0x%x\n' $((i * mib256)) > "$e/offset"
		printf '0x%x\n' $mib256 > "$e/length"
		printf '%s\n' "$uuid" > "$e/uuid"
		printf '%s\n' "$state" > "$e/state"
	done
}

add_dc() {
	local m=$1 size=${2:-$gib} mem
	mem=$(readlink -f "$devs/mem$m")
	mkdir -p "$mem/dynamic_ram_1"
	attr "$mem/dynamic_ram_1/size" $(printf '0x%x' $((size)))
	attr "$mem/dynamic_ram_1/qos_class" 42
	[ -f "$root/decoder0.0/create_dynamic_ram_1_region" ] ||
		attr "$root/decoder0.0/create_dynamic_ram_1_region" region99
}

add_newdc() {
	local z=$1 bound=${2:-} r s
	r=$(region_dir "$z")
	s=$r/sysram_region$z
	mkdir -p "$s"
	attr "$r/uuid" ""
	attr "$r/size" 0x0
	attr "$r/resource" $(printf '0x%x' $((base + z * gib)))
	attr "$r/interleave_ways" 1
	attr "$r/interleave_granularity" 4096
	attr "$r/commit" 0
	attr "$r/mode" dynamic_ram_1
	attr "$r/memctrl" sysram
	attr "$r/target0" ""
	link_dev "$r"
	attr "$s/state" unplugged
	attr "$s/online_type" online
	attr "$s/private" 0
	attr "$s/uuid" $null_uuid
	attr "$s/target_node" 1
	attr "$s/size" 0x0
	attr "$s/devtype" cxl_sysram_region
	attr "$s/modalias" cxl:t10
	link_dev "$s"
	if [ "$bound" = bound ]; then
		ln -sr "$sys/bus/cxl/drivers/cxl_region" "$r/driver"
		ln -sr "$sys/bus/cxl/drivers/cxl_sysram_region" "$s/driver"
	fi
	attr "$root/decoder0.0/create_dynamic_ram_1_region" "region$z"
}

for a in "${args[@]}"; do
	IFS=: read -r -a f <<< "${a#*=}"
	case $a in
	region=*) add_region "${f[@]}" ;;
	sysram=*) add_sysram "${f[@]}" ;;
	extents=*) add_extents "${f[@]}" ;;
	dc=*) add_dc "${f[@]}" ;;
	newdc=*) add_newdc "${f[@]}" ;;
	private_nodes=*)
		attr "$sys/devices/system/node/has_private_memory" "${a#*=}"
		;;
	unbound=*) rm "$(region_dir "${f[0]}")/sysram_region${f[0]}/driver" ;;
	set=*)
		kv=${a#set=}
		printf '%s\n' "${kv#*=}" > "$sys/${kv%%=*}"
		;;
	rm=*) rm -rf "${sys:?}/${a#rm=}" ;;
	*)
		echo "fixture.sh: unknown argument '$a'" >&2
		exit 2
		;;
	esac
done
