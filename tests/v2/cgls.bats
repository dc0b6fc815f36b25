#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# cgls on pure cgroup v2 (in the UML guest, tests/v2/uml): the tree and each
# cgroup's enabled controllers, -p beside lscgroup, --pid, real runc
# containers in docker's and the kubelet's systemd layouts, and a process in
# a cgroup namespace seen from outside it.

load helpers

setup() {
	v2_require
	v2_scratch_create
	# a/b: a leaf below a cgroup with every controller; c enables only
	# memory for its children (d); e enables nothing (f gets none)
	v2_mkcg a/b
	v2_mkcg c/d
	v2_enable "$SD/c" memory
	v2_mkcg e/f
	v2_enable "$SD/e" pids
	echo -pids >"$SD/e/cgroup.subtree_control"
}

teardown() {
	v2_runc_down_all
	helpers_stop_all
	v2_scratch_remove
}

# the tree line of cgroup NAME in $output, glyphs and indent stripped
tree_line_of() {
	printf '%s\n' "${lines[@]}" | sed -n "s/^[│ ]*[├└]─\($1\( .*\)\{0,1\}\)$/\1/p"
}

@test "cgls tree: processes where /proc says, enabled controllers where they differ from the parent's" {
	v2_sleep a/b; local pb=$HELPER_PID
	v2_sleep c/d; local pd=$HELPER_PID
	v2_sleep e/f; local pf=$HELPER_PID
	run_cgls "$SP"
	assert_ok
	[ "${lines[0]}" = "Control group $SP:" ] || fail "${lines[0]}"
	# a has every controller, as the scratch cgroup: no note
	[ "$(tree_line_of a)" = a ] || fail "a: $(tree_line_of a)" "$output"
	[ "$(tree_line_of b)" = "b []" ] || fail "b: $(tree_line_of b)" "$output"
	[ "$(tree_line_of d)" = "d [memory]" ] || fail "d: $(tree_line_of d)" "$output"
	[ "$(tree_line_of f)" = "f []" ] || fail "f: $(tree_line_of f)" "$output"
	[ "$(cat "$SD/c/d/cgroup.controllers")" = memory ]
	[ -z "$(cat "$SD/e/f/cgroup.controllers")" ]
	printf '%s\n' "$output" | tree_triples >"$BATS_TEST_TMPDIR/got"
	printf '/a/b\t%s\tsleep 1000\n/c/d\t%s\tsleep 1000\n/e/f\t%s\tsleep 1000\n' \
		"$pb" "$pd" "$pf" >"$BATS_TEST_TMPDIR/want"
	for p in /a /a/b /c /c/d /e /e/f; do printf '%s\t-\t-\n' "$p"; done >>"$BATS_TEST_TMPDIR/want"
	assert_sets_equal "tree of $SP" "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	[ "$(v2_cg_of "$pd")" = "$SP/c/d" ]
	# --json says the same
	run_cgls --json "$SP"
	assert_ok
	[ "$(jq -c '[.. | objects | select(has("path")) | [.path, .controllers]]' <<<"$output")" = \
		"[[\"$SP\",[\"cpu,io,memory,pids\"]],[\"$SP/a\",[\"cpu,io,memory,pids\"]],[\"$SP/a/b\",[]],[\"$SP/c\",[\"cpu,io,memory,pids\"]],[\"$SP/c/d\",[\"memory\"]],[\"$SP/e\",[\"cpu,io,memory,pids\"]],[\"$SP/e/f\",[]]]" ] ||
		fail "$output"
}

@test "cgls tree: the same cgroups and processes as systemd-cgls on the same v2 tree" {
	v2_sleep a/b
	v2_busy c/d
	run_cgls -a "$SP"
	assert_ok
	printf '%s\n' "$output" | tree_triples >"$BATS_TEST_TMPDIR/cgls"
	systemd-cgls --no-pager -a -l "$SD" | sed 's/ (#[0-9]*)$//' | tree_triples >"$BATS_TEST_TMPDIR/sd"
	[ -s "$BATS_TEST_TMPDIR/sd" ]
	assert_sets_equal "cgls vs systemd-cgls" "$BATS_TEST_TMPDIR/sd" "$BATS_TEST_TMPDIR/cgls"
}

