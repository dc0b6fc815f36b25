#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# cgset, cgls -r and cgsh on pure cgroup v2 (in the UML guest): v2 knobs, v1
# names translated, controllers enabled up the tree, all or nothing.

load helpers

setup() {
	v2_require
	v2_scratch_create
}

teardown() {
	helpers_stop_all
	v2_scratch_remove
}

# one stderr line naming the operand, exit 1, nothing on stdout
one_line_error() {
	[ "$status" = 1 ] || fail "status $status" "$output" "$stderr"
	[ -z "$output" ] || fail "stdout: $output"
	[ "$(printf '%s\n' "$stderr" | wc -l)" = 1 ] || fail "stderr: $stderr"
	case $stderr in *"$1"*) ;; *) fail "stderr lacks '$1': $stderr" ;; esac
}

@test "cgset v2: --cpus --memory --pids --shares write cpu.max, memory.max, pids.max, cpu.weight" {
	v2_mkcg a
	run --separate-stderr "$cgset" --cpus 0.5 --memory 64M --pids 10 --shares 2048 "$SP/a"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(v2_read a cpu.max)" = "50000 100000" ]
	[ "$(v2_read a memory.max)" = 67108864 ]
	[ "$(v2_read a pids.max)" = 10 ]
	[ "$(v2_read a cpu.weight)" = 200 ]
	run --separate-stderr "$cgset" --cpus max --period 50000 --memory max --pids max "$SP/a"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(v2_read a cpu.max)" = "max 50000" ]
	[ "$(v2_read a memory.max)" = max ]
	[ "$(v2_read a pids.max)" = max ]
}

@test "cgset v2: v1 names keep working (quota, period, shares, memory, memsw, freezer.state)" {
	v2_mkcg a
	v2_sleep a
	run --separate-stderr "$cgset" -r cpu.cfs_quota_us=20000 -r cpu.cfs_period_us=50000 \
		-r cpu.shares=512 -r memory.limit_in_bytes=32M \
		-r memory.memsw.limit_in_bytes=48M "$SP/a"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(v2_read a cpu.max)" = "20000 50000" ]
	[ "$(v2_read a cpu.weight)" = 50 ]
	[ "$(v2_read a memory.max)" = 33554432 ]
	[ "$(v2_read a memory.swap.max)" = 16777216 ]
	# the quota alone keeps the period
	"$cgset" -r cpu.cfs_quota_us=-1 "$SP/a"
	[ "$(v2_read a cpu.max)" = "max 50000" ]
	"$cgset" -r freezer.state=FROZEN "$SP/a"
	v2_wait_file a cgroup.events '^frozen 1$' 5 || fail "not frozen: $(v2_read a cgroup.events)"
	[ "$(v2_read a cgroup.freeze)" = 1 ]
	grep -q '^State:.*(stopped)\|^State:.*S' "/proc/$HELPER_PID/status"
	run "$cgls" -v -r freezer.state "$SP/a"
	[ "$output" = FROZEN ] || fail "$output"
	"$cgset" --thaw "$SP/a"
	[ "$(v2_read a cgroup.freeze)" = 0 ]
	v2_wait_file a cgroup.events '^frozen 0$' 5
}

@test "cgset v2: v2 names (cpu.max, memory.high, cpu.weight.nice, memory.oom.group, cgroup.max.*)" {
	v2_mkcg a
	run --separate-stderr "$cgset" -r cpu.max="30000 60000" -r memory.high=48M \
		-r cpu.weight.nice=5 -r memory.oom.group=1 -r cgroup.max.descendants=3 \
		-r memory.low=8M "$SP/a"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(v2_read a cpu.max)" = "30000 60000" ]
	[ "$(v2_read a memory.high)" = 50331648 ]
	[ "$(v2_read a cpu.weight.nice)" = 5 ]
	[ "$(v2_read a memory.oom.group)" = 1 ]
	[ "$(v2_read a cgroup.max.descendants)" = 3 ]
	[ "$(v2_read a memory.low)" = 8388608 ]
	run --separate-stderr "$cgset" -r cpu.max=max "$SP/a"
	[ "$(v2_read a cpu.max)" = "max 60000" ]
}

