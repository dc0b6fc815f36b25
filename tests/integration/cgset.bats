#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# cgset against the real kernel, in a scratch cgroup beneath our own: the
# classic quota demonstration measured from cpuacct.usage, bad inputs that
# must change nothing, writes the kernel refuses and their undo, libcgroup's
# cgset on twin cgroups, and a docker container of the runc test bed.
#
#   make check TESTS=tests/integration/cgset.bats
#   CGK_BUILDDIR=. bats tests/integration/cgset.bats      (from the source tree)

load helpers

cgset=$CGK_BUILDDIR/cgset
# libcgroup's cgset, by absolute path: ours must never stand in for it
LIBCG_CGSET=/usr/bin/cgset

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -n "$CGK_SKIP" ] || [ -x "$LIBCG_CGSET" ] ||
		CGK_SKIP="libcgroup's cgset is missing (apt-get install -y cgroup-tools)"
}

setup() {
	require_root_v1
	[ -x "$cgset" ] || fail "no cgset at $cgset (build it first)"
	scratch_create
	S=/$SCRATCH	# the scratch cgroup as cgset --relative names it
}

teardown() {
	helpers_stop_all
	if [ -n "${TB:-}" ]; then "$TESTBED" down "$TB"; fi
	scratch_remove
}

# sdir CTRL: our scratch directory in the hierarchy that holds CTRL
sdir() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		case ",$label," in *",$1,"*) echo "$mnt${own%/}/$SCRATCH"; return 0;; esac
	done < <(cg_hierarchies)
	return 1
}

# own CTRL: our own cgroup in that hierarchy, as libcgroup names it (no leading /)
own() {
	local label mnt o
	while IFS=$'\t' read -r label mnt o; do
		case ",$label," in *",$1,"*) o=${o#/}; echo "${o:+$o/}"; return 0;; esac
	done < <(cg_hierarchies)
	return 1
}

# mkcg PATH CTRL...: mkdir the scratch-relative PATH in each hierarchy, cpuset lists copied
mkcg() {
	local p=$1 c d
	shift
	for c in "$@"; do
		d=$(sdir "$c")/$p
		mkdir -p "$d" || return 1
		if [ "$c" = cpuset ]; then
			cat "${d%/*}/cpuset.cpus" > "$d/cpuset.cpus" || return 1
			cat "${d%/*}/cpuset.mems" > "$d/cpuset.mems" || return 1
		fi
	done
}

run_cgset() {
	run --separate-stderr "$cgset" "$@" </dev/null
}

assert_set_ok() {
	[ "$status" = 0 ] || fail "cgset $* exited $status; stderr: $stderr"
	[ -z "$stderr" ] || fail "cgset wrote to stderr: $stderr"
}

# values DIR: "file: value" for every control file below DIR, the counters the
# kernel moves on its own (usage, statistics, failcnt) left out
values() {
	local f
	(cd "$1" && find . -type f | LC_ALL=C sort | while read -r f; do
		case ${f##*/} in
		*usage*|*.stat|*.stat.*|*numa_stat|*slabinfo|*failcnt|*.current|*.peak|\
		*.events|*.events.local|*pressure*|*io_serv*|*.sectors*|*.time*|*io_queued*|\
		*io_merged*|*io_wait*) continue;;
		esac
		printf '%s: ' "$f"
		{ tr '\n' '|' < "$f"; } 2>/dev/null
		echo
	done)
}

# snapshot: the values of the scratch tree in every hierarchy
snapshot() {
	local d
	for d in $SCRATCH_DIRS; do
		echo "== $d"
		values "$d"
	done
}

# usage_share DIR SECONDS: CPU used by cgroup DIR (cpuacct) per wall second, in
# hundredths of a CPU, over SECONDS
usage_share() {
	local d=$1 t=$2 u0 u1 t0 t1
	u0=$(cat "$d/cpuacct.usage") t0=$(date +%s%N)
	sleep "$t"
	u1=$(cat "$d/cpuacct.usage") t1=$(date +%s%N)
	echo $(( (u1 - u0) * 100 / (t1 - t0) ))
}

nr_throttled() {
	awk '$1 == "nr_throttled" { print $2 }' "$1/cpu.stat"
}

busy_loop() {
	helper_start sh -c 'while :; do :; done'
	BUSY=$HELPER_PID
}

# ---- the classic demonstration --------------------------------------------