@test "cgls -p: lscgroup's lines on v2 (controllers:path), every cgroup once" {
	run_cgls -p "$SP"
	assert_ok
	printf '%s\n' "${lines[@]}" >"$BATS_TEST_TMPDIR/cgls"
	lscgroup -g "cpu:$SP" | sed 's#/$##' >"$BATS_TEST_TMPDIR/lscg"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/lscg")" = 7 ] || fail "lscgroup: $(cat "$BATS_TEST_TMPDIR/lscg")"
	assert_sets_equal "cgls -p vs lscgroup" "$BATS_TEST_TMPDIR/lscg" "$BATS_TEST_TMPDIR/cgls"
	grep -qx "cpu,io,memory,pids:$SP/c/d" "$BATS_TEST_TMPDIR/cgls"
	# the whole system too: every directory below the mount, as find sees them
	run_cgls -p
	assert_ok
	[ "${#lines[@]}" = "$(find "$CG" -type d | wc -l)" ] || fail "${#lines[@]} lines" "$output"
	"$cgls" -p -0 "$SP/a" | tr '\0' '\n' >"$BATS_TEST_TMPDIR/null"
	[ "$(cat "$BATS_TEST_TMPDIR/null")" = "cpu,io,memory,pids:$SP/a
cpu,io,memory,pids:$SP/a/b" ] || fail "$(cat "$BATS_TEST_TMPDIR/null")"
}

@test "cgls --pid: the v2 cgroup of a process; --json; a process that does not exist" {
	v2_sleep c/d
	run_cgls --pid "$HELPER_PID"
	assert_ok
	[ "$output" = "cpu,io,memory,pids:$SP/c/d" ] || fail "$output"
	run_cgls --json --pid "$HELPER_PID"
	assert_ok
	[ "$(jq -r '.[0].path' <<<"$output")" = "$SP/c/d" ] || fail "$output"
	[ "$(jq length <<<"$output")" = 1 ] || fail "$output"
	kill -KILL "$HELPER_PID"
	wait "$HELPER_PID" || true
	run_cgls --pid "$HELPER_PID"
	[ "$status" = 1 ] || fail "status $status"
	[ "$stderr" = "cgls: $HELPER_PID: no such process" ] || fail "$stderr"
}

@test "cgls --pid from outside a cgroup namespace: the real path; inside it reads 0::/" {
	v2_mkcg ns/leaf
	v2_run_in ns/leaf "$cgexec_ns" -C -g "cpu:$SP/ns/leaf" -- sh -c \
		"cat /proc/self/cgroup >'$BATS_TEST_TMPDIR/inside'; exec sleep 1000"
	local wrapper=$HELPER_PID pid='' n=50
	while [ -z "$pid" ] && [ $n -gt 0 ]; do
		pid=$(pgrep -P "$wrapper" sleep || true)
		[ -n "$pid" ] || sleep 0.1
		n=$((n - 1))
	done
	[ -n "$pid" ] || fail "no sleep below cgexec-ns $wrapper"
	[ "$(cat "$BATS_TEST_TMPDIR/inside")" = "0::/" ]
	[ "$(readlink "/proc/$pid/ns/cgroup")" != "$(readlink /proc/self/ns/cgroup)" ]
	run_cgls --pid "$pid"
	assert_ok
	[ "$output" = "cpu,io,memory,pids:$SP/ns/leaf" ] || fail "$output"
	run_cgls "$SP/ns"
	assert_ok
	printf '%s\n' "$output" | tree_triples | grep -qx "/leaf	$pid	sleep 1000" || fail "$output"
}

@test "cgls inside a cgroup namespace whose cgroup2 was mounted outside it: real paths, whole tree" {
	v2_mkcg ns/leaf
	v2_sleep a/b
	local outside=$HELPER_PID
	# cgls runs as the command: /proc/self/cgroup reads 0::/, mountinfo's
	# root /../.. (two levels: the namespace root is $SP/ns/leaf below a
	# mount of the whole hierarchy)
	run --separate-stderr "$cgexec_ns" -C -g "cpu:$SP/ns/leaf" -- sh -c \
		"cat /proc/self/cgroup; '$cgls' --pid \$\$; '$cgls' --pid $outside; '$cgls' --pid 1; '$cgls' -a '$SP/ns'"
	[ "$status" = 0 ] || fail "status $status: $stderr" "$output"
	[ "${lines[0]}" = "0::/" ] || fail "$output"
	[ "${lines[1]}" = "cpu,io,memory,pids:$SP/ns/leaf" ] || fail "$output"
	[ "${lines[2]}" = "cpu,io,memory,pids:$SP/a/b" ] || fail "$output"
	[ "${lines[3]}" = "cpu,io,memory,pids:/" ] || fail "$output"
	[ "${lines[4]}" = "Control group $SP/ns:" ] || fail "$output"
	[[ ${lines[5]} == "└─leaf"* ]] || fail "$output"
	[[ ${lines[6]} == *" sh -c "* ]] || fail "$output"
}

