#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# cgkit on the containers real runtimes make: Debian's dockerd (cgroupfs
# driver), containerd with ctr, and podman (cgroupfs manager), brought up by
# tests/testbed/runtimes below a scratch cgroup of their own. What the tools
# say is checked against what each runtime says of its containers (docker
# inspect, ctr task ls, podman inspect) and against what the containers
# themselves read (their cgroup files, hostname, lxcfs's /proc).
#
#   make check TESTS=tests/integration/runtimes.bats
#   CGK_BUILDDIR=. bats tests/integration/runtimes.bats      (from the source tree)

load helpers
load lxcfs

RUNTIMES=$CGK_SRCDIR/tests/testbed/runtimes
procview=$CGK_BUILDDIR/procview
nsenter_lite=$CGK_BUILDDIR/nsenter-lite
cgset=$CGK_BUILDDIR/cgset
cgtop=$CGK_BUILDDIR/cgtop
remount=$CGK_SRCDIR/share/lxcfs-remount

cleanup_all() {
	local rc=0
	[ -z "${RT:-}" ] || "$RUNTIMES" down "$RT" || rc=1
	lxcfs_stop
	if [ -n "${LXCFS_VARLIB:-}" ]; then
		lxcfs_umount || { echo "still mounted: $LXCFS_VARLIB" >&2; rc=1; }
		rm -rf "$LXCFS_VARLIB" "$LXCFS_VARLIB.log" "$LXCFS_VARLIB.pid"
	fi
	return $rc
}

setup_file() {
	local c
	export CGK_SKIP RT LXCFS_VARLIB LXCFS_DIR LXCFS_PID
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	for c in dockerd containerd ctr podman conmon lxcfs; do
		command -v "$c" >/dev/null ||
			{ CGK_SKIP="no $c (./setup installs docker.io containerd podman lxcfs)"; return 0; }
	done
	# lxcfs first, on a shared mount: the runtimes' mount namespace is a
	# slave of ours, so that an lxcfs restart reaches the containers' /var/lib
	LXCFS_VARLIB=$BATS_FILE_TMPDIR/varlib LXCFS_DIR=$BATS_FILE_TMPDIR/varlib/lxcfs
	lxcfs_start || { cleanup_all; return 1; }
	RT=$BATS_FILE_TMPDIR/rt
	"$RUNTIMES" up "$RT" >"$BATS_FILE_TMPDIR/up.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/up.log" >&2; RT=; cleanup_all; return 1; }
}

teardown_file() {
	cleanup_all || return 1
	! grep -q " $BATS_FILE_TMPDIR" /proc/self/mountinfo || { echo "mounts left" >&2; return 1; }
}

setup() {
	require_root_v1
	local t
	for t in "$cgls" "$procview" "$nsenter_lite" "$cgset" "$cgtop"; do
		[ -x "$t" ] || fail "no $t (build first)"
	done
	# shellcheck disable=SC1091
	. "$RT/env"
	TSV=$RT/containers.tsv
}

docker() { "$RUNTIMES" docker "$RT" "$@"; }
ctr() { "$RUNTIMES" ctr "$RT" "$@"; }
podman() { "$RUNTIMES" podman "$RT" "$@"; }

# each: "RUNTIME ID PID HOSTNAME CPUS MEM CGROUP" per container of the test bed
each() { cat "$TSV"; }

# short ID: the id as its runtime prints it in a listing (docker ps, podman
# ps: 12 hex digits; ctr task ls: the whole id)
short() {
	case $1 in web) echo web;; *) echo "${1:0:12}";; esac
}

# runtime_pid RUNTIME ID: the init PID the runtime itself reports now
runtime_pid() {
	case $1 in
	docker) docker inspect -f '{{.State.Pid}}' "$2";;
	podman) podman inspect -f '{{.State.Pid}}' "$2";;
	containerd)
		local ns=default
		[ "$2" = "$C_KID" ] && ns=k8s.io
		ctr -n "$ns" task ls | awk -v id="$2" '$1 == id { print $2 }';;
	esac
}

