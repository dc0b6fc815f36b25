#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# cgsh against the real kernel: scripts (-c, a file, a pipe) that make, limit,
# populate and remove cgroups below a scratch cgroup, checked in cgroupfs;
# the interactive shell in tmux (completion, prompt, errors, top, history).
#
#   make check TESTS=tests/integration/cgsh.bats
#   CGK_BUILDDIR=. bats tests/integration/cgsh.bats      (from the source tree)

load helpers

cgsh=$CGK_BUILDDIR/cgsh

setup() {
	require_root_v1
	[ -x "$cgsh" ] || fail "no cgsh at $cgsh (build it first)"
	scratch_create
	TMUX_SOCK=
	# the history file goes here, never to the real home
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir -p "$HOME"
	# ids of made-up containers and pods: unique on this machine
	ID=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
	CID=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
	U=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	UID_=${U:0:8}_${U:8:4}_${U:12:4}_${U:16:4}_${U:20:12}
	UID_DASH=${UID_//_/-}
}

teardown() {
	if [ -n "${TMUX_SOCK:-}" ]; then
		tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	fi
	helpers_stop_all
	scratch_remove
	return 0
}

# v1_dirs: the scratch directory of every v1 hierarchy
v1_dirs() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = - ] || echo "$mnt${own%/}/$SCRATCH"
	done < <(cg_hierarchies)
}

# sh_run ARGS...: cgsh --relative ARGS, stdin closed; $output, $stderr, $status
sh_run() {
	run --separate-stderr "$cgsh" --relative "$@" </dev/null
}

# ------------------------------------------------------------------------------
# script mode

