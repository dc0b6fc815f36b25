#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# cgtop against the real kernel: a scratch cgroup with a CPU quota and a busy
# loop, 64 MiB of tmpfs, direct writes, container-named cgroups, the screen in
# tmux, and cgroups churning under a running cgtop.
#
#   make check TESTS=tests/integration/cgtop.bats
#   CGK_BUILDDIR=. bats tests/integration/cgtop.bats      (from the source tree)

load helpers

cgtop=$CGK_BUILDDIR/cgtop

setup() {
	require_root_v1
	[ -x "$cgtop" ] || fail "no cgtop at $cgtop (build it first)"
	scratch_create
	TMUX_SOCK=
}

teardown() {
	if [ -n "${TMUX_SOCK:-}" ]; then
		tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	fi
	if [ -n "${CHURN_PID:-}" ]; then
		kill "$CHURN_PID" 2>/dev/null
		wait "$CHURN_PID" 2>/dev/null
	fi
	if [ -n "${CGTOP_PID:-}" ]; then
		kill "$CGTOP_PID" 2>/dev/null
		wait "$CGTOP_PID" 2>/dev/null
	fi
	[ -z "${CGK_TB:-}" ] || "$TESTBED" down "$CGK_TB" >/dev/null 2>&1
	helpers_stop_all
	scratch_remove
	return 0
}

# tb_up: the runc test bed (tests/testbed/testbed) in CGK_TB, its env read;
# lib/names finds its CRI state where the test bed keeps it
tb_up() {
	command -v runc >/dev/null || fail "runc missing (./setup installs it)"
	CGK_TB=$BATS_TEST_TMPDIR/testbed
	"$TESTBED" up "$CGK_TB" > "$BATS_TEST_TMPDIR/tb.log" 2>&1 ||
		fail "testbed up: $(tail -5 "$BATS_TEST_TMPDIR/tb.log")"
	TB_SCRATCH_SELF=$SCRATCH
	# shellcheck disable=SC1091
	. "$CGK_TB/env"
	TB_SCRATCH=$SCRATCH
	SCRATCH=$TB_SCRATCH_SELF
	export CGKIT_CONTAINERD_RUNC_ROOT=$CGK_TB/run/containerd/runc
}

# mkchild REL: make REL (and the cgroups on the way) below the scratch
# cgroup in every hierarchy; cpuset ones get their parent's CPUs and nodes
mkchild() {
	local d f part parent
	for d in $SCRATCH_DIRS; do
		parent=$d
		for part in ${1//\// }; do
			if [ ! -d "$parent/$part" ]; then
				mkdir "$parent/$part" || return 1
				if [ -e "$parent/$part/cpuset.cpus" ]; then
					for f in cpuset.cpus cpuset.mems; do
						cat "$parent/$f" > "$parent/$part/$f" || return 1
					done
				fi
			fi
			parent=$parent/$part
		done
	done
}

# attach PID REL: move PID into REL below the scratch cgroup, every hierarchy
attach() {
	local d
	for d in $SCRATCH_DIRS; do
		echo "$1" > "$d/$2/cgroup.procs" || return 1
	done
}

# row JSON-LINE PATH: the cgroup PATH of one --format=json line
row() {
	jq -c --arg p "$2" '.cgroups[] | select(.path == $p)' <<< "$1"
}

run_cgtop() {
	run --separate-stderr "$cgtop" "$@" </dev/null
}

assert_ok() {
	[ "$status" = 0 ] || fail "cgtop exited $status; stderr: $stderr" "stdout: ${output:0:2000}"
	[ -z "$stderr" ] || fail "cgtop wrote to stderr: $stderr"
}

# num_between X LO HI
num_between() {
	awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x != "" && x != "null" && x + 0 >= lo && x + 0 <= hi) }'
}

# start_in REL CMD...: start CMD already inside REL (every hierarchy): memory
# is charged where a process is when it allocates, so it moves itself first
start_in() {
	local rel=$1 d files=()
	shift
	for d in $SCRATCH_DIRS; do files+=("$d/$rel/cgroup.procs"); done
	# shellcheck disable=SC2016
	helper_start sh -c 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 1; shift; n=$((n - 1)); done; exec "$@"' \
		sh "${#files[@]}" "${files[@]}" "$@"
}

busy_start() {
	mkchild busy
	echo 20000 > "$(dir_of cpu)/busy/cpu.cfs_quota_us"	# 0.2 CPU of a 100 ms period
	start_in busy sh -c 'while :; do :; done'
}

# ------------------------------------------------------------------------------
# batch on real load

@test "a 0.2 CPU quota and a busy loop: ~20% CPU, limit 0.20, throttled, running" {
	busy_start
	sleep 1
	run_cgtop --relative -f -1 -d 2 --format=json "/$SCRATCH"
	assert_ok
	local r
	r=$(row "$output" "/$SCRATCH/busy")
	[ -n "$r" ] || fail "no row for /$SCRATCH/busy in: $output"
	# 20% of one CPU; wide bounds: 2 cores shared with other builds
	num_between "$(jq .cpu_percent <<< "$r")" 8 30 || fail "cpu_percent not ~20: $r"
	[ "$(jq .cpu_limit <<< "$r")" = 0.2 ] || fail "cpu_limit: $r"
	num_between "$(jq .throttled_percent <<< "$r")" 1 100 || fail "not throttled: $r"
	num_between "$(jq .throttled_seconds <<< "$r")" 0.01 10 || fail "no throttled time: $r"
	num_between "$(jq .running <<< "$r")" 1 1 || fail "the busy loop is not in R: $r"
	[ "$(jq .tasks <<< "$r")" = 1 ] || fail "tasks: $r"
	# the parent adds its children up: same CPU, its own (no) quota
	r=$(row "$output" "/$SCRATCH")
	[ "$(jq .cpu_limit <<< "$r")" = null ] || fail "scratch has no quota: $r"
	num_between "$(jq .running <<< "$r")" 1 10 || fail "R not summed up: $r"
}

