#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# nsenter-lite against util-linux nsenter, on every container of the test bed
# (real runc containers laid out as docker and the kubelet lay them out):
# same hostname, namespaces, ps view and exit codes; targets by container id
# prefix and cgroup path; --join-cgroup in every hierarchy; pods.
#
#   make check TESTS=tests/integration/nsenter.bats
#   CGK_BUILDDIR=. bats tests/integration/nsenter.bats      (from the source tree)

load helpers

nsl=$CGK_BUILDDIR/nsenter-lite

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	command -v nsenter >/dev/null || { CGK_SKIP="no util-linux nsenter"; return 0; }
	testbed_up
}

teardown_file() {
	testbed_down
}

setup() {
	require_root_v1
	[ -x "$nsl" ] || fail "no nsenter-lite at $nsl (build it first)"
	testbed_env
}

teardown() {
	local p
	for p in ${BG_PIDS:-}; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	helpers_stop_all
	return 0
}

# each_container: "ID PID CGROUP" per test bed container
each_container() {
	awk -F'\t' '{ print $2, $5, $8 }' "$TSV"
}

# both ARGS...: run "nsenter ARGS" and "nsenter-lite ARGS"; set A_OUT A_RC
# (util-linux) and B_OUT B_RC (ours), stdout and stderr kept apart
both() {
	A_RC=0 B_RC=0
	A_OUT=$(nsenter "$@" 2>"$BATS_TEST_TMPDIR/a.err" </dev/null) || A_RC=$?
	B_OUT=$("$nsl" "$@" 2>"$BATS_TEST_TMPDIR/b.err" </dev/null) || B_RC=$?
}

# same WHAT: the two runs of `both` agree on output and exit status
same() {
	[ "$A_RC" = "$B_RC" ] || fail "$1: exit status: nsenter $A_RC, nsenter-lite $B_RC" \
		"nsenter stderr: $(cat "$BATS_TEST_TMPDIR/a.err")" \
		"nsenter-lite stderr: $(cat "$BATS_TEST_TMPDIR/b.err")"
	[ "$A_OUT" = "$B_OUT" ] || fail "$1: output differs" "nsenter:" "$A_OUT" "nsenter-lite:" "$B_OUT"
}

# ns_links: the command that prints the namespaces of the process running it
NS_LINKS='for n in cgroup ipc mnt net pid time user uts; do echo "$n $(readlink /proc/self/ns/$n)"; done'

# host_links PID: the same list for PID, read from the host
host_links() {
	local n
	for n in cgroup ipc mnt net pid time user uts; do echo "$n $(readlink "/proc/$1/ns/$n")"; done
}

# ------------------------------------------------------------------------------
# the same as util-linux nsenter, on every container

@test "-a: the same hostname as nsenter, on every container" {
	local id pid cg n=0
	while read -r id pid cg; do
		both -t "$pid" -a hostname
		same "$id hostname"
		[ -n "$B_OUT" ] || fail "$id: empty hostname"
		n=$((n + 1))
	done < <(each_container)
	[ $n = 8 ]
	# docker containers are named after their id (the test bed sets it)
	B_OUT=$("$nsl" -t "$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")" -u hostname)
	[ "$B_OUT" = "${D_HALF:0:12}" ]
}

@test "-a: the same /proc/self/ns inodes as nsenter, and as the target's, on every container" {
	local id pid cg
	while read -r id pid cg; do
		both -t "$pid" -a sh -c "$NS_LINKS"
		same "$id namespaces"
		[ "$B_OUT" = "$(host_links "$pid")" ] ||
			fail "$id: not the target's namespaces" "target:" "$(host_links "$pid")" "entered:" "$B_OUT"
	done < <(each_container)
}

@test "-a: the same ps view as nsenter (the container's init and the ps itself), on every container" {
	local id pid cg view
	while read -r id pid cg; do
		# the ps process differs between the runs: drop it
		both -t "$pid" -a ps -o pid,args
		A_OUT=$(grep -v 'ps -o pid,args' <<<"$A_OUT")
		B_OUT=$(grep -v 'ps -o pid,args' <<<"$B_OUT")
		same "$id ps"
		view=$(awk 'NR > 1 { $1 = $1; print }' <<<"$B_OUT")
		[ "$view" = "1 sleep 100000" ] || fail "$id: ps shows" "$B_OUT"
	done < <(each_container)
}