@test "classic demo: --create --cpus 0.2 --attach holds a busy loop at 20% of a CPU; 0.5 gives 50%; max lifts it" {
	local cpu acct share t0 t1
	cpu=$(sdir cpu) acct=$(sdir cpuacct)
	# the scratch outweighs the builds around us, so the loop gets the CPU it may have
	echo 262144 > "$cpu/cpu.shares"
	busy_loop
	run_cgset --relative --create --cpus 0.2 --attach "$BUSY" "$S/demo"
	assert_set_ok
	[ "$(cat "$cpu/demo/cpu.cfs_quota_us")" = 20000 ]
	[ "$(cat "$cpu/demo/cpu.cfs_period_us")" = 100000 ]
	grep -qx "$BUSY" "$cpu/demo/cgroup.procs"
	grep -qx "$BUSY" "$acct/demo/cgroup.procs"

	sleep 0.5
	t0=$(nr_throttled "$cpu/demo")
	share=$(usage_share "$acct/demo" 3)
	t1=$(nr_throttled "$cpu/demo")
	echo "--cpus 0.2: $share% of a CPU, nr_throttled $t0 -> $t1" >&3
	[ "$share" -ge 13 ] && [ "$share" -le 27 ] || fail "--cpus 0.2 gave $share% of a CPU"
	[ "$t1" -gt "$t0" ] || fail "nr_throttled did not rise: $t0 -> $t1"

	run_cgset --relative --cpus 0.5 "$S/demo"
	assert_set_ok
	[ "$(cat "$cpu/demo/cpu.cfs_quota_us")" = 50000 ]
	sleep 0.5
	share=$(usage_share "$acct/demo" 3)
	echo "--cpus 0.5: $share% of a CPU" >&3
	[ "$share" -ge 40 ] && [ "$share" -le 60 ] || fail "--cpus 0.5 gave $share% of a CPU"

	run_cgset --relative --cpus max "$S/demo"
	assert_set_ok
	[ "$(cat "$cpu/demo/cpu.cfs_quota_us")" = -1 ]
	sleep 0.5
	t0=$(nr_throttled "$cpu/demo")
	share=$(usage_share "$acct/demo" 2)
	t1=$(nr_throttled "$cpu/demo")
	echo "--cpus max: $share% of a CPU, nr_throttled $t0 -> $t1" >&3
	[ "$share" -ge 75 ] || fail "--cpus max left the loop at $share% of a CPU"
	[ "$t1" = "$t0" ] || fail "still throttled after --cpus max: $t0 -> $t1"
}

# ---- checked before written -------------------------------------------------

# bad REGEX ARG...: cgset ARG... exits 1 with "cgset: ..." matching REGEX on
# stderr's first line, and the scratch tree's snapshot stays as it was
bad() {
	local re=$1 before after
	shift
	before=$(snapshot)
	run --separate-stderr "$cgset" "$@" </dev/null
	after=$(snapshot)
	BAD_N=$((BAD_N + 1))
	if [ "$status" != 1 ]; then
		BAD_FAIL+="[$*] exit $status (stderr: $stderr)"$'\n'
	elif ! grep -Eq -- "^cgset: .*$re" <<< "${stderr%%$'\n'*}"; then
		BAD_FAIL+="[$*] stderr '$stderr' does not match '$re'"$'\n'
	elif [ "$(wc -l <<< "$stderr")" -gt 1 ] &&
	     [ "$(sed -n 2p <<< "$stderr")" != "Try 'cgset --help' for more information." ]; then
		BAD_FAIL+="[$*] more than one line of message: $stderr"$'\n'
	elif [ -n "$output" ]; then
		BAD_FAIL+="[$*] wrote to stdout: $output"$'\n'
	elif [ "$before" != "$after" ]; then
		BAD_FAIL+="[$*] changed the tree: $(diff <(echo "$before") <(echo "$after") | head -5)"$'\n'
	fi
}

