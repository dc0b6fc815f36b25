#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# procview against the real lxcfs 5.0.3, on the runc test bed
# (tests/testbed/testbed): the test runs two lxcfs daemons of its own, one plain
# and one with -l --enable-cfs, each on a mount point under its temporary
# directory, and reads every file as each container sees it there
# (nsenter -t INIT -p -- cat). Then procview inside the containers, its bad
# input, and what lxcfs cannot do (--fix, --export, --sample).
#
#   make check TESTS=tests/integration/procview.bats
#   CGK_BUILDDIR=. bats tests/integration/procview.bats      (from the source tree)

load helpers

procview=$CGK_BUILDDIR/procview

setup_file() {
	export CGK_SKIP LX_PLAIN LX_CFS
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	command -v lxcfs >/dev/null || { CGK_SKIP="no lxcfs (apt-get install -y lxcfs)"; return 0; }
	testbed_up || return 1
	LX_PLAIN=$BATS_FILE_TMPDIR/lxcfs-plain
	LX_CFS=$BATS_FILE_TMPDIR/lxcfs-cfs
	lxcfs_start "$LX_PLAIN" || return 1
	lxcfs_start "$LX_CFS" -l --enable-cfs || return 1
}

teardown_file() {
	local rc=0
	lxcfs_stop "${LX_PLAIN:-}" || rc=1
	lxcfs_stop "${LX_CFS:-}" || rc=1
	testbed_down || rc=1
	return $rc
}

setup() {
	require_root_v1
	[ -x "$procview" ] || fail "no procview at $procview (build it first)"
	testbed_env
}

teardown() {
	helpers_stop_all
	scratch_remove
	return 0
}

# ------------------------------------------------------------------------------
# lxcfs, run by the test

# lxcfs_start DIR [OPTION...]: run lxcfs on DIR (made here) in the
# foreground of a session of its own; wait until it is mounted.
lxcfs_start() {
	local dir=$1 n=100
	shift
	mkdir -p "$dir" || return 1
	setsid lxcfs -f "$@" -p "$dir.pid" "$dir" </dev/null >"$dir.log" 2>&1 3>&- 4>&- &
	echo "$!" > "$dir.spid"
	while ! grep -q " ${dir} fuse.lxcfs " /proc/self/mounts; do
		n=$((n - 1))
		[ $n -gt 0 ] || { echo "lxcfs on $dir did not mount: $(cat "$dir.log")" >&2; return 1; }
		sleep 0.1
	done
}

# lxcfs_stop DIR: SIGTERM the lxcfs we started on DIR, wait until it is gone and
# DIR unmounted; unmount it ourselves if it does not (never leave a mount).
lxcfs_stop() {
	local dir=$1 pid n=50 rc=0
	[ -n "$dir" ] || return 0
	pid=$(cat "$dir.pid" 2>/dev/null || cat "$dir.spid" 2>/dev/null)
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
	while grep -q " ${dir} fuse.lxcfs " /proc/self/mounts || { [ -n "$pid" ] && [ -d "/proc/$pid" ]; }; do
		n=$((n - 1))
		if [ $n -le 0 ]; then
			echo "lxcfs on $dir still there after SIGTERM" >&2
			[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
			umount -l "$dir" 2>/dev/null || fusermount -u -z "$dir" 2>/dev/null
			rc=1
			break
		fi
		sleep 0.1
	done
	! grep -q " ${dir} fuse.lxcfs " /proc/self/mounts || { echo "$dir still mounted" >&2; return 1; }
	return $rc
}

# lx DIR INIT FILE: FILE (proc/meminfo, sys/devices/system/cpu/online) as
# lxcfs on DIR serves it to the container whose init is INIT
lx() {
	nsenter -t "$2" -p -- cat "$1/$3"
}

# inits: the init PID of every container of the test bed
inits() {
	cut -f5 "$TSV"
}

# ------------------------------------------------------------------------------
# comparing

# kv: "key value" per line of a meminfo-like text on stdin
kv() {
	awk '{ k = $1; sub(/:$/, "", k); print k, $2 }'
}

# bracketed NAME TOL A P B: with A and B two reads of lxcfs around P, P lies
# within [min(A,B) - TOL, max(A,B) + TOL] (live counters)
bracketed() {
	awk -v a="$3" -v p="$4" -v b="$5" -v t="$2" 'BEGIN {
		lo = a < b ? a : b; hi = a < b ? b : a
		exit !(p >= lo - t && p <= hi + t) }' ||
		fail "$1: procview $4 not within $2 of lxcfs's $3 .. $5"
}