# in_ctr RUNTIME ID CMD...: run CMD inside the container, through its runtime
in_ctr() {
	local rt=$1 id=$2 ns=default
	shift 2
	case $rt in
	docker) docker exec "$id" "$@";;
	podman) podman exec "$id" "$@";;
	containerd)
		[ "$id" = "$C_KID" ] && ns=k8s.io
		ctr -n "$ns" task exec --exec-id "cgk$RANDOM" "$id" "$@";;
	esac
}

# cgdir CTRL CGROUP: the host directory of container cgroup CGROUP (as in
# the tsv: the cpu hierarchy's path) in hierarchy CTRL
cgdir() {
	local own
	own=$(awk -F: -v c="$1" '$2 == c { print $3 }' /proc/self/cgroup)
	local cpuown
	cpuown=$(awk -F: '$2 == "cpu" { print $3 }' /proc/self/cgroup)
	echo "/sys/fs/cgroup/$1${own%/}${2#"${cpuown%/}"}"
}

@test "the test bed: six containers of three runtimes, all below our scratch cgroup" {
	[ "$(wc -l < "$TSV")" = 6 ]
	[ "$(cut -f1 "$TSV" | sort | uniq -c | awk '{ print $2 $1 }' | tr '\n' ' ')" = \
	  "containerd3 docker2 podman1 " ]
	"$RUNTIMES" check "$RT"
}

@test "cgls --containers: every container with its runtime, full id and the runtime's init PID" {
	local rt id pid hn cpus mem cg json n
	json=$("$cgls" --containers --json -o RUNTIME,ID,PID,CGROUP --relative "/$SCRATCH")
	n=$(jq '.containers | length' <<<"$json")
	[ "$n" = 6 ] || fail "cgls lists $n containers, want 6: $json"
	while IFS=$'\t' read -r rt id pid hn cpus mem cg; do
		local want got
		want=$(runtime_pid "$rt" "$id")
		[ -n "$want" ] && [ "$want" = "$pid" ] || fail "$rt $id: runtime says PID '$want', test bed $pid"
		got=$(jq -r --arg id "$id" '.containers[] | select(.id == $id) | "\(.runtime) \(.pid) \(.cgroup)"' <<<"$json")
		[ "$got" = "$rt $want $cg" ] || fail "$id: cgls says '$got', want '$rt $want $cg'"
	done < "$TSV"
	# the text table: full ids with -l, one line each
	run "$cgls" --containers -l "/$SCRATCH"
	assert_ok
	while IFS=$'\t' read -r rt id pid _; do
		grep -Eq "^$rt +$id +.* $pid " <<<"$output" || fail "no line '$rt $id ... $pid' in: $output"
	done < "$TSV"
	# conmon and the runtimes' own cgroups are not containers
	! grep -q conmon <<<"$json"
}

@test "kubelet cgroupfs layouts: pod uid and QoS, runtime from the shim (docker and containerd)" {
	run "$cgls" --containers --json --output-all --relative "/$SCRATCH"
	assert_ok
	[ "$(jq -r --arg id "$D_KID" '.containers[] | select(.id == $id) | "\(.runtime) \(.pod_uid) \(.qos)"' <<<"$output")" = \
	  "docker $D_POD burstable" ]
	[ "$(jq -r --arg id "$C_KID" '.containers[] | select(.id == $id) | "\(.runtime) \(.pod_uid) \(.qos)"' <<<"$output")" = \
	  "containerd $C_POD besteffort" ]
}

