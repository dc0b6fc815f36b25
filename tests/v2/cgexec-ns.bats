#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# cgexec-ns on pure cgroup v2 (in the UML guest, tests/v2/uml): the command
# starts inside its cgroup (CLONE_INTO_CGROUP: its very first read of
# /proc/self/cgroup is the target), --create --rm, the limits, -C (a cgroup
# namespace rooted at that cgroup), and the kernel's no-internal-process rule
# explained in one line.

load helpers

setup() {
	v2_require
	v2_scratch_create
	v2_mkcg leaf
}

teardown() {
	helpers_stop_all
	v2_scratch_remove
}

@test "cgexec-ns -g: the command's first read of /proc/self/cgroup is its v2 cgroup" {
	# cat is the command itself: nothing runs between exec and its read
	run --separate-stderr "$cgexec_ns" -g "cpu:$SP/leaf" cat /proc/self/cgroup
	[ "$status" = 0 ] || fail "status $status: $stderr"
	[ "$output" = "0::$SP/leaf" ] || fail "$output"
	# *:PATH (libcgroup's every hierarchy) and a plain path do the same
	run --separate-stderr "$cgexec_ns" -g "*:$SP/leaf" cat /proc/self/cgroup
	[ "$output" = "0::$SP/leaf" ] || fail "$output $stderr"
	# the exit status is passed through
	run "$cgexec_ns" -g "cpu:$SP/leaf" sh -c 'exit 7'
	[ "$status" = 7 ]
}

@test "cgexec-ns -g: clone3 with CLONE_INTO_CGROUP, no move after the start" {
	run strace -qq -f -e trace=clone3 -e signal=none "$cgexec_ns" -g "cpu:$SP/leaf" true
	[ "$status" = 0 ] || fail "$output"
	grep -q 'CLONE_INTO_CGROUP' <<<"$output" || fail "no CLONE_INTO_CGROUP: $output"
}

@test "cgexec-ns --create --rm: the cgroup exists while the command runs and is gone after" {
	run --separate-stderr "$cgexec_ns" --create --rm -g "cpu:$SP/new/deeper" sh -c \
		"cat /proc/self/cgroup; test -d '$SD/new/deeper' && echo there; exit 3"
	[ "$status" = 3 ] || fail "status $status: $stderr"
	[ "${lines[0]}" = "0::$SP/new/deeper" ] || fail "$output"
	[ "${lines[1]}" = there ] || fail "$output"
	[ ! -e "$SD/new" ] || fail "$SD/new left behind"
	# without --rm it stays
	run --separate-stderr "$cgexec_ns" --create -g "$SP/kept" true
	[ "$status" = 0 ] || fail "$stderr"
	[ -d "$SD/kept" ]
}

@test "cgexec-ns --create --cpus --memory --pids: the kernel's cpu.max, memory.max, pids.max as the command sees them" {
	run --separate-stderr "$cgexec_ns" --create --rm -g "$SP/lim" --cpus 0.5 --memory 64M \
		--pids 20 sh -c 'd=/sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)
			cat "$d/cpu.max" "$d/memory.max" "$d/pids.max"'
	[ "$status" = 0 ] || fail "status $status: $stderr"
	[ "${lines[0]}" = "50000 100000" ] || fail "$output"
	[ "${lines[1]}" = 67108864 ] || fail "$output"
	[ "${lines[2]}" = 20 ] || fail "$output"
	[ ! -e "$SD/lim" ]
}

@test "cgexec-ns --cpus 0.2: a busy loop gets about 20% of the CPU (cpu.stat throttling)" {
	run --separate-stderr "$cgexec_ns" --create -g "$SP/thr" --cpus 0.2 \
		timeout 2 sh -c 'while :; do :; done'
	[ "$status" = 124 ] || fail "status $status: $stderr"
	local thr usage
	thr=$(awk '$1 == "nr_throttled" { print $2 }' "$SD/thr/cpu.stat")
	usage=$(awk '$1 == "usage_usec" { print $2 }' "$SD/thr/cpu.stat")
	[ "$thr" -ge 10 ] || fail "nr_throttled $thr"
	# 20% of 2 s is 400 ms; the start costs a little more
	[ "$usage" -le 650000 ] || fail "usage_usec $usage"
	[ "$usage" -ge 200000 ] || fail "usage_usec $usage"
}

@test "cgexec-ns -C: a cgroup namespace rooted at the command's cgroup" {
	run --separate-stderr "$cgexec_ns" -C -g "cpu:$SP/leaf" sh -c \
		'cat /proc/self/cgroup; readlink /proc/self/ns/cgroup'
	[ "$status" = 0 ] || fail "$stderr"
	[ "${lines[0]}" = "0::/" ] || fail "$output"
	[ "${lines[1]}" != "$(readlink /proc/self/ns/cgroup)" ] || fail "same cgroup namespace"
	# a cgroup made below it inside reads as /sub
	run --separate-stderr "$cgexec_ns" -C --create --rm -g "cpu:$SP/leaf2" sh -c \
		'cat /proc/self/cgroup'
	[ "$output" = "0::/" ] || fail "$output $stderr"
}

@test "cgexec-ns -g into a cgroup with controllers enabled for its children: one line, exit 1, nothing started" {
	v2_mkcg inner/kid
	v2_enable "$SD/inner" memory
	run --separate-stderr "$cgexec_ns" -g "cpu:$SP/inner" sh -c "touch '$BATS_TEST_TMPDIR/ran'"
	[ "$status" = 1 ] || fail "status $status"
	[ -z "$output" ]
	[ "$(wc -l <<<"$stderr")" = 1 ] || fail "$stderr"
	[[ $stderr == "cgexec-ns: -g cpu:$SP/inner: cannot start the command in it: Device or resource busy (cgroup v2: "* ]] ||
		fail "$stderr"
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	[ -z "$(cat "$SD/inner/cgroup.procs")" ]
}

@test "cgexec-ns -p -g: the PID namespace's init is in the cgroup, with its command" {
	run --separate-stderr "$cgexec_ns" -p -g "cpu:$SP/leaf" sh -c \
		'echo $$; cat /proc/self/cgroup'
	[ "$status" = 0 ] || fail "$stderr"
	[ "${lines[1]}" = "0::$SP/leaf" ] || fail "$output"
}