@test "exit codes as nsenter: true 0, false 1, exit 3, SIGKILL 137, missing command 127, not runnable 126" {
	local id pid cg c want
	while read -r id pid cg; do
		for c in "0|true" "1|false" "3|sh -c 'exit 3'" "137|sh -c 'kill -KILL \$\$'" \
			 "143|sh -c 'kill -TERM \$\$'" "127|no-such-command" "126|/bin/"; do
			want=${c%%|*}
			eval "both -t $pid -a ${c#*|}"
			[ "$A_RC" = "$B_RC" ] || fail "$id ${c#*|}: nsenter $A_RC, nsenter-lite $B_RC"
			[ "$B_RC" = "$want" ] || fail "$id ${c#*|}: exit $B_RC, want $want"
		done
	done < <(each_container)
	# the message names the command, as nsenter's does
	pid=$(awk 'NR == 1 { print $5 }' "$TSV")
	"$nsl" -t "$pid" -a no-such-command 2>"$BATS_TEST_TMPDIR/err" || true
	[ "$(cat "$BATS_TEST_TMPDIR/err")" = "nsenter-lite: failed to execute no-such-command: No such file or directory" ]
}

@test "a command killed by a signal: nsenter-lite dies of the same signal, as nsenter does" {
	local pid
	pid=$(awk 'NR == 1 { print $5 }' "$TSV")
	# a shell that traps nothing reports 128+N; wait(2) shows the signal itself
	run --separate-stderr bash -c "'$nsl' -t $pid -a sh -c 'kill -USR1 \$\$'; echo \$?"
	[ "$output" = 138 ]
	run --separate-stderr bash -c "nsenter -t $pid -a sh -c 'kill -USR1 \$\$'; echo \$?"
	[ "$output" = 138 ]
	run perl -e 'if (!fork) { exec @ARGV } wait; print $? & 127' "$nsl" -t "$pid" -a sh -c 'kill -USR1 $$'
	[ "$output" = 10 ]
}

# ------------------------------------------------------------------------------
# targets

@test "-t CONTAINER-ID-PREFIX and -t CGROUP-PATH reach the namespaces of -t PID" {
	local id pid cg want
	while read -r id pid cg; do
		want=$(host_links "$pid")
		for t in "${id:0:12}" "$id" "$cg" "${cg#/}" "cpu:$cg" "/sys/fs/cgroup/cpu$cg"; do
			run --separate-stderr "$nsl" -t "$t" -a sh -c "$NS_LINKS"
			[ "$status" = 0 ] || fail "-t $t: exit $status: $stderr"
			[ "$output" = "$want" ] || fail "-t $t: other namespaces" "$output"
		done
	done < <(each_container)
}