@test "an id as the runtime prints it is a target: cgls, cgset, nsenter-lite, procview, cgtop" {
	local rt id pid hn cpus mem cg s orig
	# the listings' own prefixes
	docker ps -q --no-trunc | grep -qx "$D_ID"
	docker ps | grep -q "^${D_ID:0:12} "
	podman ps | grep -q "^${P_ID:0:12} "
	ctr task ls | grep -q "^web "
	while IFS=$'\t' read -r rt id pid hn cpus mem cg; do
		s=$(short "$id")
		run "$cgls" "$s"
		assert_ok
		grep -q "^Control group $cg:" <<<"$output" || fail "cgls $s: $output"
		grep -q "$pid sleep $((100000))" <<<"$output" || fail "cgls $s: no init $pid: $output"
		# cgset: a write through the same id, undone at once
		orig=$(cat "$(cgdir pids "$cg")/pids.max")
		run "$cgset" --pids 77 "$s"
		assert_ok
		[ "$(cat "$(cgdir pids "$cg")/pids.max")" = 77 ] || fail "cgset --pids 77 $s"
		run "$cgset" --pids "$orig" "$s"
		assert_ok
		[ "$(cat "$(cgdir pids "$cg")/pids.max")" = "$orig" ]
		run "$nsenter_lite" -t "$s" -a hostname
		assert_ok
		[ "$output" = "$hn" ] || fail "nsenter-lite -t $s: '$output', want $hn"
		run "$procview" "$s" cpu-online
		assert_ok
		run "$cgtop" -b -1 --relative --format=json "$s"
		assert_ok
		[ "$(jq -r '.cgroups[0].path' <<<"$output")" = "$cg" ] || fail "cgtop $s: $output"
	done < "$TSV"
}

@test "cgset --cpus 0.5 ID: the container reads it from its own cgroup files" {
	local rt id pid hn cpus mem cg q p
	while IFS=$'\t' read -r rt id pid hn cpus mem cg; do
		run "$cgset" --cpus 0.5 "$(short "$id")"
		assert_ok
		q=$(cat "$(cgdir cpu "$cg")/cpu.cfs_quota_us") p=$(cat "$(cgdir cpu "$cg")/cpu.cfs_period_us")
		[ "$((q * 100 / p))" = 50 ] || fail "$id: host reads $q/$p"
		case $rt in
		docker|podman)
			# runc mounts the container's own cgroup at /sys/fs/cgroup/cpu
			q=$(in_ctr "$rt" "$id" cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
			p=$(in_ctr "$rt" "$id" cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
			[ "$((q * 100 / p))" = 50 ] || fail "$id: the container reads $q/$p";;
		containerd)
			# ctr mounts no cgroupfs inside: the container's init is in
			# the cgroup (its /proc/self/cgroup), whose quota the host read
			# (it shares containerd's cgroup namespace, rooted at our scratch)
			[ "$(in_ctr "$rt" "$id" cat /proc/1/cgroup | awk -F: '$2 == "cpu" { print $3 }')" = \
			  "${cg#*"/$SCRATCH"}" ] || fail "$id: the container's own cgroup is not $cg"
			"$procview" --export "$(short "$id")" | grep -qx 'PROCVIEW_CPU_QUOTA=0.50' ||
				fail "$id: procview --export: $("$procview" --export "$(short "$id")")";;
		esac
		"$cgls" --containers --json --relative "/$SCRATCH" |
			jq -e --arg id "$id" '.containers[] | select(.id == $id) | .cpus == 0.5' >/dev/null ||
			fail "$id: cgls does not show 0.50"
	done < "$TSV"
}

@test "docker update after a cgset write: inspect keeps the old NanoCpus, another knob's update keeps the write" {
	local d q
	"$cgset" --cpus 0.5 "${D_ID:0:12}"
	d=$(cgdir cpu "$(awk -F'\t' -v id="$D_ID" '$2 == id { print $7 }' "$TSV")")
	[ "$(cat "$d/cpu.cfs_quota_us")" = 50000 ]
	[ "$(docker inspect -f '{{.HostConfig.NanoCpus}}' "$D_ID")" = 200000000 ]
	docker update --pids-limit 200 "$D_ID" >/dev/null
	[ "$(docker exec "$D_ID" cat /sys/fs/cgroup/pids/pids.max)" = 200 ]
	q=$(cat "$d/cpu.cfs_quota_us")
	[ "$q" = 50000 ] || fail "docker update --pids-limit reset the quota to $q"
	# an update of the cpus themselves does write them again
	docker update --cpus 0.2 "$D_ID" >/dev/null
	[ "$(cat "$d/cpu.cfs_quota_us")" = 20000 ]
}

