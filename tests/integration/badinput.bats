#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# Bad input across all seven tools, as one table: arguments, values, sizes
# that overflow, cgroup specs, PIDs, container ids, --sysroot trees damaged at
# test time (a directory where a file should be, truncated, binary or
# unterminated mountinfo, /proc/PID/cgroup garbage, symlinks and ".." out of
# the tree).  Each row must give exactly one line on stderr naming the operand
# ("tool: OPERAND: reason", or that line and "Try 'tool --help' for more
# information."), the exit status the tool documents (1; 126 or 127 for a
# command that cannot be run; 2 and 127 for cgsh's syntax and unknown
# commands), nothing on stdout, and leave every control file of a scratch tree
# in every hierarchy, every file of the sysroots, and the files their symlinks
# point to, as they were.
#
#   make check TESTS=tests/integration/badinput.bats
#   CGK_BUILDDIR=. bats tests/integration/badinput.bats      (from the source tree)

load helpers
load hardening

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
}

setup() {
	require_root_v1
	scratch_create
	hard_tree
	R=$BATS_TEST_TMPDIR/sr
	O=$R/outside
	hard_sysroots "$R"
	HARD_SR=$R
	T=$BATS_TEST_TMPDIR
	LONG=$(printf 'a%.0s' {1..5000})
}

teardown() {
	helpers_stop_all
	scratch_remove
}

