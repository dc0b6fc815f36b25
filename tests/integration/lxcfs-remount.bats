#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# share/lxcfs-remount for real: lxcfs runs (ours, on a temporary directory),
# test bed containers bind its files over /proc/* and cpu/online, lxcfs
# restarts, reads inside the containers fail, the loop runs, reads give each
# container's values again (MemTotal = its memory limit). The tests run in
# order; each one leaves the state the next one expects. Nothing is left
# behind: no mount, no lxcfs (killed by its PID), no container.
#
#   make check TESTS=tests/integration/lxcfs-remount.bats
#   CGK_BUILDDIR=. bats tests/integration/lxcfs-remount.bats      (from the source tree)

load helpers
load lxcfs

remount=$CGK_SRCDIR/share/lxcfs-remount
export CGLS=$CGK_BUILDDIR/cgls NSENTER=$CGK_BUILDDIR/nsenter-lite

hex32() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

cleanup_all() {
	local rc=0
	lxcfs_stop
	testbed_down || rc=1
	if [ -n "${LXCFS_VARLIB:-}" ]; then
		lxcfs_umount || { echo "still mounted: $LXCFS_VARLIB" >&2; rc=1; }
		rm -rf "$LXCFS_VARLIB" "$LXCFS_VARLIB.log" "$LXCFS_VARLIB.pid"
	fi
	return $rc
}

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	command -v lxcfs >/dev/null || { CGK_SKIP="no lxcfs (apt-get install lxcfs)"; return 0; }
	export LXCFS_VARLIB=$BATS_FILE_TMPDIR/varlib LXCFS_DIR=$BATS_FILE_TMPDIR/varlib/lxcfs
	testbed_up || { cleanup_all; return 1; }
	testbed_env
	lxcfs_start || { cleanup_all; return 1; }
	export LXCFS_PID
	# three containers that bind lxcfs's directory (with propagation) and
	# files, one that binds only the files: it cannot be remounted
	local mb=$((1 << 20)) id spec
	: > "$BATS_FILE_TMPDIR/lxcfs.tsv"
	for spec in "$((128 * mb))" "$((200 * mb))" "$((64 * mb))" "$((96 * mb)) nodir"; do
		id=$(hex32)
		# shellcheck disable=SC2086
		lxcfs_container "$id" $spec || { cleanup_all; return 1; }
		printf '%s\t%s\t%s\t%s\n' "$id" "$LAST_PID" "${spec%% *}" "${spec#* }" >> "$BATS_FILE_TMPDIR/lxcfs.tsv"
	done
}

teardown_file() {
	cleanup_all
	# nothing of ours left: no mount, no lxcfs
	! grep -q " $BATS_FILE_TMPDIR" /proc/self/mountinfo || { echo "mounts left" >&2; return 1; }
	! pgrep -x lxcfs -a | grep -q "$BATS_FILE_TMPDIR" || { echo "lxcfs left" >&2; return 1; }
}

setup() {
	require_root_v1
	[ -x "$CGLS" ] && [ -x "$NSENTER" ] || fail "cgls and nsenter-lite must be built"
	testbed_env
	LX=$BATS_FILE_TMPDIR/lxcfs.tsv
}

# each_lx [all]: "ID PID MEMBYTES" of the containers that can be remounted (all: and the one that cannot)
each_lx() {
	awk -F'\t' -v all="${1:-}" 'all == "all" || $4 != "nodir" { print $1, $2, $3 }' "$LX"
}

nodir_id() { awk -F'\t' '$4 == "nodir" { print $1 }' "$LX"; }

# memtotal PID: MemTotal in kB as the container reads it
memtotal() {
	"$NSENTER" -t "$1" -a awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo
}

# lxcfs_binds PID: the lxcfs mounts in PID's mount table (mount ID, root, mount point)
lxcfs_binds() {
	awk '{ for (i = 7; $i != "-"; i++) ; if ($(i + 1) == "fuse.lxcfs") print $1, $4, $5 }' "/proc/$1/mountinfo"
}