@test "script: make a cgroup, limit it, attach a process, read it all back, remove it" {
	helper_start sleep 1000
	local p=$HELPER_PID d
	sh_run -c "cd /$SCRATCH; mkdir job; cd job; cpus 0.5; memory 256M
		set pids.max=20 cpu.shares=512; attach $p
		get cpus memory pids.max cpu.shares; cat cpu.cfs_quota_us memory.limit_in_bytes; procs"
	[ "$status" = 0 ] || fail "status $status: $stderr"
	[ -z "$stderr" ] || fail "stderr: $stderr"
	[ "$output" = "cpus: 0.50
memory: 256M
pids.max: 20
cpu.shares: 512
50000
268435456
$(printf '%7d sleep 1000' "$p")" ] || fail "output:" "$output"
	# what the kernel holds
	[ "$(cat "$(dir_of cpu)/job/cpu.cfs_quota_us")" = 50000 ]
	[ "$(cat "$(dir_of cpu)/job/cpu.shares")" = 512 ]
	[ "$(cat "$(dir_of memory)/job/memory.limit_in_bytes")" = 268435456 ]
	[ "$(cat "$(dir_of pids)/job/pids.max")" = 20 ]
	# made in every v1 hierarchy the scratch cgroup is in, the process in each
	while read -r d; do
		[ -d "$d/job" ] || fail "no $d/job"
		grep -qx "$p" "$d/job/cgroup.procs" || fail "$p not in $d/job"
	done < <(v1_dirs)
	grep -q "^[0-9]*:cpu:/$SCRATCH/job\$" "/proc/$p/cgroup" || fail "$(cat "/proc/$p/cgroup")"

	# ls: the child, its tasks and limits in human units
	sh_run -c "cd /$SCRATCH; ls"
	[ "$status" = 0 ] || fail "ls: $stderr"
	[ "$(head -1 <<< "$output")" = "TASKS  CPUS  MEMORY  PIDS  NAME" ] || fail "$output"
	grep -qE '^ +1 +0\.50 +256M +20  job( \[.*\])?$' <<< "$output" || fail "ls:" "$output"

	# rmdir refuses a cgroup with a process; -f moves it to the parent first
	sh_run -c "cd /$SCRATCH; rmdir job"
	[ "$status" = 1 ] || fail "rmdir: status $status"
	[ "$stderr" = "cgsh: rmdir: job: has 1 process ($p); -f moves them to the parent" ] ||
		fail "rmdir: $stderr"
	[ -d "$(dir_of cpu)/job" ] || fail "removed anyway"
	sh_run -c "cd /$SCRATCH; rmdir -f job"
	[ "$status" = 0 ] || fail "rmdir -f: $stderr"
	while read -r d; do
		[ ! -d "$d/job" ] || fail "$d/job is still there"
		grep -qx "$p" "$d/cgroup.procs" || fail "$p not moved to $d"
	done < <(v1_dirs)
}

@test "script: the first failing command stops it with its message and status; -k goes on" {
	local c
	c=$(dir_of cpu)
	sh_run -c "cd /$SCRATCH; mkdir a; set cpu.shares=1; mkdir b"
	[ "$status" = 1 ] || fail "status $status"
	[ "$stderr" = "cgsh: set: /$SCRATCH: cpu.shares=1: must be between 2 and 262144" ] ||
		fail "stderr: $stderr"
	[ -d "$c/a" ] && [ ! -d "$c/b" ] || fail "ran past the failure"
	[ "$(cat "$c/cpu.shares")" = 1024 ] || fail "written anyway"

	# -k: every command runs; the status is the last failure's
	run -127 --separate-stderr "$cgsh" --relative -k -c \
		"cd /$SCRATCH; set cpu.shares=1; mkdir b; bogus; mkdir c" </dev/null
	[ "$status" = 127 ] || fail "-k: status $status"
	[ "$stderr" = "cgsh: set: /$SCRATCH: cpu.shares=1: must be between 2 and 262144
cgsh: bogus: unknown command (help lists them)" ] || fail "-k: $stderr"
	[ -d "$c/b" ] && [ -d "$c/c" ] || fail "-k stopped"

	# a set is all or nothing: a bad value anywhere writes nothing
	sh_run -c "cd /$SCRATCH/a; set cpu.shares=512 memory.limit_in_bytes=12Q"
	[ "$status" = 1 ] && [[ $stderr == "cgsh: set: /$SCRATCH/a: memory.limit_in_bytes=12Q: "* ]] ||
		fail "$status: $stderr"
	[ "$(cat "$c/a/cpu.shares")" = 1024 ] || fail "half a set written"

	# the exit status of what exec ran; exit N; a syntax error runs nothing
	sh_run -c "cd /$SCRATCH; exec sh -c 'exit 7'; mkdir d"
	[ "$status" = 7 ] && [ ! -d "$c/d" ] || fail "exec: $status $stderr"
	sh_run -c "exit 3; cd /$SCRATCH; mkdir d"
	[ "$status" = 3 ] && [ ! -d "$c/d" ] || fail "exit: $status $stderr"
	sh_run -c "cd /$SCRATCH; mkdir d; set 'cpu.shares=2"
	[ "$status" = 2 ] && [ "$stderr" = "cgsh: unterminated ' quote" ] || fail "quote: $status $stderr"
	[ ! -d "$c/d" ] || fail "ran before the syntax error"
	sh_run -c "cd /$SCRATCH; procs | wc -l"
	[ "$status" = 2 ] || fail "pipe: $status"
	[[ $stderr == "cgsh: unquoted '|': "* ]] || fail "pipe: $stderr"
	# errors that are no cgroup's
	sh_run -c "cd /$SCRATCH/nonexistent"
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: cd: /$SCRATCH/nonexistent: no such cgroup" ] ||
		fail "cd: $status $stderr"
	sh_run -c "cd /$SCRATCH; cat no.such_file"
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: cat: no.such_file: no hierarchy holds controller 'no'" ] ||
		fail "cat: $status $stderr"
	sh_run -c "cd /$SCRATCH; attach 0x1"
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: attach: 0x1: not a process id" ] || fail "$stderr"
	sh_run -c "cd /$SCRATCH; rmdir .."
	[ "$status" = 1 ] && [[ $stderr == "cgsh: rmdir: ..: the current cgroup is inside it"* ]] ||
		fail "rmdir ..: $stderr"
	sh_run -c "cd /$SCRATCH; mkdir a"
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: mkdir: a: File exists" ] || fail "$stderr"
}

@test "script: from a pipe and from a file, with line numbers; lines joined by quotes and backslashes" {
	local c s=$BATS_TEST_TMPDIR/script
	c=$(dir_of cpu)
	printf '# make two\ncd /%s\nmkdir s1 \\\n  s2\n\nset cpu.shares=3 \\\n  cpu.cfs_period_us=1\nmkdir s3\n' \
		"$SCRATCH" > "$s"
	run --separate-stderr "$cgsh" --relative < "$s"
	[ "$status" = 1 ] || fail "pipe: status $status"
	[ "$stderr" = "cgsh: line 6: set: /$SCRATCH: cpu.cfs_period_us=1: must be between 1000 and 1000000 (microseconds)" ] ||
		fail "pipe: $stderr"
	[ -d "$c/s1" ] && [ -d "$c/s2" ] && [ ! -d "$c/s3" ] || fail "pipe: $(ls "$c")"
	[ "$(cat "$c/cpu.shares")" = 1024 ] || fail "half a set written"
	rmdir "$c"/s1 "$c"/s2
	sh_run "$s"
	[ "$status" = 1 ] && [[ $stderr == "cgsh: line 6: set: "* ]] || fail "file: $status $stderr"
	# a quote across lines is one word; the input ending inside one is an error
	printf "cd /%s\nset 'cpu.shares=\n3'\n" "$SCRATCH" > "$s"
	run --separate-stderr "$cgsh" --relative < "$s"
	[ "$status" = 1 ] && [[ $stderr == "cgsh: line 2: set: /$SCRATCH: cpu.shares=\\n3: "* ]] ||
		fail "quoted newline: $status $stderr"
	printf "cd /%s\nmkdir q1\nmkdir 'q2\n" "$SCRATCH" > "$s"
	run --separate-stderr "$cgsh" --relative < "$s"
	[ "$status" = 2 ] && [ "$stderr" = "cgsh: line 3: unterminated ' quote" ] ||
		fail "open quote: $status $stderr"
	[ -d "$c/q1" ] || fail "the commands before it did not run"
}

@test "cd: paths, .., -, ctrl:path, full paths, container id prefixes, pod uids" {
	local pod=kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$UID_.slice
	sh_run -c "cd /$SCRATCH; mkdir system.slice/docker-$ID.scope $pod/cri-containerd-$CID.scope"
	[ "$status" = 0 ] || fail "mkdir: $stderr"
	sh_run -c "cd /$SCRATCH; cd ${ID:0:10}; pwd; cd ..; pwd; cd -; cd /; pwd
		cd ${UID_DASH:0:13}; pwd; cd ${UID_:0:8}; pwd; cd cri-containerd-$CID.scope; pwd
		cd ../../..; cd ./kubepods-burstable.slice//x/../../../system.slice; pwd
		cd cpu,memory:/$SCRATCH; pwd; cd system.slice; pwd; cd /; pwd
		cd $(dir_of cpu)/system.slice; pwd; pwd -a"
	[ "$status" = 0 ] || fail "status $status: $stderr"
	[ "$output" = "/$SCRATCH/system.slice/docker-$ID.scope
/$SCRATCH/system.slice
/$SCRATCH/system.slice/docker-$ID.scope
/
/$SCRATCH/$pod
/$SCRATCH/$pod
/$SCRATCH/$pod/cri-containerd-$CID.scope
/$SCRATCH/system.slice
cpu,memory:/$SCRATCH
cpu,memory:/$SCRATCH/system.slice
/
cpu:/$SCRATCH/system.slice
cpu	$(dir_of cpu)/system.slice" ] || fail "output:" "$output"
	# what does not resolve, and why
	sh_run -c "cd ${ID:0:3}x"
	[ "$stderr" = "cgsh: cd: ${ID:0:3}x: no such cgroup" ] || fail "$stderr"
	sh_run -c "cd ${ID:0:4}${ID:0:4}${ID:0:4}"
	[ "$stderr" = "cgsh: cd: ${ID:0:4}${ID:0:4}${ID:0:4}: no such cgroup, container id prefix or pod uid" ] ||
		fail "$stderr"
	sh_run -c "cd /$SCRATCH; mkdir kubepods.slice/kubepods-pod${UID_:0:9}ffff_ffff_ffff_ffffffffffff.slice; cd ${UID_DASH:0:8}"
	[ "$status" = 1 ] && [[ $stderr == "cgsh: cd: ${UID_DASH:0:8}: ambiguous pod uid prefix ("* ]] ||
		fail "ambiguous: $stderr"
	sh_run -c "cd -"
	[ "$stderr" = "cgsh: cd: no previous cgroup" ] || fail "$stderr"
	sh_run -c "cd nope:/x"
	[ "$stderr" = "cgsh: cd: nope:/x: no hierarchy holds controller 'nope'" ] || fail "$stderr"
}

@test "exec runs a program in the current cgroup; enter, in the namespaces of the process there" {
	local line
	sh_run -c "cd /$SCRATCH; mkdir e; cd e; exec cat /proc/self/cgroup"
	[ "$status" = 0 ] || fail "exec: $stderr"
	for line in cpu cpuacct memory pids freezer; do
		grep -qE "^[0-9]+:$line:.*/$SCRATCH/e\$" <<< "$output" || fail "not in $line:" "$output"
	done
	# a process in its own UTS namespace, in the scratch cgroup
	sh_run -c "cd /$SCRATCH; mkdir n"
	helper_start unshare -u sh -c 'hostname cgsh-test-uts && exec sleep 1000'
	local n=0
	until [ "$(cat "/proc/$HELPER_PID/comm" 2>/dev/null)" = sleep ]; do
		n=$((n + 1)); [ $n -lt 100 ] || fail "the helper did not start"; sleep 0.1
	done
	local d
	while read -r d; do cg_attach "$HELPER_PID" "$d/n"; done < <(v1_dirs)
	sh_run -c "cd /$SCRATCH/n; enter hostname; enter sh -c 'exit 5'"
	[ "$status" = 5 ] || fail "enter: $status $stderr"
	[ "$output" = cgsh-test-uts ] || fail "enter: $output"
	[ "$(hostname)" != cgsh-test-uts ] || fail "the host's name changed"
	sh_run -c "cd /$SCRATCH/e; enter true"
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: enter: /$SCRATCH/e: no process here to enter" ] ||
		fail "empty: $stderr"
}

@test "tree and containers are cgls on the current cgroup; ls, procs -r, help" {
	helper_start sleep 1000
	local c p=$HELPER_PID
	c=$(dir_of cpu)
	sh_run -c "cd /$SCRATCH; mkdir -g cpu,memory t/system.slice/docker-$ID.scope; cd t; attach $p"
	[ "$status" = 0 ] || fail "$stderr"
	[ -d "$c/t/system.slice/docker-$ID.scope" ] && [ ! -d "$(dir_of pids)/t" ] || fail "-g"
	sh_run -c "cd /$SCRATCH/t; tree -a"
	local mine=$output
	run --separate-stderr "$cgls" --relative -a "/$SCRATCH/t"
	[ "$mine" = "$output" ] || fail "tree differs from cgls:" "$mine" "---" "$output"
	grep -q "docker-$ID.scope" <<< "$mine" || fail "$mine"
	sh_run -c "cd /$SCRATCH; containers --json"
	mine=$output
	run --separate-stderr "$cgls" --relative --containers --json "/$SCRATCH"
	[ "$mine" = "$output" ] || fail "containers differ:" "$mine" "---" "$output"
	[ "$(jq -r '.containers[0].id' <<< "$mine")" = "$ID" ] || fail "$mine"
	# options with values go to cgls as they are
	sh_run -c "cd /$SCRATCH; tree -a --depth 1"
	mine=$output
	run --separate-stderr "$cgls" --relative -a --depth 1 "/$SCRATCH"
	[ "$mine" = "$output" ] || fail "--depth 1 differs:" "$mine" "---" "$output"
	grep -q "system.slice" <<< "$mine" && fail "deeper than 1:" "$mine"
	sh_run -c "cd /$SCRATCH; tree --depth"
	[ "$status" = 1 ] && [[ $stderr == "cgls: --depth: '/$SCRATCH': not a number"* ]] ||
		fail "$status $stderr"
	# ls: controllers where they differ from the current cgroup's; procs -r
	sh_run -c "cd /$SCRATCH; ls"
	grep -qE "^ +1 +max +max +-  t \[cpu,memory\]\$" <<< "$output" || fail "ls:" "$output"
	sh_run -c "cd /$SCRATCH; procs; procs -r"
	[ "$output" = "$(printf '%7d /%s/t sleep 1000' "$p" "$SCRATCH")" ] || fail "procs:" "$output"
	sh_run -c "help; help cpus"
	grep -q '^  set \[-n\] KNOB=VALUE\.\.\. ' <<< "$output" || fail "$output"
	grep -q '^cpus F|max$' <<< "$output" || fail "$output"
	sh_run -c "help nothing"
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: help: nothing: no such command" ] || fail "$stderr"
}

@test "options: --help, --version, bad usage" {
	run --separate-stderr "$cgsh" --help
	[ "$status" = 0 ] && [[ $output == "Usage: cgsh [OPTIONS] [SCRIPT]"* ]] || fail "$output"
	run --separate-stderr "$cgsh" --version
	[ "$status" = 0 ] && [[ $output == "cgsh (cgkit) "* ]] || fail "$output"
	run --separate-stderr "$cgsh" --bogus </dev/null
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: unrecognized option '--bogus'
Try 'cgsh --help' for more information." ] || fail "$stderr"
	run --separate-stderr "$cgsh" a b </dev/null
	[ "$status" = 1 ] && [[ $stderr == "cgsh: b: one SCRIPT at most"* ]] || fail "$stderr"
	run --separate-stderr "$cgsh" -c ls x </dev/null
	[ "$status" = 1 ] && [[ $stderr == "cgsh: x: -c takes the commands; no SCRIPT with it"* ]] ||
		fail "$stderr"
	run --separate-stderr "$cgsh" "$BATS_TEST_TMPDIR/nonexistent" </dev/null
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: $BATS_TEST_TMPDIR/nonexistent: No such file or directory" ] ||
		fail "$stderr"
	run --separate-stderr "$cgsh" --sysroot "$BATS_TEST_TMPDIR" -c pwd </dev/null
	[ "$status" = 1 ] && [ "$stderr" = "cgsh: $BATS_TEST_TMPDIR: no cgroup hierarchy mounted" ] ||
		fail "$stderr"
	# the fixture tree: cgsh reads a sysroot as the other tools do
	run --separate-stderr "$cgsh" --sysroot "$CGK_DATA/sysroot-mini" -c \
		'cd c0ffee; pwd; get cpu.cfs_quota_us; cd /; ls' </dev/null
	[ "$status" = 0 ] || fail "sysroot: $stderr"
	[[ $(head -1 <<< "$output") == /kubepods.slice/*/cri-containerd-c0ffee*.scope ]] || fail "$output"
	grep -qE '^ +[0-9]+ +[0-9.max]+ +[0-9A-Zmax.-]+ +- +system.slice' <<< "$output" || fail "$output"
}

@test "bash completion: cgsh's options, as --help lists them; directories after --sysroot" {
	local want got
	# shellcheck source=share/completion/cgsh
	. "$CGK_SRCDIR/share/completion/cgsh"
	COMP_WORDS=(cgsh -) COMP_CWORD=1
	_cgsh
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
	want=$("$cgsh" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | tr -d ' ' | tr ',' '\n' | sort)
	[ "$got" = "$want" ] || fail "completion:" "$got" "--help:" "$want"
	mkdir "$BATS_TEST_TMPDIR/sysroot-x"
	COMP_WORDS=(cgsh --sysroot "$BATS_TEST_TMPDIR/sysroot-") COMP_CWORD=2
	_cgsh
	[ "${COMPREPLY[*]}" = "$BATS_TEST_TMPDIR/sysroot-x" ] || fail "${COMPREPLY[*]}"
	COMP_WORDS=(cgsh -c '') COMP_CWORD=2
	_cgsh
	[ "${#COMPREPLY[@]}" = 0 ] || fail "after -c: ${COMPREPLY[*]}"
}

# ------------------------------------------------------------------------------
# interactive, in tmux

tm() { tmux -L "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t cgk; }
# wait_screen REGEX: until the pane shows it (10 s)
wait_screen() {
	local n=0
	until screen | grep -qE -- "$1"; do
		n=$((n + 1))
		[ $n -lt 100 ] || { fail "screen never showed /$1/:" "$(screen)"; return 1; }
		sleep 0.1
	done
}
# last_line: the pane's last line that is not empty
last_line() { screen | grep -v '^$' | tail -1; }
# wait_prompt PROMPT: until the last line is PROMPT ("/a> ")
wait_prompt() {
	local n=0
	until [ "$(last_line)" = "${1% }" ]; do
		n=$((n + 1))
		[ $n -lt 100 ] || { fail "no prompt '$1':" "$(screen)"; return 1; }
		sleep 0.1
	done
}

# sh_start: cgsh --relative on a 160x40 terminal; the pane says when it ends
sh_start() {
	command -v tmux >/dev/null || fail "tmux missing (./setup installs it)"
	TMUX_SOCK=cgk-sh-$$-$BATS_TEST_NUMBER
	cat > "$BATS_TEST_TMPDIR/run.sh" <<-EOF
		$cgsh --relative
		echo "CGSH-EXIT=\$?"
		exec sleep 1000
	EOF
	tm -f /dev/null new-session -d -s cgk -x 160 -y 40 \
		"HOME=$HOME LANG=C.UTF-8 TERM=xterm-256color INPUTRC=/dev/null bash --norc $BATS_TEST_TMPDIR/run.sh" ||
		fail "tmux new-session failed"
	wait_prompt "/> "
}

@test "interactive: Tab completes cgroups, control files, values, container ids; the prompt follows cd" {
	sh_run -c "cd /$SCRATCH; mkdir alpha-one beta system.slice/docker-$ID.scope"
	sh_start
	tm send-keys -t cgk "cd /$SCRATCH/alp" Tab
	wait_screen "^/> cd /$SCRATCH/alpha-one/\$"
	tm send-keys -t cgk Enter
	wait_prompt "/$SCRATCH/alpha-one> "
	# a knob name, then a value of a finite knob
	tm send-keys -t cgk "get cpu.cfs_q" Tab
	wait_screen "alpha-one> get cpu.cfs_quota_us\$"
	tm send-keys -t cgk Enter
	wait_screen "^cpu.cfs_quota_us: max\$"
	tm send-keys -t cgk "set freezer.st" Tab
	wait_screen "alpha-one> set freezer.state=\$"
	tm send-keys -t cgk F Tab
	wait_screen "alpha-one> set freezer.state=FROZEN\$"
	tm send-keys -t cgk Enter "cat freezer.state" Enter
	wait_screen "^FROZEN\$"
	[ "$(cat "$(dir_of freezer)/alpha-one/freezer.state")" = FROZEN ] || fail "not frozen"
	tm send-keys -t cgk "thaw" Enter
	wait_prompt "/$SCRATCH/alpha-one> "
	[ "$(cat "$(dir_of freezer)/alpha-one/freezer.state")" = THAWED ] || fail "not thawed"
	# a command name; .. and a sibling
	tm send-keys -t cgk "cont" Tab
	wait_screen "alpha-one> containers\$"
	tm send-keys -t cgk C-u "cd ../b" Tab Enter
	wait_prompt "/$SCRATCH/beta> "
	# two candidates: Tab Tab lists the names without their directory
	tm send-keys -t cgk "ls ../" Tab Tab
	wait_screen "^alpha-one/ +beta/ +system.slice/"
	tm send-keys -t cgk C-u
	# a container id prefix completes, and the prompt names the container
	tm send-keys -t cgk "cd ${ID:0:6}" Tab
	wait_screen "beta> cd ${ID:0:12}\$"
	tm send-keys -t cgk Enter
	wait_prompt "docker:${ID:0:12}> "
	tm send-keys -t cgk "cd .." Enter
	wait_prompt "/$SCRATCH/system.slice> "
}

@test "interactive: errors print their reason and the shell goes on; ^C drops the line" {
	sh_start
	tm send-keys -t cgk "cd /$SCRATCH" Enter
	wait_prompt "/$SCRATCH> "
	tm send-keys -t cgk "set cpu.shares=1" Enter
	wait_screen "^cgsh: set: /$SCRATCH: cpu.shares=1: must be between 2 and 262144\$"
	wait_prompt "/$SCRATCH> "
	tm send-keys -t cgk "memory 12Q" Enter
	wait_screen "^cgsh: memory: /$SCRATCH: memory 12Q: "
	tm send-keys -t cgk "cd /nonexistent" Enter
	wait_screen "^cgsh: cd: /nonexistent: no such cgroup\$"
	tm send-keys -t cgk "bogus" Enter
	wait_screen "^cgsh: bogus: unknown command"
	tm send-keys -t cgk "set 'a" Enter
	wait_prompt "> "
	tm send-keys -t cgk "b=1'" Enter
	wait_screen "^cgsh: set: /$SCRATCH( in [a-z]+)?: a\\\\nb=1: "
	tm send-keys -t cgk "cd unfinished" C-c
	wait_prompt "/$SCRATCH> "
	tm send-keys -t cgk "set cpu.shares=3" Enter
	wait_prompt "/$SCRATCH> "
	[ "$(cat "$(dir_of cpu)/cpu.shares")" = 3 ] || fail "the shell did not go on"
	! screen | grep -q CGSH-EXIT || fail "cgsh exited:" "$(screen)"
	tm send-keys -t cgk "exit 4" Enter
	wait_screen "^CGSH-EXIT=4\$"
}

@test "interactive: top runs on the current cgroup and q returns to the prompt" {
	sh_run -c "cd /$SCRATCH; mkdir topped"
	sh_start
	tm send-keys -t cgk "cd /$SCRATCH" Enter
	wait_prompt "/$SCRATCH> "
	tm send-keys -t cgk "top -a" Enter
	wait_screen "Control Group +Tasks +%CPU"
	wait_screen "^/$SCRATCH "
	screen | grep -q "topped" || fail "not the current cgroup's tree:" "$(screen)"
	tm send-keys -t cgk q
	wait_prompt "/$SCRATCH> "
	[ "$(tm display -p -t cgk '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
	tm send-keys -t cgk "pwd" Enter
	wait_screen "^/$SCRATCH\$"
	wait_prompt "/$SCRATCH> "
}

@test "interactive: history survives a restart, in \$HOME/.cgsh_history" {
	sh_start
	tm send-keys -t cgk "cd /$SCRATCH" Enter
	wait_prompt "/$SCRATCH> "
	tm send-keys -t cgk "get cpu.shares" Enter
	wait_screen "^cpu.shares: 1024\$"
	tm send-keys -t cgk C-d
	wait_screen "^CGSH-EXIT=0\$"
	[ "$(cat "$HOME/.cgsh_history")" = "cd /$SCRATCH
get cpu.shares" ] || fail "history file:" "$(cat "$HOME/.cgsh_history")"
	tm kill-server
	sh_start
	tm send-keys -t cgk Up Up
	wait_screen "^/> cd /$SCRATCH\$"
	tm send-keys -t cgk Enter Up
	wait_screen "^/$SCRATCH> cd /$SCRATCH\$"
	tm send-keys -t cgk Up
	wait_screen "^/$SCRATCH> get cpu.shares\$"
	tm send-keys -t cgk Enter
	wait_screen "^cpu.shares: 1024\$"
}
