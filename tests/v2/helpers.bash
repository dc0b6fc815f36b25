# SPDX-License-Identifier: MIT
# Helpers of the v2 bats files (tests/v2/*.bats), run inside a pure cgroup v2
# guest by tests/v2/uml (one guest boot for the whole suite; `make check` runs
# it as tests/v2/suite.uml). `load helpers` in a tests/v2 .bats file.
#
# The guest: User-Mode Linux 6.1, the host's / through hostfs (this build and
# the host's tools at the same paths), cgroup2 on /sys/fs/cgroup with
# cgroup.controllers "cpu io memory pids" all enabled in the root's
# subtree_control, tmpfs /tmp and /run, one CPU, no cpuset, no PSI. Tests run
# as root in the root cgroup. Run one file by hand:
#     tests/v2/uml -k tests/v2/cgls.bats        (or: make check TESTS=tests/v2/suite.uml)
#
# Variables:
#   CGK_BUILDDIR CGK_SRCDIR   build and source trees (exported by tests/v2/uml)
#   cgls cgexec_ns nsenter_lite cgset cgsh    the tools, absolute paths
#   CG                 the cgroup2 mount point (/sys/fs/cgroup)
#   OWN                the test process's own cgroup path ("/" in the guest)
#   SCRATCH            cgkit-test-<8hex>, set by v2_scratch_create
#   SD                 its directory ($CG$OWN/$SCRATCH)
#   SP                 its cgroup path as the tools take it (/$SCRATCH below "/")
#
# Functions (each returns non-zero on failure; use them in setup/teardown
# or in a test):
#   v2_require          skip unless run in the v2 guest as root (the host has
#                       no pure v2: tests/v2/uml is the way in)
#   v2_scratch_create [CTRL...]   make $SD below our own cgroup and enable
#                       CTRL (default: every controller our cgroup offers) in
#                       its cgroup.subtree_control, so its children have them.
#                       The scratch cgroup itself then holds no process (v2's
#                       no-internal-process rule): put processes in children.
#   v2_scratch_remove   kill (by PID) every process left below $SD, wait for
#                       them to vanish, rmdir bottom-up. Safe twice; call it in
#                       teardown (it runs even when the test failed).
#   v2_mkcg REL [CTRL...]         mkdir $SD/REL (parents too) and enable CTRL in
#                       subtree_control of each new parent on the way (not REL)
#   v2_enable DIR CTRL...         echo +CTRL... > DIR/cgroup.subtree_control
#   v2_run_in REL CMD [ARG...]    start CMD in the background already inside
#                       $SD/REL (a subshell moves itself, then execs); sets
#                       HELPER_PID, recorded for helpers_stop_all
#   v2_busy REL         v2_run_in REL with a shell busy loop
#   v2_sleep REL        v2_run_in REL with sleep 1000
#   v2_cg_of PID        the cgroup path of PID ("0::" stripped) from /proc
#   v2_read REL FILE    cat $SD/REL/FILE
#   v2_wait_file REL FILE PATTERN [SECONDS]  until FILE matches grep -E PATTERN
#   v2_hex N            2N random hex digits (container ids)
#   v2_runc_up ID CGPATH [QUOTA/PERIOD|-] [MEMBYTES|-]   a real runc container
#                       (busybox sleep) in cgroup CGPATH (below the cgroup
#                       root, e.g. $SP/system.slice/docker-<64hex>.scope);
#                       sets RUNC_PID. v2_runc_down_all in teardown, first.
#   helper_start, helper_stop, helpers_stop_all, pids_wait_gone, fail,
#   tree_triples, assert_sets_equal, run_cgls, assert_ok: as in
#                       tests/integration/helpers.bash (loaded from there)
#
# A v2 bats file:
#     load helpers
#     setup() { v2_require; v2_scratch_create; }
#     teardown() { v2_runc_down_all; helpers_stop_all; v2_scratch_remove; }
#     @test "..." { v2_mkcg a; v2_busy a; ...; [ "$(v2_read a cpu.max)" = ... ]; }
# tests/v2/uml picks up every tests/v2/*.bats; list it in v2_bats in
# tests/Makemodule.am too (for the distribution).

bats_require_minimum_version 1.5.0

CGK_SRCDIR=${CGK_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
CGK_BUILDDIR=${CGK_BUILDDIR:-$CGK_SRCDIR}
export CGK_SRCDIR CGK_BUILDDIR

# the generic helpers (process helpers, tree parsing, assertions)
# shellcheck source=tests/integration/helpers.bash
. "$CGK_SRCDIR/tests/integration/helpers.bash"

cgls=$CGK_BUILDDIR/cgls
cgset=$CGK_BUILDDIR/cgset
cgsh=$CGK_BUILDDIR/cgsh
cgexec_ns=$CGK_BUILDDIR/cgexec-ns
nsenter_lite=$CGK_BUILDDIR/nsenter-lite
CG=/sys/fs/cgroup

# v2_why: why these tests cannot run here (nothing if they can)
v2_why() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root"
	elif [ "$(stat -f -c %T "$CG" 2>/dev/null)" != cgroup2fs ]; then
		echo "$CG is not cgroup2: run the v2 tests through tests/v2/uml"
	elif ! grep -q '^0::/' /proc/self/cgroup || [ "$(wc -l </proc/self/cgroup)" != 1 ]; then
		echo "not a pure cgroup v2 system"
	fi
}