@test "bad inputs: message, exit 1, and not one control file of the scratch tree changed" {
	local a="$S/a" b="$S/a/b" sleeper z
	mkcg a cpu cpuacct cpuset memory pids freezer devices blkio
	mkcg a/b cpu cpuacct cpuset memory pids
	mkcg empty cpuset
	echo "" > "$(sdir cpuset)/empty/cpuset.cpus"
	echo 50000 > "$(sdir cpu)/a/cpu.cfs_quota_us"
	echo 20000 > "$(sdir cpu)/a/b/cpu.cfs_quota_us"
	echo 268435456 > "$(sdir memory)/a/memory.limit_in_bytes"
	echo 536870912 > "$(sdir memory)/a/memory.memsw.limit_in_bytes"
	helper_start sleep 1000
	sleeper=$HELPER_PID
	helper_start sh -c 'exit 0'
	z=$HELPER_PID
	BAD_N=0 BAD_FAIL=
	R=--relative
	# values
	bad "$a: cpu.shares=1: must be between 2 and 262144$" $R -r cpu.shares=1 "$a"
	bad "cpu.cfs_quota_us=999: must be -1 or >= 1000 \(microseconds\)" $R -r cpu.cfs_quota_us=999 "$a"
	bad "cpu.cfs_period_us=2000000: must be between 1000 and 1000000" $R -r cpu.cfs_period_us=2000000 "$a"
	bad "memory.limit_in_bytes=12Q: must be -1 or a size like 512M" $R -r memory.limit_in_bytes=12Q "$a"
	bad "pids.max=-5: must be max or between 0 and" $R -r pids.max=-5 "$a"
	bad "freezer.state=FREEZING: must be one of: FROZEN THAWED" $R -r freezer.state=FREEZING "$a"
	bad "devices.allow=x 1:3 rwm: must be a rule like" $R -r "devices.allow=x 1:3 rwm" "$a"
	bad "blkio.throttle.read_bps_device=8:0: must be MAJ:MIN and a rate" $R -r blkio.throttle.read_bps_device=8:0 "$a"
	bad "cpuset.cpus=0-: must be a list like 0-3,7" $R -r cpuset.cpus=0- "$a"
	bad "cpuset.cpus=99: names CPUs that are not online" $R -r cpuset.cpus=99 "$a"
	bad "cpu.stat=0: is read-only" $R -r cpu.stat=0 "$a"
	bad "cpuacct.usage=5: is read-only \(only 0 may be written" $R -r cpuacct.usage=5 "$a"
	bad "cpu.rt_runtime_us=-5: must be -1 or a number" $R -r cpu.rt_runtime_us=-5 "$a"
	bad "cpu.shares=1\\\\n2: must be one line" $R -r "cpu.shares=1"$'\n'"2" "$a"
	# human knobs
	bad "--cpus 0: must be a number of CPUs > 0" $R --cpus 0 "$a"
	bad "--cpus abc: must be a number of CPUs" $R --cpus abc "$a"
	bad "--cpus -1: must be a number of CPUs > 0" $R --cpus -1 "$a"
	bad "--cpus 0.005: gives a quota of 500 us with a period of 100000 us" $R --cpus 0.005 "$a"
	bad "--cpus 0.6: 0.60 CPUs exceeds the 0.50 of $a" $R --cpus 0.6 "$b"
	bad "--cpus 0.1: would allow 0.10 CPUs, less than the 0.20 of child $b" $R --cpus 0.1 "$a"
	bad "--period 500: must be between 1000 and 1000000" $R --period 500 "$a"
	bad "--shares 1000000: must be between 2 and 262144" $R --shares 1000000 "$a"
	bad "--cpuset 5-1: must be a list like" $R --cpuset 5-1 "$a"
	bad "--mems 7: names memory nodes that are not online" $R --mems 7 "$a"
	bad "--memory 1.5: must be -1 or a size like 512M" $R --memory 1.5 "$a"
	bad "--memory-swap 100M: memory\+swap .* must be >= memory" $R --memory-swap 100M "$a"
	bad "--pids lots: must be max or" $R --pids lots "$a"
	bad "--blkio-weight 500: neither blkio.weight nor blkio.bfq.weight" $R --blkio-weight 500 "$a"
	bad "--device-read-bps 8:0: must be DEVICE:RATE" $R --device-read-bps 8:0 "$a"
	bad "--device-read-bps /nonexistent:1M: /nonexistent: No such file" $R --device-read-bps /nonexistent:1M "$a"
	bad "--device-write-bps /dev/null:1M: /dev/null is not a block device" $R --device-write-bps /dev/null:1M "$a"
	# knobs
	bad "nosuch.knob=1: no hierarchy holds controller 'nosuch'" $R -r nosuch.knob=1 "$a"
	bad "cpu.nosuch=1: no such control file in the cpu hierarchy" $R -r cpu.nosuch=1 "$a"
	bad "a/b=1: not a control file name" $R -r a/b=1 "$a"
	bad "-r =5: want KNOB=VALUE" $R -r =5 "$a"
	bad "-r cpu.shares: want KNOB=VALUE" $R -r cpu.shares "$a"
	bad "memory.limit_in_bytes=1G: $a is not in the memory hierarchy" $R -r memory.limit_in_bytes=1G "cpu:$a"
	# cgroups
	bad "$S/nonexistent: no such cgroup \(--create makes it\)" $R --pids 5 "$S/nonexistent"
	bad "cpu:$S/nonexistent: in cpu: No such file or directory" $R --pids 5 "cpu:$S/nonexistent"
	bad "nosuch:/x: no hierarchy holds controller 'nosuch'" $R --pids 5 nosuch:/x
	bad "/../etc: invalid cgroup path" $R --pids 5 /../etc
	bad "zz: not a cgroup path .* nor a container id prefix" $R --pids 5 zz
	bad "abcd0000: no container with this id prefix" $R --pids 5 abcd0000
	bad "$(sdir cpu)/nonexistent: No such file or directory" --pids 5 "$(sdir cpu)/nonexistent"
	bad "/nonexistent: no such cgroup" $R --copy-from /nonexistent "$a"
	# processes
	bad "--attach 4194303: no such process" $R --attach 4194303 "$a"
	bad "--attach 2: is a kernel thread" $R --attach 2 "$a"
	bad "--attach: 'abc': not a number" $R --attach abc "$a"
	bad "--attach $sleeper,: want a PID or a comma-separated list" $R --attach "$sleeper," "$a"
	bad "--attach-thread: '0x': not a number" $R --attach-thread 0x "$a"
	bad "cpuset.cpus of $S/empty is empty: a task cannot join it" $R --attach "$sleeper" "cpuset:$S/empty"
	wait "$z" 2>/dev/null
	bad "--attach $z: no such process" $R --attach "$z" "$a"
	# combinations
	bad "no CGROUP given" $R --pids 5
	bad "nothing to do" $R "$a"
	bad "choose one of --freeze and --thaw" $R --freeze --thaw "$a"
	bad "-g goes with --create" $R -g cpu --pids 5 "$a"
	bad "--attach and --attach-thread take one CGROUP" $R --attach "$sleeper" "$a" "$b"
	bad "--attach and --attach-thread take one CGROUP" $R -R --attach "$sleeper" "$a"
	bad "-g nosuch: no hierarchy holds controller 'nosuch'" $R --create -g nosuch "$S/new"
	bad "unrecognized option '--bogus'" $R --bogus "$a"
	bad "option '--cpus' requires an argument" $R --cpus
	[ -z "$BAD_FAIL" ] || fail "$BAD_FAIL"
	echo "$BAD_N bad inputs" >&3
	[ "$BAD_N" -ge 40 ]
}