# meminfo_parity DIR INIT: every field of procview's meminfo against lxcfs's,
# read before and after it: the same keys in the same order, the limits
# exactly, the container's counters within 2 MiB; the host's own lines
# (passed through by both, and moving with whatever else the machine runs)
# within 10% + 16 MiB. Three tries, for a host that moves a lot at once.
meminfo_parity() {
	local try errs=()
	for try in 1 2 3; do
		errs=()
		meminfo_try "$@" && return 0
		sleep 0.5
	done
	fail "${errs[@]}"
}
meminfo_try() {
	local dir=$1 init=$2 a p b k va vp vb tol
	a=$(lx "$dir" "$init" proc/meminfo | kv)
	p=$("$procview" -p "$init" meminfo | kv)
	b=$(lx "$dir" "$init" proc/meminfo | kv)
	if [ "$(cut -d' ' -f1 <<<"$a")" != "$(cut -d' ' -f1 <<<"$p")" ]; then
		errs+=("init $init: meminfo keys differ:" "$(diff <(cut -d' ' -f1 <<<"$a") <(cut -d' ' -f1 <<<"$p"))")
		return 1
	fi
	while read -r k vp; do
		va=$(awk -v k="$k" '$1 == k { print $2 }' <<<"$a")
		vb=$(awk -v k="$k" '$1 == k { print $2 }' <<<"$b")
		case $k in
		MemTotal|SwapTotal|Buffers|Slab|SReclaimable|SUnreclaim|SwapCached|ShmemHugePages|ShmemPmdMapped|AnonHugePages|Hugepagesize|HugePages_*|CommitLimit|VmallocTotal|DirectMap*)
			[ "$vp" = "$va" ] && [ "$vp" = "$vb" ] ||
				errs+=("init $init: $k: procview $vp, lxcfs $va / $vb")
			continue ;;
		MemFree|MemAvailable|Cached|Active*|Inactive*|Unevictable|Dirty|Writeback|AnonPages|Mapped|Shmem|SwapFree)
			tol=2048 ;;
		*)	tol=$(awk -v v="$va" 'BEGIN { printf "%d", v / 10 + 16384 }') ;;
		esac
		bracketed "init $init: $k" "$tol" "$va" "$vp" "$vb" 2>/dev/null ||
			errs+=("init $init: $k: procview $vp not within $tol of lxcfs's $va .. $vb")
	done <<<"$p"
	[ ${#errs[@]} = 0 ]
}

# stat_lines TEXT: "name" of each line of a /proc/stat text
stat_names() {
	awk '{ print $1 }'
}

# ------------------------------------------------------------------------------
# parity with lxcfs

@test "meminfo: every field as lxcfs, for every container (plain and -l --enable-cfs)" {
	local init
	for init in $(inits); do
		meminfo_parity "$LX_PLAIN" "$init"
		meminfo_parity "$LX_CFS" "$init"
	done
	# the limits the test bed set are there
	[ "$("$procview" "$D_HALF" meminfo | awk '$1 == "MemTotal:" { print $2 }')" = 131072 ]
	[ "$("$procview" "$D_TWIN" meminfo | awk '$1 == "MemTotal:" { print $2 }')" = 65536 ]
	[ "$("$procview" "$D_NONE" meminfo | awk '$1 == "MemTotal:" { print $2 }')" = \
	  "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" ]
}

@test "meminfo: a container using cache and shmem (MemAvailable counts total_cache, as lxcfs 5.0)" {
	runc --root "$RUNC_ROOT" exec "$D_ONEHALF" sh -c \
		'dd if=/dev/zero of=/dev/shm/fill bs=1M count=24 2>/dev/null' ||
		fail "could not fill /dev/shm in the container"
	local init
	init=$(awk -v id="$D_ONEHALF" '$2 == id { print $5 }' "$TSV")
	meminfo_parity "$LX_PLAIN" "$init"
	local p
	p=$("$procview" -p "$init" meminfo)
	[ "$(awk '$1 == "Shmem:" { print $2 }' <<<"$p")" -ge 24576 ] || fail "no shmem: $p"
	# --fix: shmem is not available memory
	[ "$("$procview" --fix -p "$init" meminfo | awk '$1 == "MemAvailable:" { print $2 }')" -lt \
	  "$(awk '$1 == "MemAvailable:" { print $2 }' <<<"$p")" ]
	runc --root "$RUNC_ROOT" exec "$D_ONEHALF" rm -f /dev/shm/fill
}

@test "cpuinfo, cpu-online, swaps: the same text as lxcfs (plain, and --cfs as --enable-cfs)" {
	local init f errs=()
	for init in $(inits); do
		for f in proc/cpuinfo proc/swaps sys/devices/system/cpu/online; do
			[ "$(lx "$LX_PLAIN" "$init" "$f")" = "$("$procview" -p "$init" "/$f")" ] ||
				errs+=("init $init: /$f differs from plain lxcfs")
			[ "$(lx "$LX_CFS" "$init" "$f")" = "$("$procview" --cfs -p "$init" "/$f")" ] ||
				errs+=("init $init: /$f --cfs differs from lxcfs --enable-cfs")
		done
	done
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
	# a reader on the host gets its own cgroups, from lxcfs and procview alike
	[ "$(cat "$LX_PLAIN/proc/cpuinfo")" = "$("$procview" -p $$ cpuinfo)" ] ||
		fail "host reader: cpuinfo differs"
	[ "$(head -1 "$LX_PLAIN/proc/meminfo")" = "$("$procview" -p $$ meminfo | head -1)" ] ||
		fail "host reader: MemTotal differs"
	[ "$(head -1 "$LX_PLAIN/proc/meminfo")" = "$("$procview" meminfo | head -1)" ] ||
		fail "procview itself: MemTotal differs"
	# 0.5 CPU -> 1 CPU with --cfs, the cpuset's 2 without; 1.5 -> 2
	[ "$("$procview" --cfs "$D_HALF" cpuinfo | grep -c '^processor')" = 1 ]
	[ "$("$procview" --cfs "$D_HALF" cpu-online)" = 0 ]
	[ "$("$procview" "$D_HALF" cpu-online)" = "$(cat /sys/fs/cgroup/cpuset/cpuset.cpus)" ]
	[ "$("$procview" --cfs "$D_ONEHALF" cpuinfo | grep -c '^processor')" = 2 ]
}

@test "uptime: within a second of lxcfs, for every container" {
	local init a p errs=()
	for init in $(inits); do
		a=$(lx "$LX_PLAIN" "$init" proc/uptime)
		p=$("$procview" -p "$init" uptime)
		[[ $p =~ ^[0-9]+\.[0-9]{2}\ [0-9]+\.[0-9]{2}$ ]] || errs+=("init $init: bad uptime '$p'")
		awk -v a="$a" -v p="$p" 'BEGIN { split(a, x, " "); split(p, y, " ")
			d1 = x[1] - y[1]; d2 = x[2] - y[2]
			exit !(d1 < 1 && d1 > -1 && d2 < 1 && d2 > -1) }' ||
			errs+=("init $init: procview '$p', lxcfs '$a'")
	done
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
}