v2_require() {
	local why
	why=$(v2_why)
	[ -z "$why" ] || skip "$why"
}

v2_own() {
	local p
	p=$(sed -n 's/^0:://p' /proc/self/cgroup)
	echo "${p:-/}"
}

v2_list() { echo "${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/v2-scratch"; }

v2_enable() {
	local d=$1 c s=''
	shift
	for c; do s+="+$c "; done
	[ -z "$s" ] || echo "${s% }" >"$d/cgroup.subtree_control"
}

v2_scratch_create() {
	local ctrls
	OWN=$(v2_own)
	SCRATCH=cgkit-test-$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')
	SD=$CG${OWN%/}/$SCRATCH
	SP=${OWN%/}/$SCRATCH
	echo "$SD" >>"$(v2_list)"
	mkdir "$SD" || return 1
	if (($#)); then
		ctrls="$*"
	else
		read -r ctrls <"$SD/cgroup.controllers"
	fi
	# shellcheck disable=SC2086
	v2_enable "$SD" $ctrls
	export SCRATCH SD SP OWN
}

v2_scratch_remove() {
	local list d p pids=() rc=0 n
	list=$(v2_list)
	[ -f "$list" ] || return 0
	while read -r d; do
		case ${d##*/} in cgkit-test-?*) ;; *) echo "v2_scratch_remove: refusing $d" >&2; return 1 ;; esac
		[ -d "$d" ] || continue
		# frozen processes cannot die: thaw first
		find "$d" -name cgroup.freeze -exec sh -c 'for f; do echo 0 >"$f"; done' _ {} + 2>/dev/null
		for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null && pids+=("$p")
		done
		[ ${#pids[@]} = 0 ] || pids_wait_gone 30 "${pids[@]}" || rc=1
		n=50
		while [ -d "$d" ] && [ $n -gt 0 ]; do
			find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$d" ] && sleep 0.1
			n=$((n - 1))
		done
		[ ! -d "$d" ] || { echo "v2_scratch_remove: cannot remove $d" >&2; rc=1; }
	done <"$list"
	[ $rc != 0 ] || rm -f "$list"
	return $rc
}

v2_mkcg() {
	local rel=$1 d=$SD part
	shift
	local IFS=/
	for part in $rel; do
		[ -n "$part" ] || continue
		if [ "$d" != "$SD" ] && (($#)); then
			unset IFS
			v2_enable "$d" "$@" 2>/dev/null || true
			IFS=/
		fi
		d=$d/$part
		[ -d "$d" ] || mkdir "$d" || return 1
	done
}

v2_run_in() {
	local rel=$1
	shift
	[ -d "$SD/$rel" ] || v2_mkcg "$rel" || return 1
	(echo "$BASHPID" >"$SD/$rel/cgroup.procs" && exec "$@") </dev/null >/dev/null 2>&1 3>&- 4>&- &
	HELPER_PID=$!
	echo "$HELPER_PID" >>"${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/helper-pids"
	# wait until it is there (the write happens in the child)
	local n=50
	while [ $n -gt 0 ] && ! grep -qx "$HELPER_PID" "$SD/$rel/cgroup.procs" 2>/dev/null; do
		sleep 0.05
		n=$((n - 1))
	done
	[ $n -gt 0 ]
}

v2_busy() { v2_run_in "$1" sh -c 'while :; do :; done'; }
v2_sleep() { v2_run_in "$1" sleep 1000; }

v2_cg_of() { sed -n 's/^0:://p' "/proc/$1/cgroup"; }

v2_read() { cat "$SD/$1/$2"; }

v2_wait_file() {
	local t=$((${4:-5} * 10))
	while [ $t -gt 0 ]; do
		grep -qE "$3" "$SD/$1/$2" 2>/dev/null && return 0
		sleep 0.1
		t=$((t - 1))
	done
	fail "$SD/$1/$2 never matched /$3/: $(cat "$SD/$1/$2" 2>&1)"
}

# --- real containers (runc 1.1, cgroup v2) ------------------------------------
#   v2_runc_up ID CGPATH [CPU-QUOTA/PERIOD|-] [MEMBYTES|-]
#                       start a busybox `sleep 100000` container with runc,
#                       cgroupsPath CGPATH (below the cgroup root, e.g.
#                       $SP/system.slice/docker-<64hex>.scope), the limits
#                       given; its state in $BATS_TEST_TMPDIR; sets
#                       RUNC_PID (its init, host PID). Stopped by
#                       v2_runc_down_all (call it in teardown before
#                       v2_scratch_remove).
#   v2_hex N            2N random hex digits

# v2_module NAME [PARAMS]: load the UML kernel's NAME.ko (finit_module, as
# the guest has no modprobe database) with PARAMS; skips where there is none,
# fails where it does not load. Loaded already (EEXIST) is fine.
v2_module() {
	local ko
	ko=$(find /usr/lib/uml/modules -name "$1.ko" 2>/dev/null | head -1)
	[ -n "$ko" ] || skip "no $1.ko for the UML kernel"
	python3 -c 'import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = os.open(sys.argv[1], os.O_RDONLY)
if libc.syscall(313, fd, sys.argv[2].encode(), 0) != 0 and ctypes.get_errno() != 17:
	sys.exit(os.strerror(ctypes.get_errno()))' "$ko" "${2:-}" || fail "$1.ko does not load"
}

# v2_fuse: fuse.ko and /dev/fuse in the guest
v2_fuse() {
	grep -qw fuse /proc/filesystems || v2_module fuse
	[ -c /dev/fuse ] || mknod /dev/fuse c 10 229 || fail "no /dev/fuse"
}

# v2_ramdev: the guest's RAM disk (brd.ko, 64 MiB) with a devtmpfs to reach
# it: sets RAMDEV (its /dev/ram0). v2_ramdev_down unmounts the devtmpfs.
v2_ramdev() {
	local dev=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/dev
	grep -qw ram0 /proc/partitions || v2_module brd "rd_nr=1 rd_size=65536"
	mkdir -p "$dev"
	mountpoint -q "$dev" || mount -t devtmpfs none "$dev" || fail "no devtmpfs"
	RAMDEV=$dev/ram0
}

v2_ramdev_down() {
	[ -n "${RAMDEV:-}" ] || return 0
	umount "${RAMDEV%/*}" 2>/dev/null
	RAMDEV=
}

v2_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

v2_runc_root() { echo "${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/runc"; }

v2_runc_rootfs() {
	local rootfs=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/rootfs a
	if [ ! -x "$rootfs/bin/busybox" ]; then
		mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/dev" "$rootfs/sys" "$rootfs/tmp" || return 1
		cp /bin/busybox "$rootfs/bin/busybox" || return 1
		for a in sh sleep cat; do ln -sf busybox "$rootfs/bin/$a"; done
	fi
	echo "$rootfs"
}

v2_runc_up() {
	local id=$1 cg=$2 cpu=${3:--} mem=${4:--} b rootfs filter
	b=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/bundle-$id
	rootfs=$(v2_runc_rootfs) || return 1
	mkdir -p "$b" "$(v2_runc_root)" || return 1
	(cd "$b" && runc spec) || return 1
	filter='.process.terminal = false | .process.args = ["sleep", "100000"]
		| .root.path = $rootfs | .root.readonly = true | .linux.cgroupsPath = $cg'
	[ "$cpu" = - ] || filter+=' | .linux.resources.cpu = {quota: ($cpu|split("/")[0]|tonumber), period: ($cpu|split("/")[1]|tonumber)}'
	[ "$mem" = - ] || filter+=' | .linux.resources.memory = {limit: ($mem|tonumber)}'
	jq --arg rootfs "$rootfs" --arg cg "$cg" --arg cpu "$cpu" --arg mem "$mem" "$filter" \
		"$b/config.json" >"$b/c.json" && mv "$b/c.json" "$b/config.json" || return 1
	echo "$id" >>"${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/runc-ids"
	runc --root "$(v2_runc_root)" create --bundle "$b" --pid-file "$b/pid" "$id" \
		</dev/null >"$b/out" 2>"$b/err" || { cat "$b/err" >&2; return 1; }
	runc --root "$(v2_runc_root)" start "$id" </dev/null >>"$b/out" 2>>"$b/err" ||
		{ cat "$b/err" >&2; return 1; }
	RUNC_PID=$(cat "$b/pid")
}

v2_runc_down_all() {
	local f=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/runc-ids id pid pids=()
	[ -f "$f" ] || return 0
	while read -r id; do
		pid=$(cat "${f%/*}/bundle-$id/pid" 2>/dev/null) && pids+=("$pid")
		runc --root "$(v2_runc_root)" kill "$id" KILL >/dev/null 2>&1
		runc --root "$(v2_runc_root)" delete -f "$id" >/dev/null 2>&1
	done <"$f"
	rm -f "$f"
	[ ${#pids[@]} = 0 ] || pids_wait_gone 10 "${pids[@]}"
}