@test "hybrid host: PSI of the cgroup2 tree beside v1's controllers, a real per-cgroup total read around" {
	local u
	u=$(dir_of -) || fail "no cgroup2 mount: this test needs the hybrid layout of these hosts"
	[ -e "$u/cpu.pressure" ] || fail "no cpu.pressure in $u: a kernel without PSI"
	busy_start
	sleep 1.5
	local t0 t1
	t0=$(awk '$1 == "some" { sub("total=", "", $5); print $5 }' "$u/busy/cpu.pressure")
	run_cgtop --relative -f -1 -d 1 --format=json "/$SCRATCH"
	t1=$(awk '$1 == "some" { sub("total=", "", $5); print $5 }' "$u/busy/cpu.pressure")
	assert_ok
	local r
	r=$(row "$output" "/$SCRATCH/busy")
	# the v1 columns stay v1's (the quota is cpu.cfs_quota_us), PSI comes from cgroup2
	[ "$(jq .cpu_limit <<< "$r")" = 0.2 ] || fail "cpu_limit: $r"
	num_between "$(jq '.cpu_pressure_some_seconds * 1000000' <<< "$r")" "$((t0 - 1))" "$((t1 + 1))" ||
		fail "cpu some total not the file's ($t0..$t1 us): $r"
	jq -e '(.cpu_pressure_some_avg10 | type == "number") and (.memory_pressure_full_avg10 | type == "number") and
		(.io_pressure_some_seconds | type == "number")' <<< "$r" >/dev/null || fail "pressure keys: $r"
	# memory.high and memory.events are v2's: memory is on v1 here, so null
	jq -e '.memory_high_bytes == null and .memory_events_oom == null and .io_read_ops == null' <<< "$r" >/dev/null ||
		fail "v2-only memory values on a v1 memory hierarchy: $r"
	run_cgtop --relative -1 -d 0.5 --format=prometheus "/$SCRATCH"
	assert_ok
	grep -qE "^cgkit_cgroup_pressure_cpu_waiting_seconds_total\{cgroup=\"/$SCRATCH/busy\",[^}]*\} [0-9.]+$" <<< "$output" ||
		fail "no pressure counter: $(grep pressure <<< "$output" | head)"
	run promtool check metrics <<< "$output"
	[ "$status" = 0 ] || fail "promtool: $output"
}

@test "text: the same facts in columns, '-' where a hierarchy gives nothing" {
	busy_start
	mkdir "$(dir_of memory)/memonly"	# a cgroup in one hierarchy only
	sleep 0.5
	run_cgtop --relative -f -a -1 -d 1 "/$SCRATCH"
	assert_ok
	# not a terminal: one round, no header, as systemd-cgtop
	[[ ${lines[0]} != *"Control Group"* ]] || fail "a header without a terminal"
	local busy memonly
	busy=$(printf '%s\n' "${lines[@]}" | awk -v p="/$SCRATCH/busy" '$1 == p')
	memonly=$(printf '%s\n' "${lines[@]}" | awk -v p="/$SCRATCH/memonly" '$1 == p')
	[ -n "$busy" ] && [ -n "$memonly" ] || fail "rows missing: $output"
	# Control Group, Tasks, %CPU, CPUs, Thr% ...
	read -r -a f <<< "$busy"
	[ "${f[1]}" = 1 ] || fail "tasks: $busy"
	[ "${f[3]}" = 0.20 ] || fail "CPUs: $busy"
	num_between "${f[2]}" 5 35 || fail "%CPU: $busy"
	read -r -a f <<< "$memonly"
	[ "${f[1]}" = - ] && [ "${f[2]}" = - ] && [ "${f[3]}" = - ] || fail "no '-' for what memory lacks: $memonly"
	[[ ${f[6]} =~ ^[0-9.]+[BKMG]$ ]] || fail "memory column: $memonly"
	rmdir "$(dir_of memory)/memonly"
}

@test "64 MiB of tmpfs in a cgroup: usage, working set, limit and its percent" {
	mkchild mem
	echo 268435456 > "$(dir_of memory)/mem/memory.limit_in_bytes"
	# tmpfs pages are charged to the writer's cgroup; the mount lives in a
	# private mount namespace that dies with the process.
	start_in mem unshare -m --propagation private sh -c \
		'mount -t tmpfs -o size=80m cgkit-test /mnt && dd if=/dev/zero of=/mnt/f bs=1M count=64 status=none && exec sleep 1000'
	local n=0 usage=0
	while [ "$usage" -lt $((64 << 20)) ] && [ $n -lt 100 ]; do
		sleep 0.1; n=$((n + 1))
		usage=$(cat "$(dir_of memory)/mem/memory.usage_in_bytes")
	done
	[ "$usage" -ge $((64 << 20)) ] || fail "the kernel charged $usage bytes for 64 MiB of tmpfs"
	run_cgtop --relative -f -1 -d 0.5 --format=json "/$SCRATCH"
	assert_ok
	local r
	r=$(row "$output" "/$SCRATCH/mem")
	num_between "$(jq .memory_bytes <<< "$r")" $((64 << 20)) $((200 << 20)) || fail "usage: $r"
	num_between "$(jq .working_set_bytes <<< "$r")" $((60 << 20)) $((200 << 20)) || fail "working set: $r"
	[ "$(jq .memory_limit_bytes <<< "$r")" = 268435456 ] || fail "limit: $r"
	num_between "$(jq .memory_percent <<< "$r")" 24 80 || fail "percent of the limit: $r"
}