# One row: TOOL STATUS 'REGEX' ARG...  The rest of the line is split as the
# shell splits words, with $S, $A, $B (scratch cgroups, for --relative), $R (the
# sysroots), $O (outside them), $T (a temporary directory), $SLEEPER (a process
# in $A), $DEAD (a PID that exited), $ID1 (a container id sharing the prefix
# c0debad0 with another).  REGEX (ERE) must match the first stderr line after
# "TOOL: " (cgsh passes on the messages of the tool it runs: "cgls: ...").
# Nothing run by a row may create $T/ran.
table() {
	cat <<'EOF'
# ---- cgls: specs, paths, container ids
cgls 1 '^cpu:: invalid cgroup path'                         cpu:
cgls 1 '^:/a: invalid cgroup path'                          :/a
cgls 1 '^/a/\.\./b: invalid cgroup path'                    /a/../b
cgls 1 "^cpu:$A/\.\./\.\.: invalid cgroup path"             --relative "cpu:$A/../.."
cgls 1 "^nosuch:/a: no hierarchy holds controller 'nosuch'" nosuch:/a
cgls 1 "^cpu,nosuch:/a: no hierarchy holds controller"      cpu,nosuch:/a
cgls 1 '^cpu,,memory:/a: invalid cgroup path'               cpu,,memory:/a
cgls 1 "^$S/nonexistent: no such cgroup"                    --relative "$S/nonexistent"
cgls 1 '^/sys/fs/cgroup/cpu/\.\./memory: invalid cgroup path' /sys/fs/cgroup/cpu/../memory
cgls 1 '^/sys/fs/cgroup/nosuch/a: no such cgroup'           /sys/fs/cgroup/nosuch/a
cgls 1 '^/etc: no such cgroup'                              /etc
cgls 1 '^/a\\nb: invalid cgroup path'                       $'/a\nb'
cgls 1 '^cpu:/a{5000}: invalid cgroup path'                 "cpu:/$LONG"
cgls 1 '^abc: not a cgroup path .* nor a container id prefix' abc
cgls 1 '^zzzz: not a cgroup path'                           zzzz
cgls 1 '^CAFE: not a cgroup path'                           CAFE
cgls 1 "^${ID1}0: not a cgroup path"                        "${ID1}0"
cgls 1 '^c0debad0: ambiguous container id prefix \(c0debad00000, c0debad00000\)' c0debad0
cgls 1 '^c0debad2: no container with this id prefix'        c0debad2
# ---- cgls: PIDs, options
cgls 1 '^0: no such process'                                --pid 0
cgls 1 "^--pid: '-1': not a number"                         --pid -1
cgls 1 "^--pid: '4294967296': out of range"                 --pid 4294967296
cgls 1 "^--pid: '18446744073709551616': out of range"       --pid 18446744073709551616
cgls 1 "^--pid: 'abc': not a number"                        --pid abc
cgls 1 "^--pid: '': not a number"                           --pid ''
cgls 1 "^$DEAD: no such process"                            --pid "$DEAD"
cgls 1 '^-c nosuch: no hierarchy holds this controller'     -c nosuch
cgls 1 "^--depth: '-1': not a number"                       --depth -1
cgls 1 "^--depth: '65': out of range \(max 64\)"            --depth 65
cgls 1 "^--depth: '99999999999999999999': out of range"     --depth 99999999999999999999
cgls 1 '^-v and -H go with -r KNOB'                         -v
cgls 1 "^unrecognized option '--bogus'"                     --bogus
cgls 1 "^option requires an argument -- 'r'"                -r
# ---- cgls: damaged sysroots
cgls 1 "^$R/nonexistent: no cgroup hierarchy mounted"       --sysroot "$R/nonexistent"
cgls 1 '^/etc/passwd: Not a directory'                      --sysroot /etc/passwd
cgls 1 "^$R/noproc: no cgroup hierarchy mounted"              --sysroot "$R/noproc"
cgls 1 "^$R/procfile: Not a directory"                      --sysroot "$R/procfile"
cgls 1 "^$R/mi-dir: Is a directory"                         --sysroot "$R/mi-dir"
cgls 1 "^$R/mi-empty: no cgroup hierarchy mounted"          --sysroot "$R/mi-empty"
cgls 1 "^$R/mi-trunc: Invalid argument"                     --sysroot "$R/mi-trunc"
cgls 1 "^$R/mi-junk: Invalid argument"                      --sysroot "$R/mi-junk"
cgls 1 "^$R/mi-nosep: Invalid argument"                     --sysroot "$R/mi-nosep"
cgls 1 "^$R/mi-nul: Invalid argument"                       --sysroot "$R/mi-nul"
cgls 1 "^$R/mi-huge: "                                      --sysroot "$R/mi-huge"
cgls 1 "^$R/p1-junk: Invalid argument"                      --sysroot "$R/p1-junk"
cgls 1 "^$R/p1-dir: Is a directory"                         --sysroot "$R/p1-dir"
cgls 1 "^$R/self-junk: "                                    --relative --sysroot "$R/self-junk"
cgls 1 "^cpu:/a: no hierarchy holds controller 'cpu'"       --sysroot "$R/mnt-link" cpu:/a
cgls 1 "^cpu:/a: no hierarchy holds controller 'cpu'"       --sysroot "$R/mnt-rel" cpu:/a
cgls 1 "^cpu:/a: no hierarchy holds controller 'cpu'"       --sysroot "$R/mnt-dotdot" cpu:/a
cgls 1 '^cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" cpu:/a
cgls 1 '^cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-etc" cpu:/a
cgls 1 '^/sys/fs/cgroup/cpu/a/b: Too many levels of symbolic links' --sysroot "$R/dir-rel" /sys/fs/cgroup/cpu/a/b
cgls 1 '^5a1b: ambiguous container id prefix'               --sysroot "$R/ambig" 5a1b
cgls 1 '^4244: no such process'                             --sysroot "$R/good" --pid 4244
# ---- cgset: sizes that overflow, values
cgset 1 "^$A: --memory 99999999999999999999G: must be -1 or a size like 512M" --relative --memory 99999999999999999999G "$A"
cgset 1 "^$A: --memory 18446744073709551616: must be -1 or a size"  --relative --memory 18446744073709551616 "$A"
cgset 1 "^$A: --memory 18446744073709551615: must be <= 9223372036854775807" --relative --memory 18446744073709551615 "$A"
cgset 1 "^$A: --memory 17179869184G: must be -1 or a size"  --relative --memory 17179869184G "$A"
cgset 1 "^$A: --memory 1.5: must be -1 or a size"           --relative --memory 1.5 "$A"
cgset 1 "^$A: --memory-swap 99999999999999999999G: must be" --relative --memory-swap 99999999999999999999G "$A"
cgset 1 "^$A: memory.limit_in_bytes=18446744073709551616: must be -1 or a size" --relative -r memory.limit_in_bytes=18446744073709551616 "$A"
cgset 1 "^$A: memory.soft_limit_in_bytes=1Q: must be"       --relative -r memory.soft_limit_in_bytes=1Q "$A"
cgset 1 "^$A: --pids 18446744073709551616: must be max or between 0 and" --relative --pids 18446744073709551616 "$A"
cgset 1 "^$A: --pids 4294967296: must be max or between 0 and" --relative --pids 4294967296 "$A"
cgset 1 "^$A: pids.max=-2: must be max or"                  --relative -r pids.max=-2 "$A"
cgset 1 "^$A: --cpus 1e309: must be a number of CPUs"       --relative --cpus 1e309 "$A"
cgset 1 "^$A: --cpus nan: must be a number of CPUs"         --relative --cpus nan "$A"
cgset 1 "^$A: --cpus inf: must be a number of CPUs"         --relative --cpus inf "$A"
cgset 1 "^$A: --cpus 99999999999: must be a number of CPUs" --relative --cpus 99999999999 "$A"
cgset 1 "^$A: --cpus 0: must be a number of CPUs > 0"       --relative --cpus 0 "$A"
cgset 1 "^$A: --period 18446744073709551617: must be between 1000 and 1000000" --relative --period 18446744073709551617 "$A"
cgset 1 "^$A: --shares -1: must be between 2 and 262144"    --relative --shares -1 "$A"
cgset 1 "^$A: cpu.cfs_quota_us=9223372036854775808: must be" --relative -r cpu.cfs_quota_us=9223372036854775808 "$A"
cgset 1 "^$A: --cpuset 0-99999999999: numbers must be below 4096" --relative --cpuset 0-99999999999 "$A"
cgset 1 "^$A: --cpuset 4294967296: numbers must be below 4096" --relative --cpuset 4294967296 "$A"
cgset 1 "^$A: --cpuset 5-1: must be a list like"            --relative --cpuset 5-1 "$A"
cgset 1 "^$A in cpuset: --mems 99: names memory nodes that are not online" --relative --mems 99 "$A"
cgset 1 "^$A: cpu.shares=1\\\\n2: must be one line"         --relative -r $'cpu.shares=1\n2' "$A"
cgset 1 "^$A: freezer.state=frozen: must be one of"         --relative -r freezer.state=frozen "$A"
cgset 1 "^$A: --blkio-weight 99999999999999999999: neither blkio.weight nor" --relative --blkio-weight 99999999999999999999 "$A"
cgset 1 "^$A: --device-read-bps /dev/null:1M: /dev/null is not a block device" --relative --device-read-bps /dev/null:1M "$A"
# ---- cgset: knob names, specs, container ids
cgset 1 "^$A: cpu.shares=: must be between 2 and 262144"    --relative -r cpu.shares= "$A"
cgset 1 '^-r =: want KNOB=VALUE'                            --relative -r = "$A"
cgset 1 '^-r cpu.shares: want KNOB=VALUE'                   --relative -r cpu.shares "$A"
cgset 1 "^$A: \.\./cpu.shares=5: not a control file name"   --relative -r ../cpu.shares=5 "$A"
cgset 1 "^$A: \.=5: not a control file name"                --relative -r .=5 "$A"
cgset 1 "^$A: /etc/passwd=1: not a control file name"       --relative -r /etc/passwd=1 "$A"
cgset 1 "^$A in cpu: cpu.nosuch=1: no such control file in the cpu hierarchy" --relative -r cpu.nosuch=1 "$A"
cgset 1 '^cpu:: invalid cgroup path'                        --relative -r cpu.shares=100 cpu:
cgset 1 '^:/a: invalid cgroup path'                         --relative -r cpu.shares=100 :/a
cgset 1 "^$A/\.\./\.\./\.\./x: invalid cgroup path"         --relative -r cpu.shares=100 "$A/../../../x"
cgset 1 "^nosuch:/a: no hierarchy holds controller 'nosuch'" --relative -r cpu.shares=100 nosuch:/a
cgset 1 '^abc: not a cgroup path'                           --relative -r cpu.shares=100 abc
cgset 1 '^: not a cgroup path'                              --relative -r cpu.shares=100 ''
cgset 1 "^${ID1}0: not a cgroup path"                       --relative -r cpu.shares=100 "${ID1}0"
cgset 1 '^c0debad0: ambiguous container id prefix'          --relative -r cpu.shares=100 c0debad0
cgset 1 '^c0debad2: no container with this id prefix'       --relative -r cpu.shares=100 c0debad2
cgset 1 "^$S/nonexistent: no such cgroup \(--create makes it\)" --relative --pids 5 "$S/nonexistent"
cgset 1 '^/nonexistent: no such cgroup'                     --relative --copy-from /nonexistent "$A"
cgset 1 '^cpu:: invalid cgroup path'                        --relative --copy-from cpu: "$A"
cgset 1 "^-g nosuch: no hierarchy holds controller 'nosuch'" --relative --create -g nosuch "$S/new"
# ---- cgset: PIDs
cgset 1 "^--attach: '0': not a process id"                  --relative --attach 0 "$A"
cgset 1 "^--attach-thread: '0': not a process id"           --relative --attach-thread 0 "$A"
cgset 1 "^--attach: '-1': not a number"                     --relative --attach -1 "$A"
cgset 1 "^--attach: '4294967296': out of range"             --relative --attach 4294967296 "$A"
cgset 1 "^--attach: '18446744073709551616': out of range"   --relative --attach 18446744073709551616 "$A"
cgset 1 "^--attach: 'abc': not a number"                    --relative --attach abc "$A"
cgset 1 "^--attach $SLEEPER,,$SLEEPER: want a PID or a comma-separated list" --relative --attach "$SLEEPER,,$SLEEPER" "$A"
cgset 1 "^--attach ,$SLEEPER: want a PID or a comma-separated list" --relative --attach ",$SLEEPER" "$A"
cgset 1 "--attach $DEAD: no such process"                   --relative --attach "$DEAD" "$A"
cgset 1 '--attach 2: is a kernel thread'                    --relative --attach 2 "$A"
cgset 1 "^--attach: '1\\\\n2': not a number"                --relative --attach $'1\n2' "$A"
cgset 1 "^unrecognized option '--bogus'"                    --relative --bogus "$A"
cgset 1 "^option '--cpus' requires an argument"             --relative --cpus
# ---- cgset: sysroots, symlinks and ".." out of them (their files stay as they are)
cgset 1 '^/a: cpu.shares=1: must be between 2 and 262144'   --sysroot "$R/good" -r cpu.shares=1 /a
cgset 1 '^/a in cpu: cpu.shares=512: Too many levels of symbolic links \(ELOOP\)' --sysroot "$R/ctl-link" -r cpu.shares=512 cpu:/a
cgset 1 '^/a/b in cpu: cpu.shares=600: Too many levels of symbolic links \(ELOOP\); nothing was changed' --sysroot "$R/ctl-link-deep" -R -r cpu.shares=600 cpu:/
cgset 1 '^/a in cpu: --attach 4242: Too many levels of symbolic links \(ELOOP\); nothing was changed' --sysroot "$R/ctl-link" --attach 4242 cpu:/a
cgset 1 '^/a in cpu: cpu.shares=512: Is a directory'        --sysroot "$R/ctl-dir" -r cpu.shares=512 cpu:/a
cgset 1 '^cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" -r cpu.shares=512 cpu:/a
cgset 1 '^cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-rel" -r cpu.shares=512 cpu:/a
cgset 1 '^cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-etc" -r cpu.shares=512 cpu:/a
cgset 1 '^cpu:/a/new: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" --create -g cpu cpu:/a/new
cgset 1 '^cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" --copy-from cpu:/a cpu:/free
cgset 1 '^/sys/fs/cgroup/cpu/a: Too many levels of symbolic links' --sysroot "$R/dir-link" --shares 5 /sys/fs/cgroup/cpu/a
cgset 1 "^cpu:/a: no hierarchy holds controller 'cpu'"      --sysroot "$R/mnt-link" -r cpu.shares=512 cpu:/a
cgset 1 "^cpu:/a: no hierarchy holds controller 'cpu'"      --sysroot "$R/mnt-rel" -r cpu.shares=512 cpu:/a
cgset 1 "^cpu:/a: no hierarchy holds controller 'cpu'"      --sysroot "$R/mnt-dotdot" -r cpu.shares=512 cpu:/a
cgset 1 "^$R/mi-junk: Invalid argument"                     --sysroot "$R/mi-junk" -r cpu.shares=512 cpu:/a
cgset 1 "^$R/p1-dir: Is a directory"                        --sysroot "$R/p1-dir" -r cpu.shares=512 cpu:/a
# ---- cgexec-ns
cgexec-ns 1 '^no command given'                             
cgexec-ns 1 '^-g cpu:: invalid cgroup path'                 -g cpu: touch "$T/ran"
cgexec-ns 1 '^-g :/a: invalid cgroup path'                  -g :/a touch "$T/ran"
cgexec-ns 1 '^-g cpu:/a/\.\./b: invalid cgroup path'        -g cpu:/a/../b touch "$T/ran"
cgexec-ns 1 "^-g cpu:$A/\.\./\.\./\.\.: invalid cgroup path" --relative -g "cpu:$A/../../.." touch "$T/ran"
cgexec-ns 1 "^-g nosuch:/a: no hierarchy holds controller 'nosuch'" -g nosuch:/a touch "$T/ran"
cgexec-ns 1 "^-g cpu:$S/nonexistent: in cpu: No such file or directory" --relative -g "cpu:$S/nonexistent" touch "$T/ran"
cgexec-ns 1 '^-g cpu: not a cgroup path'                    -g cpu touch "$T/ran"
cgexec-ns 1 '^-g c0debad0: ambiguous container id prefix'   -g c0debad0 touch "$T/ran"
cgexec-ns 1 '^-g cpu:/a\\nb: invalid cgroup path'           -g $'cpu:/a\nb' touch "$T/ran"
cgexec-ns 1 "^--memory 1G: no -g names a cgroup in the memory hierarchy" --relative -g "cpu:$A" --memory 1G touch "$T/ran"
cgexec-ns 1 '^--memory 99999999999999999999G: must be -1 or a size' --relative -g "*:$A" --memory 99999999999999999999G touch "$T/ran"
cgexec-ns 1 '^--memory 18446744073709551616: must be -1 or a size' --relative -g "*:$A" --memory 18446744073709551616 touch "$T/ran"
cgexec-ns 1 '^--cpus 0: must be a number of CPUs > 0'       --relative -g "*:$A" --cpus 0 touch "$T/ran"
cgexec-ns 1 '^--cpus nan: must be a number of CPUs'         --relative -g "*:$A" --cpus nan touch "$T/ran"
cgexec-ns 1 '^--cpus 0.001: gives a quota of 100 us'        --relative -g "*:$A" --cpus 0.001 touch "$T/ran"
cgexec-ns 1 '^--pids abc: must be max or between 0 and'     --relative -g "*:$A" --pids abc touch "$T/ran"
cgexec-ns 1 '^--pids 18446744073709551616: must be max or'  --relative -g "*:$A" --pids 18446744073709551616 touch "$T/ran"
cgexec-ns 1 '^--cpuset 99: names CPUs that are not online'  --relative -g "*:$A" --cpuset 99 touch "$T/ran"
cgexec-ns 1 '^--cpuset 0-99999999999: numbers must be below' --relative -g "*:$A" --cpuset 0-99999999999 touch "$T/ran"
cgexec-ns 127 '^nosuchcmd: command not found'               --relative -g "*:$A" nosuchcmd
cgexec-ns 127 "^'': command not found"                      --relative -g "*:$A" ''
cgexec-ns 126 '^failed to execute /etc/passwd: Permission denied' --relative -g "*:$A" /etc/passwd
cgexec-ns 126 "^failed to execute $T: Permission denied"    --relative -g "*:$A" "$T"
cgexec-ns 1 '^--hostname needs --uts'                       --hostname x touch "$T/ran"
cgexec-ns 1 '^--map-root needs --user'                      --map-root touch "$T/ran"
cgexec-ns 1 '^--root /nonexistent: No such file or directory' -r /nonexistent touch "$T/ran"
cgexec-ns 1 '^--rm removes what --create made'              --rm touch "$T/ran"
cgexec-ns 1 "^--hostname a{65}: Invalid argument"           -u --hostname "${LONG:0:65}" touch "$T/ran"
cgexec-ns 1 "^unrecognized option '--bogus'"                --bogus touch "$T/ran"
# ---- nsenter-lite
nsenter-lite 1 "^--target: '0': not a PID"                  -t 0 -a touch "$T/ran"
nsenter-lite 1 '^-1: not a PID, a container id prefix'      -t -1 -a touch "$T/ran"
nsenter-lite 1 '^4294967296: no such process \(nor container id prefix\)' -t 4294967296 -a touch "$T/ran"
nsenter-lite 1 '^2147483648: no such process \(nor container id prefix\)' -t 2147483648 -a touch "$T/ran"
nsenter-lite 1 "^--target: '9{65}': out of range"           -t "$(printf '9%.0s' {1..65})" -a touch "$T/ran"
nsenter-lite 1 '^abc: not a PID'                            -t abc -a touch "$T/ran"
nsenter-lite 1 '^: not a PID'                               -t '' -a touch "$T/ran"
nsenter-lite 1 "^$DEAD: no such process"                    -t "$DEAD" -a touch "$T/ran"
nsenter-lite 1 '^--all needs a target'                      -a touch "$T/ran"
nsenter-lite 1 '^cpu:: not a PID'                           -t cpu: -a touch "$T/ran"
nsenter-lite 1 '^/a/\.\./b: not a PID'                      -t /a/../b -a touch "$T/ran"
nsenter-lite 1 "^nosuch:/a: no hierarchy holds controller 'nosuch'" -t nosuch:/a -a touch "$T/ran"
nsenter-lite 1 '^/nonexistent: no such cgroup'              -t /nonexistent -a touch "$T/ran"
nsenter-lite 1 "^cpu:$B: no process in this cgroup"         -t "cpu:$B" -a touch "$T/ran"
nsenter-lite 1 '^c0debad0: ambiguous container id prefix'   -t c0debad0 -a touch "$T/ran"
nsenter-lite 1 '^c0debad2: no container with this id prefix' -t c0debad2 -a touch "$T/ran"
nsenter-lite 1 '^1\\n2: not a PID'                          -t $'1\n2' -a touch "$T/ran"
nsenter-lite 1 "^--setuid: 'abc': not a number"             -t "$SLEEPER" -S abc -u touch "$T/ran"
nsenter-lite 1 "^--setuid: '4294967296': out of range"      -t "$SLEEPER" -S 4294967296 -u touch "$T/ran"
nsenter-lite 1 "^--setgid: '-1': not a number"              -t "$SLEEPER" -G -1 -u touch "$T/ran"
nsenter-lite 1 '^/nonexistent: No such file or directory'   --mount=/nonexistent touch "$T/ran"
nsenter-lite 1 '^/etc/passwd: not a net namespace'          -t "$SLEEPER" --net=/etc/passwd touch "$T/ran"
nsenter-lite 1 "^/proc/$SLEEPER/ns/net: not a uts namespace" --uts="/proc/$SLEEPER/ns/net" touch "$T/ran"
nsenter-lite 1 '^--uts: neither a file nor a target'        -u touch "$T/ran"
nsenter-lite 1 '^-r, -w without DIR, -e and --join-cgroup need a target' -e touch "$T/ran"
nsenter-lite 1 '^/nonexistent: No such file or directory'   -t "$SLEEPER" -u -r/nonexistent touch "$T/ran"
nsenter-lite 1 '^/nonexistent: No such file or directory'   -t "$SLEEPER" -u -w/nonexistent touch "$T/ran"
nsenter-lite 127 '^failed to execute nosuchcmd: No such file or directory' -t "$SLEEPER" -u nosuchcmd
nsenter-lite 127 '^failed to execute : No such file or directory' -t "$SLEEPER" -u ''
nsenter-lite 126 '^failed to execute /etc/passwd: Permission denied' -t "$SLEEPER" -u /etc/passwd
nsenter-lite 126 "^failed to execute $T: Permission denied" -t "$SLEEPER" -u "$T"
nsenter-lite 1 "^unrecognized option '--bogus'"             --bogus
# ---- cgtop
cgtop 1 '^0: not a delay in seconds'                        -b -n1 -d 0
cgtop 1 '^-1: not a delay in seconds'                       -b -n1 -d -1
cgtop 1 '^abc: not a delay in seconds'                      -b -n1 -d abc
cgtop 1 '^99999999999999999999: not a delay in seconds'     -b -n1 -d 99999999999999999999
cgtop 1 '^1e309: not a delay in seconds'                    -b -n1 -d 1e309
cgtop 1 '^nan: not a delay in seconds'                      -b -n1 -d nan
cgtop 1 '^0: the number of iterations must be at least 1'   -b -n 0
cgtop 1 "^--iterations: '-1': not a number"                 -b -n -1
cgtop 1 "^--iterations: '99999999999999999999': out of range" -b -n 99999999999999999999
cgtop 1 "^--depth: '-1': not a number"                      -b -n1 --depth -1
cgtop 1 "^--depth: '65': out of range"                      -b -n1 --depth 65
cgtop 1 '^bogus: unknown order'                             -b -n1 --order bogus
cgtop 1 '^bogus: unknown CPU display'                       -b -n1 --cpu=bogus
cgtop 1 '^maybe: not a boolean'                             -b -n1 --recursive maybe
cgtop 1 '^xml: unknown format'                              -b -n1 --format xml
cgtop 1 '^a{5000}: filter too long'                         -b -n1 --filter "$LONG"
cgtop 1 '^cpu:: invalid cgroup path'                        -b -n1 cpu:
cgtop 1 '^/a/\.\./b: invalid cgroup path'                   -b -n1 /a/../b
cgtop 1 "^nosuch:/a: no hierarchy holds controller 'nosuch'" -b -n1 nosuch:/a
cgtop 1 "^$S/nonexistent: no such cgroup"                   -b -n1 --relative "$S/nonexistent"
cgtop 1 '^abc: not a cgroup path'                           -b -n1 abc
cgtop 1 '^c0debad0: ambiguous container id prefix'          -b -n1 c0debad0
cgtop 1 '^c0debad2: no container with this id prefix'       -b -n1 c0debad2
cgtop 1 "^$B: one CGROUP at most"                           -b -n1 --relative "$A" "$B"
cgtop 1 "^unrecognized option '--bogus'"                    -b -n1 --bogus
cgtop 1 "^$R/nonexistent: no cgroup hierarchy mounted"      -b -n1 --sysroot "$R/nonexistent"
cgtop 1 '^/etc/passwd: Not a directory'                     -b -n1 --sysroot /etc/passwd
cgtop 1 "^$R/mi-junk: Invalid argument"                     -b -n1 --sysroot "$R/mi-junk"
cgtop 1 "^$R/mi-dir: Is a directory"                        -b -n1 --sysroot "$R/mi-dir"
cgtop 1 "^$R/p1-junk: Invalid argument"                     -b -n1 --sysroot "$R/p1-junk"
cgtop 1 '^cpu:/a: in cpu: Too many levels of symbolic links' -b -n1 --sysroot "$R/dir-link" cpu:/a
cgtop 1 "^cpu:/a: no hierarchy holds controller 'cpu'"      -b -n1 --sysroot "$R/mnt-rel" cpu:/a
cgtop 1 '^5a1b: ambiguous container id prefix'              -b -n1 --sysroot "$R/ambig" 5a1b
# ---- procview
procview 1 "^--pid: '0': not a process id"                  -p 0 meminfo
procview 1 "^--pid: '-1': not a number"                     -p -1 meminfo
procview 1 "^--pid: '4294967296': out of range"             -p 4294967296 meminfo
procview 1 "^--pid: 'abc': not a number"                    -p abc meminfo
procview 1 "^$DEAD: no such process"                        -p "$DEAD" meminfo
procview 1 '^nosuchfile: unknown file'                      nosuchfile
procview 1 '^bogus: unknown file'                           meminfo cpuinfo bogus
procview 1 '^\.\./etc/passwd: unknown file'                 ../etc/passwd
procview 1 '^/proc/\.\./etc/passwd: unknown file'           /proc/../etc/passwd
procview 1 '^/proc/meminfox: unknown file'                  /proc/meminfox
procview 1 '^mem\\ninfo: unknown file'                      $'mem\ninfo'
procview 1 '^cpu:: invalid cgroup path'                     -c cpu: meminfo
procview 1 '^/a/\.\./b: invalid cgroup path'                -c /a/../b meminfo
procview 1 "^nosuch:/a: no hierarchy holds controller 'nosuch'" -c nosuch:/a meminfo
procview 1 '^/nonexistent: no such cgroup'                  -c /nonexistent meminfo
procview 1 '^abc: not a cgroup path'                        -c abc meminfo
procview 1 "^cpu:$A: no memory cgroup: cannot virtualise meminfo" -c "cpu:$A" meminfo
procview 1 '^c0debad0: ambiguous container id prefix'       c0debad0
procview 1 '^c0debad2: no container with this id prefix'    c0debad2
procview 1 '^-p and -c exclude each other'                  -p 1 -c /
procview 1 "^--sample: '-1': not a number"                  --sample -1 loadavg
procview 1 "^--sample: '99999999999999999999': out of range" --sample 99999999999999999999 loadavg
procview 1 '^--export and --json take no FILE'              --export meminfo
procview 1 "^$R/nonexistent: no cgroup hierarchy mounted"   --sysroot "$R/nonexistent"
procview 1 '^/etc/passwd: Not a directory'                  --sysroot /etc/passwd meminfo
procview 1 "^$R/mi-junk: Invalid argument"                  --sysroot "$R/mi-junk" meminfo
procview 1 "^$R/mi-dir: Is a directory"                     --sysroot "$R/mi-dir" meminfo
procview 1 '^/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" -c /a meminfo
procview 1 "^unrecognized option '--bogus'"                 --bogus
# ---- cgsh: commands (--relative), its own arguments and sysroots
cgsh 1 "^cpus: $A: cpus 0: must be a number of CPUs > 0"    --relative -c "cd $A; cpus 0"
cgsh 1 "^memory: $A: memory 99999999999999999999G: must be -1 or a size" --relative -c "cd $A; memory 99999999999999999999G"
cgsh 1 "^memory: $A: memory 18446744073709551616: must be -1 or a size" --relative -c "cd $A; memory 18446744073709551616"
cgsh 1 "^pids: $A: pids 4294967296: must be max or"         --relative -c "cd $A; pids 4294967296"
cgsh 1 "^cpuset: $A: cpuset 0-99999999999: numbers must be below" --relative -c "cd $A; cpuset 0-99999999999"
cgsh 1 "^set: $A: cpu.shares=1: must be between 2 and 262144" --relative -c "cd $A; set cpu.shares=1"
cgsh 1 "^set: $A: \.\./x=1: not a control file name"        --relative -c "cd $A; set ../x=1"
cgsh 1 '^set: =1: want KNOB=VALUE'                          --relative -c "cd $A; set =1"
cgsh 1 '^set: cpu.shares: want KNOB=VALUE'                  --relative -c "cd $A; set cpu.shares"
cgsh 1 '^cd: cpu:: invalid cgroup path'                     --relative -c "cd cpu:"
cgsh 1 '^cd: :/a: invalid cgroup path'                      --relative -c "cd :/a"
cgsh 1 "^cd: nosuch:/a: no hierarchy holds controller 'nosuch'" --relative -c "cd nosuch:/a"
cgsh 1 "^cd: $S/nonexistent: no such cgroup"                --relative -c "cd $S/nonexistent"
cgsh 1 '^cd: c0debad0: ambiguous container id prefix'       --relative -c "cd c0debad0"
cgsh 1 '^cd: /a\\nb: invalid name'                          --relative -c $'cd "/a\nb"'
cgsh 1 '^attach: 0: not a process id'                       --relative -c "cd $A; attach 0"
cgsh 1 '^attach: -1: not a process id'                      --relative -c "cd $A; attach -1"
cgsh 1 '^attach: 4294967296: not a process id'              --relative -c "cd $A; attach 4294967296"
cgsh 1 "^attach: $A in .*: attach $DEAD: no such process"   --relative -c "cd $A; attach $DEAD"
cgsh 1 "^cat: nosuch.x: no hierarchy holds controller 'nosuch'" --relative -c "cd $A; cat nosuch.x"
cgsh 1 '^cat: \.\./\.\./etc/passwd: not a control file name' --relative -c "cd $A; cat ../../etc/passwd"
cgsh 1 '^cat: /etc/passwd: not a control file name'         --relative -c "cd $A; cat /etc/passwd"
cgsh 1 '^get: \.\./x: not a control file name'              --relative -c "cd $A; get ../x"
cgsh 127 '^nosuchcmd: unknown command'                      -c nosuchcmd
cgsh 2 "^unterminated ' quote"                              -c "echo 'unterminated"
cgsh 2 "^unquoted '\|': cgsh has no pipes"                  -c 'ls |'
cgsh 1 '^exit: abc: not an exit status'                     -c 'exit abc'
cgsh 1 '^exit: 99999999999: not an exit status'             -c 'exit 99999999999'
cgsh 1 "^mkdir: '': an empty cgroup name"                   --relative -c "cd $A; mkdir ''"
cgsh 1 "^mkdir: -g nosuch: no hierarchy holds controller 'nosuch'" --relative -c "cd $A; mkdir -g nosuch x"
cgsh 1 '^rmdir: \.: the current cgroup'                     --relative -c "cd $A; rmdir ."
cgsh 1 '^rmdir: \.\.: the current cgroup is inside it'      --relative -c "cd $A; rmdir .."
cgsh 1 "^unrecognized option '--bogus'"               -c 'tree --bogus'
cgsh 1 '^0: the number of iterations must be at least 1' -c 'top -n 0'
cgsh 1 '^help: nosuch: no such command'                     -c 'help nosuch'
cgsh 127 '^/nonexistent: command not found'      --relative -c "cd $A; exec /nonexistent"
cgsh 1 '^exec: which program'                               --relative -c "cd $A; exec"
cgsh 1 "^enter: $B: no process here to enter"               --relative -c "cd $B; enter"
cgsh 1 '^freeze: x: unexpected argument'                    --relative -c "cd $A; freeze x"
cgsh 1 "^$T/nonexistent: No such file or directory"         "$T/nonexistent"
cgsh 1 '^/etc: Is a directory'                              /etc
cgsh 1 "^unrecognized option '--bogus'"                     --bogus
cgsh 1 "^option requires an argument -- 'c'"                -c
cgsh 1 '^x: -c takes the commands; no SCRIPT with it'       -c pwd x
cgsh 1 "^$R/mi-junk: Invalid argument"                      --sysroot "$R/mi-junk" -c pwd
cgsh 1 '^cd: cpu:/a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" -c 'cd cpu:/a'
cgsh 1 '^set: /a in cpu: cpu.shares=512: Too many levels of symbolic links' --sysroot "$R/ctl-link" -c 'cd cpu:/a; set cpu.shares=512'
cgsh 1 '^shares: /a in cpu: shares 512: Too many levels of symbolic links' --sysroot "$R/ctl-link" -c 'cd cpu:/a; shares 512'
cgsh 1 '^mkdir: a/x: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" -c 'cd cpu:/; mkdir a/x'
cgsh 1 '^rmdir: a: in cpu: Too many levels of symbolic links' --sysroot "$R/dir-link" -c 'cd cpu:/; rmdir a'
cgsh 1 "^cd: cpu:/a: no hierarchy holds controller 'cpu'"   --sysroot "$R/mnt-link" -c 'cd cpu:/a; set cpu.shares=512'
EOF
}

