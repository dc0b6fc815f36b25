#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# cgexec-ns on the real kernel: the command is in its cgroups before its
# first instruction, limits hold (a busy loop at --cpus 0.2), namespaces are
# new, the init reaps and forwards, the exit status is passed on, --rm and bad
# input leave nothing behind. Every cgroup lives below a scratch cgroup of
# ours (helpers.bash), removed even when a test fails.
#
#   make check TESTS=tests/integration/cgexec-ns.bats
#   CGK_BUILDDIR=. bats tests/integration/cgexec-ns.bats      (from the source tree)

load helpers

cgx=$CGK_BUILDDIR/cgexec-ns

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
}

setup() {
	require_root_v1
	[ -x "$cgx" ] || fail "no cgexec-ns at $cgx (build it first)"
	scratch_create
	BG_PIDS=()
}

teardown() {
	local p
	for p in "${BG_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	helpers_stop_all
	scratch_remove
}

# dir LABEL: our scratch directory in hierarchy LABEL ("cpu", "memory", "-" for v2)
dir() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = "$1" ] && { echo "$mnt${own%/}/$SCRATCH"; return 0; }
	done < <(cg_hierarchies)
	return 1
}

# own LABEL: our own cgroup path in hierarchy LABEL
own() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = "$1" ] && { echo "${own%/}"; return 0; }
	done < <(cg_hierarchies)
	return 1
}

# nothing_below: no cgroup was made below our scratch cgroups
nothing_below() {
	local left
	left=$(find $SCRATCH_DIRS -mindepth 1 -type d 2>/dev/null)
	[ -z "$left" ] || fail "left behind:" "$left"
}

# ------------------------------------------------------------------------------
# the first instruction

@test "first act: the command reads /proc/self/cgroup and is already in its cgroups, in every hierarchy, 100 times out of 100" {
	local i line bad=0 want
	# a static busybox: nothing (not even a dynamic loader) runs before its main
	for i in $(seq 100); do
		"$cgx" --relative -g "cpu,cpuacct,cpuset,memory,devices,freezer,blkio,pids,name=systemd:/$SCRATCH" \
			-g "unified:/$SCRATCH" -- /bin/busybox cat /proc/self/cgroup > "$BATS_TEST_TMPDIR/cg" ||
			fail "run $i: exit $?"
		while IFS=: read -r _ ctrls path; do
			want=$(own "${ctrls:--}")/$SCRATCH
			[ "$path" = "$want" ] || { bad=$((bad + 1)); echo "run $i: $ctrls:$path, want $want" >&2; }
		done < "$BATS_TEST_TMPDIR/cg"
	done
	[ $bad = 0 ]
}

@test "first act under --pid (init then command), --user, --cgroupns: in the cgroups before exec" {
	local out
	# --cgroupns: the namespace is rooted at the cgroups the command was put in
	out=$("$cgx" --relative -g "cpu,memory,pids:/$SCRATCH" -p -U --map-root -C -- /bin/busybox cat /proc/self/cgroup)
	grep -qx '[0-9]*:cpu:/' <<<"$out" || fail "$out"
	grep -qx '[0-9]*:memory:/' <<<"$out" || fail "$out"
	grep -qx '[0-9]*:pids:/' <<<"$out" || fail "$out"
	out=$("$cgx" --relative -g "cpu,memory,pids:/$SCRATCH" -p -- /bin/busybox cat /proc/self/cgroup)
	grep -qx "[0-9]*:memory:$(own memory)/$SCRATCH" <<<"$out" || fail "$out"
}

@test "a cgroup that refuses the command (cpuset without cpus): the command never runs, exit 1, nothing left" {
	mkdir "$(dir cpuset)/nocpus"
	run --separate-stderr "$cgx" --relative -g "cpuset:/$SCRATCH/nocpus" -- touch "$BATS_TEST_TMPDIR/ran"
	[ "$status" = 1 ]
	[[ $stderr == "cgexec-ns: -g cpuset:/$SCRATCH/nocpus: cannot move the command into cpuset: No space left on device" ]] ||
		fail "$stderr"
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	[ -z "$(cat "$(dir cpuset)/nocpus/cgroup.procs")" ]
	rmdir "$(dir cpuset)/nocpus"
}