@test "cgls --containers: runc containers in docker's and the kubelet's systemd layouts (v2)" {
	command -v runc >/dev/null || fail "runc missing (./setup installs it)"
	local d k g pod pod2 pd pk pg
	d=$(v2_hex 32) k=$(v2_hex 32) g=$(v2_hex 32)
	pod=$(cat /proc/sys/kernel/random/uuid) pod2=$(cat /proc/sys/kernel/random/uuid)
	v2_runc_up "$d" "$SP/system.slice/docker-$d.scope" 50000/100000 134217728
	pd=$RUNC_PID
	v2_runc_up "$k" "$SP/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${pod//-/_}.slice/cri-containerd-$k.scope"
	pk=$RUNC_PID
	v2_runc_up "$g" "$SP/kubepods.slice/kubepods-pod${pod2//-/_}.slice/cri-containerd-$g.scope" 20000/100000
	pg=$RUNC_PID
	[ "$(cat "$SD/system.slice/docker-$d.scope/cpu.max")" = "50000 100000" ]
	run_cgls --containers --json --output-all "$SP"
	assert_ok
	[ "$(jq '.containers | length' <<<"$output")" = 3 ] || fail "$output"
	local q
	q=$(jq -c --arg id "$d" '.containers[] | select(.id == $id) | [.runtime, .pod_uid, .qos, .pid, .cgroup]' <<<"$output")
	[ "$q" = "[\"docker\",null,null,$pd,\"$SP/system.slice/docker-$d.scope\"]" ] || fail "$q"
	q=$(jq -c --arg id "$k" '.containers[] | select(.id == $id) | [.runtime, .pod_uid, .qos, .pid]' <<<"$output")
	[ "$q" = "[\"containerd\",\"$pod\",\"burstable\",$pk]" ] || fail "$q"
	q=$(jq -c --arg id "$g" '.containers[] | select(.id == $id) | [.runtime, .pod_uid, .qos, .pid]' <<<"$output")
	[ "$q" = "[\"containerd\",\"$pod2\",\"guaranteed\",$pg]" ] || fail "$q"
	# the limits, read through the library's translation on v2
	q=$(jq -c --arg id "$d" '.containers[] | select(.id == $id) | [.cpus, .memory]' <<<"$output")
	[ "$q" = "[0.5,134217728]" ] || fail "docker limits: $q"
	q=$(jq -c --arg id "$k" '.containers[] | select(.id == $id) | [.cpus, .memory]' <<<"$output")
	[ "$q" = "[null,null]" ] || fail "burstable limits: $q"
	# the text table and an id prefix as an operand
	run_cgls --containers -o RUNTIME,ID,POD_UID,QOS,PID,CPUS,MEMORY,CGROUP "$SP"
	assert_ok
	printf '%s\n' "${lines[@]}" | grep -E "^docker +${d:0:12} +- +- +$pd +0\.50 +128M $SP/system.slice/docker-$d.scope$" ||
		fail "$output"
	run_cgls "${d:0:8}"
	assert_ok
	[ "${lines[0]}" = "Control group $SP/system.slice/docker-$d.scope:" ] || fail "$output"
	[ "${lines[1]}" = "└─$pd sleep 100000" ] || fail "$output"
}

# --- captured trees (tests/v2/capture): the same code on --sysroot ----------

V2ROOT=$CGK_SRCDIR/tests/data/sysroot-v2
HYROOT=$CGK_SRCDIR/tests/data/sysroot-hybrid
V2S=cgkit-test-ea53a0ef
HYS=cgkit-test-2e7f1ccc
DOCKER=docker-5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9.scope