# A file system that takes O_DIRECT (tmpfs does not), and its whole disk.
direct_dir() {
	local d
	for d in "$BATS_TEST_TMPDIR" /var/tmp /root; do
		if dd if=/dev/zero of="$d/.cgk-direct" bs=4096 count=1 oflag=direct status=none 2>/dev/null; then
			rm -f "$d/.cgk-direct"
			echo "$d"
			return 0
		fi
		rm -f "$d/.cgk-direct"
	done
	return 1
}

@test "dd oflag=direct: write bytes/s" {
	local dir mm
	dir=$(direct_dir) || fail "no file system here takes O_DIRECT"
	mm=$(findmnt -no MAJ:MIN -T "$dir" | head -1)
	[ -e "/sys/dev/block/$mm/partition" ] && mm=$(cat "/sys/dev/block/$mm/../dev")
	mkchild io
	# Kernels since 6.9 count the v1 throttle statistics only on a device
	# whose throttling is set up: a rule far above any real rate does that.
	echo "$mm 1099511627776" > "$(dir_of blkio)/io/blkio.throttle.write_bps_device" ||
		fail "cannot set a throttle rule on $mm"
	start_in io sh -c "while :; do dd if=/dev/zero of='$dir/cgk-dd' bs=1M count=16 oflag=direct conv=notrunc status=none; done"
	sleep 0.5
	run_cgtop --relative -f -1 -d 1 --format=json "/$SCRATCH"
	helper_stop "$HELPER_PID" || true
	rm -f "$dir/cgk-dd"
	assert_ok
	local r
	r=$(row "$output" "/$SCRATCH/io")
	num_between "$(jq .io_write_bps <<< "$r")" $((1 << 20)) $((1 << 40)) || fail "write bytes/s: $r"
	# the rule is removed with the cgroup; writes show in the parent too (recursive file)
	num_between "$(jq .io_write_bps <<< "$(row "$output" "/$SCRATCH")")" $((1 << 20)) $((1 << 40)) ||
		fail "not summed up: $output"
}

# ------------------------------------------------------------------------------
# machine output

@test "--format=json: one object a round, jq reads it, null never 0 for what is missing" {
	busy_start
	mkdir "$(dir_of memory)/memonly"
	run_cgtop --relative -a -n 2 -d 0.5 --format=json "/$SCRATCH"
	assert_ok
	[ "${#lines[@]}" = 2 ] || fail "want 2 lines, got ${#lines[@]}"
	local l
	for l in "${lines[@]}"; do
		jq -e '(.time | type == "number") and (.cgroups | length >= 3)' <<< "$l" >/dev/null ||
			fail "bad object: $l"
		# every key, every time
		jq -e '.cgroups | all(has("path") and has("controllers") and has("tasks") and
			has("cpu_percent") and has("cpu_limit") and has("throttled_percent") and
			has("throttled_seconds") and has("memory_bytes") and has("working_set_bytes") and
			has("memory_limit_bytes") and has("io_read_bps") and has("io_write_bps") and
			has("running") and has("sleeping") and has("uninterruptible") and has("container"))' \
			<<< "$l" >/dev/null || fail "keys missing: $l"
	done
	local r
	r=$(row "${lines[1]}" "/$SCRATCH/memonly")
	jq -e '.tasks == null and .cpu_percent == null and .cpu_limit == null and .io_write_bps == null and
		.memory_limit_bytes == null and (.memory_bytes | type == "number") and
		.controllers == ["memory"] and .container == null' <<< "$r" >/dev/null ||
		fail "memory-only cgroup: $r"
	r=$(row "${lines[1]}" "/$SCRATCH")
	jq -e '.cpu_limit == null and .memory_limit_bytes == null' <<< "$r" >/dev/null ||
		fail "no limit is null, not 0: $r"
	rmdir "$(dir_of memory)/memonly"
}

@test "--format=prometheus: promtool check metrics passes; quota and tasks are there" {
	command -v promtool >/dev/null || fail "promtool missing (apt-get install prometheus; ./setup does)"
	busy_start
	run_cgtop --relative -1 -d 0.5 --format=prometheus "/$SCRATCH"
	assert_ok
	run promtool check metrics <<< "$output"
	[ "$status" = 0 ] || fail "promtool: $output"
	run_cgtop --relative -1 -d 0.5 --format=prometheus "/$SCRATCH"
	grep -qxF "cgkit_cgroup_cpu_limit_cpus{cgroup=\"/$SCRATCH/busy\",runtime=\"\",container_id=\"\",name=\"\",pod_uid=\"\",qos=\"\",image=\"\",namespace=\"\",pod=\"\",container=\"\"} 0.2000" <<< "$output" ||
		fail "no quota sample: $(grep cpu_limit <<< "$output")"
	grep -qE "^cgkit_cgroup_tasks\{cgroup=\"/$SCRATCH/busy\",[^}]*\} 1$" <<< "$output" || fail "no tasks sample"
	grep -qE "^cgkit_cgroup_cpu_throttled_periods_total\{cgroup=\"/$SCRATCH/busy\",[^}]*\} [1-9][0-9]*$" <<< "$output" ||
		fail "no throttling counter"
	# every family once, HELP and TYPE first
	[ "$(grep -c '^# TYPE cgkit_cgroup_tasks ' <<< "$output")" = 1 ]
}