@test "v2: the child is created in its cgroup (clone3 CLONE_INTO_CGROUP), v1 ones attached before it goes on" {
	command -v strace >/dev/null || fail "strace is needed (apt-get install strace)"
	[ -n "$(dir -)" ] || fail "no v2 hierarchy on this machine"
	run strace -qq -f -e trace=clone3 -e signal=none "$cgx" --relative -g "unified:/$SCRATCH" \
		-g "cpu:/$SCRATCH" -- cat /proc/self/cgroup
	[ "$status" = 0 ]
	grep -q 'clone3({flags=.*CLONE_INTO_CGROUP' <<<"$output" || fail "$output"
	grep -qx "0::$(own -)/$SCRATCH" <<<"$output" || fail "$output"
	grep -qx "[0-9]*:cpu:$(own cpu)/$SCRATCH" <<<"$output" || fail "$output"
}

@test "-g as cgexec -g: the same cgroups as libcgroup's cgexec, with paths from the hierarchy root" {
	local mem
	mem=$(own memory)/$SCRATCH
	run "$cgx" -g "cpu,cpuacct:/$SCRATCH" -g "memory:$mem" -- cat /proc/self/cgroup
	[ "$status" = 0 ]
	local ours=$output
	run cgexec -g "cpu,cpuacct:/$SCRATCH" -g "memory:$mem" cat /proc/self/cgroup
	[ "$status" = 0 ]
	[ "$ours" = "$output" ] || fail "cgexec-ns:" "$ours" "cgexec:" "$output"
	# "*:PATH": every hierarchy where PATH is
	run "$cgx" --relative -g "*:/$SCRATCH" -- cat /proc/self/cgroup
	[ "$(grep -c ":/$SCRATCH\$\|$mem\$" <<<"$output")" = "$(cg_hierarchies | wc -l)" ] || fail "$output"
}

# ------------------------------------------------------------------------------
# limits, --create, --rm

@test "--cpus 0.2 on a busy loop: ~20% of a CPU (cpuacct over 2 s), throttled" {
	local cg=$SCRATCH/busy t0 t1 u
	t0=$(date +%s%N)
	run "$cgx" --relative --create --cpus 0.2 -g "cpu,cpuacct:/$cg" -- timeout 2 sh -c 'while :; do :; done'
	t1=$(date +%s%N)
	[ "$status" = 124 ]	# timeout's status, passed on
	[ "$(cat "$(dir cpu)/busy/cpu.cfs_quota_us")" = 20000 ]
	u=$(cat "$(dir cpuacct)/busy/cpuacct.usage")
	# used / elapsed, in percent of one CPU
	local pct=$(( u * 100 / (t1 - t0) ))
	echo "busy loop at --cpus 0.2: $pct% of a CPU" >&3
	[ "$pct" -ge 14 ] && [ "$pct" -le 26 ] || fail "used $pct% of a CPU"
	local thr
	thr=$(awk '$1 == "nr_throttled" { print $2 }' "$(dir cpu)/busy/cpu.stat")
	[ "$thr" -gt 5 ] || fail "throttled $thr times"
}

@test "--memory, --pids, --cpuset: the limits in the kernel's form before the command runs; --create makes parents" {
	run "$cgx" --relative --create --memory 64M --pids 10 --cpuset 0 \
		-g "memory,pids,cpuset:/$SCRATCH/a/b" -- sh -c "cat $(dir memory)/a/b/memory.limit_in_bytes \
			$(dir pids)/a/b/pids.max $(dir cpuset)/a/b/cpuset.cpus"
	[ "$status" = 0 ]
	[ "${lines[*]}" = "67108864 10 0" ] || fail "$output"
	[ -d "$(dir memory)/a/b" ] && [ -d "$(dir pids)/a/b" ] && [ -d "$(dir cpuset)/a/b" ]
	# not in the hierarchies not named
	[ ! -e "$(dir cpu)/a" ]
}