# stat_try DIR INIT: procview's stat against two reads of lxcfs's around it:
# the same lines; every counter between them (a few ticks of slack); the
# host's gauges procs_running and procs_blocked not compared
stat_try() {
	local a p b n
	a=$(lx "$1" "$2" proc/stat)
	p=$("$procview" -p "$2" stat)
	b=$(lx "$1" "$2" proc/stat)
	if [ "$(stat_names <<<"$a")" != "$(stat_names <<<"$p")" ]; then
		errs+=("init $2: lines differ:" "$(diff <(stat_names <<<"$a") <(stat_names <<<"$p"))")
		return 1
	fi
	n=$(paste -d'\n' <(echo "$a") <(echo "$p") <(echo "$b") | awk '
		NR % 3 == 1 { split($0, A, " ") } NR % 3 == 2 { split($0, P, " ") }
		NR % 3 == 0 { split($0, B, " ")
			if (P[1] == "procs_running" || P[1] == "procs_blocked") next
			for (i = 2; i in P; i++) {
				lo = A[i] < B[i] ? A[i] : B[i]; hi = A[i] < B[i] ? B[i] : A[i]
				t = 5 + hi / 1000
				if (P[i] < lo - t || P[i] > hi + t)
					printf "%s field %d: procview %s, lxcfs %s .. %s\n", P[1], i, P[i], A[i], B[i]
			} }')
	[ -z "$n" ] || { errs+=("init $2:" "$n"); return 1; }
}

@test "stat: the same lines as lxcfs, counters between two lxcfs reads" {
	local init try errs=() all=()
	for init in $(inits); do
		for try in 1 2 3; do
			errs=()
			stat_try "$LX_PLAIN" "$init" && break
		done
		all+=("${errs[@]}")
	done
	[ ${#all[@]} = 0 ] || fail "${all[@]}"
}

@test "stat --cfs: lxcfs --enable-cfs's CPUs; what they count grows as lxcfs's does" {
	local init a1 p1 a2 p2 n errs=()
	for init in $(inits); do
		lx "$LX_CFS" "$init" proc/stat >/dev/null	# lxcfs's first read: its zero
	done
	sleep 1
	for init in $(inits); do
		a1=$(lx "$LX_CFS" "$init" proc/stat | grep '^cpu')
		p1=$("$procview" --cfs -p "$init" stat | grep '^cpu')
		sleep 1
		a2=$(lx "$LX_CFS" "$init" proc/stat | grep '^cpu')
		p2=$("$procview" --cfs -p "$init" stat | grep '^cpu')
		[ "$(stat_names <<<"$a2")" = "$(stat_names <<<"$p2")" ] ||
			{ errs+=("init $init: CPUs differ: lxcfs $(stat_names <<<"$a2" | xargs), procview $(stat_names <<<"$p2" | xargs)"); continue; }
		# lxcfs counts from its first read, procview from the cgroup's
		# start: compare what each added in the same second. The idle
		# taken for a fractional quota comes off the CPU with the most
		# idle (lxcfs: since its last read; procview: since the start):
		# per CPU user and system, idle on the "cpu" line only.
		n=$(paste -d'\n' <(echo "$a1") <(echo "$a2") <(echo "$p1") <(echo "$p2") | awk '
			NR % 4 == 1 { split($0, A1, " ") } NR % 4 == 2 { split($0, A2, " ") }
			NR % 4 == 3 { split($0, P1, " ") }
			NR % 4 == 0 { split($0, P2, " ")
				for (i = 2; i in P2; i++) {
					if (i == 5 && P2[1] != "cpu") continue
					da = A2[i] - A1[i]; dp = P2[i] - P1[i]; d = da - dp
					if (d < 0) d = -d
					if (d > 25 + (da < 0 ? -da : da) / 5)
						printf "%s field %d: procview +%d, lxcfs +%d\n", P2[1], i, dp, da
				} }')
		[ -z "$n" ] || errs+=("init $init:" "$n")
	done
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
	# 0.5 CPU: one CPU line; 1.5: two
	[ "$("$procview" --cfs "$D_HALF" stat | grep -c '^cpu[0-9]')" = 1 ]
	[ "$("$procview" --cfs "$D_ONEHALF" stat | grep -c '^cpu[0-9]')" = 2 ]
}

@test "diskstats: as lxcfs (the host's without CFQ files, said with -v)" {
	local init a p b errs=()
	for init in $(inits); do
		a=$(lx "$LX_PLAIN" "$init" proc/diskstats)
		p=$("$procview" -p "$init" diskstats)
		b=$(lx "$LX_PLAIN" "$init" proc/diskstats)
		[ "$(awk '{ print $1, $2, $3 }' <<<"$a")" = "$(awk '{ print $1, $2, $3 }' <<<"$p")" ] ||
			errs+=("init $init: devices differ")
		[ "$p" = "$a" ] || [ "$p" = "$b" ] || [ "$(awk '{ $4 = $5 = $6 = $7 = $8 = $9 = $10 = $11 = $12 = $13 = $14 = $15 = ""; print }' <<<"$p")" = \
			"$(awk '{ $4 = $5 = $6 = $7 = $8 = $9 = $10 = $11 = $12 = $13 = $14 = $15 = ""; print }' <<<"$a")" ] ||
			errs+=("init $init: diskstats differ beyond the live counters")
	done
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
	if [ ! -e "/sys/fs/cgroup/blkio/blkio.io_serviced_recursive" ]; then
		run --separate-stderr "$procview" -v "$D_HALF" diskstats
		[ "$status" = 0 ]
		[[ $stderr == *"the host's /proc/diskstats, passed through"* ]] ||
			fail "no pass-through note: $stderr"
	fi
}

@test "loadavg: as lxcfs -l for the test bed's idle containers" {
	local init a p errs=()
	for init in $(inits); do
		a=$(lx "$LX_CFS" "$init" proc/loadavg)
		p=$("$procview" -p "$init" loadavg)
		[ "$p" = "$a" ] || [ "$p" = "0.00 0.00 0.00 0/1 $init" ] ||
			errs+=("init $init: procview '$p', lxcfs '$a'")
		[ "$p" = "0.00 0.00 0.00 0/1 $init" ] || errs+=("init $init: '$p'")
	done
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
}

# ------------------------------------------------------------------------------
# targets

@test "the same container by id prefix, by -p of any of its processes, by -c cgroup" {
	local init cg own by_pid pid
	init=$(awk -v id="$D_TWIN" '$2 == id { print $5 }' "$TSV")
	cg=$(awk -v id="$D_TWIN" '$2 == id { print $8 }' "$TSV")
	own=$(awk -F: '$2 == "cpu" { print $3 }' /proc/self/cgroup); own=${own%/}
	# what does not move: the limits, the CPUs, the swap
	q() { "$procview" "$@" cpuinfo cpu-online swaps && "$procview" "$@" meminfo | head -1; }
	by_pid=$(q -p "$init")
	[ "$(q "${D_TWIN:0:5}")" = "$by_pid" ] || fail "by id prefix:" "$(q "${D_TWIN:0:5}")" "by pid:" "$by_pid"
	[ "$(q "$D_TWIN")" = "$by_pid" ] || fail "by full id"
	[ "$(q -c "$D_TWIN")" = "$by_pid" ] || fail "by -c id"
	# a path names the cgroup in the hierarchies where it exists: here memory
	# lies elsewhere (below $MEMBASE), so cpu files by one path, memory by another
	[ "$("$procview" -c "$own$cg" cpuinfo cpu-online)" = "$("$procview" -p "$init" cpuinfo cpu-online)" ] ||
		fail "by -c $own$cg"
	[ "$("$procview" -c "memory:$MEMBASE$cg" meminfo | head -1)" = "$(tail -1 <<<"$by_pid")" ] ||
		fail "by -c memory:$MEMBASE$cg"
	[ "$("$procview" -c "/sys/fs/cgroup/memory$MEMBASE$cg" meminfo | head -1)" = "$(tail -1 <<<"$by_pid")" ] ||
		fail "by the full path"
	# a process that entered the container from outside (its parent is not
	# in the container): procview finds the container's init all the same
	runc --root "$RUNC_ROOT" exec -d --pid-file "$BATS_TEST_TMPDIR/exec.pid" "$D_TWIN" sleep 300 ||
		fail "runc exec failed"
	pid=$(cat "$BATS_TEST_TMPDIR/exec.pid")
	echo "$pid" >> "$BATS_TEST_TMPDIR/helper-pids"
	[ "$(awk '{ print $4 }' "/proc/$pid/stat")" != "$init" ] || fail "the exec'd process is a child of the init"
	run --separate-stderr "$procview" -v -p "$pid" uptime
	[ "$status" = 0 ]
	[[ $stderr == *": init $init"* ]] || fail "-p $pid chose: $stderr"
	[ "$(q -p "$pid")" = "$by_pid" ] || fail "by -p $pid"
}

@test "several files: tail's headers; one file: its text only" {
	local online
	online=$(cat /sys/fs/cgroup/cpuset/cpuset.cpus)
	run --separate-stderr "$procview" "$D_HALF" uptime cpu-online
	[ "$status" = 0 ]
	[[ $output =~ ^==\>\ /proc/uptime\ \<==$'\n'[0-9]+\.[0-9]{2}\ [0-9]+\.[0-9]{2}$'\n\n'==\>\ /sys/devices/system/cpu/online\ \<==$'\n'"$online"$ ]] ||
		fail "two files:" "$output"
	run --separate-stderr "$procview" "$D_HALF"
	[ "$status" = 0 ]
	[ "$(grep -c '^==> ' <<<"$output")" = 8 ]
	run --separate-stderr "$procview" "$D_HALF" /proc/uptime
	[ "$status" = 0 ]
	[ ${#lines[@]} = 1 ]
}

# ------------------------------------------------------------------------------
# inside a container

# rootfs_procview: put procview (and, if it is not static, the libraries it
# needs) into the test bed's root file system
rootfs_procview() {
	local lib
	ldd "$procview" 2>/dev/null | grep -q -e libcgroup -e libmnl &&
		fail "procview links libcgroup or libmnl: $(ldd "$procview")"
	cp "$procview" "$ROOTFS/bin/procview" || return 1
	for lib in $(ldd "$procview" 2>/dev/null | grep -o '/[^ ]*'); do
		mkdir -p "$ROOTFS${lib%/*}" && cp -L "$lib" "$ROOTFS$lib" || return 1
	done
}

@test "inside each container: procview --export agrees with procview --export CONTAINER on the host" {
	rootfs_procview
	local rt id pod qos pid cpus mem cg inside host errs=()
	while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
		inside=$(runc --root "$RUNC_ROOT" exec "$id" /bin/procview --export 2>&1) ||
			{ errs+=("${id:0:12}: procview failed inside: $inside"); continue; }
		host=$("$procview" --export "$id")
		[ "$inside" = "$host" ] || errs+=("${id:0:12}: inside:" "$inside" "host:" "$host")
		# and what the test bed set
		if [ "$mem" != max ]; then
			grep -qx "PROCVIEW_MEMORY_LIMIT=$mem" <<<"$inside" || errs+=("${id:0:12}: memory $mem: $inside")
		fi
	done < "$TSV"
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
}

@test "an entrypoint evals procview --export: GOMAXPROCS, GOMEMLIMIT, JAVA_TOOL_OPTIONS" {
	rootfs_procview
	local id b out n=100 mb=$((1024 * 1024))
	id=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
	b=$BUNDLES/$id
	mkdir -p "$b"
	jq --arg rootfs "$ROOTFS" --arg cg "$SCRATCH/system.slice/docker-$id.scope" --argjson mem $((192 * mb)) '
		.process.terminal = false
		| .process.args = ["sh", "-c", "eval \"$(procview --export)\" && echo \"$GOMAXPROCS $GOMEMLIMIT $JAVA_TOOL_OPTIONS\" && procview --export && env | grep -c ^GOMAXPROCS= && sleep 100000"]
		| .root.path = $rootfs | .root.readonly = true
		| .linux.cgroupsPath = $cg
		| .linux.resources.cpu = {quota: 120000, period: 100000}
		| .linux.resources.memory = {limit: $mem}' "$BUNDLES/config.json.in" > "$b/config.json"
	runc --root "$RUNC_ROOT" create --bundle "$b" --pid-file "$b/pid" "$id" </dev/null >"$b/out" 2>"$b/err" ||
		fail "runc create: $(cat "$b/err")"
	cat "$b/pid" >> "$STATEDIR/pids"
	runc --root "$RUNC_ROOT" start "$id" || fail "runc start"
	while [ "$(wc -l < "$b/out")" -lt 10 ] && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	out=$(cat "$b/out")
	[ "$(head -1 <<<"$out")" = "2 $((192 * mb * 9 / 10)) -XX:ActiveProcessorCount=2 -XX:MaxRAM=$((192 * mb))" ] ||
		fail "the entrypoint saw: $out" "stderr: $(cat "$b/err")"
	[ "$(tail -1 <<<"$out")" = 1 ] || fail "GOMAXPROCS not exported: $out"
	[ "$(sed -n '2,9p' <<<"$out")" = "$("$procview" --export "$id")" ] ||
		fail "inside:" "$(sed -n '2,9p' <<<"$out")" "host:" "$("$procview" --export "$id")"
	runc --root "$RUNC_ROOT" kill "$id" KILL
	runc --root "$RUNC_ROOT" delete -f "$id" >/dev/null 2>&1
}

@test "inside a container: every file as procview -p INIT shows it from the host" {
	rootfs_procview
	local init inside host f
	init=$(awk -v id="$D_ONEHALF" '$2 == id { print $5 }' "$TSV")
	# (the lines that move while runc exec's process is charged; SwapFree
	# too: swused is memsw.usage - usage, two reads apart, and with no swap
	# on this host lxcfs's formula wraps it below 0 whenever it is not 0)
	for f in meminfo cpuinfo cpu-online swaps; do
		inside=$(runc --root "$RUNC_ROOT" exec "$D_ONEHALF" /bin/procview --cfs "$f" | grep -v -e ^MemFree -e ^MemAvail -e ^Active -e ^Inactive -e ^AnonPages -e ^KernelStack -e ^PageTables -e ^Committed_AS -e ^Percpu -e ^KReclaimable -e ^Vmalloc -e ^Mlocked -e ^Slab -e ^SwapFree)
		host=$("$procview" --cfs -p "$init" "$f" | grep -v -e ^MemFree -e ^MemAvail -e ^Active -e ^Inactive -e ^AnonPages -e ^KernelStack -e ^PageTables -e ^Committed_AS -e ^Percpu -e ^KReclaimable -e ^Vmalloc -e ^Mlocked -e ^Slab -e ^SwapFree)
		[ "$inside" = "$host" ] || fail "$f differs:" "$(diff <(echo "$inside") <(echo "$host"))"
	done
	inside=$(runc --root "$RUNC_ROOT" exec "$D_ONEHALF" /bin/procview uptime)
	host=$("$procview" -p "$init" uptime)
	awk -v a="$inside" -v b="$host" 'BEGIN { d = a - b; exit !(d < 1 && d > -1) }' ||
		fail "uptime inside $inside, host $host"
	[ "$(runc --root "$RUNC_ROOT" exec "$D_ONEHALF" /bin/procview --cfs stat | grep -c '^cpu[0-9]')" = 2 ]
}

# ------------------------------------------------------------------------------
# what lxcfs does not do

@test "--export and --json: the same values; GOMEMLIMIT is 90% of the limit" {
	local ex js
	ex=$("$procview" --export "$D_ONEHALF")
	js=$("$procview" --json "$D_ONEHALF")
	jq -e . >/dev/null <<<"$js" || fail "not JSON: $js"
	[ "$(jq -r '.cpus' <<<"$js")" = 2 ]
	[ "$(jq -r '.cpu_quota' <<<"$js")" = 1.50 ] || [ "$(jq -r '.cpu_quota' <<<"$js")" = 1.5 ]
	[ "$(jq -r '.memory_limit' <<<"$js")" = 268435456 ]
	[ "$(jq -r '.env.GOMEMLIMIT' <<<"$js")" = 241591910 ]
	grep -qx 'GOMEMLIMIT=241591910' <<<"$ex"
	grep -qx 'PROCVIEW_CPUS=2' <<<"$ex"
	grep -qx "JAVA_TOOL_OPTIONS='-XX:ActiveProcessorCount=2 -XX:MaxRAM=268435456'" <<<"$ex"
	# no limit: no GOMEMLIMIT, no MaxRAM
	js=$("$procview" --json "$D_NONE")
	[ "$(jq -r '.memory_limit' <<<"$js")" = null ]
	[ "$(jq -r '.cpu_quota' <<<"$js")" = null ]
	[ "$(jq -r '.env | has("GOMEMLIMIT")' <<<"$js")" = false ]
	[ "$(jq -r '.cpus' <<<"$js")" = "$(nproc --all)" ] || [ "$(jq -r '.cpus' <<<"$js")" -ge 1 ]
	# eval-able
	(eval "$ex" && [ "$GOMAXPROCS" = 2 ] && [ "$PROCVIEW_MEMORY_LIMIT" = 268435456 ]) ||
		fail "eval of --export failed: $ex"
}

@test "loadavg: the threads running now; --sample averages a busy loop" {
	local pid p
	runc --root "$RUNC_ROOT" exec -d --pid-file "$BATS_TEST_TMPDIR/busy.pid" "$D_NONE" \
		sh -c 'while :; do :; done' || fail "runc exec failed"
	pid=$(cat "$BATS_TEST_TMPDIR/busy.pid")
	echo "$pid" >> "$BATS_TEST_TMPDIR/helper-pids"
	sleep 0.5
	p=$("$procview" "$D_NONE" loadavg)
	[[ $p == "1.00 1.00 1.00 1/2 "* ]] || fail "now: $p"
	p=$("$procview" --sample 3 "$D_NONE" loadavg)
	awk -v p="$p" 'BEGIN { split(p, f, " "); exit !(f[1] >= 0.9 && f[1] <= 1.0 && f[3] >= 0.9) }' ||
		fail "--sample 3 with one busy thread: $p"
	run --separate-stderr "$procview" --sample 1 "$D_NONE" meminfo
	[ "$status" = 1 ]
}

@test "--fix diskstats: the throttle counters of real reads and writes" {
	local blk f=$BATS_TEST_TMPDIR/direct got majmin op n errs=() name dev
	scratch_create
	blk=$(for d in $SCRATCH_DIRS; do case $d in /sys/fs/cgroup/blkio/*) echo "$d";; esac; done)
	[ -n "$blk" ] || fail "no blkio scratch cgroup"
	# direct I/O, so that the bios are this cgroup's and not the page cache's
	helper_start sh -c "echo \$\$ > '$blk/cgroup.procs' &&
		dd if=/dev/zero of='$f' bs=4k count=64 oflag=direct && exec dd if='$f' of=/dev/null bs=4k iflag=direct"
	wait "$HELPER_PID" || fail "dd failed"
	got=$("$procview" --fix -c "blkio:${blk#/sys/fs/cgroup/blkio}" diskstats)
	n=0
	while read -r majmin op val; do
		[ "$op" = Read ] || [ "$op" = Write ] || continue
		[ "$val" -gt 0 ] || continue
		name=$(awk -v m="$majmin" '$1 ":" $2 == m { print $3 }' /proc/diskstats)
		dev=$(awk -v d="$name" '$3 == d' <<<"$got")
		[ -n "$dev" ] || { errs+=("$majmin ($name) $op $val: no line in: $got"); continue; }
		[ "$(awk '{ print NF }' <<<"$dev")" = 20 ] || errs+=("$name: not 20 fields: $dev")
		case $op in
		Read) [ "$(awk '{ print $4 }' <<<"$dev")" = "$val" ] || errs+=("$name reads: $dev, kernel $val") ;;
		Write) [ "$(awk '{ print $8 }' <<<"$dev")" = "$val" ] || errs+=("$name writes: $dev, kernel $val") ;;
		esac
		n=$((n + 1))
	done < "$blk/blkio.throttle.io_serviced_recursive"
	[ $n -ge 2 ] || fail "the kernel counted no direct reads and writes: $(cat "$blk/blkio.throttle.io_serviced_recursive")"
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
	# sectors: bytes / 512
	majmin=$(awk '$2 == "Write" && $3 > 0 { print $1; exit }' "$blk/blkio.throttle.io_service_bytes_recursive")
	name=$(awk -v m="$majmin" '$1 ":" $2 == m { print $3 }' /proc/diskstats)
	[ "$(awk -v d="$name" '$3 == d { print $10 }' <<<"$got")" = \
	  "$(awk -v m="$majmin" '$1 == m && $2 == "Write" { print $3 / 512 }' "$blk/blkio.throttle.io_service_bytes_recursive")" ]
	# lxcfs's formula needs the CFQ files: the host's diskstats
	[ -e "$blk/blkio.io_serviced_recursive" ] ||
		[ "$("$procview" -c "blkio:${blk#/sys/fs/cgroup/blkio}" diskstats | awk '{ print $3 }')" = \
		  "$(awk '{ print $3 }' /proc/diskstats)" ]
}

# ------------------------------------------------------------------------------
# bad input: one line on stderr, exit 1, nothing on stdout

@test "bad input: one message naming it, exit 1, nothing written" {
	local dead own
	sleep 0 & dead=$!; wait "$dead"
	scratch_create
	own=$(awk -F: '$2 == "cpu" { print $3 }' /proc/self/cgroup); own=${own%/}
	for args in "$D_HALF meminfo bogus" "nosuchfile" "-p $dead meminfo" "-p x meminfo" \
		"-c cpu:$own/$SCRATCH meminfo" "-c $own/$SCRATCH uptime" "-c $own/$SCRATCH/none meminfo" \
		"$AMBIG_PREFIX meminfo" "ffffff meminfo"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$procview" $args
		[ "$status" = 1 ] || fail "procview $args: exit $status"
		[ -z "$output" ] || fail "procview $args wrote: $output"
		[ -n "$stderr" ] || fail "procview $args: no message"
		case $args in
		*bogus) [ "$stderr" = "procview: bogus: unknown file (meminfo, cpuinfo, stat, uptime, loadavg, swaps, diskstats, cpu-online)" ] || fail "$stderr" ;;
		-p\ $dead*) [ "$stderr" = "procview: $dead: no such process" ] || fail "$stderr" ;;
		-c\ cpu:*) [[ $stderr == "procview: cpu:$own/$SCRATCH: no memory cgroup: cannot virtualise meminfo" ]] || fail "$stderr" ;;
		*uptime) [[ $stderr == *"cannot virtualise uptime"* ]] || fail "$stderr" ;;
		"$AMBIG_PREFIX"*) [[ $stderr == "procview: $AMBIG_PREFIX: ambiguous"* ]] || fail "$stderr" ;;
		esac
		[[ $args == "-p x"* ]] || [ "$(wc -l <<<"$stderr")" = 1 ] || fail "procview $args: $stderr"
	done
	run "$procview" --help
	[ "$status" = 0 ]
	[[ ${lines[0]} == "Usage: procview "* ]]
	run "$procview" --version
	[ "$status" = 0 ]
}