@test "container-aware names: docker scope, kubelet pod with QoS, in text, JSON and labels" {
	local id=4c46475c05c0e2a9a7c3a1f0b8f1d8a2c2bbd9c5e1f0a3b4c5d6e7f8091a2b3c
	local kid=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
	local uid=12345678-90ab-cdef-1234-567890abcdef
	local pod=kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice
	mkchild "system.slice/docker-$id.scope"
	mkchild "$pod/cri-containerd-$kid.scope"
	start_in "system.slice/docker-$id.scope" sleep 1000
	start_in "$pod/cri-containerd-$kid.scope" sleep 1000
	run_cgtop --relative --depth 5 -1 -d 0.3 "/$SCRATCH"
	assert_ok
	grep -q "docker:${id:0:12}" <<< "$output" || fail "no docker:<id>: $output"
	grep -q "containerd:${kid:0:12}" <<< "$output" || fail "no containerd:<id>: $output"
	grep -qF "pod:$uid (burstable)" <<< "$output" || fail "no pod with QoS: $output"
	run_cgtop --relative --depth 5 -1 -d 0.3 --format=json "/$SCRATCH"
	assert_ok
	jq -e --arg id "$kid" --arg uid "$uid" '[.cgroups[] | select(.container != null) | .container] |
		any(.runtime == "containerd" and .id == $id and .pod_uid == $uid and .qos == "burstable")' \
		<<< "$output" >/dev/null || fail "containerd container: $output"
	jq -e --arg id "$id" '[.cgroups[].container | select(. != null)] |
		any(.runtime == "docker" and .id == $id and .pod_uid == null)' <<< "$output" >/dev/null ||
		fail "docker container: $output"
	run_cgtop --relative --depth 5 -1 -d 0.3 --format=prometheus "/$SCRATCH"
	grep -qF "runtime=\"docker\",container_id=\"$id\",name=\"\",pod_uid=\"\",qos=\"\",image=\"\"" <<< "$output" || fail "labels"
	grep -qF "runtime=\"containerd\",container_id=\"$kid\",name=\"\",pod_uid=\"$uid\",qos=\"burstable\",image=\"\"" <<< "$output" ||
		fail "pod labels: $(grep "$kid" <<< "$output")"
}

