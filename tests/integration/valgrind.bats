#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# valgrind memcheck on every tool over the test bed (issue 8): each tool's
# main modes run under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect
#            --error-exitcode=99
# and must give no memory error and no definite or indirect leak, with the
# same outcome as without valgrind.  valgrind 3.19 lacks openat2 (437),
# pidfd_open (434) and clone3 (435): it warns and fails them with ENOSYS,
# and the tools take their fallbacks (checked here: the outcome is right).
# Those three warnings are the only valgrind output allowed.  A build with
# --enable-sanitizers (.ci/run's second pass) cannot run under valgrind: there
# the same runs go without it, and ASan, LeakSanitizer and UBSan check them.
#
#   make check TESTS=tests/integration/valgrind.bats
#   CGK_BUILDDIR=. bats tests/integration/valgrind.bats

load helpers

TOOLS="cgls cgset cgexec-ns nsenter-lite cgtop procview cgsh"

setup_file() {
	export CGK_SKIP VGBIN=$BATS_FILE_TMPDIR/bin
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	if ! command -v valgrind > /dev/null; then
		CGK_SKIP="valgrind is needed (apt-get install valgrind)"
		return 0
	fi
	local t
	# copies: others may rebuild the tree meanwhile; cgsh runs its
	# siblings from its own directory
	mkdir "$VGBIN"
	for t in $TOOLS; do
		cp "$CGK_BUILDDIR/$t" "$VGBIN/" || { echo "no $CGK_BUILDDIR/$t (build it first)" >&2; return 1; }
	done
	# a sanitizer build (make check says so; bats run by hand: the binary)
	export VG_SANITIZED=no
	if [ "${CGK_SANITIZED:-no}" = yes ] || grep -q __asan_init "$VGBIN/cgls"; then
		VG_SANITIZED=yes
	fi
	testbed_up
}

teardown_file() {
	[ -z "${CGK_SKIP:-}" ] || return 0
	testbed_down
}

setup() {
	require_root_v1
	testbed_env
	# the test bed's scratch cgroup is TBS; ours (made per test) is SCRATCH
	TBS=$SCRATCH
	scratch_create
	S=/$SCRATCH
	PID_HALF=$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")
}

teardown() {
	helpers_stop_all
	scratch_remove
	return 0
}

# vg NAME PROG ARG...: run $VGBIN/PROG under memcheck, stdout into
# $VG/NAME.out, stderr into $VG/NAME.err; VG_RC is the status.  Fails
# the test on any memory error or leak, and on any valgrind output but the
# warnings about the syscalls it lacks (the tools fall back).  VG_OPTS:
# more valgrind options for the run.  In a sanitizer build PROG runs as it
# is, and a sanitizer's report fails the test.  A run has 120 s.
vg() {
	local name=$1 prog=$2 vgout
	shift 2
	VG=$BATS_TEST_TMPDIR
	VG_RC=0
	VG_RUNS=$((${VG_RUNS:-0} + 1))
	if [ "$VG_SANITIZED" = yes ]; then
		timeout 120 "$VGBIN/$prog" "$@" > "$VG/$name.out" 2> "$VG/$name.err" < /dev/null || VG_RC=$?
		[ "$VG_RC" != 124 ] || fail "$prog $*: still running after 120 s"
		! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$VG/$name.err" ||
			fail "sanitizer on $prog $*: status $VG_RC" "$(head -60 "$VG/$name.err")"
		cp "$VG/$name.err" "$VG/$name.msg"
		return 0
	fi
	timeout 120 valgrind -q --vgdb=no --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 ${VG_OPTS:-} \
		"$VGBIN/$prog" "$@" > "$VG/$name.out" 2> "$VG/$name.err" < /dev/null || VG_RC=$?
	vgout=$(grep -E '^(==|--)[0-9]+(==|--)' "$VG/$name.err" |
		grep -vE '^--[0-9]+-- (WARNING: unhandled amd64-linux syscall: (434|435|437)|You may be able to write your own handler\.|Read the file README_MISSING_SYSCALL_OR_IOCTL\.|Nevertheless we consider this a bug\.  Please report|it at http://valgrind\.org/support/bug_reports\.html\.)$' || true)
	[ "$VG_RC" != 124 ] || fail "valgrind on $prog $*: still running after 120 s"
	[ "$VG_RC" != 99 ] && [ -z "$vgout" ] ||
		fail "valgrind on $prog $*: status $VG_RC" "$(head -60 "$VG/$name.err")"
	# the tool's own messages, without valgrind's lines
	grep -vE '^(==|--)[0-9]+(==|--)' "$VG/$name.err" > "$VG/$name.msg" || true
}