@test "bad input: one line naming the operand, the documented status, nothing changed" {
	local line tool code re fails='' n=0 first prog out err st
	hard_snapshot > "$T/before"
	while IFS= read -r line; do
		case $line in ''|'#'*) continue;; esac
		read -r tool code line <<< "$line"
		eval "set -- $line"
		re=$1
		shift
		n=$((n + 1))
		st=0
		out=$(timeout 30 "$CGK_BUILDDIR/$tool" "$@" </dev/null 2>"$T/stderr") || st=$?
		err=$(cat "$T/stderr")
		first=${err%%$'\n'*}
		prog=${first%%: *}
		if [ "$st" != "$code" ]; then
			fails+="[$tool $*] exit $st, not $code; stderr: $err"$'\n'
		elif [ "$prog" != "$tool" ] && ! { [ "$tool" = cgsh ] &&
			[[ $prog =~ ^(cgls|cgtop|cgexec-ns|nsenter-lite)$ ]]; }; then
			fails+="[$tool $*] message not from $tool: $err"$'\n'
		elif ! grep -Eq -- "$re" <<< "${first#"$prog: "}"; then
			fails+="[$tool $*] '$first' does not match '$re'"$'\n'
		elif [ "$(wc -l <<< "$err")" != 1 ] &&
		     [ "${err#*$'\n'}" != "Try '$prog --help' for more information." ]; then
			fails+="[$tool $*] not one line: $err"$'\n'
		elif [ -n "$out" ]; then
			fails+="[$tool $*] wrote to stdout: ${out:0:300}"$'\n'
		fi
		hard_snapshot > "$T/after"
		if ! cmp -s "$T/before" "$T/after"; then
			fails+="[$tool $*] changed: $(diff -a "$T/before" "$T/after" | head -6)"$'\n'
			mv "$T/after" "$T/before"
		fi
	done < <(table)
	[ ! -e "$T/ran" ] || fails+="a row ran its command: $T/ran exists"$'\n'
	echo "$n malformed invocations" >&3
	[ -z "$fails" ] || fail "$fails"
	[ "$n" -ge 150 ]
}