@test "names on the runc test bed: a pod's containers each a row at the default depth, by name and short id; JSON and --filter by name" {
	tb_up
	# besteffort and burstable containers are at depth 4 below the test bed
	run_cgtop --relative -1 -d 0.3 "/$TB_SCRATCH"
	assert_ok
	grep -qF "$CRI_NS/nginx-7d9f (pod:$POD_B burstable)" <<< "$output" || fail "no named pod row: $output"
	grep -qF "$CRI_NS/redis-0 (pod:$POD_BE besteffort)" <<< "$output" || fail "no named pod row: $output"
	grep -qF "app (containerd:${APP_B:0:12})" <<< "$output" || fail "burstable app: $output"
	grep -qF "app (containerd:${APP_BE:0:12})" <<< "$output" || fail "besteffort app: $output"
	grep -qF "redis-0 (containerd:${PAUSE_BE:0:12})" <<< "$output" || fail "sandbox: $output"
	# a container of the runtime's without names: its id alone
	grep -qF "docker:${D_HALF:0:12}" <<< "$output" || fail "docker: $output"
	# --depth 2 cuts above the pods: no pod row, so none of their containers
	run_cgtop --relative --depth 2 -1 -d 0.3 "/$TB_SCRATCH"
	assert_ok
	! grep -qF "containerd:" <<< "$output" || fail "containers below a hidden pod: $output"
	grep -qF "kubepods-burstable.slice" <<< "$output" || fail "depth 2: $output"
	# JSON: every name the runtime's files give
	run_cgtop --relative -1 -d 0.3 --format=json "/$TB_SCRATCH"
	assert_ok
	[ "$(jq -c --arg id "$APP_B" '.cgroups[].container | select(. != null and .id == $id) |
		[.name, .image, .namespace, .pod, .container]' <<< "$output")" = \
	  "[\"app\",\"library/nginx:1.25\",\"$CRI_NS\",\"nginx-7d9f\",\"app\"]" ] ||
		fail "app: $(jq -c --arg id "$APP_B" '.cgroups[].container | select(. != null and .id == $id)' <<< "$output")"
	[ "$(jq -c --arg u "$POD_BE" '.cgroups[].pod | select(. != null and .uid == $u) | [.namespace, .name]' <<< "$output")" = \
	  "[\"$CRI_NS\",\"redis-0\"]" ] || fail "pod: $output"
	[ "$(jq -c --arg id "$D_HALF" '.cgroups[].container | select(. != null and .id == $id) | .name' <<< "$output")" = null ] ||
		fail "docker without files: $output"
	# --filter by name: the pod's row and its containers' (ancestors kept)
	run_cgtop --relative -1 -d 0.3 --filter "$CRI_NS/redis-0" "/$TB_SCRATCH"
	assert_ok
	grep -qF "$CRI_NS/redis-0 (pod:" <<< "$output" || fail "filter: $output"
	! grep -qF "nginx-7d9f" <<< "$output" || fail "filter let another pod through: $output"
}

@test "names: each runtime file read once over refreshes (strace), not once per refresh" {
	command -v strace >/dev/null || fail "strace missing (./setup installs it)"
	tb_up
	strace -f -qq -e trace=openat,open -o "$BATS_TEST_TMPDIR/st" \
		"$cgtop" --relative -b -n 5 -d 0.2 "/$TB_SCRATCH" < /dev/null > "$BATS_TEST_TMPDIR/out" 2>&1 ||
		fail "cgtop: $(cat "$BATS_TEST_TMPDIR/out")"
	grep -qF "app (containerd:${APP_B:0:12})" "$BATS_TEST_TMPDIR/out" || fail "no names: $(cat "$BATS_TEST_TMPDIR/out")"
	# the opens of the runtimes' files, found or not, by path
	grep -E '(state|config|config\.v2|containers|options)\.json"' "$BATS_TEST_TMPDIR/st" |
		sed 's/^[^"]*"\([^"]*\)".*/\1/' | sort | uniq -c > "$BATS_TEST_TMPDIR/opens"
	# each CRI container's state.json read, and no such file opened twice
	local id
	for id in "$PAUSE_B" "$APP_B" "$PAUSE_BE" "$APP_BE"; do
		grep -qE "^ *1 .*/k8s.io/$id/state.json$" "$BATS_TEST_TMPDIR/opens" ||
			fail "$id/state.json not read once: $(cat "$BATS_TEST_TMPDIR/opens")"
	done
	! awk '$1 > 1' "$BATS_TEST_TMPDIR/opens" | grep -q . ||
		fail "opened again on a later refresh: $(awk '$1 > 1' "$BATS_TEST_TMPDIR/opens")"
}

@test "names: a file not there is not looked for each refresh (strace), and read at the refresh after it appears" {
	command -v strace >/dev/null || fail "strace missing (./setup installs it)"
	local ids=() id k d=$BATS_TEST_TMPDIR/docker
	for k in 1 2 3; do
		ids+=("$(printf 'feed%060d' "$k")")
		mkchild "system.slice/docker-${ids[-1]}.scope"
		start_in "system.slice/docker-${ids[-1]}.scope" sleep 1000
	done
	# a data root with no container's file, its directories long unchanged
	mkdir -p "$d/containers"
	touch -m -d @1000000000 "$d/containers" "$d"
	CGKIT_DOCKER_ROOT=$d strace -f -qq -e trace=openat,open,newfstatat,stat,statx -o "$BATS_TEST_TMPDIR/st" \
		"$cgtop" --relative -b -n 14 -d 0.3 --format=json "/$SCRATCH" < /dev/null \
		> "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
	CGTOP_PID=$!
	sleep 1.5
	# the first container's file appears, as dockerd writes it (a new file moved in)
	mkdir "$d/containers/${ids[0]}"
	echo '{"Name":"/late","Config":{"Image":"busybox:1.36"}}' > "$d/containers/${ids[0]}/config.v2.json.tmp"
	mv "$d/containers/${ids[0]}/config.v2.json.tmp" "$d/containers/${ids[0]}/config.v2.json"
	wait "$CGTOP_PID"
	local rc=$?
	CGTOP_PID=
	[ "$rc" = 0 ] && [ ! -s "$BATS_TEST_TMPDIR/err" ] || fail "cgtop: $rc $(cat "$BATS_TEST_TMPDIR/err")"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/out")" = 14 ] || fail "rounds: $(wc -l < "$BATS_TEST_TMPDIR/out")"
	# its name: none at first, 'late' from a refresh after the file came, to the end
	jq -r --arg id "${ids[0]}" '[.cgroups[].container | select(. != null and .id == $id) | .name] | .[0]' \
		"$BATS_TEST_TMPDIR/out" | uniq > "$BATS_TEST_TMPDIR/names"
	[ "$(paste -sd' ' "$BATS_TEST_TMPDIR/names")" = "null late" ] || fail "names by round: $(cat "$BATS_TEST_TMPDIR/names")"
	# the other two: their config.v2.json looked for at the first refresh, again
	# when containers/ changed (and once more a second after), never each refresh
	for id in "${ids[1]}" "${ids[2]}"; do
		k=$(grep -c "/containers/$id/config.v2.json\"" "$BATS_TEST_TMPDIR/st")
		(( k >= 1 && k <= 3 )) || fail "$id/config.v2.json looked for $k times over 15 refreshes"
	done
	# and containers/ is stat'ed once a refresh for all three, not once each
	k=$(grep -E '(newfstatat|stat|statx)\([^"]*"[^"]*/docker/containers"' "$BATS_TEST_TMPDIR/st" | wc -l)
	(( k <= 15 + 9 )) || fail "containers/ stat'ed $k times over 15 refreshes"
}

@test "a name or a pod's NS/POD[/CONTAINER] as cgtop's target; an ambiguous name refused with the list" {
	tb_up
	run_cgtop -1 -d 0.2 "$CRI_NS/nginx-7d9f"
	assert_ok
	grep -q "^/.*kubepods-burstable-pod${POD_B//-/_}.slice " <<< "$output" || fail "pod target: $output"
	grep -qF "app (containerd:${APP_B:0:12})" <<< "$output" || fail "pod target: $output"
	run_cgtop -1 -d 0.2 "$CRI_NS/redis-0/app"
	assert_ok
	[ "${#lines[@]}" = 1 ] && grep -q "^/.*/cri-containerd-$APP_BE.scope " <<< "$output" || fail "container target: $output"
	# the sandbox is known by its pod's name
	run_cgtop -1 -d 0.2 redis-0
	assert_ok
	grep -q "^/.*/cri-containerd-$PAUSE_BE.scope " <<< "$output" || fail "name target: $output"
	run_cgtop -1 -d 0.2 app
	[ "$status" = 1 ] && [ -z "$output" ] || fail "ambiguous: $status $output"
	[[ $stderr == "cgtop: app: name 'app' matches 2: containerd "*", containerd "* ]] || fail "$stderr"
}