@test "-t with an ambiguous prefix, an unknown id, no process, a cgroup without processes: one line, exit 1" {
	run --separate-stderr "$nsl" -t "$AMBIG_PREFIX" -a true
	if [[ $AMBIG_PREFIX == *[a-f]* ]] || [ ! -d "/proc/$((10#$AMBIG_PREFIX))" ]; then
		[ "$status" = 1 ] && [ -z "$output" ]
		[[ $stderr == "nsenter-lite: $AMBIG_PREFIX: ambiguous container id prefix ("* ]] || fail "$stderr"
	fi	# (digits that name a live process are that PID, as nsenter takes them)
	run --separate-stderr "$nsl" -t ffffeeee -a true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: ffffeeee: no container with this id prefix" ]
	run --separate-stderr "$nsl" -t 2147483646 -a true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: 2147483646: no such process (nor container id prefix)" ]
	# digits too big for a PID are an id prefix (a random id may be all digits)
	run --separate-stderr "$nsl" -t 816834785249 -a true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: 816834785249: no such process (nor container id prefix)" ] ||
		fail "$stderr"
	run --separate-stderr "$nsl" -t 99999999999999999999999 -a true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: 99999999999999999999999: no such process (nor container id prefix)" ] ||
		fail "$stderr"
	run --separate-stderr "$nsl" -t 999 -a true
	[ -d /proc/999 ] || { [ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: 999: no such process" ]; }
	run --separate-stderr "$nsl" -t "/$SCRATCH/kubepods.slice/no-such.slice" -a true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: /$SCRATCH/kubepods.slice/no-such.slice: no such cgroup" ]
	local d
	d=$(tr ' ' '\n' <<<"$SCRATCH_DIRS" | grep '/pids/')
	mkdir "$d/empty"
	run --separate-stderr "$nsl" -t "pids:/$SCRATCH/empty" -a true
	rmdir "$d/empty"
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: pids:/$SCRATCH/empty: no process in this cgroup" ]
	run --separate-stderr "$nsl" -t 'x y' -a true
	[ "$status" = 1 ] && [ "${#stderr_lines[@]}" = 2 ] &&
		[[ ${stderr_lines[0]} == "nsenter-lite: x y: not a PID, a container id prefix"* ]]
}

# ------------------------------------------------------------------------------
# pidfd, the fallback, files

@test "pidfd: one pidfd_open and one setns(pidfd, every type) for -a; --no-pidfd: nsenter's calls, in its order" {
	command -v strace >/dev/null || fail "strace is needed (apt-get install strace)"
	local pid setns_a setns_b
	pid=$(awk 'NR == 1 { print $5 }' "$TSV")
	run strace -qq -e trace=pidfd_open,setns -e signal=none "$nsl" -t "$pid" -a true
	[ "$status" = 0 ]
	[ "$(grep -c '^pidfd_open(' <<<"$output")" = 1 ] || fail "$output"
	[ "$(grep -c '^setns(' <<<"$output")" = 1 ] || fail "$output"
	local flags
	flags=$(sed -n 's/^setns([0-9]*, \([A-Z_|]*\)).*/\1/p' <<<"$output" | tr '|' '\n' | sort | tr '\n' ' ')
	[ "$flags" = "CLONE_NEWCGROUP CLONE_NEWIPC CLONE_NEWNET CLONE_NEWNS CLONE_NEWPID CLONE_NEWTIME CLONE_NEWUTS " ] ||
		fail "setns flags: $flags"
	# the fallback: one setns per namespace file, in util-linux's order
	setns_a=$(strace -qq -e trace=setns -e signal=none nsenter -t "$pid" -a true 2>&1 |
		sed -n 's/^setns([0-9]*, \([A-Z_]*\)).*/\1/p')
	setns_b=$(strace -qq -e trace=setns -e signal=none "$nsl" --no-pidfd -t "$pid" -a true 2>&1 |
		sed -n 's/^setns([0-9]*, \([A-Z_]*\)).*/\1/p')
	[ -n "$setns_a" ] && [ "$setns_a" = "$setns_b" ] || fail "nsenter:" "$setns_a" "nsenter-lite --no-pidfd:" "$setns_b"
}

@test "--no-pidfd: the same namespaces, hostname and exit codes through /proc/PID/ns files" {
	local id pid cg
	while read -r id pid cg; do
		run "$nsl" --no-pidfd -t "$pid" -a sh -c "$NS_LINKS"
		[ "$status" = 0 ] && [ "$output" = "$(host_links "$pid")" ] || fail "$id: $output"
		run "$nsl" --no-pidfd -t "$pid" -a sh -c 'exit 3'
		[ "$status" = 3 ]
	done < <(each_container)
}

@test "-n=FILE, --uts=FILE: namespace files instead of a target; a file of the wrong type is refused" {
	local pid
	pid=$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")
	run "$nsl" --net="/proc/$pid/ns/net" --uts="/proc/$pid/ns/uts" sh -c 'readlink /proc/self/ns/net; hostname'
	[ "$status" = 0 ]
	[ "${lines[0]}" = "$(readlink "/proc/$pid/ns/net")" ]
	[ "${lines[1]}" = "${D_HALF:0:12}" ]
	# -n=FILE as nsenter spells it too, with a target for the rest
	run "$nsl" -t "$pid" -u -n="/proc/1/ns/net" sh -c 'readlink /proc/self/ns/net; hostname'
	[ "$status" = 0 ] && [ "${lines[0]}" = "$(readlink /proc/1/ns/net)" ] && [ "${lines[1]}" = "${D_HALF:0:12}" ]
	run --separate-stderr "$nsl" --net="/proc/$pid/ns/uts" true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: /proc/$pid/ns/uts: not a net namespace" ]
	run --separate-stderr "$nsl" --net=/etc/hostname true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: /etc/hostname: not a net namespace" ]
	run --separate-stderr "$nsl" -n true
	[ "$status" = 1 ] && [[ ${stderr_lines[0]} == "nsenter-lite: --net: neither a file nor a target (-t) given" ]]
}

@test "user namespaces: root and an unprivileged caller enter a user's container, pidfd and files; the order of setns is nsenter's" {
	command -v strace >/dev/null || fail "strace is needed (apt-get install strace)"
	local nobody="setpriv --reuid=65534 --regid=65534 --clear-groups" p t i o who
	# a container of nobody's: its own user namespace (nobody is root there,
	# setgroups denied) owning new uts, net, ipc, mnt, pid namespaces
	$nobody unshare -U -r -u -n -i -m -p -f --mount-proc sh -c 'hostname uns; exec sleep 1000' \
		</dev/null >/dev/null 2>&1 3>&- &
	p=$!
	BG_PIDS=$p
	for i in $(seq 50); do
		t=$(pgrep -P "$p" sleep) && [ -n "$t" ] && [ "$(cat "/proc/$t/comm")" = sleep ] && break
		t=''
		sleep 0.1
	done
	[ -n "$t" ] || fail "no container of nobody's"
	BG_PIDS="$p $t"		# the sleep is PID 1 of its namespace: killed by PID too
	for who in root nobody; do
		for o in "" --no-pidfd; do
			if [ $who = root ]; then
				run "$nsl" $o -t "$t" -a sh -c 'hostname; id -u; readlink /proc/self/ns/user'
			else
				# an unprivileged caller cannot enter our cgroup namespace
				# (as -a would): the namespaces the user's container owns
				run $nobody "$nsl" $o -t "$t" -U -u -n -i -m -p sh -c 'hostname; id -u; readlink /proc/self/ns/user'
			fi
			[ "$status" = 0 ] || fail "$who $o: exit $status: $output"
			[ "${lines[*]}" = "uns 0 $(readlink "/proc/$t/ns/user")" ] || fail "$who $o: $output"
		done
	done
	# without a pidfd: pass 1 fails on all but the user namespace, pass 2
	# enters it first, then the rest, as util-linux does
	local a b
	a=$($nobody strace -qq -e trace=setns -e signal=none nsenter -t "$t" -U -u -n -i -m -p true 2>&1 |
		sed -n 's/^setns([0-9]*, \([A-Z_]*\)).* = \(.*\)/\1 \2/p')
	b=$($nobody strace -qq -e trace=setns -e signal=none "$nsl" --no-pidfd -t "$t" -U -u -n -i -m -p true 2>&1 |
		sed -n 's/^setns([0-9]*, \([A-Z_]*\)).* = \(.*\)/\1 \2/p')
	[ -n "$a" ] && [ "$a" = "$b" ] || fail "nsenter:" "$a" "nsenter-lite --no-pidfd:" "$b"
	[ "$(head -1 <<<"$b")" = "CLONE_NEWIPC -1 EPERM (Operation not permitted)" ]
	# util-linux 2.38 then fails on setgroups, denied in that namespace; we do not
	run $nobody nsenter -t "$t" -U -u -n -i -m -p true
	[ "$status" != 0 ] && [[ $output == *setgroups* ]]
	# -a as nobody: refused, the namespace named, as nsenter names it
	run --separate-stderr $nobody "$nsl" -t "$t" -a true
	[ "$status" = 1 ] && [ "$stderr" = "nsenter-lite: setns cgroup of $t: Operation not permitted" ]
}

@test "-U into our own user namespace fails as nsenter's does (setns EINVAL), exit 1" {
	local pid
	pid=$(awk 'NR == 1 { print $5 }' "$TSV")
	both -t "$pid" -U true
	[ "$A_RC" = 1 ] && [ "$B_RC" = 1 ]
	grep -q 'Invalid argument' "$BATS_TEST_TMPDIR/a.err"
	[ "$(cat "$BATS_TEST_TMPDIR/b.err")" = "nsenter-lite: setns user of $pid: Invalid argument" ]
}

@test "under a memory checker (valgrind: no pidfd_open there, the PID's start time pins it; or the sanitizers): no error, the same namespaces" {
	command -v valgrind >/dev/null || fail "valgrind is needed (apt-get install valgrind)"
	local pid
	pid=$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")
	run --separate-stderr memcheck \
		"$nsl" -t "${D_HALF:0:8}" -a -c -e -r -w sh -c "$NS_LINKS"
	[ "$status" = 0 ] || fail "exit $status" "$stderr"
	[ "$output" = "$(host_links "$pid")" ]
}

# ------------------------------------------------------------------------------
# cgroups, pods, the rest of nsenter's options

@test "--join-cgroup: the command is in the container's cgroups in every hierarchy (v1 and v2)" {
	local id pid cg
	while read -r id pid cg; do
		run "$nsl" -t "$pid" -a --join-cgroup cat /proc/self/cgroup
		[ "$status" = 0 ] || fail "$id: exit $status: $output"
		[ "$output" = "$(cat "/proc/$pid/cgroup")" ] ||
			fail "$id: other cgroups" "container:" "$(cat "/proc/$pid/cgroup")" "command:" "$output"
		# and without it, ours
		run "$nsl" -t "$pid" -a cat /proc/self/cgroup
		[ "$output" = "$(cat /proc/self/cgroup)" ] || fail "$id: moved without --join-cgroup"
	done < <(each_container)
	# -c alone (no namespace): a host process in the container's cgroups
	run "$nsl" -t "${D_HALF:0:8}" -c cat /proc/self/cgroup
	[ "$output" = "$(cat "/proc/$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")/cgroup")" ]
}

@test "pods: each app container shares net, uts and ipc with its pause container, not pid and mnt" {
	local n a b l
	for n in B BE; do
		eval "a=\$APP_$n b=\$PAUSE_$n"
		for l in net uts ipc pid mnt; do
			local x y
			x=$("$nsl" -t "$a" -a readlink "/proc/self/ns/$l")
			y=$("$nsl" -t "$b" -a readlink "/proc/self/ns/$l")
			case $l in
			net|uts|ipc) [ "$x" = "$y" ] || fail "pod $n: $l differs: $x $y";;
			*) [ "$x" != "$y" ] || fail "pod $n: $l shared: $x";;
			esac
		done
		# the app container's hostname is the pause container's
		[ "$("$nsl" -t "$a" -u hostname)" = "$("$nsl" -t "$b" -u hostname)" ]
	done
}