@test "cgset v2 -n: the real files and values, in order, and nothing written" {
	v2_mkcg a
	echo "max 100000" >"$SD/a/cpu.max"
	run --separate-stderr "$cgset" -n -r cpu.cfs_quota_us=20000 -r cpu.shares=2048 \
		-r memory.limit_in_bytes=-1 "$SP/a"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$output" = "$SD/a/cpu.max <- 20000 100000
$SD/a/cpu.weight <- 200
$SD/a/memory.max <- max" ] || fail "$output"
	[ "$(v2_read a cpu.max)" = "max 100000" ]
	[ "$(v2_read a cpu.weight)" = 100 ]
}

@test "cgset v2: controllers are enabled in every ancestor's subtree_control, parents first" {
	v2_mkcg x		# x passes no controller to its children
	mkdir "$SD/x/y" "$SD/x/y/z"
	[ -z "$(v2_read x cgroup.subtree_control)" ]
	run --separate-stderr "$cgset" -n --cpus 0.5 --pids 5 "$SP/x/y/z"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$output" = "$SD/x/cgroup.subtree_control <- +cpu
$SD/x/cgroup.subtree_control <- +pids
$SD/x/y/cgroup.subtree_control <- +cpu
$SD/x/y/cgroup.subtree_control <- +pids
$SD/x/y/z/pids.max <- 5
$SD/x/y/z/cpu.max <- 50000 100000" ] || fail "$output"
	[ ! -e "$SD/x/y/z/cpu.max" ]
	"$cgset" --cpus 0.5 --pids 5 "$SP/x/y/z"
	[ "$(v2_read x cgroup.subtree_control)" = "cpu pids" ]
	[ "$(v2_read x/y cgroup.subtree_control)" = "cpu pids" ]
	[ "$(v2_read x/y/z cpu.max)" = "50000 100000" ]
	[ "$(v2_read x/y/z pids.max)" = 5 ]
	# --create: the new parents too
	"$cgset" --create --memory 16M "$SP/n/m"
	[ "$(v2_read n cgroup.subtree_control)" = memory ]
	[ "$(v2_read n/m memory.max)" = 16777216 ]
}

@test "cgset v2: a refused enable (no internal processes) undoes the ones made; one line says why" {
	v2_mkcg x
	mkdir "$SD/x/y" "$SD/x/y/z"
	v2_sleep x/y		# y holds a process: it may not pass domain controllers down
	run --separate-stderr "$cgset" --memory 64M "$SP/x/y/z"
	one_line_error "no-internal-processes"
	case $stderr in *"/x/y"*"nothing was changed"*) ;; *) fail "$stderr" ;; esac
	# x's +cpu was made, then undone
	[ -z "$(v2_read x cgroup.subtree_control)" ] || fail "x: $(v2_read x cgroup.subtree_control)"
	[ -z "$(v2_read x/y cgroup.subtree_control)" ]
	[ "$(v2_cg_of "$HELPER_PID")" = "$SP/x/y" ]
}

@test "cgset v2: --attach moves a process; into a cgroup that passes controllers down it is refused" {
	v2_mkcg a/b
	echo +memory >"$SD/a/cgroup.subtree_control"
	v2_sleep a/b
	local p=$HELPER_PID
	mkdir "$SD/c"
	"$cgset" --attach "$p" "$SP/c"
	[ "$(v2_cg_of "$p")" = "$SP/c" ]
	grep -qx "$p" "$SD/c/cgroup.procs"
	# a passes memory (a domain controller) to b: a process in a breaks v2's rule
	[ "$(v2_read a cgroup.subtree_control)" = memory ]
	run --separate-stderr "$cgset" --attach "$p" "$SP/a"
	one_line_error "processes live in leaf cgroups"
	[ "$(v2_cg_of "$p")" = "$SP/c" ]
}

