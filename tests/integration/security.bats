#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# What no tool may do, whatever it is given: write outside the cgroup
# hierarchy (a symlinked cgroup, control file or mount point, "..": refused,
# the file pointed to untouched), enter another process than the target
# because its PID was reused (nsenter-lite holds a pidfd), or take a path
# from the environment that its manual does not name.
#
#   make check TESTS=tests/integration/security.bats
#   CGK_BUILDDIR=. bats tests/integration/security.bats      (from the source tree)

load helpers
load hardening

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -n "$CGK_SKIP" ] || command -v strace >/dev/null ||
		CGK_SKIP="strace is missing (apt-get install -y strace)"
	[ -n "$CGK_SKIP" ] || command -v script >/dev/null ||
		CGK_SKIP="script(1) is missing (apt-get install -y bsdutils)"
}

setup() {
	require_root_v1
	scratch_create
	T=$BATS_TEST_TMPDIR
	R=$T/sr
	O=$R/outside
}

teardown() {
	helpers_stop_all
	scratch_remove
}

# scratch_dir CTRL: our scratch directory in the hierarchy holding CTRL
scratch_dir() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		case ",$label," in *",$1,"*) echo "$mnt${own%/}/$SCRATCH"; return 0;; esac
	done < <(cg_hierarchies)
	return 1
}

# sum_outside: every file below $O with its content, and what lies there
sum_outside() {
	(cd "$O" && find . -printf '%p %y %s\n' | LC_ALL=C sort && find . -type f -exec md5sum {} + | LC_ALL=C sort)
}

# refused WHAT: the last `run` exited 1 with one line "TOOL: ..." naming WHAT
# (and "Try 'TOOL --help' ..." after it for bad usage)
refused() {
	[ "$status" = 1 ] || { echo "exit $status: $stderr"; return 1; }
	[ "$(wc -l <<< "$stderr")" = 1 ] || [ "${stderr#*$'\n'}" = "Try '${stderr%%: *} --help' for more information." ] ||
		{ echo "not one line: $stderr"; return 1; }
	[[ $stderr == *"$1"* ]] || { echo "does not name $1: $stderr"; return 1; }
}

# ---- (a) no write lands outside the hierarchy ---------------------------------