@test "nsenter-lite -t ID -a hostname: the container's hostname, as the runtime's exec sees it" {
	local rt id pid hn cpus mem cg
	while IFS=$'\t' read -r rt id pid hn cpus mem cg; do
		[ "$hn" != "$(hostname)" ]
		[ "$(in_ctr "$rt" "$id" hostname)" = "$hn" ]
		run "$nsenter_lite" -t "$(short "$id")" -a hostname
		assert_ok
		[ "$output" = "$hn" ] || fail "$id: '$output', want $hn"
	done < "$TSV"
}

# kv: "key value" per line of a meminfo-like text on stdin
kv() {
	awk '{ k = $1; sub(/:$/, "", k); print k, $2 }'
}

# meminfo_same ID INIT: procview's meminfo of ID against lxcfs's as INIT's
# PID namespace reads it, before and after: same keys; limits exactly; the
# container's counters within 2 MiB; the host's lines within 10% + 16 MiB
meminfo_same() {
	local id=$1 init=$2 a p b k va vp vb tol bad=
	a=$(nsenter -t "$init" -p -- cat "$LXCFS_DIR/proc/meminfo" | kv)
	p=$("$procview" "$(short "$id")" meminfo | kv)
	b=$(nsenter -t "$init" -p -- cat "$LXCFS_DIR/proc/meminfo" | kv)
	[ "$(cut -d' ' -f1 <<<"$a")" = "$(cut -d' ' -f1 <<<"$p")" ] || { echo "$id: keys differ"; return 1; }
	while read -r k vp; do
		va=$(awk -v k="$k" '$1 == k { print $2 }' <<<"$a")
		vb=$(awk -v k="$k" '$1 == k { print $2 }' <<<"$b")
		case $k in
		MemTotal|SwapTotal)
			[ "$vp" = "$va" ] && [ "$vp" = "$vb" ] || bad+=" $k:$vp/$va/$vb"
			continue;;
		MemFree|MemAvailable|Cached|Active*|Inactive*|Unevictable|Dirty|Writeback|AnonPages|Mapped|Shmem|SwapFree)
			tol=2048;;
		*)	tol=$(awk -v v="$va" 'BEGIN { printf "%d", v / 10 + 16384 }');;
		esac
		awk -v a="$va" -v p="$vp" -v b="$vb" -v t="$tol" 'BEGIN {
			lo = a < b ? a : b; hi = a < b ? b : a; exit !(p >= lo - t && p <= hi + t) }' ||
			bad+=" $k:$vp/$va/$vb"
	done <<<"$p"
	[ -z "$bad" ] || { echo "$id: procview/lxcfs/lxcfs:$bad"; return 1; }
}

@test "procview ID meminfo: what the container reads through lxcfs" {
	local rt id pid hn cpus mem cg try ok
	while IFS=$'\t' read -r rt id pid hn cpus mem cg; do
		ok=
		for try in 1 2 3; do
			meminfo_same "$id" "$pid" && { ok=1; break; }
			sleep 0.5
		done
		[ -n "$ok" ] || fail "$(meminfo_same "$id" "$pid")"
		if [ "$mem" != max ]; then
			[ "$("$procview" "$(short "$id")" meminfo | awk '$1 == "MemTotal:" { print $2 }')" = \
			  "$((mem / 1024))" ] || fail "$id: MemTotal is not its limit $mem"
		fi
	done < "$TSV"
}