@test "cgset v2: --copy-from copies cpu.max, memory.max, pids.max, cpu.weight" {
	v2_mkcg src
	v2_mkcg dst
	"$cgset" -r cpu.max="25000 100000" -r memory.max=40M -r pids.max=7 -r cpu.weight=300 "$SP/src"
	run --separate-stderr "$cgset" --copy-from "$SP/src" "$SP/dst"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(v2_read dst cpu.max)" = "25000 100000" ]
	[ "$(v2_read dst memory.max)" = 41943040 ]
	[ "$(v2_read dst pids.max)" = 7 ]
	[ "$(v2_read dst cpu.weight)" = 300 ]
}

@test "cgset v2 -R: every cgroup below too" {
	v2_mkcg r/s/t
	"$cgset" -R -r pids.max=9 "$SP/r"
	[ "$(v2_read r pids.max)" = 9 ]
	[ "$(v2_read r/s pids.max)" = 9 ]
	[ "$(v2_read r/s/t pids.max)" = 9 ]
}

@test "cgls -r v2: v1 and v2 names, -H, -v, --json" {
	v2_mkcg a
	echo "20000 100000" >"$SD/a/cpu.max"
	echo 200 >"$SD/a/cpu.weight"
	echo 64M >"$SD/a/memory.max"
	run --separate-stderr "$cgls" -r cpu.max -r cpu.cfs_quota_us -r cpu.cfs_period_us \
		-r cpu.shares -r memory.limit_in_bytes -r memory.max "$SP/a"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$output" = "$SP/a:
cpu.max: 20000 100000
cpu.cfs_quota_us: 20000
cpu.cfs_period_us: 100000
cpu.shares: 2048
memory.limit_in_bytes: 67108864
memory.max: 67108864" ] || fail "$output"
	run "$cgls" -H -v -r cpu.max -r cpu.cfs_quota_us -r memory.max "$SP/a"
	[ "$output" = "0.20
0.20
64M" ] || fail "$output"
	run "$cgls" --json -r cpu.max "$SP/a"
	[ "$(jq -r '.[0].values["cpu.max"]' <<<"$output")" = "20000 100000" ]
}

@test "cgsh v2: limits, set and get with either version's names" {
	run --separate-stderr "$cgsh" -c "cd $SP; mkdir job; cd job; cpus 0.25; memory 32M
		set cpu.weight=50 pids.max=4; get cpus memory cpu.shares cpu.weight; cat cpu.max"
	[ "$status" = 0 ] || fail "status $status: $stderr"
	[ "$output" = "cpus: 0.25
memory: 32M
cpu.shares: 512
cpu.weight: 50
25000 100000" ] || fail "$output"
	[ "$(v2_read job cpu.max)" = "25000 100000" ]
	[ "$(v2_read job pids.max)" = 4 ]
}

@test "bad input v2: a v1 name with no v2 meaning, cpu.max out of range, a controller UML lacks" {
	v2_mkcg a
	local before
	before=$(v2_read a cpu.max)
	run --separate-stderr "$cgset" -r cpu.rt_runtime_us=1000 "$SP/a"
	one_line_error "cpu.rt_runtime_us=1000: has no cgroup v2 meaning"
	run --separate-stderr "$cgset" -r memory.swappiness=10 --cpus 0.5 "$SP/a"
	one_line_error "memory.swappiness=10: has no cgroup v2 meaning"
	run --separate-stderr "$cgset" -r cpu.max="20000 999" "$SP/a"
	one_line_error "cpu.max=20000 999: must be"
	run --separate-stderr "$cgset" -r cpu.max="500 100000" "$SP/a"
	one_line_error "cpu.max=500 100000: must be"
	run --separate-stderr "$cgset" -r io.max="8:0 rbps=0" "$SP/a"
	one_line_error "io.max=8:0 rbps=0: must be"
	run --separate-stderr "$cgset" --cpuset 0 "$SP/a"
	one_line_error "no hierarchy holds controller 'cpuset'"
	run --separate-stderr "$cgls" -r memory.swappiness "$SP/a"
	one_line_error "memory.swappiness: has no cgroup v2 meaning"
	# memsw without a memory limit cannot become memory.swap.max
	run --separate-stderr "$cgset" -r memory.memsw.limit_in_bytes=64M "$SP/a"
	one_line_error "needs a memory limit"
	[ "$(v2_read a cpu.max)" = "$before" ]
	[ "$(v2_read a memory.swap.max)" = max ]
}