# checker: what checked the runs
checker() {
	if [ "$VG_SANITIZED" = yes ]; then echo "the sanitizers (no valgrind)"; else echo memcheck; fi
}

# vg_ok NAME PROG ARG...: vg, and the tool exits 0 without a message
vg_ok() {
	vg "$@"
	[ "$VG_RC" = 0 ] || fail "$2 ${*:3}: exit $VG_RC" "$(cat "$VG/$1.msg")"
	[ ! -s "$VG/$1.msg" ] || fail "$2 ${*:3}: stderr: $(cat "$VG/$1.msg")"
}

# own LABEL: our own cgroup in hierarchy LABEL ("" for "/")
own() {
	local label mnt o
	while IFS=$'\t' read -r label mnt o; do
		[ "$label" = "$1" ] && { echo "${o%/}"; return 0; }
	done < <(cg_hierarchies)
	return 1
}

# sdir LABEL: our scratch directory in hierarchy LABEL
sdir() {
	local label mnt o
	while IFS=$'\t' read -r label mnt o; do
		[ "$label" = "$1" ] && { echo "$mnt${o%/}/$SCRATCH"; return 0; }
	done < <(cg_hierarchies)
	return 1
}

@test "cgls: tree, -p, --containers, --json, -r -H, --pid, a container id, -c: no error, no leak" {
	vg_ok tree cgls
	grep -q "docker-$D_HALF.scope" "$VG/tree.out"
	vg_ok flat cgls -p
	grep -qx "cpu:/$TBS/system.slice/docker-$D_HALF.scope" "$VG/flat.out" || fail "$(head "$VG/flat.out")"
	vg_ok ctrs cgls --containers -o +POD_UID
	grep -q "${D_HALF:0:12}" "$VG/ctrs.out" && grep -q "$POD_B" "$VG/ctrs.out"
	vg_ok ctrsjson cgls --containers --json
	jq -e --arg i "$D_HALF" '.containers | map(select(.id == $i)) | length == 1' "$VG/ctrsjson.out" > /dev/null ||
		fail "$(head -c 600 "$VG/ctrsjson.out")"
	vg_ok json cgls --json --relative "/$TBS"
	[ "$(jq -r '.[0].path' "$VG/json.out")" = "/$TBS" ]
	vg_ok knobs cgls --relative -r cpu.cfs_quota_us -r memory.limit_in_bytes -r pids.max -H \
		"/$TBS/system.slice/docker-$D_HALF.scope"
	grep -q 'memory.limit_in_bytes: 128M' "$VG/knobs.out" || fail "$(cat "$VG/knobs.out")"
	vg_ok pid cgls --relative --pid "$PID_HALF"
	grep -qx "[^:]*cpu[^:]*:/$TBS/system.slice/docker-$D_HALF.scope" "$VG/pid.out" || fail "$(cat "$VG/pid.out")"
	vg_ok id cgls -l "${D_HALF:0:8}"
	grep -qE "(─|-)$PID_HALF sleep 100000" "$VG/id.out" || fail "$(cat "$VG/id.out")"
	vg_ok ctrl cgls -a -c pids --depth 2 --relative "/$TBS"
	# bad input: the message, exit 1, still no leak
	vg nosuch cgls --relative "$S/nosuch"
	[ "$VG_RC" = 1 ] && [ "$(wc -l < "$VG/nosuch.msg")" = 1 ] || fail "$VG_RC: $(cat "$VG/nosuch.msg")"
	echo "# cgls: $VG_RUNS runs under $(checker)" >&3
}