@test "cgtop shows every container: its cgroup, runtime (the name's or the shim's), id, limits" {
	local rt id pid hn cpus mem cg json row
	json=$("$cgtop" -b -n 2 -d 0.3 --relative --depth 8 -f --format=json "/$SCRATCH" | tail -1)
	while IFS=$'\t' read -r rt id pid hn cpus mem cg; do
		row=$(jq -c --arg cg "$cg" '.cgroups[] | select(.path == $cg)' <<<"$json")
		[ -n "$row" ] || fail "cgtop has no row $cg"
		[ "$(jq -r '.tasks' <<<"$row")" -ge 1 ]
		if [ "$mem" != max ]; then
			[ "$(jq -r '.memory_limit_bytes' <<<"$row")" = "$mem" ] || fail "$cg: $row"
		fi
		# ctr's /default/<id> and the kubepods cgroupfs ones through their shim, as cgls
		[ "$(jq -r '.container.runtime + " " + .container.id' <<<"$row")" = "$rt $id" ] ||
			fail "$cg: $row"
	done < "$TSV"
	run "$cgtop" -b -1 --depth 8 --relative "/$SCRATCH"
	assert_ok
	grep -q "docker:${D_ID:0:12}" <<<"$output"
	grep -q "podman:${P_ID:0:12}" <<<"$output"
	grep -q "containerd:web" <<<"$output" || fail "$output"
}

@test "lxcfs-remount: runtime containers that bind lxcfs files read again after lxcfs restarts" {
	local files=(/proc/meminfo /proc/cpuinfo /proc/stat /proc/uptime) f vols=() dl pl dpid ppid
	for f in "${files[@]}"; do vols+=(-v "$LXCFS_DIR$f:$f:rw"); done
	dl=$(docker run -d --pull never --network none --memory 112m "${vols[@]}" \
		-v "$LXCFS_VARLIB:$LXCFS_VARLIB:rslave" cgkit/busybox:1 sleep 100000)
	pl=$(podman run -d --pull never --network none --memory 80m \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "${vols[@]}" \
		-v "$LXCFS_VARLIB:$LXCFS_VARLIB:rslave" cgkit/busybox:1 sleep 100000)
	dpid=$(docker inspect -f '{{.State.Pid}}' "$dl") ppid=$(podman inspect -f '{{.State.Pid}}' "$pl")
	[ "$(docker exec "$dl" awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" = $((112 * 1024)) ]
	[ "$(podman exec "$pl" awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" = $((80 * 1024)) ]
	lxcfs_restart
	export LXCFS_PID
	! docker exec "$dl" cat /proc/meminfo >/dev/null 2>&1
	! podman exec "$pl" cat /proc/meminfo >/dev/null 2>&1
	run env CGLS="$cgls" NSENTER="$nsenter_lite" "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	assert_ok
	grep -q "^remounted $dl (PID $dpid)" <<<"$output" || fail "$output"
	grep -q "^remounted $pl (PID $ppid)" <<<"$output" || fail "$output"
	[ "$(docker exec "$dl" awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" = $((112 * 1024)) ]
	[ "$(podman exec "$pl" awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" = $((80 * 1024)) ]
	# a second run has nothing to do
	run env CGLS="$cgls" NSENTER="$nsenter_lite" "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	assert_ok
	[ -z "$output" ]
	docker rm -f "$dl" >/dev/null
	podman rm -f -t 0 "$pl" >/dev/null
}

@test "a container removed while cgtop watches: cgtop goes on, the row goes, no error" {
	local id out err
	id=$(docker run -d --pull never --network none --cpus 0.3 cgkit/busybox:1 sleep 100000)
	out=$BATS_TEST_TMPDIR/cgtop.out err=$BATS_TEST_TMPDIR/cgtop.err
	"$cgtop" -b -n 100000 -d 0.5 --relative --depth 8 -f --format=json "/$SCRATCH" >"$out" 2>"$err" &
	local top=$!
	sleep 1.2
	docker rm -f "$id" >/dev/null
	top_stop_after "$out" "$top" || fail "cgtop exited $?: $(cat "$err")"
	[ ! -s "$err" ] || fail "cgtop said: $(cat "$err")"
	[ "$(wc -l < "$out")" -ge 4 ]
	head -2 "$out" | tail -1 | jq -e --arg id "$id" '[.cgroups[] | select(.container.id == $id)] | length == 1' >/dev/null
	tail -1 "$out" | jq -e --arg id "$id" '[.cgroups[] | select(.container.id == $id)] | length == 0' >/dev/null
}