@test "-r, -w, -e, -S, -G, --preserve-credentials, -F as nsenter" {
	local pid
	pid=$(awk 'NR == 1 { print $5 }' "$TSV")
	both -t "$pid" -m -r -w pwd
	same "-r -w"
	[ "$B_OUT" = / ]
	# -F: no fork, so the command itself stays in our PID namespace (its
	# children would not)
	both -t "$pid" -p -F readlink /proc/self/ns/pid /proc/self/ns/pid_for_children
	same "-F"
	[ "${B_OUT%%$'\n'*}" = "$(readlink /proc/self/ns/pid)" ]
	[ "${B_OUT#*$'\n'}" = "$(readlink "/proc/$pid/ns/pid")" ]
	both -t "$pid" -a -S 1000 -G 1001 id -u
	same "-S"
	[ "$B_OUT" = 1000 ]
	both -t "$pid" -a -S 1000 -G 1001 id -g
	same "-G"
	[ "$B_OUT" = 1001 ]
	both -t "$pid" -a --preserve-credentials id -u
	same "--preserve-credentials"
	# -e: the target's environment, not ours
	B_OUT=$(FOO=ours "$nsl" -t "$pid" -a -e env | sort)
	[ "$B_OUT" = "$(tr '\0' '\n' < "/proc/$pid/environ" | sort)" ] || fail "env:" "$B_OUT"
	B_OUT=$(FOO=ours "$nsl" -t "$pid" -a env)
	grep -qx FOO=ours <<<"$B_OUT"
	# -r DIR: a directory of ours, opened before entering
	mkdir -p "$BATS_TEST_TMPDIR/root/bin"
	cp /bin/busybox "$BATS_TEST_TMPDIR/root/bin/"
	run "$nsl" -t "$pid" -u --root="$BATS_TEST_TMPDIR/root" /bin/busybox sh -c 'ls /bin; hostname'
	[ "$status" = 0 ] && [ "${lines[0]}" = busybox ]
}