@test "cgset: --create with limits, --attach, -R, --copy-from, -n, --memory max, rollbacks: no error, no leak" {
	local cpu mem pids before
	cpu=$(sdir cpu) mem=$(sdir memory) pids=$(sdir pids)
	helper_start sleep 1000
	vg_ok create cgset --relative --create --cpus 0.5 --memory 64M --pids 20 --cpuset 0 "$S/a/b"
	[ "$(cat "$cpu/a/b/cpu.cfs_quota_us")" = 50000 ]
	[ "$(cat "$mem/a/b/memory.limit_in_bytes")" = $((64 << 20)) ]
	[ "$(cat "$pids/a/b/pids.max")" = 20 ]
	[ "$(cat "$(sdir cpuset)/a/b/cpuset.cpus")" = 0 ]
	vg_ok attach cgset --relative --attach "$HELPER_PID" "$S/a/b"
	grep -qx "[0-9]*:pids:$(own pids)$S/a/b" "/proc/$HELPER_PID/cgroup"
	grep -qx "[0-9]*:memory:$(own memory)$S/a/b" "/proc/$HELPER_PID/cgroup"
	vg_ok dry cgset --relative -n --cpus 0.25 "$S/a/b"
	grep -q 'cpu.cfs_quota_us' "$VG/dry.out"
	[ "$(cat "$cpu/a/b/cpu.cfs_quota_us")" = 50000 ]
	vg_ok recursive cgset --relative -R --pids 30 "$S/a"
	[ "$(cat "$pids/a/pids.max")" = 30 ] && [ "$(cat "$pids/a/b/pids.max")" = 30 ]
	vg_ok max cgset --relative --memory max --cpus max "$S/a/b"
	[ "$(cat "$cpu/a/b/cpu.cfs_quota_us")" = -1 ]
	[ "$(cat "$mem/a/b/memory.limit_in_bytes")" = 9223372036854771712 ]
	vg_ok mkc cgset --relative --create -g cpu,cpuacct,pids "$S/c"
	vg_ok copy cgset --relative --copy-from "$S/a" "$S/c"
	[ "$(cat "$pids/c/pids.max")" = 30 ]
	# the kernel refuses the second write: the first is undone
	before=$(cat "$cpu/a/b/cpu.shares")
	vg rollback cgset --relative -r cpu.shares=512 -r cpu.rt_runtime_us=10000 "$S/a/b"
	[ "$VG_RC" = 1 ] || fail "rollback: exit $VG_RC"
	grep -q 'cpu.rt_runtime_us=10000: Invalid argument (EINVAL).*nothing was changed' "$VG/rollback.msg" ||
		fail "$(cat "$VG/rollback.msg")"
	[ "$(cat "$cpu/a/b/cpu.shares")" = "$before" ]
	# a failed --create removes what it made
	vg rollcreate cgset --relative --create --cpus 0.2 -r cpu.rt_runtime_us=10000 "$S/new/deeper"
	[ "$VG_RC" = 1 ] && [ ! -e "$cpu/new" ] && [ ! -e "$mem/new" ] || fail "exit $VG_RC; $(cat "$VG/rollcreate.msg")"
	# an attach that fails moves back the one that went
	helper_start chrt -f 1 sleep 1000
	vg rollattach cgset --relative --attach "$HELPER_PID" "$S/c"
	[ "$VG_RC" = 1 ] && [ -z "$(cat "$cpu/c/cgroup.procs")" ] || fail "exit $VG_RC; $(cat "$VG/rollattach.msg")"
	# a test bed container by its id prefix
	vg_ok ctr cgset -q --shares 256 "${D_HALF:0:8}"
	vg bad cgset --relative --memory 12Q "$S/a"
	[ "$VG_RC" = 1 ] && [ "$(wc -l < "$VG/bad.msg")" -le 2 ]
	vg_ok knobs cgset --list-knobs
	echo "# cgset: $VG_RUNS runs under $(checker)" >&3
}