@test "a container gone: cgls, procview, nsenter-lite, cgset stop with one clear line" {
	local id s
	id=$(podman run -d --pull never --network none --ulimit nofile=1024:1024 \
		--ulimit nproc=1024:1024 cgkit/busybox:1 sleep 100000)
	s=${id:0:12}
	run "$procview" "$s" meminfo
	assert_ok
	podman rm -f -t 0 "$id" >/dev/null
	for cmd in "$cgls $s" "$procview $s meminfo" "$nsenter_lite -t $s -a hostname" "$cgset --cpus 0.5 $s"; do
		run --separate-stderr $cmd
		[ "$status" = 1 ] || fail "$cmd: exit $status"
		[ -z "$output" ] || fail "$cmd: stdout '$output'"
		[ "$(wc -l <<<"$stderr")" = 1 ] || fail "$cmd: stderr '$stderr'"
		grep -q "$s: no container with this id prefix" <<<"$stderr" || fail "$cmd: '$stderr'"
	done
	# ctr: a task killed and deleted
	ctr run -d --snapshotter native "$(ctr images ls -q | grep -m1 cgkit/busybox:1)" gone sleep 100000 >/dev/null
	run --separate-stderr "$cgls" gone
	[ "$status" = 0 ] && [ -z "$stderr" ] || fail "cgls gone: $status '$stderr'"
	ctr task kill -s KILL gone
	for s in 1 2 3 4 5 6 7 8 9 10; do ctr task ls | grep -q "^gone " || break; ctr task delete gone >/dev/null 2>&1; sleep 0.2; done
	ctr container delete gone
	run --separate-stderr "$cgls" gone
	[ "$status" = 1 ] && [ "$(wc -l <<<"$stderr")" = 1 ] || fail "cgls gone: $status '$stderr'"
}

@test "a container that exits while procview reads it in a loop: procview stops with one line" {
	local id out err i rc=0
	id=$(docker run -d --pull never --network none --memory 64m cgkit/busybox:1 sleep 2)
	out=$BATS_TEST_TMPDIR/pv.out err=$BATS_TEST_TMPDIR/pv.err
	# the admin's loop: read until it fails
	for i in $(seq 100); do
		"$procview" "${id:0:12}" meminfo >"$out" 2>"$err" || { rc=$?; break; }
		sleep 0.1
	done
	[ "$rc" = 1 ] || fail "procview never failed while the container exited"
	[ ! -s "$out" ]
	[ "$(wc -l < "$err")" = 1 ] || fail "$(cat "$err")"
	docker rm -f "$id" >/dev/null
}