# ---- all or nothing ---------------------------------------------------------

@test "rollback: the kernel refuses the second write; the first knob keeps its old value" {
	local cpu before
	mkcg a cpu cpuacct
	cpu=$(sdir cpu)
	before=$(snapshot)
	run_cgset --relative -r cpu.shares=512 -r cpu.rt_runtime_us=10000 "$S/a"
	[ "$status" = 1 ]
	[[ $stderr == "cgset: $S/a in cpu: cpu.rt_runtime_us=10000: Invalid argument (EINVAL): "*"; nothing was changed" ]] ||
		fail "stderr: $stderr"
	[ "$(wc -l <<< "$stderr")" = 1 ]
	[ "$(cat "$cpu/a/cpu.shares")" = 1024 ]
	[ "$before" = "$(snapshot)" ]
	# the same knobs one by one: the first is taken, so the order above mattered
	run_cgset --relative -r cpu.shares=512 "$S/a"
	assert_set_ok
	[ "$(cat "$cpu/a/cpu.shares")" = 512 ]
}

@test "rollback: a memory limit below usage (EBUSY) undoes the pids limit written before it" {
	local mem pids
	mkcg m memory pids
	mem=$(sdir memory) pids=$(sdir pids)
	# a shell that joins the cgroup, then holds 64M of its own memory
	helper_start sh -c "echo \$\$ > '$mem/m/cgroup.procs' && exec bash -c 'x=\$(head -c 64M /dev/zero | tr \"\\\\0\" a); sleep 1000'"
	local n=50
	while [ "$(cat "$mem/m/memory.usage_in_bytes")" -lt $((60 << 20)) ] && [ $n -gt 0 ]; do
		sleep 0.1; n=$((n - 1))
	done
	[ "$(cat "$mem/m/memory.usage_in_bytes")" -ge $((60 << 20)) ] || fail "the helper never used 60M"
	run_cgset --relative --pids 5 --memory 1M "$S/m"
	[ "$status" = 1 ]
	[[ $stderr == *"--memory 1M: Device or resource busy (EBUSY): the cgroup uses more memory than the new limit"*"; nothing was changed" ]] ||
		fail "stderr: $stderr"
	[ "$(cat "$pids/m/pids.max")" = max ]
	[ "$(cat "$mem/m/memory.limit_in_bytes")" = 9223372036854771712 ]
}

@test "rollback: --attach of several PIDs: when one cannot move, the ones moved go back" {
	local cpu p1 p2 before1
	mkcg a cpu cpuacct
	cpu=$(sdir cpu)
	helper_start sleep 1000
	p1=$HELPER_PID
	# a real-time task cannot join a cpu cgroup without cpu.rt_runtime_us
	helper_start chrt -f 1 sleep 1000
	p2=$HELPER_PID
	sleep 0.2
	before1=$(cat /proc/$p1/cgroup)
	run_cgset --relative --attach "$p1,$p2" "$S/a"
	[ "$status" = 1 ]
	[[ $stderr == "cgset: $S/a in cpu: --attach $p2: Invalid argument (EINVAL): "*"; nothing was changed" ]] ||
		fail "stderr: $stderr"
	[ "$(cat /proc/$p1/cgroup)" = "$before1" ]
	[ -z "$(cat "$cpu/a/cgroup.procs")" ]
	[ -z "$(cat "$(sdir cpuacct)/a/cgroup.procs")" ]
}