@test "cgexec-ns: cgroups made and limited, every namespace, the clone3 fallback (clone), status passed on: no error, no leak" {
	# valgrind fails clone3 with ENOSYS: the child comes from clone, and the
	# time namespace, which clone cannot ask for, is unshared before exec
	vg_ok run cgexec-ns --relative --create --rm --cpus 0.5 --memory 64M --pids 10 \
		-g "cpu,cpuacct,memory,pids:$S/x" -p -m -u -i -n -T --hostname vg -- \
		/bin/sh -c 'cat /proc/self/cgroup; hostname; readlink /proc/self/ns/time /proc/self/ns/net'
	grep -qx "[0-9]*:cpu:$(own cpu)$S/x" "$VG/run.out" || fail "$(cat "$VG/run.out")"
	grep -qx "[0-9]*:memory:$(own memory)$S/x" "$VG/run.out"
	grep -qx "[0-9]*:pids:$(own pids)$S/x" "$VG/run.out"
	grep -qx vg "$VG/run.out"
	grep -q "^time:" "$VG/run.out" && ! grep -qxF "$(readlink /proc/self/ns/time)" "$VG/run.out"
	! grep -qxF "$(readlink /proc/self/ns/net)" "$VG/run.out"
	# --rm removed them
	[ ! -e "$(sdir cpu)/x" ] && [ ! -e "$(sdir memory)/x" ]
	# a user namespace mapping root, a cgroup namespace rooted at the cgroup
	vg_ok user cgexec-ns --relative --create --rm -g "cpu:$S/y" -U --map-root -C -- \
		/bin/sh -c 'id -u; cat /proc/self/uid_map; grep :cpu: /proc/self/cgroup'
	[ "$(head -1 "$VG/user.out")" = 0 ] || fail "$(cat "$VG/user.out")"
	grep -qx '[0-9]*:cpu:/' "$VG/user.out" || fail "$(cat "$VG/user.out")"
	# the command's status, 127 when it is not found
	vg status cgexec-ns -- /bin/sh -c 'exit 7'
	[ "$VG_RC" = 7 ]
	vg missing cgexec-ns -- /nonexistent/cmd
	[ "$VG_RC" = 127 ] && [ "$(wc -l < "$VG/missing.msg")" = 1 ]
	vg nocg cgexec-ns --relative -g "cpu:$S/nosuch" -- true
	[ "$VG_RC" = 1 ] && [ ! -e "$(sdir cpu)/nosuch" ]
	echo "# cgexec-ns: $VG_RUNS runs under $(checker)" >&3
}

@test "nsenter-lite: into a test bed container by id and by PID (pidfd_open missing: the start time pins it), its cgroups joined: no error, no leak" {
	local n links=''
	for n in ipc mnt net pid uts; do links+="$n $(readlink "/proc/$PID_HALF/ns/$n")"$'\n'; done
	vg_ok all nsenter-lite -t "${D_HALF:0:8}" -a -c -e -r -w /bin/sh -c \
		'for n in ipc mnt net pid uts; do echo "$n $(readlink /proc/self/ns/$n)"; done; cat /proc/self/cgroup; hostname'
	[ "$(head -5 "$VG/all.out")" = "${links%$'\n'}" ] || fail "$(cat "$VG/all.out")" "want: $links"
	# -c: every hierarchy, as the container's init
	diff <(grep '^[0-9]*:' "$VG/all.out" | sort) <(sort "/proc/$PID_HALF/cgroup")
	[ "$(tail -1 "$VG/all.out")" = "${D_HALF:0:12}" ]
	vg_ok pid nsenter-lite -t "$PID_HALF" -u -n hostname
	[ "$(cat "$VG/pid.out")" = "${D_HALF:0:12}" ]
	vg status nsenter-lite -t "$PID_HALF" -m -p -r /bin/sh -c 'exit 3'
	[ "$VG_RC" = 3 ]
	vg nosuch nsenter-lite -t 0fffffff -a true
	[ "$VG_RC" = 1 ] && [ "$(wc -l < "$VG/nosuch.msg")" = 1 ] || fail "exit $VG_RC: $(cat "$VG/nosuch.msg")"
	echo "# nsenter-lite: $VG_RUNS runs under $(checker)" >&3
}

