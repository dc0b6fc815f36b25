#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# nsenter-lite -c/--join-cgroup on pure cgroup v2 (in the UML guest,
# tests/v2/uml): the program joins the target's v2 cgroup, by PID, by cgroup
# path and by container id (a real runc container). The hybrid case (the v1
# hierarchies and the cgroup2 one at /sys/fs/cgroup/unified) is on the host:
# tests/integration/nsenter.bats, "--join-cgroup ... (v1 and v2)".

load helpers

setup() {
	v2_require
	v2_scratch_create
}

teardown() {
	v2_runc_down_all
	helpers_stop_all
	v2_scratch_remove
}

@test "nsenter-lite -t PID -c: the program is in the target's v2 cgroup" {
	v2_sleep t/leaf
	run --separate-stderr "$nsenter_lite" -t "$HELPER_PID" -c cat /proc/self/cgroup
	[ "$status" = 0 ] || fail "$stderr"
	[ "$output" = "0::$SP/t/leaf" ] || fail "$output"
	# without -c it stays where we are
	run --separate-stderr "$nsenter_lite" -t "$HELPER_PID" -u cat /proc/self/cgroup
	[ "$output" = "$(cat /proc/self/cgroup)" ] || fail "$output"
}

@test "nsenter-lite -t CGROUP-PATH -c: the cgroup's process is the target" {
	v2_sleep p/leaf
	run --separate-stderr "$nsenter_lite" -t "$SP/p/leaf" -c cat /proc/self/cgroup
	[ "$status" = 0 ] || fail "$stderr"
	[ "$output" = "0::$SP/p/leaf" ] || fail "$output"
}

@test "nsenter-lite -t ID -a -c: a runc container's namespaces and v2 cgroup" {
	local id
	id=$(v2_hex 32)
	v2_runc_up "$id" "$SP/system.slice/docker-$id.scope"
	run --separate-stderr "$nsenter_lite" -t "${id:0:10}" -a -c sh -c \
		'cat /proc/self/cgroup; readlink /proc/self/ns/pid; readlink /proc/self/ns/mnt'
	[ "$status" = 0 ] || fail "$stderr"
	[ "${lines[1]}" = "$(readlink "/proc/$RUNC_PID/ns/pid")" ] || fail "$output"
	[ "${lines[2]}" = "$(readlink "/proc/$RUNC_PID/ns/mnt")" ] || fail "$output"
	# in the container's cgroup (its cgroup namespace, if it has one, reads /)
	if [ "$(readlink "/proc/$RUNC_PID/ns/cgroup")" = "$(readlink /proc/self/ns/cgroup)" ]; then
		[ "${lines[0]}" = "0::$SP/system.slice/docker-$id.scope" ] || fail "$output"
	else
		[ "${lines[0]}" = "0::/" ] || fail "$output"
	fi
	grep -qx "$RUNC_PID" "$SD/system.slice/docker-$id.scope/cgroup.procs"
	[ "$(wc -l <"$SD/system.slice/docker-$id.scope/cgroup.procs")" = 1 ]
}