@test "a script that calls nsenter keeps working when nsenter is nsenter-lite" {
	local pid
	pid=$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$nsl" "$BATS_TEST_TMPDIR/bin/nsenter"
	cat > "$BATS_TEST_TMPDIR/script" <<'EOF'
#!/bin/sh
# as sysadmins write it
nsenter --target "$1" --mount --uts --ipc --net --pid -- sh -c 'hostname; ps -o pid,args | grep -c "[s]leep"'
nsenter -t "$1" -n ip -o link show lo | cut -d: -f2
nsenter -t "$1" -m -p sh -c 'exit 7'
echo "status $?"
nsenter -t "$1" -p -- no-such-command
EOF
	chmod +x "$BATS_TEST_TMPDIR/script"
	run -127 --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin:$PATH" "$BATS_TEST_TMPDIR/script" "$pid"
	local ours=$output ours_err=$stderr ours_rc=$status
	run -127 --separate-stderr "$BATS_TEST_TMPDIR/script" "$pid"
	[ "$ours" = "$output" ] && [ "$ours_rc" = "$status" ] || fail "with nsenter-lite:" "$ours" "with nsenter:" "$output"
	[ "$ours_rc" = 127 ] && [ "${ours%%$'\n'*}" = "${D_HALF:0:12}" ]
	# messages name the program as it was called
	[ "$ours_err" = "nsenter: failed to execute no-such-command: No such file or directory" ] || fail "$ours_err"
}