@test "--rm: the cgroups --create made are gone once the command ends; a cgroup that existed stays" {
	mkdir "$(dir cpu)/kept"
	run "$cgx" --relative --create --rm --cpus 0.5 --memory 32M -g "cpu,cpuacct:/$SCRATCH/kept/new/deeper" \
		-g "memory:/$SCRATCH/m" -p --mount-proc -- sh -c 'sleep 0.1 & sleep 0.1 & exit 5'
	[ "$status" = 5 ]
	[ -d "$(dir cpu)/kept" ]
	[ ! -e "$(dir cpu)/kept/new" ] && [ ! -e "$(dir cpuacct)/kept" ] && [ ! -e "$(dir memory)/m" ] ||
		fail "left: $(find $SCRATCH_DIRS -mindepth 1)"
	rmdir "$(dir cpu)/kept"
	nothing_below
}

@test "bad input: unknown controller, negative cpus, no command, unknown command, no -g for a limit: message, non-zero, nothing created" {
	run --separate-stderr "$cgx" --relative --create -g "nosuch:/$SCRATCH/x" -- true
	[ "$status" = 1 ] && [ "$stderr" = "cgexec-ns: -g nosuch:/$SCRATCH/x: no hierarchy holds controller 'nosuch'" ]
	run --separate-stderr "$cgx" --relative --create --cpus -0.5 -g "cpu:/$SCRATCH/x" -- true
	[ "$status" = 1 ] && [[ $stderr == "cgexec-ns: --cpus -0.5: must be a number of CPUs > 0"* ]] || fail "$stderr"
	run --separate-stderr "$cgx" --relative --create --memory lots -g "memory:/$SCRATCH/x" -- true
	[ "$status" = 1 ] && [[ $stderr == "cgexec-ns: --memory lots: "* ]] || fail "$stderr"
	run --separate-stderr "$cgx" --relative --create -g "cpu:/$SCRATCH/x"
	[ "$status" = 1 ] && [ "${stderr_lines[0]}" = "cgexec-ns: no command given" ]
	run -127 --separate-stderr "$cgx" --relative --create -g "cpu:/$SCRATCH/x" -- no-such-command
	[ "$status" = 127 ] && [ "$stderr" = "cgexec-ns: no-such-command: command not found" ]
	run --separate-stderr "$cgx" --relative --create --pids 5 -g "cpu:/$SCRATCH/x" -- true
	[ "$status" = 1 ] && [[ ${stderr_lines[0]} == "cgexec-ns: --pids 5: no -g names a cgroup in the pids hierarchy" ]]
	run --separate-stderr "$cgx" --relative -g "cpu:/$SCRATCH/nonexistent" -- true
	[ "$status" = 1 ] && [ "$stderr" = "cgexec-ns: -g cpu:/$SCRATCH/nonexistent: in cpu: No such file or directory" ]
	run --separate-stderr "$cgx" --relative -g "cpu:/$SCRATCH/../x" -- true
	[ "$status" = 1 ] && [[ ${stderr_lines[0]} == "cgexec-ns: -g cpu:/$SCRATCH/../x: invalid cgroup path"* ]]
	run --separate-stderr "$cgx" --relative -g "cpu:/$SCRATCH" -g "cpu,memory:/$SCRATCH" -- true
	[ "$status" = 1 ] && [ "$stderr" = "cgexec-ns: -g cpu,memory:/$SCRATCH: a second cgroup in the cpu hierarchy" ]
	run --separate-stderr "$cgx" --rm -- true
	[ "$status" = 1 ] && [[ ${stderr_lines[0]} == "cgexec-ns: --rm removes what --create made: give --create" ]]
	run --separate-stderr "$cgx" --hostname x -- true
	[ "$status" = 1 ] && [[ ${stderr_lines[0]} == "cgexec-ns: --hostname needs --uts" ]]
	nothing_below
}

# ------------------------------------------------------------------------------
# namespaces