@test "rollback: a failed --create removes what it created" {
	run_cgset --relative --create --cpus 0.2 -r cpu.rt_runtime_us=10000 "$S/new/deeper"
	[ "$status" = 1 ]
	[[ $stderr == *"cpu.rt_runtime_us=10000: Invalid argument (EINVAL)"* ]] || fail "stderr: $stderr"
	[ ! -e "$(sdir cpu)/new" ]
	[ ! -e "$(sdir cpuacct)/new" ]
}

# ---- the interface ----------------------------------------------------------

@test "--create: parents too, cpuset lists copied down so attaching works; -g picks hierarchies" {
	local cs p
	cs=$(sdir cpuset)
	helper_start sleep 1000
	p=$HELPER_PID
	run_cgset --relative --create -g cpuset,pids --attach "$p" "$S/x/y"
	assert_set_ok
	[ "$(cat "$cs/x/y/cpuset.cpus")" = "$(cat "$cs/cpuset.cpus")" ]
	[ "$(cat "$cs/x/y/cpuset.mems")" = "$(cat "$cs/cpuset.mems")" ]
	grep -qx "$p" "$cs/x/y/cgroup.procs"
	grep -qx "$p" "$(sdir pids)/x/y/cgroup.procs"
	[ ! -e "$(sdir cpu)/x" ]
	# without -g: the hierarchies the knobs need
	run_cgset --relative --create --memory 64M --pids 9 "$S/k"
	assert_set_ok
	[ "$(cat "$(sdir memory)/k/memory.limit_in_bytes")" = 67108864 ]
	[ "$(cat "$(sdir pids)/k/pids.max")" = 9 ]
	[ ! -e "$(sdir cpu)/k" ]
	[ ! -e "$(sdir freezer)/k" ]
}