@test "sysroot trees with symlinked cgroups, control files and mount points, or '..' out: cgset and cgsh refuse, the files outside stay" {
	local x before fails='' cmd
	hard_sysroots "$R"
	before=$(sum_outside)
	for x in dir-link dir-rel dir-etc ctl-link mnt-link mnt-rel mnt-dotdot; do
		while IFS= read -r cmd; do
			# ctl-link has only cpu.shares, cgroup.procs and tasks linked out
			[ "$x" != ctl-link ] || [[ $cmd == *shares* || $cmd == *attach* ]] || continue
			eval "set -- $cmd"
			run --separate-stderr "$CGK_BUILDDIR/$1" --sysroot "$R/$x" "${@:2}" </dev/null
			refused "" >/dev/null || { fails+="[$x: $cmd] $(refused "" || :)"$'\n'; continue; }
			[[ $stderr =~ (Too\ many\ levels\ of\ symbolic\ links|no\ hierarchy\ holds\ controller\ \'cpu\') ]] ||
				fails+="[$x: $cmd] why? $stderr"$'\n'
		done <<-'EOF'
		cgset -r cpu.shares=512 cpu:/a
		cgset --shares 512 /a
		cgset --cpus 0.5 cpu:/a
		cgset --create -g cpu cpu:/a/new
		cgset --attach 4242 cpu:/a
		cgset --copy-from cpu:/free cpu:/a
		cgsh -c 'cd cpu:/a; set cpu.shares=512'
		cgsh -c 'cd cpu:/a; shares 512'
		cgsh -c 'cd cpu:/a; attach 4242'
		EOF
	done
	# a full path through the link; -R below a symlinked control file; mkdir and
	# rmdir through a symlinked cgroup
	run --separate-stderr "$CGK_BUILDDIR/cgset" --sysroot "$R/dir-link" --shares 512 /sys/fs/cgroup/cpu/a
	refused /sys/fs/cgroup/cpu/a >/dev/null || fails+="full path: $(refused /sys/fs/cgroup/cpu/a || :)"$'\n'
	run --separate-stderr "$CGK_BUILDDIR/cgset" --sysroot "$R/ctl-link-deep" -R -r cpu.shares=512 cpu:/
	refused "/a/b in cpu: cpu.shares=512: Too many levels of symbolic links" >/dev/null || fails+="-R: $(refused /a/b || :)"$'\n'
	run --separate-stderr "$CGK_BUILDDIR/cgsh" --sysroot "$R/dir-link" -c 'cd cpu:/; mkdir a/new'
	refused "a/new" >/dev/null || fails+="mkdir: $(refused a/new || :)"$'\n'
	run --separate-stderr "$CGK_BUILDDIR/cgsh" --sysroot "$R/dir-link" -c 'cd cpu:/; rmdir a'
	refused "rmdir: a:" >/dev/null || fails+="rmdir: $(refused a || :)"$'\n'
	[ -z "$fails" ] || fail "$fails"
	[ "$(sum_outside)" = "$before" ] || fail "outside changed:" "$(diff <(echo "$before") <(sum_outside))"
	[ ! -e "$O/new" ] && [ ! -e "$O/a/new" ]
	# the fixture's own cpu.shares after all that: untouched as well
	[ "$(cat "$R/dir-link/sys/fs/cgroup/cpu/cpu.shares")" = 1024 ]
}

@test "live hierarchy, private mount namespace: a tmpfs over a scratch cgroup with symlinked cgroups and control files; cgexec-ns, cgset and cgsh refuse" {
	local cpu m out before st msg prog=
	mkdir -p "$O"
	echo 1024 > "$O/cpu.shares"
	: > "$O/cgroup.procs"
	: > "$O/tasks"
	before=$(sum_outside)
	cpu=$(scratch_dir cpu)
	mkdir "$cpu/m"
	m=/$SCRATCH/m
	helper_start sleep 1000
	cat > "$T/inside" <<-EOF
	set -u
	mount -t tmpfs tmpfs "$cpu/m" || exit 99
	ln -s "$O" "$cpu/m/link"
	for f in cpu.shares cgroup.procs tasks; do ln -s "$O/\$f" "$cpu/m/\$f"; done
	t() { "\$@" </dev/null >/dev/null 2>"$T/err"; printf '%s\t%s\n' "\$?" "\$(cat "$T/err")"; }
	t "$CGK_BUILDDIR/cgexec-ns" --relative -g "cpu:$m/link" touch "$T/ran"
	t "$CGK_BUILDDIR/cgexec-ns" --relative -g "cpu:$m/link/a" touch "$T/ran"
	t "$CGK_BUILDDIR/cgexec-ns" --relative -g "cpu:$m" touch "$T/ran"
	t "$CGK_BUILDDIR/cgexec-ns" --relative -g "cpu:$m/../../../../../../../etc" touch "$T/ran"
	t "$CGK_BUILDDIR/cgset" --relative -r cpu.shares=512 "cpu:$m"
	t "$CGK_BUILDDIR/cgset" --relative --attach $HELPER_PID "cpu:$m"
	t "$CGK_BUILDDIR/cgset" --relative --attach $HELPER_PID "cpu:$m/link"
	t "$CGK_BUILDDIR/cgset" --relative --create "cpu:$m/link/new"
	t "$CGK_BUILDDIR/cgset" --relative -R -r cpu.shares=512 "cpu:/$SCRATCH"
	t "$CGK_BUILDDIR/cgsh" --relative -c "cd cpu:$m; set cpu.shares=512"
	t "$CGK_BUILDDIR/cgsh" --relative -c "cd cpu:$m; attach $HELPER_PID"
	t "$CGK_BUILDDIR/cgsh" --relative -c "cd cpu:$m/link"
	t "$CGK_BUILDDIR/cgsh" --relative -c "cd cpu:$m; mkdir link/x"
	t "$CGK_BUILDDIR/cgsh" --relative -c "cd cpu:$m; exec touch $T/ran"
	EOF
	out=$(unshare -m --propagation private bash "$T/inside")
	echo "$out" >&3
	[ "$(grep -c '^[0-9]' <<< "$out")" = 14 ] || fail "$out"
	while IFS=$'\t' read -r st msg; do
		[ "$st" != "Try '$prog --help' for more information." ] || continue
		prog=${msg%%: *}
		[ "$st" = 1 ] || fail "exit $st: $msg"
		# named: the cgroup, or the operand as typed (mkdir link/x)
		[[ $msg =~ ^(cgexec-ns|cgset|cgsh):\ .*($m|\ link/x:).*(Too\ many\ levels\ of\ symbolic\ links|invalid\ cgroup\ path) ]] ||
			fail "not refused by name: $msg"
	done <<< "$out"
	[ ! -e "$T/ran" ] || fail "a command ran"
	[ "$(sum_outside)" = "$before" ] || fail "outside changed:" "$(diff <(echo "$before") <(sum_outside))"
	# nothing left of the namespace's mount, and the scratch cgroup unchanged
	! grep -q " $cpu/m " /proc/self/mountinfo
	[ "$(cat "$cpu/cpu.shares")" = 1024 ]
	[ -z "$(cat "$cpu/m/cgroup.procs")" ]
}

# ---- (b) nsenter-lite and PID reuse -------------------------------------------

@test "nsenter-lite: one pidfd_open of the target, then one setns on that pidfd" {
	local trace=$T/trace x fd
	helper_start unshare -u -n sh -c 'hostname cgkit-target; exec sleep 1000'
	x=$HELPER_PID
	for _ in $(seq 50); do [ "$(cat "/proc/$x/comm")" = sleep ] && break; sleep 0.05; done
	run --separate-stderr strace -f -o "$trace" -e trace=pidfd_open,setns,openat \
		"$CGK_BUILDDIR/nsenter-lite" -t "$x" -u -n hostname
	[ "$status" = 0 ] || fail "exit $status: $stderr"
	[ "$output" = cgkit-target ] || fail "entered the wrong UTS namespace: $output"
	grep -E 'pidfd_open|setns|/ns/' "$trace" >&3
	fd=$(sed -n "s/.*pidfd_open($x, 0) *= \([0-9]*\)\$/\1/p" "$trace")
	[ -n "$fd" ] || fail "no pidfd_open($x)" "$(cat "$trace")"
	[ "$(grep -c 'setns(' "$trace")" = 1 ] || fail "not one setns" "$(grep setns "$trace")"
	grep -Eq "setns\($fd, (CLONE_NEWNET\|CLONE_NEWUTS|CLONE_NEWUTS\|CLONE_NEWNET)\) *= 0" "$trace" ||
		fail "setns not on the pidfd $fd" "$(grep setns "$trace")"
	# the pidfd came first, and no namespace file was opened
	[ "$(grep -n pidfd_open "$trace" | cut -d: -f1)" -lt "$(grep -n 'setns(' "$trace" | cut -d: -f1)" ]
	! grep -q '/ns/' "$trace"
}

@test "nsenter-lite: a target that dies after the lookup and whose PID is taken by another process is an error, not that process (pidfd and --no-pidfd)" {
	local mode out
	# In a PID namespace of our own, ns_last_pid hands the dead target's PID
	# to an impostor while strace holds nsenter-lite just after pidfd_open.
	cat > "$T/race" <<-'EOF'
	nl=$1 mode=$2 t=$3
	cd "$t" || exit 99
	unshare -u sh -c 'hostname target; exec sleep 1000' </dev/null >/dev/null 2>&1 &
	x=$!
	for _ in $(seq 100); do [ "$(cat /proc/$x/comm)" = sleep ] && break; sleep 0.05; done
	rm -f trace
	strace -f -o trace -e trace=pidfd_open,setns,openat,pidfd_send_signal \
		-e inject=pidfd_open:delay_exit=3000000 \
		"$nl" $([ "$mode" = pidfd ] || echo --no-pidfd) -t "$x" -u hostname >out 2>err &
	n=$!
	for _ in $(seq 140); do grep -q "pidfd_open($x" trace 2>/dev/null && break; sleep 0.01; done
	kill -KILL "$x"
	wait "$x"
	echo $((x - 1)) > /proc/sys/kernel/ns_last_pid
	unshare -u sh -c 'hostname impostor; exec sleep 1000' </dev/null >/dev/null 2>&1 &
	i=$!
	wait "$n"
	printf 'target %s impostor %s status %s out %s err %s\n' "$x" "$i" "$?" "$(cat out)" "$(cat err)"
	grep -E 'pidfd|setns|/ns/' trace
	kill -KILL "$i"
	EOF
	for mode in pidfd no-pidfd; do
		out=$(unshare -p -f --mount-proc bash "$T/race" "$CGK_BUILDDIR/nsenter-lite" "$mode" "$T")
		echo "$mode: $out" >&3
		[[ ${out%%$'\n'*} =~ ^target\ ([0-9]+)\ impostor\ ([0-9]+)\ status\ ([0-9]+)\ out\ (.*)\ err\ (.*)$ ]] ||
			fail "$mode: $out"
		[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] || fail "$mode: the PID was not reused: $out"
		[ "${BASH_REMATCH[3]}" = 1 ] || fail "$mode: exit ${BASH_REMATCH[3]}: $out"
		[ -z "${BASH_REMATCH[4]}" ] || fail "$mode: ran in the impostor's namespace: $out"
		[ "${BASH_REMATCH[5]}" = "nsenter-lite: ${BASH_REMATCH[1]}: no such process" ] || fail "$mode: $out"
		grep -q "pidfd_open(${BASH_REMATCH[1]}, 0) *= [0-9]* (DELAYED)" <<< "$out" || fail "$mode: no delay: $out"
	done
}

# ---- (c) the environment ------------------------------------------------------

# programs FILE: the programs whose _SOURCES list FILE (bin/Makemodule.am); every
# program for a file of lib/
programs() {
	awk -v f="$1" '
		f ~ /^lib\// && $1 == "bin_PROGRAMS" { for (i = 3; i <= NF; i++) print $i; next }
		$1 ~ /_SOURCES$/ && $2 == "=" {
			for (i = 3; i <= NF; i++)
				if ($i == f) { sub(/_SOURCES$/, "", $1); gsub(/_/, "-", $1); print $1 }
		}' "$CGK_SRCDIR/bin/Makemodule.am"
}

# readers FILE LINE: the programs that read the environment at LINE of FILE:
# those that link FILE and, for a file shared by several (bin/common/nsexec.c), whose
# own source calls the function around LINE
readers() {
	local f=$1 line=$2 fn p
	fn=$(awk -v l="$line" 'NR <= l && /^[a-z_][a-z_ 0-9*]*\(/ { s = $0 } NR == l { print s; exit }' \
		"$CGK_SRCDIR/$f" | sed 's/(.*//; s/.*[ *]//')
	for p in $(programs "$f"); do
		if [ "$f" = "bin/$p.c" ] || [[ $f == lib/* ]] || grep -q "\<$fn(" "$CGK_SRCDIR/bin/$p.c"; then
			echo "$p"
		fi
	done
}

# documented TOOL VAR: man/TOOL.1 lists VAR in its ENVIRONMENT section
documented() {
	awk '/^\.Sh ENVIRONMENT/ { on = 1; next } /^\.Sh / { on = 0 } on' "$CGK_SRCDIR/man/$1.1" |
		grep -Eq "^\.It Ev ([A-Z_]+ , Ev )*$2( |$)"
}

@test "every environment variable a tool reads (getenv, execvp's PATH) is in its manual's ENVIRONMENT" {
	local f l v p n=0 fails='' seen=''
	while IFS=: read -r f l v; do
		for p in $(readers "$f" "$l"); do
			[[ $seen == *" $p:$v "* ]] && continue
			seen+=" $p:$v "
			n=$((n + 1))
			echo "$p reads $v ($f:$l)" >&3
			documented "$p" "$v" || fails+="$f:$l reads $v: not in $p(1) ENVIRONMENT"$'\n'
		done
	done < <(cd "$CGK_SRCDIR" && {
		grep -n -o 'getenv("[A-Z_]*")' bin/*.c bin/common/*.c lib/*.c | sed 's/getenv("\(.*\)")/\1/'
		grep -n -o '\<exec[lv]p[e]*(' bin/*.c bin/common/*.c lib/*.c | sed 's/:[^:]*$/:PATH/'
	})
	[ "$n" -ge 7 ] || fail "too few readers found: $n"
	[ -z "$fails" ] || fail "$fails"
}

@test "cgls COLUMNS and NO_COLOR, hostile values: a width from 1 to 65535 or the terminal's" {
	local c w
	for c in 40 abc -5 0 '' 99999999999999999999 4294967297 4294967336 65536 '40x'; do
		w=$(script -qfec "stty cols 100 rows 50; COLUMNS='$c' exec '$CGK_BUILDDIR/cgls' -a" /dev/null </dev/null |
			tr -d '\r' | sed 's/\x1b\[[0-9;]*m//g' | LC_ALL=C.UTF-8 wc -L)
		case $c in
		40) [ "$w" = 40 ] || fail "COLUMNS=40: lines $w wide";;
		*) [ "$w" = 100 ] || fail "COLUMNS='$c': lines $w wide, not the terminal's 100";;
		esac
	done
	# so narrow that the tree's glyphs do not fit: no NUL, no stale text
	for c in 1 3 6; do
		[ "$(script -qfec "stty cols 100; COLUMNS=$c exec '$CGK_BUILDDIR/cgls' -a" /dev/null </dev/null |
			tr -cd '\000' | wc -c)" = 0 ] || fail "COLUMNS=$c: a NUL byte on the terminal"
	done
	script -qfec "exec '$CGK_BUILDDIR/cgls' -a" /dev/null </dev/null | grep -q $'\033\[' ||
		fail "no colour on a terminal"
	! script -qfec "NO_COLOR=1 exec '$CGK_BUILDDIR/cgls' -a" /dev/null </dev/null | grep -q $'\033\[' ||
		fail "NO_COLOR: colour anyway"
}

@test "nsenter-lite SHELL and PATH, cgexec-ns PATH: used as documented, hostile values refused in one line" {
	local nl=$CGK_BUILDDIR/nsenter-lite cgx=$CGK_BUILDDIR/cgexec-ns
	mkdir "$T/bin"
	printf '#!/bin/sh\necho "shell $0 $#"\n' > "$T/bin/myshell"
	printf '#!/bin/sh\necho probe\n' > "$T/bin/cgk-probe"
	chmod +x "$T/bin/myshell" "$T/bin/cgk-probe"
	# SHELL: the program when none is given
	run --separate-stderr env SHELL="$T/bin/myshell" "$nl" -t $$ -u </dev/null
	[ "$status" = 0 ] && [ "$output" = "shell $T/bin/myshell 0" ] || fail "SHELL: $status $output $stderr"
	run --separate-stderr env SHELL="$T/bin/myshell" "$nl" -t $$ -u echo given </dev/null
	[ "$output" = given ] || fail "SHELL used although a program was given: $output"
	run -127 --separate-stderr env SHELL=/nonexistent/sh "$nl" -t $$ -u </dev/null
	[ "$stderr" = "nsenter-lite: failed to execute /nonexistent/sh: No such file or directory" ] || fail "$stderr"
	run -127 --separate-stderr env SHELL=$'/no\nsh' "$nl" -t $$ -u </dev/null
	[ "$stderr" = 'nsenter-lite: failed to execute /no\nsh: No such file or directory' ] || fail "$stderr"
	# empty: /bin/sh, as a login shell ("-sh"), as nsenter runs it
	run --separate-stderr env SHELL= "$nl" -t $$ -u <<< 'echo "$0"'
	[ "$status" = 0 ] && [ "$output" = -sh ] || fail "empty SHELL: $status $output $stderr"
	# PATH: where the program is looked for, with nsenter-lite and cgexec-ns
	run --separate-stderr env PATH="$T/bin:/usr/bin:/bin" "$nl" -t $$ -u cgk-probe </dev/null
	[ "$output" = probe ] || fail "nsenter-lite PATH: $status $output $stderr"
	run --separate-stderr env PATH="$T/bin:/usr/bin:/bin" "$cgx" --relative -g "cpu:/$SCRATCH" cgk-probe </dev/null
	[ "$output" = probe ] || fail "cgexec-ns PATH: $status $output $stderr"
	# a command PATH does not have: refused before a cgroup is made
	run -127 --separate-stderr env PATH=/nonexistent "$cgx" --relative --create -g "cpu:/$SCRATCH/new" true </dev/null
	[ "$stderr" = "cgexec-ns: true: command not found" ] || fail "$stderr"
	[ ! -e "$(scratch_dir cpu)/new" ] || fail "created"
	run -127 --separate-stderr env -u PATH "$cgx" --relative -g "cpu:/$SCRATCH" cgk-probe </dev/null
	[ "$stderr" = "cgexec-ns: cgk-probe: command not found" ] || fail "unset PATH: $stderr"
}

@test "cgsh: PATH does not replace the tools next to it; HOME is where the history is, never through a symlink" {
	local cgsh=$CGK_BUILDDIR/cgsh home=$T/home
	mkdir "$T/evil" "$home"
	for p in cgls cgtop cgexec-ns nsenter-lite; do
		printf '#!/bin/sh\ntouch %s/evil-ran\n' "$T" > "$T/evil/$p"
		chmod +x "$T/evil/$p"
	done
	run --separate-stderr env PATH="$T/evil:$PATH" "$cgsh" --relative -c "cd /$SCRATCH; tree; top -b -n1; exec true" </dev/null
	[ "$status" = 0 ] || fail "exit $status: $stderr"
	[ ! -e "$T/evil-ran" ] || fail "cgsh ran a tool found in PATH instead of its own"
	# script mode keeps no history
	HOME=$home run --separate-stderr "$cgsh" -c pwd </dev/null
	[ "$status" = 0 ] && [ -z "$(ls -A "$home")" ] || fail "script mode touched HOME: $(ls -A "$home")"
	# interactive: the history file in HOME, mode 600, with what was typed
	feed() { (sleep 1; printf 'pwd\n'; sleep 0.5; printf 'exit\n'; sleep 0.5) |
		HOME=$1 timeout 20 script -qfec "$cgsh" /dev/null | tr -d '\r' | sed 's/\x1b\[[?0-9;]*[a-zA-Z]//g'; }
	out=$(feed "$home")
	[ "$(stat -c %a "$home/.cgsh_history")" = 600 ] || fail "no history file: $out"
	[ "$(cat "$home/.cgsh_history")" = $'pwd\nexit' ] || fail "history: $(cat "$home/.cgsh_history")"
	# a symlink planted there: named, and the file it points to left alone
	rm "$home/.cgsh_history"
	echo precious > "$T/victim"
	ln -s "$T/victim" "$home/.cgsh_history"
	out=$(feed "$home")
	[ "$(cat "$T/victim")" = precious ] || fail "written through the symlink: $(cat "$T/victim")"
	grep -q "^cgsh: $home/.cgsh_history: not a regular file of user 0: no history kept$" <<< "$out" ||
		fail "not named: $out"
	# a directory there, and a HOME that does not exist: no history, no crash
	rm "$home/.cgsh_history"
	mkdir "$home/.cgsh_history"
	out=$(feed "$home")
	grep -q "not a regular file" <<< "$out" && grep -q '^/$' <<< "$out" || fail "$out"
	out=$(feed "$T/nonexistent")
	grep -q '^/$' <<< "$out" && [ ! -e "$T/nonexistent" ] || fail "$out"
}

@test "cgtop: batch mode reads no terminal variable (TERM, TERMINFO); on a terminal curses does, as cgtop(1) says" {
	local trace=$T/trace
	mkdir "$T/ti"
	# LeakSanitizer cannot run under ptrace: a sanitizer build leaves it out here
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	run strace -f -o "$trace" -e trace=%file env TERM=cgk-hostile TERMINFO="$T/ti" TERMINFO_DIRS="$T/ti" \
		"$CGK_BUILDDIR/cgtop" -b -n1 </dev/null
	[ "$status" = 0 ] || fail "exit $status: $output"
	! grep -q "$T/ti" "$trace" || fail "batch mode looked at TERMINFO:" "$(grep "$T/ti" "$trace")"
	# on a terminal curses looks there first (documented): q ends it
	(sleep 1.5; printf q) | TERM=xterm TERMINFO="$T/ti" timeout 20 script -qfec \
		"strace -f -o '$trace' -e trace=%file '$CGK_BUILDDIR/cgtop' -n 2" /dev/null >/dev/null
	grep -q "$T/ti" "$trace" || fail "curses did not look at TERMINFO on a terminal"
}