@test "--order, --depth, --filter, -a, -P in batch" {
	busy_start
	mkchild mem
	mkchild idle
	mkchild deep/deeper
	start_in mem perl -e '$x = "a" x 33554432; sleep 1000'
	start_in deep/deeper sleep 1000
	sleep 1.5
	run_cgtop --relative -f -1 -d 0.5 -m "/$SCRATCH"
	assert_ok
	local first
	first=$(printf '%s\n' "${lines[@]}" | awk -v p="/$SCRATCH/" 'index($1, p) == 1 { print $1; exit }')
	[ "$first" = "/$SCRATCH/mem" ] || fail "-m: want mem first, got $first: $output"
	run_cgtop --relative -f -1 -d 0.5 --order=cpu "/$SCRATCH"
	first=$(printf '%s\n' "${lines[@]}" | awk -v p="/$SCRATCH/" 'index($1, p) == 1 { print $1; exit }')
	[ "$first" = "/$SCRATCH/busy" ] || fail "--order=cpu: want busy first, got $first: $output"
	# empty cgroups only with -a; --depth counts from the CGROUP operand
	grep -q "/idle " <<< "$output" && fail "an empty cgroup without -a"
	grep -q "/deep/deeper " <<< "$output" || fail "depth 2 of 3 not shown: $output"
	run_cgtop --relative -f -a -1 -d 0.3 --depth 1 "/$SCRATCH"
	grep -q "/idle " <<< "$output" || fail "-a: no idle: $output"
	grep -q "/deep/deeper " <<< "$output" && fail "--depth 1 shows depth 2"
	run_cgtop --relative -f -1 -d 0.3 --filter='*busy*' "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | grep -c .)" = 1 ] || fail "--filter: $output"
	# -P: processes, summed up
	run_cgtop --relative -f -P -1 -d 0.3 --format=json "/$SCRATCH"
	assert_ok
	[ "$(jq .tasks <<< "$(row "$output" "/$SCRATCH")")" = 3 ] || fail "-P: $(row "$output" "/$SCRATCH")"
	# tree (default): names below their parents
	run_cgtop --relative -1 -d 0.3 "/$SCRATCH"
	assert_ok
	[ "${lines[0]%% *}" = "/$SCRATCH" ] || fail "tree root: ${lines[0]}"
	printf '%s\n' "${lines[@]}" | grep -q '^├─busy \|^└─busy ' || fail "tree: $output"
	printf '%s\n' "${lines[@]}" | grep -q '^│ └─deeper \|^  └─deeper ' || fail "tree depth 2: $output"
}

@test "trees larger than the fd limit: every cgroup, with 200 files allowed" {
	local d k
	for k in $(seq 0 299); do echo "c$k"; done > "$BATS_TEST_TMPDIR/names"
	for d in $(dir_of cpu) $(dir_of cpuacct) $(dir_of pids) $(dir_of memory); do
		(cd "$d" && xargs mkdir < "$BATS_TEST_TMPDIR/names") || fail "mkdir"
	done
	run --separate-stderr bash -c "ulimit -n 200 && exec '$cgtop' --relative -a -f -n 2 -d 0.3 --format=json /$SCRATCH"
	assert_ok
	[ "$(jq '.cgroups | length' <<< "${lines[1]}")" = 301 ] || fail "rows: $(jq '.cgroups | length' <<< "${lines[1]}")"
	jq -e '.cgroups | all(.memory_bytes != null and .cpu_percent != null and .tasks == 0)' \
		<<< "${lines[1]}" >/dev/null || fail "values missing over the budget"
	for d in $(dir_of cpu) $(dir_of cpuacct) $(dir_of pids) $(dir_of memory); do
		(cd "$d" && xargs rmdir < "$BATS_TEST_TMPDIR/names")
	done
}

@test "a cgroup without a pids hierarchy: tasks unknown (null), not the host's thread count" {
	local cpud
	cpud=$(dir_of cpu) || fail "no cpu scratch"
	mkdir "$cpud/cpuonly"
	run_cgtop --relative -a -1 -d 0.3 --format=json "/$SCRATCH/cpuonly"
	assert_ok
	[ "$(jq -c '.cgroups[0] | [.path, .controllers, .tasks]' <<< "$output")" = \
	  "[\"/$SCRATCH/cpuonly\",[\"cpu\"],null]" ] || fail "cpu-only cgroup: $output"
}

@test "bad input: one message naming the operand, exit 1, nothing on stdout" {
	local a
	for a in "--order=bogus" "-d 0" "-d x" "-n 0" "--format=xml" "--depth=x" "--recursive=maybe" \
		"/$SCRATCH/nope" "--relative /$SCRATCH/nope" "cpu,bogus:/x" "/a /b"; do
		# shellcheck disable=SC2086
		run_cgtop $a
		[ "$status" = 1 ] || fail "$a: exit $status"
		[ -z "$output" ] || fail "$a: stdout: $output"
		[[ ${stderr_lines[0]} == cgtop:* ]] || fail "$a: stderr: $stderr"
	done
	run_cgtop --relative -1 "/$SCRATCH/nope"
	[ "$stderr" = "cgtop: /$SCRATCH/nope: no such cgroup" ] || fail "$stderr"
	run_cgtop --help
	[ "$status" = 0 ] && [[ ${lines[0]} == Usage:* ]]
	run_cgtop --version
	[ "$status" = 0 ] && [[ $output == "cgtop (cgkit) "* ]]
}

# ------------------------------------------------------------------------------
# the screen, in tmux