@test "lxcfs up: every container reads its own memory limit as MemTotal through the bound /proc/meminfo" {
	local id pid mem
	while read -r id pid mem; do
		[ "$(memtotal "$pid")" = $((mem / 1024)) ] || fail "${id:0:12}: MemTotal $(memtotal "$pid"), want $((mem / 1024))"
	done < <(each_lx all)
}

@test "lxcfs restarted: reads inside every container fail (Transport endpoint is not connected)" {
	lxcfs_restart
	local id pid mem f
	while read -r id pid mem; do
		for f in "${LXCFS_FILES[@]}"; do
			run --separate-stderr "$NSENTER" -t "$pid" -a cat "$f"
			[ "$status" != 0 ] || fail "${id:0:12}: $f still readable"
			[[ $stderr == *"Transport endpoint is not connected"* ]] || fail "${id:0:12}: $f: $stderr"
		done
	done < <(each_lx all)
}

@test "-n: names each stale container and the one that cannot be done; changes nothing" {
	local before after
	before=$(while read -r id pid mem; do lxcfs_binds "$pid"; done < <(each_lx all))
	run --separate-stderr "$remount" -n -d "$LXCFS_DIR" "/$SCRATCH"
	[ "$status" = 1 ]
	local id pid mem
	while read -r id pid mem; do
		grep -qx "would remount $id (PID $pid): /proc/cpuinfo /proc/diskstats /proc/loadavg /proc/meminfo /proc/stat /proc/swaps /proc/uptime /sys/devices/system/cpu/online" <<<"$output" ||
			fail "${id:0:12} not listed:" "$output"
	done < <(each_lx)
	[ "${#lines[@]}" = 3 ] || fail "other containers listed:" "$output"	# not the test bed's own
	[[ $stderr == "lxcfs-remount: $(nodir_id) (PID "*"): no lxcfs directory inside at $LXCFS_DIR"* ]] || fail "$stderr"
	after=$(while read -r id pid mem; do lxcfs_binds "$pid"; done < <(each_lx all))
	[ "$before" = "$after" ]
	run "$NSENTER" -t "$(each_lx | awk 'NR == 1 { print $2 }')" -a cat /proc/meminfo
	[ "$status" != 0 ]
}

@test "the loop: every container it can do reads its values again (MemTotal = its limit, every file); the one it cannot is named, exit 1" {
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	[ "$status" = 1 ]
	[ "${#lines[@]}" = 3 ] || fail "$output"
	[ "${#stderr_lines[@]}" = 1 ] && [[ $stderr == "lxcfs-remount: $(nodir_id) (PID "* ]] || fail "$stderr"
	local id pid mem f
	while read -r id pid mem; do
		grep -q "^remounted $id (PID $pid): " <<<"$output" || fail "${id:0:12} not remounted: $output"
		[ "$(memtotal "$pid")" = $((mem / 1024)) ] || fail "${id:0:12}: MemTotal $(memtotal "$pid"), want $((mem / 1024))"
		for f in "${LXCFS_FILES[@]}"; do
			"$NSENTER" -t "$pid" -a cat "$f" >/dev/null || fail "${id:0:12}: $f unreadable"
		done
		# one lxcfs mount per file, and the directory
		[ "$(lxcfs_binds "$pid" | wc -l)" = 9 ] || fail "$(lxcfs_binds "$pid")"
	done < <(each_lx)
	# the one without the directory is still stale
	run "$NSENTER" -t "$(awk -F'\t' '$4 == "nodir" { print $2 }' "$LX")" -a cat /proc/meminfo
	[ "$status" != 0 ]
}

@test "idempotent: a second run remounts nothing and leaves every mount as it was" {
	local before after
	before=$(while read -r id pid mem; do lxcfs_binds "$pid"; done < <(each_lx))
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	[ "$status" = 1 ] && [ -z "$output" ]	# only the container it cannot do, on stderr
	after=$(while read -r id pid mem; do lxcfs_binds "$pid"; done < <(each_lx))
	[ "$before" = "$after" ] || fail "mounts changed:" "$before" "---" "$after"
}