@test "no command: \$SHELL as a login shell, as nsenter" {
	local pid
	pid=$(awk 'NR == 1 { print $5 }' "$TSV")
	B_OUT=$(echo 'echo $0' | SHELL=/bin/sh "$nsl" -t "$pid" -a)
	A_OUT=$(echo 'echo $0' | SHELL=/bin/sh nsenter -t "$pid" -a)
	[ "$A_OUT" = "$B_OUT" ] && [ "$B_OUT" = -sh ]
}

# ------------------------------------------------------------------------------
# lite

@test "links nothing but libc" {
	run objdump -p "$nsl"
	[ "$status" = 0 ]
	local needed
	needed=$(awk '$1 == "NEEDED" { print $2 }' <<<"$output" | tr '\n' ' ')
	# static (--enable-static-nsenter): no NEEDED at all
	if [ "${CGK_SANITIZED:-no}" = yes ]; then
		# a sanitizer build adds only what the sanitizer runtimes need
		local l
		[[ " $needed" == *" libc.so.6 "* ]] || fail "NEEDED without libc: $needed"
		for l in $needed; do
			case $l in
			libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|libgcc_s.so.1|libasan.so.*|libubsan.so.*) ;;
			ld-linux-x86-64.so.2) ;;	# json-c's TLS, as below
			*) fail "NEEDED: $l (of $needed)" ;;
			esac
		done
		return 0
	fi
	# json-c (container names) is linked from its static archive; its
	# thread-local variable brings the dynamic loader, which every
	# dynamically linked program has anyway, as a NEEDED entry
	needed=${needed/ld-linux-x86-64.so.2 /}
	[ "$needed" = "libc.so.6 " ] || [ -z "$needed" ] || fail "NEEDED: $needed"
}

@test "--help: usage on stdout, exit 0; --version; bad option: Try line, exit 1" {
	run --separate-stderr "$nsl" --help
	[ "$status" = 0 ] && [ -z "$stderr" ]
	[[ ${lines[0]} == "Usage: nsenter-lite [OPTIONS] [PROGRAM [ARGUMENT...]]" ]]
	run "$nsl" --version
	[ "$status" = 0 ] && [[ $output == "nsenter-lite (cgkit) "* ]]
	run --separate-stderr "$nsl" --bogus
	[ "$status" = 1 ] && [ -z "$output" ]
	[ "${stderr_lines[1]}" = "Try 'nsenter-lite --help' for more information." ]
	run --separate-stderr "$nsl" -a true
	[ "$status" = 1 ] && [ "${stderr_lines[0]}" = "nsenter-lite: --all needs a target (-t)" ]
	run --separate-stderr "$nsl" -t 12 -S x true
	[ "$status" = 1 ] && [[ ${stderr_lines[0]} == "nsenter-lite: --setuid: 'x': not a number" ]]
}