@test "a container that restarts under cgtop: cgtop goes on; cgls then names the new init, as the runtime does, and the runtime's cpus" {
	local rt id p1 p2 out err top
	for rt in docker podman; do
		id=$("$rt" run -d --pull never --network none --cpus 0.3 \
			--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 cgkit/busybox:1 sleep 100000)
		p1=$("$rt" inspect -f '{{.State.Pid}}' "$id")
		# a cgset write lasts until the restart: the runtime writes its own again
		"$cgset" --cpus 0.5 "${id:0:12}"
		[ "$("$cgls" --containers --json --relative "/$SCRATCH" | jq -r --arg id "$id" '.containers[] | select(.id == $id) | .cpus')" = 0.5 ]
		out=$BATS_TEST_TMPDIR/top.$rt err=$BATS_TEST_TMPDIR/top.$rt.err
		"$cgtop" -b -n 100000 -d 0.5 --relative --depth 8 -f --format=json "/$SCRATCH" >"$out" 2>"$err" &
		top=$!
		sleep 1
		"$rt" restart -t 0 "$id" >/dev/null
		top_stop_after "$out" "$top" || fail "$rt: cgtop exited $?: $(cat "$err")"
		[ ! -s "$err" ] || fail "$rt: cgtop said: $(cat "$err")"
		[ "$(wc -l < "$out")" -ge 3 ]
		tail -1 "$out" | jq -e --arg id "$id" '[.cgroups[] | select(.container.id == $id and .tasks == 1)] | length == 1' >/dev/null ||
			fail "$rt: cgtop lost the restarted container"
		p2=$("$rt" inspect -f '{{.State.Pid}}' "$id")
		[ "$p2" != "$p1" ]
		[ "$("$cgls" --containers --json --relative "/$SCRATCH" | jq -r --arg id "$id" '.containers[] | select(.id == $id) | "\(.pid) \(.cpus)"')" = "$p2 0.3" ]
		"$rt" rm -f "$id" >/dev/null
	done
}

@test "a container removed under cgsh: the next command says so in one line, cgsh goes on (-k)" {
	local id out err
	id=$(docker run -d --pull never --network none --cpus 0.3 cgkit/busybox:1 sleep 100000)
	out=$BATS_TEST_TMPDIR/sh.out err=$BATS_TEST_TMPDIR/sh.err
	{ echo "cd ${id:0:12}"; echo "get cpus"; sleep 2; echo "get cpus"; echo "pwd"; } |
		"$CGK_BUILDDIR/cgsh" --relative -k >"$out" 2>"$err" &
	local sh=$!
	sleep 1
	docker rm -f "$id" >/dev/null
	wait "$sh" && fail "cgsh -k: exit 0 after a failed command"
	[ "$(sed -n 1p "$out")" = "cpus: 0.30" ]
	grep -q "/docker/$id\$" "$out" || fail "cgsh did not go on: $(cat "$out")"
	[ "$(wc -l < "$err")" = 1 ] || fail "$(cat "$err")"
	grep -q "^cgsh: line 3: get: .*/docker/$id: the current cgroup is gone" "$err" || fail "$(cat "$err")"
}

@test "cgroup v2 (a User-Mode Linux guest): the same runtimes, recognised with their init and limits" {
	command -v linux.uml >/dev/null || skip "no linux.uml (apt-get install -y user-mode-linux)"
	local bdir=$CGK_BUILDDIR
	# ASan aborts in the guest ("Shadow memory range interleaves with an
	# existing memory mapping"): a sanitizer build runs the tools built with
	# UBSan alone, as tests/v2/uml builds them for the v2 suite (-c true: the
	# build, and a guest that does nothing)
	if [ "${CGK_SANITIZED:-no}" = yes ] || grep -q __asan_init "$cgls"; then
		CGK_SANITIZED=yes "$CGK_SRCDIR/tests/v2/uml" -c true >/dev/null ||
			fail "tests/v2/uml could not build the UBSan tools for the guest"
		bdir=$CGK_BUILDDIR/tests/v2/ubsan
		[ -x "$bdir/cgls" ] || fail "no $bdir/cgls"
	fi
	CGK_BUILDDIR=$bdir run "$RUNTIMES" v2 "$BATS_TEST_TMPDIR/v2"
	[ "$status" = 0 ] || fail "$output"
	# every line ok but the TODOs: what cgkit does not do on pure v2 yet
	! grep -v '# TODO' <<<"$output" | grep -q '^not ok' || fail "$output"
	[ "$(grep -c '^ok [0-9]* - cgls --containers: .*, PID .* as the runtime says' <<<"$output")" = 3 ]
	grep -q '^1\.\.[0-9]' <<<"$output"
}
