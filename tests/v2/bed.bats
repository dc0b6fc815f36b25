#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The v2 test bed itself: the guest is pure cgroup v2 with the controllers the
# other v2 tests rely on, and the helpers make, fill and remove scratch cgroups.

load helpers

setup() {
	v2_require
	v2_scratch_create
}

teardown() {
	helpers_stop_all
	v2_scratch_remove
}

@test "bed: pure cgroup v2, cpu io memory pids enabled below the root" {
	[ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]
	[ "$(cat /proc/self/cgroup)" = "0::/" ]
	[ "$(cat /sys/fs/cgroup/cgroup.subtree_control)" = "cpu io memory pids" ]
	! grep -q ' - cgroup ' /proc/self/mountinfo
	[ "$(cat "$SD/cgroup.subtree_control")" = "cpu io memory pids" ]
	[ -d "$CGK_BUILDDIR" ] && [ -x "$cgls" ]
}

@test "bed: the guest's /tmp and /run are its own tmpfs" {
	# a build that lives below /tmp (a CI clone) keeps the host's /tmp
	case $CGK_BUILDDIR/ in
	/tmp/*) [ "$(stat -f -c %T /tmp)" = hostfs ] ;;
	*) [ "$(stat -f -c %T /tmp)" = tmpfs ] ;;
	esac
	[ "$(stat -f -c %T /run)" = tmpfs ]
	[ "$(stat -f -c %T "$CGK_BUILDDIR")" = hostfs ]
}

@test "bed: v2_busy under cpu.max 20000 100000 is throttled" {
	v2_mkcg a
	echo "20000 100000" >"$SD/a/cpu.max"
	v2_busy a
	sleep 1.5
	local thr usage periods
	thr=$(awk '$1 == "nr_throttled" { print $2 }' "$SD/a/cpu.stat")
	usage=$(awk '$1 == "usage_usec" { print $2 }' "$SD/a/cpu.stat")
	periods=$(awk '$1 == "nr_periods" { print $2 }' "$SD/a/cpu.stat")
	[ "$thr" -ge 5 ] || fail "nr_throttled $thr"
	# at most the quota in each period the kernel counted (a loaded host
	# stretches the guest's clock, so not a bound on wall time), one of slack
	[ "$usage" -le $(((periods + 1) * 20000)) ] ||
		fail "usage_usec $usage above the quota of $periods periods"
	[ "$(v2_cg_of "$HELPER_PID")" = "$SP/a" ]
}

@test "bed: v2_scratch_remove kills what is left and removes nested cgroups" {
	v2_mkcg x/y/z cpu memory pids
	[ "$(cat "$SD/x/cgroup.subtree_control")" = "cpu memory pids" ]
	v2_sleep x/y/z
	local p=$HELPER_PID
	echo 1 >"$SD/x/cgroup.freeze"
	v2_scratch_remove
	[ ! -d "$SD" ]
	[ ! -d "/proc/$p" ]
}