@test "--pid --mount-proc -- ps: exactly PID 1 (the init) and the ps itself; --no-init: ps alone is PID 1" {
	local before
	before=$(grep -c ' /proc ' /proc/self/mountinfo)
	run "$cgx" --pid --mount-proc -- ps -e -o pid=,comm=
	[ "$status" = 0 ]
	[ "$(awk '{ $1 = $1; print }' <<<"$output")" = "1 cgexec-ns
2 ps" ] || fail "$output"
	run "$cgx" --pid --mount-proc --no-init -- ps -e -o pid=,comm=
	[ "$(awk '{ $1 = $1; print }' <<<"$output")" = "1 ps" ] || fail "$output"
	# util-linux unshare shows the same as --no-init
	[ "$(unshare -p -f -m --mount-proc ps -e -o pid=,comm= | awk '{ $1 = $1; print }')" = "1 ps" ]
	# our /proc is untouched: the new one was mounted in a private mount namespace
	[ "$(grep -c ' /proc ' /proc/self/mountinfo)" = "$before" ]
	[ -d "/proc/$BASHPID" ] && [ "$(cut -d' ' -f1 /proc/self/stat)" != 1 ]
}

@test "-u --hostname, -n, -i, -U --map-root, -U alone, -C, -T, -m: new namespaces, ours untouched" {
	local me l
	me=$(hostname)
	[ "$("$cgx" -u --hostname cgk-test -- hostname)" = cgk-test ]
	[ "$(hostname)" = "$me" ]
	[ "$("$cgx" -n -- ip -o link show | awk -F': ' '{ print $2 }')" = lo ]
	for l in ipc net uts cgroup time mnt user pid; do
		local opt
		case $l in ipc) opt=-i;; net) opt=-n;; uts) opt=-u;; cgroup) opt=-C;; time) opt=-T;;
			mnt) opt=-m;; user) opt=-U;; pid) opt=-p;; esac
		local inner
		inner=$("$cgx" $opt -- readlink "/proc/self/ns/$l")
		[ -n "$inner" ] && [ "$inner" != "$(readlink "/proc/self/ns/$l")" ] || fail "$opt: $l is ours: $inner"
	done
	[ "$("$cgx" -U --map-root -- id -u)" = 0 ]
	[ "$("$cgx" -U -- id -u)" = 65534 ]
	[ "$("$cgx" -U --map-root -- cat /proc/self/uid_map | awk '{ $1 = $1; print }')" = "0 0 1" ]
}

@test "-r DIR: the command runs in DIR as its root (with --mount-proc, /proc mounted there)" {
	local r=$BATS_TEST_TMPDIR/root a
	mkdir -p "$r/bin" "$r/proc"
	cp /bin/busybox "$r/bin/"
	for a in sh ls cat ps; do ln -s busybox "$r/bin/$a"; done
	run "$cgx" -r "$r" -p --mount-proc -- /bin/sh -c 'ls /bin | tr "\n" " "; echo; ps -o pid,comm'
	[ "$status" = 0 ]
	[ "${lines[0]}" = "busybox cat ls ps sh " ] || fail "$output"
	# busybox ps reads DIR/proc: the new namespace's processes only (sh
	# runs its last command with exec)
	[ "$(awk 'NR > 1 { $1 = $1; print }' <<<"$output")" = "PID COMMAND
1 cgexec-ns
2 ps" ] || fail "$output"
	# unmounted with the namespace: nothing left on DIR/proc
	! grep -q " $r/proc " /proc/self/mounts
}

# ------------------------------------------------------------------------------
# the init, exit status

@test "--init: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 sent to cgexec-ns reach the command" {
	local sig p i o
	for o in "-p" "--init"; do
		for sig in INT TERM HUP QUIT USR1 USR2; do
			: > "$BATS_TEST_TMPDIR/out"
			"$cgx" $o -- sh -c "trap 'echo got $sig; exit 7' $sig; echo ready; while :; do sleep 0.05; done" \
				> "$BATS_TEST_TMPDIR/out" 2>&1 &
			p=$!
			BG_PIDS+=("$p")
			for i in $(seq 100); do grep -q ready "$BATS_TEST_TMPDIR/out" && break; sleep 0.05; done
			kill -"$sig" "$p"
			local rc=0
			wait "$p" || rc=$?
			[ "$rc" = 7 ] || fail "$o $sig: exit $rc: $(cat "$BATS_TEST_TMPDIR/out")"
			grep -qx "got $sig" "$BATS_TEST_TMPDIR/out" || fail "$o $sig: $(cat "$BATS_TEST_TMPDIR/out")"
		done
	done
}

@test "--init reaps orphans: none is left a zombie; without it (--no-init) one is" {
	local o p init z
	for o in --init --no-init; do
		# the orphan's parent exits at once; PID 1 of the namespace inherits it
		"$cgx" -p $o -- sh -c 'sh -c "sleep 0.2 &"; exec sleep 3' &
		p=$!
		BG_PIDS+=("$p")
		sleep 1.2
		init=$(pgrep -P "$p")
		z=$(ps -o stat= --ppid "$init" | grep -c '^Z' || true)
		case $o in
		--init) [ "$z" = 0 ] || fail "--init left $z zombies";;
		--no-init) [ "$z" = 1 ] || fail "--no-init: $z zombies (the test would not see a missing reaper)";;
		esac
		kill -TERM "$p"
		wait "$p" || true
	done
}