@test "CGROUP operands: only the containers below them; exit 0 when all of them are done" {
	lxcfs_restart
	local id pid mem
	read -r id pid mem < <(each_lx)
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "/$SCRATCH/system.slice/docker-$id.scope"
	[ "$status" = 0 ] && [ -z "$stderr" ]
	[ "$output" = "remounted $id (PID $pid): /proc/cpuinfo /proc/diskstats /proc/loadavg /proc/meminfo /proc/stat /proc/swaps /proc/uptime /sys/devices/system/cpu/online" ]
	[ "$(memtotal "$pid")" = $((mem / 1024)) ]
	# by container id prefix too, as cgls takes it
	read -r id pid mem < <(each_lx | sed -n 2p)
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "${id:0:12}"
	[ "$status" = 0 ] && [ "${#lines[@]}" = 1 ] && [ "$(memtotal "$pid")" = $((mem / 1024)) ]
	# the rest
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	[ "$status" = 1 ] && [ "${#lines[@]}" = 1 ]
}

@test "binds stacked by a loop that only binds (nsenter per file) are all replaced by one" {
	lxcfs_restart
	local id pid mem f
	read -r id pid mem < <(each_lx)
	# the classic loop: bind the fresh file over the stale one, nothing removed
	for f in "${LXCFS_FILES[@]}"; do
		nsenter -t "$pid" -m -- mount --bind "/var/lib/lxcfs$f" "$f"
	done
	[ "$(memtotal "$pid")" = $((mem / 1024)) ]
	[ "$(lxcfs_binds "$pid" | wc -l)" = 17 ]	# 8 stale, 8 fresh, the directory
	lxcfs_restart
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "$id"
	[ "$status" = 0 ]
	[ "$(lxcfs_binds "$pid" | wc -l)" = 9 ] || fail "$(lxcfs_binds "$pid")"
	[ "$(memtotal "$pid")" = $((mem / 1024)) ]
	# the others, for the tests below
	"$remount" -d "$LXCFS_DIR" "/$SCRATCH" >/dev/null 2>&1 || true
}

@test "lxcfs not answering: exit 2 and say so, unless -w waits long enough; bad usage: exit 2" {
	lxcfs_stop
	run --separate-stderr "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	[ "$status" = 2 ] && [ "$stderr" = "lxcfs-remount: $LXCFS_DIR: lxcfs is not answering (not mounted, or not running)" ]
	lxcfs_start
	run --separate-stderr "$remount" -w 2 -d "$LXCFS_DIR" "$(each_lx | awk 'NR == 1 { print $1 }')"
	[ "$status" = 0 ]
	run --separate-stderr "$remount" -w x
	[ "$status" = 2 ] && [ "$stderr" = "lxcfs-remount: -w x: not a number of seconds" ]
	run --separate-stderr "$remount" -Q
	[ "$status" = 2 ]
	run --separate-stderr "$remount" -h
	[ "$status" = 0 ] && [[ ${lines[0]} == "Usage: lxcfs-remount [-n] [-d DIR] [-w SECONDS] [CGROUP...]" ]]
}

@test "the systemd drop-in: systemd accepts it, and its ExecStartPost runs lxcfs-remount with -w" {
	local sd=$BATS_TEST_TMPDIR/units line
	mkdir -p "$sd/lxcfs.service.d"
	printf '[Service]\nExecStart=/usr/bin/lxcfs /var/lib/lxcfs\n' > "$sd/lxcfs.service"
	sed "s|/usr/local/share/cgkit/lxcfs-remount|$remount|" "$CGK_SRCDIR/share/lxcfs-remount.conf" \
		> "$sd/lxcfs.service.d/cgkit-remount.conf"
	run env SYSTEMD_UNIT_PATH="$sd:" systemd-analyze verify "$sd/lxcfs.service"
	[ "$status" = 0 ] && [ -z "$output" ] || fail "$output"
	line=$(sed -n 's/^ExecStartPost=-//p' "$sd/lxcfs.service.d/cgkit-remount.conf")
	[[ $line == "$remount -w 30 -d /var/lib/lxcfs" ]] || fail "$line"
}