# tm CMD...: tmux on our own server
tm() { tmux -L "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t cgk; }
# wait_screen REGEX: until the pane shows it (10 s)
wait_screen() {
	local n=0
	until screen | grep -qE "$1"; do
		n=$((n + 1))
		[ $n -lt 100 ] || { fail "screen never showed /$1/:" "$(screen)"; return 1; }
		sleep 0.1
	done
}
wait_file() {
	local n=0
	until [ -e "$1" ]; do
		n=$((n + 1)); [ $n -lt 100 ] || return 1; sleep 0.1
	done
}

# tui_start ARGS: cgtop on a 160x40 terminal; the shell records the tty
# settings before and after, and cgtop's PID
tui_start() {
	command -v tmux >/dev/null || fail "tmux missing (./setup installs it)"
	TMUX_SOCK=cgk-test-$$-$BATS_TEST_NUMBER
	T=$BATS_TEST_TMPDIR
	# cgtop in the foreground (it reads the terminal), its PID first recorded
	cat > "$T/run.sh" <<-EOF
		stty -g > $T/before
		sh -c 'echo \$\$ > $T/pid; exec $cgtop $*'
		echo \$? > $T/rc
		stty -g > $T/after
		echo SHELL-BACK
		exec sleep 1000
	EOF
	tm -f /dev/null new-session -d -s cgk -x 160 -y 40 "LANG=C.UTF-8 TERM=xterm-256color bash --norc $T/run.sh" ||
		fail "tmux new-session failed"
}

@test "screen: header and columns; c, m, T change the order; / filters; q quits and restores the terminal" {
	busy_start
	mkchild mem
	start_in mem perl -e '$x = "a" x 33554432; sleep 1000'
	sleep 1
	tui_start --relative -d 0.5 -f "/$SCRATCH"
	wait_screen "Control Group +Tasks +%CPU"
	wait_screen "CPUs: [0-9]+ +load: "
	wait_screen "cgroups: [0-9]+ +containers: [0-9]+"
	wait_screen "/$SCRATCH/busy .* 0\.20 "
	# order by CPU (default): busy above mem
	wait_screen "order: cpu"
	sleep 1.2
	[ "$(screen | grep -o "/$SCRATCH/[a-z]*" | grep -m1 -E 'busy|mem')" = "/$SCRATCH/busy" ] ||
		fail "cpu order:" "$(screen)"
	tm send-keys -t cgk m
	wait_screen "order: memory"
	[ "$(screen | grep -o "/$SCRATCH/[a-z]*" | grep -m1 -E 'busy|mem')" = "/$SCRATCH/mem" ] ||
		fail "memory order:" "$(screen)"
	tm send-keys -t cgk T
	wait_screen "order: throttle"
	[ "$(screen | grep -o "/$SCRATCH/[a-z]*" | grep -m1 -E 'busy|mem')" = "/$SCRATCH/busy" ] ||
		fail "throttle order:" "$(screen)"
	tm send-keys -t cgk c
	wait_screen "order: cpu"
	# filter
	tm send-keys -t cgk /
	wait_screen "filter \(glob\):"
	tm send-keys -t cgk '*mem*' Enter
	wait_screen "filter: \*mem\*"
	screen | grep -q "/$SCRATCH/busy" && fail "filtered out, still shown:" "$(screen)"
	screen | grep -q "/$SCRATCH/mem" || fail "the match is gone:" "$(screen)"
	# Enter: the processes of the selected cgroup (mem, the only row)
	tm send-keys -t cgk Enter
	wait_screen "processes +\(any key returns\)"
	screen | grep -qE "^ *$HELPER_PID +perl -e " || fail "no process $HELPER_PID:" "$(screen)"
	tm send-keys -t cgk x
	wait_screen "Control Group"
	# q: cgtop exits 0, the screen and the tty modes are back
	tm send-keys -t cgk q
	wait_file "$T/rc" || fail "cgtop did not quit:" "$(screen)"
	[ "$(cat "$T/rc")" = 0 ] || fail "exit status $(cat "$T/rc")"
	wait_screen SHELL-BACK
	cmp -s "$T/before" "$T/after" || fail "tty modes not restored: $(cat "$T/before") -> $(cat "$T/after")"
	[ "$(tm display -p -t cgk '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
}

@test "screen: SIGTERM and SIGINT restore the terminal; resize redraws" {
	local LC_ALL=C.UTF-8	# ${#line} counts characters
	busy_start
	local sig
	for sig in TERM INT; do
		rm -f "$BATS_TEST_TMPDIR"/{rc,pid,before,after}
		tui_start --relative -f -d 0.5 "/$SCRATCH"
		wait_screen "Control Group"
		tm resize-window -t cgk -x 70 -y 20
		# narrow: the low-priority columns are dropped, the header still fits
		wait_screen "Control Group.*%CPU"
		screen | grep -q "Output/s" && fail "80 columns of data on 70:" "$(screen)"
		local l
		while IFS= read -r l; do
			[ "${#l}" -le 70 ] || fail "a line past 70 columns: $l"
		done < <(screen)
		kill -"$sig" "$(cat "$T/pid")"
		wait_file "$T/rc" || fail "cgtop survived SIG$sig"
		wait_screen SHELL-BACK
		cmp -s "$T/before" "$T/after" || fail "SIG$sig: tty modes not restored"
		[ "$(tm display -p -t cgk '#{alternate_on}')" = 0 ] || fail "SIG$sig: still on the alternate screen"
		tm kill-server
	done
	TMUX_SOCK=
}

# ------------------------------------------------------------------------------
# churn

@test "churn: 100 cgroups/s made and removed for 30 s under cgtop: no error, no fd growth" {
	local d dirs=() fds0 fdsmax=0 fds1 n
	for d in cpu cpuacct memory pids blkio; do dirs+=("$(dir_of "$d")"); done
	"$cgtop" --relative -a -f --depth 2 -n 400 -d 0.1 --format=json "/$SCRATCH" \
		> "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
	CGTOP_PID=$!
	sleep 2
	fds0=$(ls "/proc/$CGTOP_PID/fd" | wc -l)
	# 10 cgroups a batch, 10 batches a second; each lives for one batch
	(
		k=0
		end=$((SECONDS + 30))
		while [ $SECONDS -lt $end ]; do
			args=() old=()
			for d in "${dirs[@]}"; do
				for j in 0 1 2 3 4 5 6 7 8 9; do
					args+=("$d/churn-$k-$j")
					[ $k -gt 0 ] && old+=("$d/churn-$((k - 1))-$j")
				done
			done
			mkdir "${args[@]}"
			[ ${#old[@]} = 0 ] || rmdir "${old[@]}"
			k=$((k + 1))
			sleep 0.1
		done
		for d in "${dirs[@]}"; do rmdir "$d"/churn-* 2>/dev/null; done
		echo "$k" > "$BATS_TEST_TMPDIR/batches"
	) &
	CHURN_PID=$!
	while kill -0 "$CHURN_PID" 2>/dev/null; do
		n=$(ls "/proc/$CGTOP_PID/fd" 2>/dev/null | wc -l)
		[ "$n" -gt "$fdsmax" ] && fdsmax=$n
		sleep 0.5
	done
	wait "$CHURN_PID"
	CHURN_PID=
	sleep 1.5
	fds1=$(ls "/proc/$CGTOP_PID/fd" | wc -l)
	kill -0 "$CGTOP_PID" || fail "cgtop ended early: $(cat "$BATS_TEST_TMPDIR/err")"
	kill "$CGTOP_PID"
	wait "$CGTOP_PID"
	CGTOP_PID=
	[ "$(cat "$BATS_TEST_TMPDIR/batches")" -ge 150 ] || fail "churn too slow: $(cat "$BATS_TEST_TMPDIR/batches") batches"
	[ ! -s "$BATS_TEST_TMPDIR/err" ] || fail "stderr: $(head -5 "$BATS_TEST_TMPDIR/err")"
	[ "$fds1" -le "$fds0" ] || fail "fds grew: $fds0 before, $fds1 after (max $fdsmax)"
	# at most 20 churn cgroups at a time, a handful of files each
	[ "$fdsmax" -le $((fds0 + 20 * 12)) ] || fail "fds: $fds0 before, max $fdsmax"
	# every round a valid object; churn cgroups seen
	n=$(wc -l < "$BATS_TEST_TMPDIR/out")
	[ "$n" -ge 200 ] || fail "only $n rounds"
	jq -e -s 'all(.cgroups | length >= 1)' "$BATS_TEST_TMPDIR/out" >/dev/null || fail "bad JSON"
	jq -e -s 'map(.cgroups[].path | select(test("/churn-"))) | length > 0' "$BATS_TEST_TMPDIR/out" \
		>/dev/null || fail "never saw a churn cgroup"
}

@test "screen: a named container's row drops its short id where the name column is narrow" {
	tb_up
	tui_start -d 0.5 "$CRI_NS/nginx-7d9f"
	wait_screen "Control Group +Tasks"
	# wide enough: the name and the short id
	wait_screen "(├─|\|-|└─|\`-)app \(containerd:${APP_B:0:12}\) +[0-9]+ "
	# 100 columns leave the name column 16 wide: names alone
	tm resize-window -t cgk -x 100 -y 30
	wait_screen "(├─|\|-|└─|\`-)app +[0-9]+ "
	wait_screen "(├─|\|-|└─|\`-)nginx-7d9f +[0-9]+ "
	! screen | grep -q "(containerd:" || fail "ids where they do not fit:" "$(screen)"
	tm send-keys -t cgk q
	wait_file "$T/rc" || fail "cgtop did not quit"
	[ "$(cat "$T/rc")" = 0 ]
}

@test "names under a running cgtop: a state file rewritten gives the new name at the next refresh; a container deleted, its row goes" {
	tb_up
	local f=$RUNC_ROOT/$APP_B/state.json
	"$cgtop" --relative -b -n 100000 -d 0.5 --format=json "/$TB_SCRATCH" < /dev/null \
		> "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
	CGTOP_PID=$!
	sleep 1.5
	# a rename, as a runtime rewrites its file: a new file moved over the old
	jq -c '.config.labels |= map(if . == "io.kubernetes.cri.container-name=app"
		then "io.kubernetes.cri.container-name=web2" else . end)' "$f" > "$f.new" && mv "$f.new" "$f" ||
		fail "could not rewrite $f"
	runc --root "$RUNC_ROOT" kill "$APP_BE" KILL && sleep 0.3 && runc --root "$RUNC_ROOT" delete --force "$APP_BE" ||
		fail "could not delete $APP_BE"
	top_stop_after "$BATS_TEST_TMPDIR/out" "$CGTOP_PID"
	local rc=$?
	CGTOP_PID=
	[ "$rc" = 0 ] && [ ! -s "$BATS_TEST_TMPDIR/err" ] || fail "cgtop: $rc $(cat "$BATS_TEST_TMPDIR/err")"
	# APP_B's names round by round: app first, web2 at the end, never anything else
	jq -r --arg id "$APP_B" '[.cgroups[].container | select(. != null and .id == $id) | .name] | .[0]' \
		"$BATS_TEST_TMPDIR/out" | uniq > "$BATS_TEST_TMPDIR/names"
	[ "$(paste -sd' ' "$BATS_TEST_TMPDIR/names")" = "app web2" ] || fail "names: $(cat "$BATS_TEST_TMPDIR/names")"
	# APP_BE: in the first round, not in the last
	[ "$(head -1 "$BATS_TEST_TMPDIR/out" | jq --arg id "$APP_BE" '[.cgroups[].container | select(. != null and .id == $id)] | length')" = 1 ] ||
		fail "$APP_BE not in the first round"
	[ "$(tail -1 "$BATS_TEST_TMPDIR/out" | jq --arg id "$APP_BE" '[.cgroups[].container | select(. != null and .id == $id)] | length')" = 0 ] ||
		fail "$APP_BE still there after its deletion"
}