@test "-n prints each write in order as path/knob <- value and changes nothing" {
	local before cpu
	mkcg a cpu cpuacct memory
	cpu=$(sdir cpu)
	before=$(snapshot)
	run_cgset --relative -n --cpus 0.25 --period 50000 --memory 600M --memory-swap 1G "$S/a"
	assert_set_ok
	# memory first: memsw comes down from "no limit"; cpu's quota is a new limit (last,
	# children first), its period before it
	[ "$output" = "$(sdir memory)/a/memory.limit_in_bytes <- 629145600
$(sdir memory)/a/memory.memsw.limit_in_bytes <- 1073741824
$cpu/a/cpu.cfs_period_us <- 50000
$cpu/a/cpu.cfs_quota_us <- 12500" ] || fail "dry run: $output"
	[ "$before" = "$(snapshot)" ]
	run_cgset --relative -n --create --pids 3 "$S/n/m"
	assert_set_ok
	[ "$output" = "mkdir $(sdir pids)/n
mkdir $(sdir pids)/n/m
$(sdir pids)/n/m/pids.max <- 3" ] || fail "dry run: $output"
	[ ! -e "$(sdir pids)/n" ]
}

@test "memory and memsw are written in the order the kernel takes, both ways" {
	local mem
	mkcg a memory
	mem=$(sdir memory)
	run_cgset --relative --memory 100M --memory-swap 200M "$S/a"
	assert_set_ok
	# up past the old memsw: memsw must go first, or the kernel says EINVAL
	run_cgset --relative --memory 300M --memory-swap 400M "$S/a"
	assert_set_ok
	[ "$(cat "$mem/a/memory.limit_in_bytes")" = $((300 << 20)) ]
	[ "$(cat "$mem/a/memory.memsw.limit_in_bytes")" = $((400 << 20)) ]
	# and down again: memory first
	run_cgset --relative --memory-swap 150M --memory 50M "$S/a"
	assert_set_ok
	[ "$(cat "$mem/a/memory.limit_in_bytes")" = $((50 << 20)) ]
	[ "$(cat "$mem/a/memory.memsw.limit_in_bytes")" = $((150 << 20)) ]
	run_cgset --relative --memory max --memory-swap max "$S/a"
	assert_set_ok
	[ "$(cat "$mem/a/memory.limit_in_bytes")" = 9223372036854771712 ]
}

@test "-R: every descendant too, children first when the limit goes down" {
	local cpu
	mkcg a cpu cpuacct pids
	mkcg a/b cpu cpuacct pids
	mkcg a/b/c cpu pids
	mkcg a/onlycpu cpu	# a descendant is left out of the hierarchies it is not in
	cpu=$(sdir cpu)
	run_cgset --relative -R --cpus 0.5 --pids 20 "$S/a"
	assert_set_ok
	[ "$(cat "$cpu/a/onlycpu/cpu.cfs_quota_us")" = 50000 ]
	for d in a a/b a/b/c; do
		[ "$(cat "$cpu/$d/cpu.cfs_quota_us")" = 50000 ]
		[ "$(cat "$(sdir pids)/$d/pids.max")" = 20 ]
	done
	# lowering a parent below its children only works children first
	run_cgset --relative -R --cpus 0.2 "$S/a"
	assert_set_ok
	[ "$(cat "$cpu/a/cpu.cfs_quota_us")" = 20000 ]
	[ "$(cat "$cpu/a/b/c/cpu.cfs_quota_us")" = 20000 ]
	# and raising parents first
	run_cgset --relative -R --cpus 1.5 "$S/a"
	assert_set_ok
	[ "$(cat "$cpu/a/b/c/cpu.cfs_quota_us")" = 150000 ]
}

@test "--cpuset/--mems, --shares, --pids, --freeze/--thaw, --device-*-bps, --attach-thread" {
	local p disk dev
	mkcg a cpu cpuset pids freezer blkio
	helper_start sleep 1000
	p=$HELPER_PID
	run_cgset --relative --cpuset 0 --mems 0 --shares 100 --pids max --attach "$p" "$S/a"
	assert_set_ok
	[ "$(cat "$(sdir cpuset)/a/cpuset.cpus")" = 0 ]
	[ "$(cat "$(sdir cpu)/a/cpu.shares")" = 100 ]
	[ "$(cat "$(sdir pids)/a/pids.max")" = max ]
	run_cgset --relative --freeze "$S/a"
	assert_set_ok
	[ "$(cat "$(sdir freezer)/a/freezer.state")" = FROZEN ]
	run_cgset --relative --thaw "$S/a"
	assert_set_ok
	[ "$(cat "$(sdir freezer)/a/freezer.state")" = THAWED ]
	# a whole disk of this machine
	for disk in /sys/block/*; do
		[ -e "$disk/device" ] && [ -b "/dev/${disk##*/}" ] && break
	done
	[ -b "/dev/${disk##*/}" ] || skip "no whole disk with a /dev node"
	dev=$(cat "$disk/dev")
	run_cgset --relative --device-write-bps "/dev/${disk##*/}:1M" --device-read-bps "$dev:2M" "$S/a"
	assert_set_ok
	grep -qx "$dev 1048576" "$(sdir blkio)/a/blkio.throttle.write_bps_device"
	grep -qx "$dev 2097152" "$(sdir blkio)/a/blkio.throttle.read_bps_device"
	run_cgset --relative --device-write-bps "$dev:max" "$S/a"
	assert_set_ok
	! grep -q "^$dev " "$(sdir blkio)/a/blkio.throttle.write_bps_device"
	# one thread, through tasks
	mkcg t pids
	run_cgset --relative --attach-thread "$p" "pids:$S/t"
	assert_set_ok
	grep -qx "$p" "$(sdir pids)/t/tasks"
}

@test "v2 names on v1: cpu.max, cpu.weight, memory.max, memory.swap.max, cgroup.freeze, io.max; cgls -r reads them" {
	local cpu mem disk dev
	mkcg a cpu memory freezer blkio
	cpu=$(sdir cpu) mem=$(sdir memory)
	run_cgset --relative -n -r cpu.max="20000 50000" -r cpu.weight=200 -r memory.max=64M \
		-r memory.swap.max=32M "$S/a"
	assert_set_ok
	# v1 files, in v1's order (memsw = memory + swap; new limits last)
	[ "$output" = "$cpu/a/cpu.shares <- 2048
$mem/a/memory.limit_in_bytes <- 67108864
$mem/a/memory.memsw.limit_in_bytes <- 100663296
$cpu/a/cpu.cfs_period_us <- 50000
$cpu/a/cpu.cfs_quota_us <- 20000" ] || fail "dry run: $output"
	run_cgset --relative -r cpu.max="20000 50000" -r cpu.weight=200 -r memory.max=64M \
		-r memory.swap.max=32M -r cgroup.freeze=1 "$S/a"
	assert_set_ok
	[ "$(cat "$cpu/a/cpu.cfs_quota_us")" = 20000 ]
	[ "$(cat "$cpu/a/cpu.cfs_period_us")" = 50000 ]
	[ "$(cat "$cpu/a/cpu.shares")" = 2048 ]
	[ "$(cat "$mem/a/memory.limit_in_bytes")" = 67108864 ]
	[ "$(cat "$mem/a/memory.memsw.limit_in_bytes")" = 100663296 ]
	[ "$(cat "$(sdir freezer)/a/freezer.state")" = FROZEN ]
	run "$CGK_BUILDDIR/cgls" --relative -r cpu.max -r cpu.weight -r memory.max \
		-r memory.swap.max -r cgroup.freeze "$S/a"
	[ "$status" = 0 ] || fail "$output"
	[ "$output" = "$S/a:
cpu.max: 20000 50000
cpu.weight: 200
memory.max: 67108864
memory.swap.max: 33554432
cgroup.freeze: 1" ] || fail "cgls: $output"
	run_cgset --relative -r cgroup.freeze=0 -r cpu.max=max "$S/a"
	assert_set_ok
	[ "$(cat "$(sdir freezer)/a/freezer.state")" = THAWED ]
	[ "$(cat "$cpu/a/cpu.cfs_quota_us")" = -1 ]
	# v2 files with no v1 meaning: one line, nothing written
	run_cgset --relative -r memory.high=32M "$S/a"
	[ "$status" = 1 ] && [[ $stderr == *"memory.high=32M: has no cgroup v1 meaning"* ]] ||
		fail "$status: $stderr"
	# a v2 core file: the cgroup would have to be in this hybrid host's v2 tree
	run_cgset --relative -r cgroup.kill=1 "$S/a"
	[ "$status" = 1 ] && [[ $stderr == *"cgroup.kill=1: "*" is not in the "* ]] ||
		fail "$status: $stderr"
	# memory.swap.max needs a memory limit to become memsw
	run_cgset --relative -r memory.max=max -r memory.swap.max=1M "$S/a"
	[ "$status" = 1 ] && [[ $stderr == *"needs a memory limit"* ]] || fail "$status: $stderr"
	[ "$(cat "$mem/a/memory.limit_in_bytes")" = 67108864 ]
	for disk in /sys/block/*; do
		[ -e "$disk/device" ] && [ -b "/dev/${disk##*/}" ] && break
	done
	[ -b "/dev/${disk##*/}" ] || skip "no whole disk with a /dev node"
	dev=$(cat "$disk/dev")
	run_cgset --relative -r io.max="$dev rbps=2M wiops=100" "$S/a"
	assert_set_ok
	grep -qx "$dev 2097152" "$(sdir blkio)/a/blkio.throttle.read_bps_device"
	grep -qx "$dev 100" "$(sdir blkio)/a/blkio.throttle.write_iops_device"
	run "$CGK_BUILDDIR/cgls" --relative -v -r io.max "$S/a"
	[ "$output" = "$dev rbps=2097152 wbps=max riops=max wiops=100" ] || fail "io.max: $output"
	run_cgset --relative -r io.max="$dev rbps=max wiops=max" "$S/a"
	assert_set_ok
	! grep -q "^$dev " "$(sdir blkio)/a/blkio.throttle.read_bps_device"
}

@test "hybrid host: v2 files go to this host's cgroup2 tree, v1 controllers' to theirs; cgls -r reads both" {
	local v2
	v2=$(dir_of -) || skip "no cgroup2 mount beside the v1 hierarchies"
	mkcg h freezer
	mkdir "$v2/h"
	run_cgset --relative -r cgroup.max.descendants=2 -r freezer.state=FROZEN "$S/h"
	assert_set_ok
	[ "$(cat "$v2/h/cgroup.max.descendants")" = 2 ]
	[ "$(cat "$(sdir freezer)/h/freezer.state")" = FROZEN ]
	# cgroup.freeze of a cgroup in both: v2's own file (its freezer is the core's)
	run_cgset --relative -r cgroup.freeze=1 -r freezer.state=THAWED "$S/h"
	assert_set_ok
	[ "$(cat "$v2/h/cgroup.freeze")" = 1 ]
	[ "$(cat "$(sdir freezer)/h/freezer.state")" = THAWED ]
	run "$CGK_BUILDDIR/cgls" --relative -v -r cgroup.max.descendants -r cgroup.freeze \
		-r freezer.state "$S/h"
	[ "$output" = "2
1
THAWED" ] || fail "cgls: $output"
	run_cgset --relative -r cgroup.freeze=0 -r cgroup.max.descendants=max "unified:$S/h"
	assert_set_ok
	[ "$(cat "$v2/h/cgroup.freeze")" = 0 ]
	[ "$(cat "$v2/h/cgroup.max.descendants")" = max ]
}

@test "v2 cpusets (what UML lacks) on a tree captured from Debian's kernel under qemu: +cpuset where missing, cpuset.cpus written" {
	local t d
	t=$(mktemp -d "$BATS_TEST_TMPDIR/sr.XXXXXX")
	cp -r "$CGK_SRCDIR/tests/data/sysroot-v2-cpuset/." "$t/"
	d=$t/sys/fs/cgroup/cgkit-test-c612d1f3
	mkdir "$d/free/new"
	run_cgset --sysroot "$t" -n --cpuset 1 --memory 64M /cgkit-test-c612d1f3/free/new
	assert_set_ok
	# free passes no controller on: cpuset and memory are enabled there first
	[ "$output" = "/sys/fs/cgroup/cgkit-test-c612d1f3/free/cgroup.subtree_control <- +cpuset
/sys/fs/cgroup/cgkit-test-c612d1f3/free/cgroup.subtree_control <- +memory
/sys/fs/cgroup/cgkit-test-c612d1f3/free/new/cpuset.cpus <- 1
/sys/fs/cgroup/cgkit-test-c612d1f3/free/new/memory.max <- 67108864" ] || fail "$output"
	# written where the files are (a captured tree makes no files on an enable)
	run_cgset --sysroot "$t" --cpuset 1 --memory 64M /cgkit-test-c612d1f3/free
	assert_set_ok
	[ "$(cat "$d/free/cpuset.cpus")" = 1 ]
	[ "$(cat "$d/free/memory.max")" = 67108864 ]
	# a v1 cpuset rule (within the parent's) is not applied: v2 caps it itself
	run_cgset --sysroot "$t" --cpuset 0-7 /cgkit-test-c612d1f3/pinned
	assert_set_ok
	[ "$(cat "$d/pinned/cpuset.cpus")" = 0-7 ]
}

@test "unknown control files are written as given, with a warning unless -q" {
	local mem
	mkcg a memory
	mem=$(sdir memory)
	[ -e "$mem/a/memory.shown_ram_in_bytes" ] || skip "no vendor control file here"
	run_cgset --relative -r memory.shown_ram_in_bytes=0 "$S/a"
	[ "$status" = 0 ]
	[ "$stderr" = "cgset: warning: memory.shown_ram_in_bytes: not a control file cgkit knows; written as given" ]
	run_cgset --relative -q -r memory.shown_ram_in_bytes=0 "$S/a"
	assert_set_ok
}

@test "--help, --version" {
	run_cgset --help
	assert_set_ok
	[[ $output == "Usage: cgset [OPTIONS] CGROUP..."* ]]
	run_cgset --version
	assert_set_ok
	[[ $output == "cgset (cgkit) "* ]]
}

# ---- libcgroup's cgset, same forms, twin cgroups ---------------------------

# twin_diff A B: every control file of A and B (each hierarchy) holds the same value
twin_diff() {
	local d
	for d in $SCRATCH_DIRS; do
		[ -d "$d/$1" ] || continue
		diff <(values "$d/$1") <(values "$d/$2") || return 1
	done
}

@test "compatibility: every cgset -r form of libcgroup's man page gives the same result as libcgroup's cgset" {
	local c m
	for t in twin1 twin2 src; do
		mkcg "$t" cpu cpuacct cpuset memory pids devices freezer
	done
	# children where they do not pin their parents' cpuset
	mkcg twin1/c cpu cpuacct memory pids
	mkcg twin2/c cpu cpuacct memory pids
	c=$(own cpu)$SCRATCH m=$(own memory)$SCRATCH
	compat() {	# compat ARGS-WITH-@T@: libcgroup on twin1, ours on twin2
		local a=("${@//@T@/twin1}") b=("${@//@T@/twin2}")
		"$LIBCG_CGSET" "${a[@]}" || fail "libcgroup's cgset ${a[*]} failed"
		run_cgset "${b[@]}"
		assert_set_ok
		twin_diff twin1 twin2 || fail "after cgset $*: twins differ"
	}
	compat -r cpu.shares=512 "$c/@T@"
	compat -r cpu.cfs_period_us=50000 -r cpu.cfs_quota_us=20000 "$c/@T@"
	compat -r cpuset.cpus=0 "$c/@T@"
	compat -r memory.limit_in_bytes=64M "$m/@T@"
	compat -r memory.soft_limit_in_bytes=32M -r memory.swappiness=10 "/$m/@T@"
	compat -r "devices.deny=c 1:3 w" "$c/@T@"
	compat -r pids.max=10 "$c/@T@" "$c/@T@/c"
	compat -r freezer.state=FROZEN "$c/@T@"
	compat -r freezer.state=THAWED "$c/@T@"
	# --copy-from: the source's values, wherever both are
	echo 300 > "$(sdir cpu)/src/cpu.shares"
	echo 30000 > "$(sdir cpu)/src/cpu.cfs_quota_us"
	echo 7 > "$(sdir pids)/src/pids.max"
	echo 1 > "$(sdir cpu)/src/notify_on_release"
	compat --copy-from "$c/src" "$c/@T@/c"
}

# ---- the test bed ------------------------------------------------------------

@test "test bed: --cpus 0.3 on a docker id prefix changes its quota; cgls -v -r reads it back" {
	local id
	TB=$BATS_TEST_TMPDIR/testbed
	"$TESTBED" up "$TB"
	id=$(. "$TB/env" && echo "$D_HALF")
	[ -n "$id" ]
	run "$cgls" -v -r cpu.cfs_quota_us "${id:0:12}"
	[ "$output" = 50000 ]
	run_cgset --cpus 0.3 "${id:0:12}"
	assert_set_ok
	run "$cgls" -v -r cpu.cfs_quota_us "${id:0:12}"
	[ "$status" = 0 ]
	[ "$output" = 30000 ] || fail "cgls read back '$output'"
	run "$cgls" -H -v -r cpu.cfs_quota_us "${id:0:12}"
	[ "$output" = 0.30 ]
}
