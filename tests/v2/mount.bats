#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# procview --mount on pure cgroup v2 (in the UML guest, where fuse is a
# module, loaded as tests/v2/procview.bats loads it for lxcfs): a container
# (a PID namespace whose init is in a cgroup with memory.max 64M and cpu.max
# 0.5) reads the mount's files, each as procview -p INIT prints it; after a
# SIGKILL of the server child, the same.

load helpers

procview=$CGK_BUILDDIR/procview

setup() {
	v2_require
	v2_scratch_create
	v2_mkcg c
	echo 64M >"$SD/c/memory.max"
	echo "50000 100000" >"$SD/c/cpu.max"
}

teardown() {
	local f=$BATS_TEST_TMPDIR/pv.pid pid
	if [ -s "$f" ]; then
		pid=$(cat "$f")
		kill "$pid" 2>/dev/null
		pids_wait_gone 5 "$pid" || kill -KILL "$pid" 2>/dev/null
	fi
	umount -l "$BATS_TEST_TMPDIR/pv" 2>/dev/null || true
	helpers_stop_all
	v2_scratch_remove
}

@test "procview --mount v2: a container reads its own meminfo, online, cpuinfo, swaps; and after its server is killed" {
	local init i d=$BATS_TEST_TMPDIR/pv f k
	v2_fuse
	mkdir -p "$d"
	setsid "$procview" --mount "$d" --pidfile "$BATS_TEST_TMPDIR/pv.pid" </dev/null \
		>"$BATS_TEST_TMPDIR/pv.log" 2>&1 3>&- 4>&- &
	for i in $(seq 100); do
		head -c1 "$d/proc/meminfo" >/dev/null 2>&1 && [ -s "$BATS_TEST_TMPDIR/pv.pid" ] && break
		sleep 0.05
	done
	head -c1 "$d/proc/meminfo" >/dev/null 2>&1 || fail "no mount: $(cat "$BATS_TEST_TMPDIR/pv.log")"
	v2_run_in c unshare -pf sleep 1000 || fail "no container"
	for i in $(seq 50); do
		init=$(cat "/proc/$HELPER_PID/task/$HELPER_PID/children" 2>/dev/null)
		[ -n "$init" ] && break
		sleep 0.05
	done
	init=${init// /}
	[ -n "$init" ] || fail "no init"
	for k in 1 2; do
		nsenter -t "$init" -p -- cat "$d/proc/meminfo" | grep -q '^MemTotal: *65536 kB$' ||
			fail "round $k: MemTotal: $(nsenter -t "$init" -p -- cat "$d/proc/meminfo" | head -2)"
		for f in /sys/devices/system/cpu/online /proc/cpuinfo /proc/swaps; do
			[ "$(nsenter -t "$init" -p -- cat "$d$f")" = "$("$procview" -p "$init" "$f")" ] ||
				fail "round $k: $f is not procview's"
		done
		# the server child dies; the keeper starts another on the same mount
		kill -KILL "$(pgrep -P "$(cat "$BATS_TEST_TMPDIR/pv.pid")")"
		sleep 0.3
	done
}