@test "cgtop: -b -n 3 over the whole tree, json, prometheus, -P, a container: no error, no leak" {
	vg_ok tree cgtop -b -n 3 -d 0.2
	[ "$(grep -c '^/ ' "$VG/tree.out")" = 3 ] || fail "$(head -5 "$VG/tree.out")"
	vg_ok json cgtop -b -n 3 -d 0.2 -a -f --depth 5 --format=json --relative "/$TBS"
	[ "$(jq -s 'length' "$VG/json.out")" = 3 ]
	jq -e -s --arg p "/$TBS/system.slice/docker-$D_HALF.scope" \
		'.[2].cgroups | map(select(.path == $p)) | length == 1' "$VG/json.out" > /dev/null ||
		fail "$(tail -c 800 "$VG/json.out")"
	vg_ok prom cgtop -b -n 2 -d 0.2 -P --order=memory --format=prometheus --relative "/$TBS"
	[ -s "$VG/prom.out" ]
	vg_ok ctr cgtop -b -n 2 -d 0.2 -k "${D_HALF:0:8}"
	echo "# cgtop: $VG_RUNS runs under $(checker)" >&3
}

# children PID: the PIDs of PID's children
children() {
	cat "/proc/$1/task/"*/children 2>/dev/null
}

@test "cgtop --listen: scrapes in both formats, 404, 405, then SIGTERM: no error, no leak" {
	local t=$BATS_TEST_TMPDIR sub port= n=600 p pid
	( vg listen cgtop --listen 127.0.0.1:0 --depth 5 --relative "/$TBS" && echo "$VG_RC" > "$t/listen.rc" ) \
		> "$t/listen.sub" 2>&1 3>&- &
	sub=$!
	while [ $n -gt 0 ] && [ -z "$port" ]; do
		port=$(sed -n 's|^cgtop: listening on http://127.0.0.1:\([0-9]*\)/metrics$|\1|p' "$t/listen.err" 2> /dev/null || true)
		[ -n "$port" ] || sleep 0.1
		n=$((n - 1))
	done
	# the program under the checker: the subshell's timeout's child (or,
	# in a sanitizer build, the timeout's child is the program itself)
	for p in $(children "$sub"); do pid=$(children "$p"); done
	[ -n "$port" ] && [ -n "$pid" ] || { kill "$sub"; fail "cgtop --listen did not start" "$(cat "$t/listen.err" "$t/listen.sub")"; }
	curl -sS --max-time 60 -o "$t/m" "http://127.0.0.1:$port/metrics"
	grep -q "^cgkit_cgroup_tasks{cgroup=\"/$TBS/system.slice/docker-$D_HALF.scope\"" "$t/m" || fail "$(head -5 "$t/m")"
	curl -sS --max-time 60 -H 'Accept: application/openmetrics-text;version=1.0.0' -o "$t/om" "http://127.0.0.1:$port/metrics"
	[ "$(tail -1 "$t/om")" = "# EOF" ]
	[ "$(curl -s --max-time 60 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/nothere")" = 404 ]
	[ "$(curl -s --max-time 60 -o /dev/null -w '%{http_code}' -X POST -d x "http://127.0.0.1:$port/metrics")" = 405 ]
	kill -TERM "$pid"
	wait "$sub" || true
	[ "$(cat "$t/listen.rc" 2> /dev/null)" = 0 ] || fail "cgtop --listen under $(checker)" "$(cat "$t/listen.sub")"
	[ "$(cat "$t/listen.msg")" = "cgtop: listening on http://127.0.0.1:$port/metrics" ] ||
		fail "stderr: $(cat "$t/listen.msg")"
	echo "# cgtop --listen: 4 requests under $(checker)" >&3
}

@test "procview: every file of a test bed container, --cfs --fix, --export, --json, -v, -c: no error, no leak" {
	vg_ok all procview "${D_HALF:0:8}"
	grep -qx 'MemTotal: *131072 kB' "$VG/all.out" || fail "$(head -3 "$VG/all.out")"
	[ "$(grep -c '^==> /' "$VG/all.out")" = 8 ] || fail "$(grep '^==>' "$VG/all.out")"
	vg_ok pid procview -p "$PID_HALF" --cfs --fix cpuinfo stat cpu-online
	vg_ok export procview -p "$PID_HALF" --export
	grep -qx 'PROCVIEW_MEMORY_LIMIT=134217728' "$VG/export.out"
	vg_ok json procview --json "${D_HALF:0:8}"
	[ "$(jq -r .memory_limit "$VG/json.out")" = 134217728 ]
	vg verbose procview -v --sample 1 "${APP_B:0:8}" loadavg uptime swaps diskstats
	[ "$VG_RC" = 0 ] || fail "exit $VG_RC: $(cat "$VG/verbose.msg")"
	vg_ok cg procview -c "/sys/fs/cgroup/memory$MEMBASE/$TBS/system.slice/docker-$D_HALF.scope" meminfo
	grep -qx 'MemTotal: *131072 kB' "$VG/cg.out"
	vg nosuch procview -p 999999999
	[ "$VG_RC" = 1 ] && [ "$(wc -l < "$VG/nosuch.msg")" = 1 ]
	echo "# procview: $VG_RUNS runs under $(checker)" >&3
}

@test "cgsh -c: a script over the scratch and the test bed (cd, ls, tree, containers, mkdir, set, get, cat, attach, procs, exec, rmdir): no error, no leak" {
	helper_start sleep 1000
	# the tools cgsh runs (cgls for tree and containers, cgexec-ns for
	# exec) under memcheck too; the system's programs not
	VG_OPTS="--trace-children=yes --trace-children-skip=/bin/*,/usr/*,/sbin/*"
	vg_ok script cgsh --relative -c "cd $S; mkdir -g cpu,cpuacct,memory,pids a; cd a
		set cpus=0.5 memory=32M pids=15; get cpus memory pids; cat cpu.cfs_quota_us
		attach $HELPER_PID; procs; pwd -a; ls ..; tree -a; cd /$TBS; ls; containers
		cd ${D_HALF:0:8}; pwd; procs -r; cd $S; exec true; rmdir -f a; help; exit 0"
	grep -qx 'cpus: 0.50' "$VG/script.out" && grep -qx 'memory: 32M' "$VG/script.out" &&
		grep -qx 50000 "$VG/script.out" || fail "$(cat "$VG/script.out")"
	grep -q "${D_HALF:0:12}" "$VG/script.out"
	VG_OPTS=
	# rmdir -f moved the helper back up, then removed the cgroup
	[ ! -e "$(sdir cpu)/a" ] && grep -qx "[0-9]*:cpu:$(own cpu)$S" "/proc/$HELPER_PID/cgroup"
	# a failing command ends the script: exit 1, one message; -k goes on
	vg fails cgsh --relative -c "cd $S/nosuch; pwd"
	[ "$VG_RC" = 1 ] && [ "$(wc -l < "$VG/fails.msg")" = 1 ] && [ ! -s "$VG/fails.out" ]
	vg keep cgsh -k --relative -c "cd $S/nosuch; pwd"
	[ "$VG_RC" = 1 ] && [ -s "$VG/keep.out" ]
	vg quote cgsh -c "cd 'unterminated"
	[ "$VG_RC" = 2 ]
	echo "# cgsh: $VG_RUNS runs under $(checker)" >&3
}