@test "cgls --sysroot (a pure v2 capture): tree, enabled controllers, -p, --pid, containers with limits" {
	run_cgls --sysroot "$V2ROOT" -a "/$V2S"
	assert_ok
	[ "$(tree_line_of leaf)" = "leaf [memory]" ] || fail "$output"
	[ "$(tree_line_of session-1.scope)" = "session-1.scope []" ] || fail "$output"
	[ "$(tree_line_of system.slice)" = system.slice ] || fail "$output"
	printf '%s\n' "$output" | tree_triples | grep -qx "/system.slice/$DOCKER	767	sleep 100000" || fail "$output"
	run_cgls --sysroot "$V2ROOT" -p
	assert_ok
	[ "${#lines[@]}" = "$(find "$V2ROOT/sys/fs/cgroup" -type d | wc -l)" ] || fail "$output"
	[ "${lines[0]}" = "cpu,io,memory,pids:/" ] || fail "$output"
	run_cgls --sysroot "$V2ROOT" --pid 767
	assert_ok
	[ "$output" = "cpu,io,memory,pids:/$V2S/system.slice/$DOCKER" ] || fail "$output"
	run_cgls --sysroot "$V2ROOT" --containers --json --output-all
	assert_ok
	[ "$(jq -c '[.containers[] | [.runtime, .qos, .pid, .cpus, .memory]]' <<<"$output")" = \
		'[["containerd","burstable",801,null,null],["docker",null,767,0.5,134217728]]' ] || fail "$output"
}

@test "cgls --sysroot (a hybrid capture): v1 hierarchies and the cgroup2 one named by its controllers" {
	run_cgls --sysroot "$HYROOT" --pid 438
	assert_ok
	[ "${#lines[@]}" = 10 ] || fail "$output"
	printf '%s\n' "${lines[@]}" | grep -qx "hugetlb:/$HYS/system.slice/$DOCKER" || fail "$output"
	printf '%s\n' "${lines[@]}" | grep -qx "memory:/process_api/d69174b31de75a52036088328d42b9dd/$HYS/system.slice/$DOCKER" ||
		fail "$output"
	run_cgls --sysroot "$HYROOT" -p -c hugetlb
	assert_ok
	[ "$output" = "hugetlb:/
hugetlb:/$HYS
hugetlb:/$HYS/system.slice
hugetlb:/$HYS/system.slice/$DOCKER
hugetlb:/$HYS/user.slice" ] || fail "$output"
	run_cgls --sysroot "$HYROOT" "/$HYS"
	assert_ok
	printf '%s\n' "$output" | tree_triples | grep -qx "/user.slice	452	sleep 100001" || fail "$output"
	run_cgls --sysroot "$HYROOT" --containers --json -o RUNTIME,PID,CGROUP
	assert_ok
	[ "$(jq -c '[.containers[] | [.runtime, .pid, .cgroup]]' <<<"$output")" = \
		"[[\"docker\",438,\"/$HYS/system.slice/$DOCKER\"]]" ] || fail "$output"
}

CSROOT=$CGK_SRCDIR/tests/data/sysroot-v2-cpuset
CSS=cgkit-test-c612d1f3

@test "cgls --sysroot (a v2 capture from qemu: cpuset, 2 CPUs, PSI, which UML lacks): values, tree, containers" {
	run_cgls --sysroot "$CSROOT" -r cpuset.cpus.effective -v "/$CSS/pinned" "/$CSS/free" "/$CSS/system.slice/$DOCKER"
	assert_ok
	[ "$output" = "1
0-1
0" ] || fail "$output"
	run_cgls --sysroot "$CSROOT" -r cpuset.cpus -H "/$CSS/system.slice/$DOCKER"
	assert_ok
	[ "${lines[1]}" = "cpuset.cpus: 0" ] || fail "$output"
	run_cgls --sysroot "$CSROOT" -r cpu.pressure "/$CSS/pinned"
	assert_ok
	[[ ${lines[1]} == "cpu.pressure: some avg10="* ]] || fail "$output"
	run_cgls --sysroot "$CSROOT"
	assert_ok
	[ "$(tree_line_of "$CSS")" = "$CSS [cpuset,cpu,io,memory,pids]" ] || fail "$output"
	[ "$(tree_line_of pinned)" = "pinned [cpuset,cpu,memory,pids]" ] || fail "$output"
	run_cgls --sysroot "$CSROOT" --containers --json
	assert_ok
	[ "$(jq -c '[.containers[] | [.runtime, .pid, .cpus]]' <<<"$output")" = '[["docker",114,0.5]]' ] || fail "$output"
	run_cgls --sysroot "$CSROOT" -p -c cpuset "/$CSS"
	assert_ok
	[ "${lines[0]}" = "cpuset,cpu,io,memory,hugetlb,pids,rdma,misc:/$CSS" ] || fail "$output"
}