@test "exit status passed on: true 0, false 1, exit 3, SIGKILL 137, SIGTERM 143, not found 127, not runnable 126" {
	local o c rc
	for o in "" "-p" "--init" "-p --no-init"; do
		for c in "0|true" "1|false" "3|sh -c 'exit 3'" "137|sh -c 'kill -KILL \$\$'" \
			 "143|sh -c 'kill -TERM \$\$'" "127|no-such-command" "126|/etc/"; do
			case "$o|${c%%|*}" in "-p --no-init|137"|"-p --no-init|143") continue;; esac
			rc=0
			eval "\"$cgx\" $o -- ${c#*|}" 2>/dev/null || rc=$?
			[ "$rc" = "${c%%|*}" ] || fail "[$o] ${c#*|}: exit $rc, want ${c%%|*}"
		done
	done
	# PID 1 ignores the signals it does not handle, even SIGKILL from inside:
	# that is why the init is the default with --pid
	rc=0
	"$cgx" -p --no-init -- sh -c 'kill -KILL $$; exit 4' || rc=$?
	[ "$rc" = 4 ]
	# killed by a signal: cgexec-ns dies of it (as nsenter does)
	run perl -e 'if (!fork) { exec @ARGV } wait; print $? & 127' "$cgx" -p -- sh -c 'kill -USR1 $$'
	[ "$output" = 10 ]
}

@test "under a memory checker (valgrind has no clone3, pidfd_open, openat2: the fallbacks run; or the sanitizers): no error, placed before exec, time namespace" {
	command -v valgrind >/dev/null || fail "valgrind is needed (apt-get install valgrind)"
	run --separate-stderr memcheck \
		"$cgx" --relative --create --rm --cpus 0.5 -g "cpu,cpuacct,memory:/$SCRATCH/vg" -p -T -U --map-root \
		-- /bin/busybox cat /proc/self/cgroup /proc/self/uid_map
	[ "$status" = 0 ] || fail "exit $status" "$stderr"
	grep -qx "[0-9]*:cpu:$(own cpu)/$SCRATCH/vg" <<<"$output" || fail "$output"
	grep -qx "[0-9]*:memory:$(own memory)/$SCRATCH/vg" <<<"$output" || fail "$output"
	# the fallback clone could not take CLONE_NEWTIME: unshared before exec
	local t
	t=$(memcheck "$cgx" -T -- readlink /proc/self/ns/time 2>/dev/null)
	[ -n "$t" ] && [ "$t" != "$(readlink /proc/self/ns/time)" ] || fail "time: $t"
	nothing_below
}

@test "--help: usage on stdout, exit 0; --version; bad option: Try line, exit 1" {
	run --separate-stderr "$cgx" --help
	[ "$status" = 0 ] && [ -z "$stderr" ]
	[[ ${lines[0]} == "Usage: cgexec-ns [OPTIONS] [--] COMMAND [ARGUMENT...]" ]]
	run "$cgx" --version
	[ "$status" = 0 ] && [[ $output == "cgexec-ns (cgkit) "* ]]
	run --separate-stderr "$cgx" --bogus -- true
	[ "$status" = 1 ] && [ -z "$output" ]
	[ "${stderr_lines[1]}" = "Try 'cgexec-ns --help' for more information." ]
}
