#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# procview --mount for real: the keeper mounts lxcfs's layout on a directory
# laid out as /var/lib/lxcfs (tests/integration/lxcfs.bash), runc containers
# of the test bed bind its files over /proc/* and cpu/online as docker -v
# does, and read them: each its own values (MemTotal = its memory limit,
# procview's text for the rest), with read(2), pread and busybox cat
# (sendfile through the page cache), nothing writable, nothing outside the
# layout, and every file field by field as the real lxcfs 5.0.3 serves it
# (moving values between two reads of lxcfs's); the files the server keeps
# open of a container closed when it goes. Then the restart: the server
# child is SIGKILLed 20 times and the keeper re-execs a replaced binary on
# SIGHUP while readers in the containers read in a loop: no read fails, none
# waits a second, every value is right, the containers' mounts are the same
# ones. Last, lxcfs-remount repairs the containers after the keeper itself
# is gone and a new one mounts.
#
#   make check TESTS=tests/integration/mount.bats
#   CGK_BUILDDIR=. bats tests/integration/mount.bats      (from the source tree)

load helpers
load lxcfs

remount=$CGK_SRCDIR/share/lxcfs-remount
export CGLS=$CGK_BUILDDIR/cgls NSENTER=$CGK_BUILDDIR/nsenter-lite

hex32() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

# pv_start: procview --mount on LXCFS_DIR from the copy PVBIN of the build
# (the restart test replaces it), in a session of its own; waits until it answers
pv_start() {
	local i
	mkdir -p "$LXCFS_VARLIB" "$LXCFS_DIR" || return 1
	if ! is_mounted "$LXCFS_VARLIB"; then
		mount --bind "$LXCFS_VARLIB" "$LXCFS_VARLIB" &&
			mount --make-shared "$LXCFS_VARLIB" || return 1
	fi
	setsid "$PVBIN" --mount "$LXCFS_DIR" --pidfile "$LXCFS_VARLIB.pid" \
		</dev/null >>"$LXCFS_VARLIB.log" 2>&1 3>&- 4>&- &
	echo "$!" > "$LXCFS_VARLIB.ourpid"
	for i in $(seq 100); do
		lxcfs_answers "$LXCFS_DIR" && [ -s "$LXCFS_VARLIB.pid" ] && return 0
		sleep 0.05
	done
	echo "procview --mount did not come up: $(tail -3 "$LXCFS_VARLIB.log")" >&2
	return 1
}

# pv_stop: SIGTERM to the keeper we started (only it), wait until it is gone
pv_stop() {
	local pid i
	pid=$(cat "$LXCFS_VARLIB.ourpid" 2>/dev/null) || return 0
	if alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--mount $LXCFS_DIR "; then
		kill -TERM "$pid"
		for i in $(seq 100); do
			alive "$pid" || break
			sleep 0.05
		done
		alive "$pid" && { echo "keeper $pid still there after SIGTERM" >&2; kill -KILL "$pid"; return 1; }
	fi
	rm -f "$LXCFS_VARLIB.ourpid"
}

keeper() { cat "$LXCFS_VARLIB.pid"; }
server() { pgrep -P "$(keeper)"; }

cleanup_all() {
	local rc=0
	pv_stop || rc=1
	[ -z "${LXP:-}" ] || lxcfs_stop_plain || rc=1
	testbed_down || rc=1
	if [ -n "${LXCFS_VARLIB:-}" ]; then
		lxcfs_umount || { echo "still mounted: $LXCFS_VARLIB" >&2; rc=1; }
	fi
	return $rc
}

# the real lxcfs (-l: its loadavg per container), on a directory of its own, for the parity tests
lxcfs_start_plain() {
	mkdir -p "$LXP" || return 1
	setsid lxcfs -f -l -p "$LXP.pid" "$LXP" </dev/null >"$LXP.log" 2>&1 3>&- 4>&- &
	echo "$!" > "$LXP.spid"
	for i in $(seq 100); do
		lxcfs_answers "$LXP" && return 0
		sleep 0.05
	done
	return 1
}

lxcfs_stop_plain() {
	local pid
	pid=$(cat "$LXP.spid" 2>/dev/null) || return 0
	if alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "^lxcfs .* $LXP \$"; then
		kill -TERM "$pid"
		for i in $(seq 100); do alive "$pid" || break; sleep 0.05; done
	fi
	while is_mounted "$LXP"; do umount -l "$LXP" || return 1; done
	rm -f "$LXP.spid"
}

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	[ -c /dev/fuse ] || { CGK_SKIP="no /dev/fuse"; return 0; }
	command -v lxcfs >/dev/null || { CGK_SKIP="no lxcfs (apt-get install -y lxcfs)"; return 0; }
	export LXCFS_VARLIB=$BATS_FILE_TMPDIR/varlib LXCFS_DIR=$BATS_FILE_TMPDIR/varlib/lxcfs
	export PVBIN=$BATS_FILE_TMPDIR/bin/procview LXP=$BATS_FILE_TMPDIR/lxcfs-plain
	mkdir -p "${PVBIN%/*}" && cp "$CGK_BUILDDIR/procview" "$PVBIN" || return 1
	testbed_up || { cleanup_all; return 1; }
	testbed_env
	pv_start || { cleanup_all; return 1; }
	lxcfs_start_plain || { cleanup_all; return 1; }
	local mb=$((1 << 20)) id spec
	: > "$BATS_FILE_TMPDIR/pv.tsv"
	for spec in "$((128 * mb))" "$((200 * mb))" "$((64 * mb))"; do
		id=$(hex32)
		lxcfs_container "$id" "$spec" || { cleanup_all; return 1; }
		printf '%s\t%s\t%s\n' "$id" "$LAST_PID" "$spec" >> "$BATS_FILE_TMPDIR/pv.tsv"
	done
}

teardown_file() {
	cleanup_all
	! grep -q " $BATS_FILE_TMPDIR" /proc/self/mountinfo || { echo "mounts left" >&2; return 1; }
}

setup() {
	require_root_v1
	testbed_env
	PV=$BATS_FILE_TMPDIR/pv.tsv
}

# each_ct: "ID PID MEMBYTES" per container
each_ct() { tr '\t' ' ' < "$PV"; }

# cread PID FILE [CMD]: FILE as the container PID reads it through its own
# mounts (its bind over /proc/FILE), from its PID namespace; CMD (default
# cat) reads it
cread() {
	nsenter -t "$1" -p -- ${3:-cat} "/proc/$1/root$2"
}

@test "the layout: lxcfs's files, mounted as fuse.lxcfs by the keeper" {
	run ls "$LXCFS_DIR/proc"
	assert_ok
	for f in cpuinfo diskstats loadavg meminfo slabinfo stat swaps uptime; do
		grep -qx "$f" <<<"$output" || fail "no proc/$f in: $output"
	done
	[ "$(ls "$LXCFS_DIR/sys/devices/system/cpu")" = online ] || fail "cpu/: $(ls "$LXCFS_DIR/sys/devices/system/cpu")"
	# proc/pressure where the kernel keeps PSI per cgroup (its cgroup2 has *.pressure)
	if ls /sys/fs/cgroup/unified/cpu.pressure /sys/fs/cgroup/cpu.pressure >/dev/null 2>&1; then
		[ "$(ls "$LXCFS_DIR/proc/pressure" | xargs)" = "cpu io memory" ] || fail "pressure: $(ls "$LXCFS_DIR/proc/pressure")"
	fi
	[ "$(top_fstype "$LXCFS_DIR")" = fuse.lxcfs ] || fail "type $(top_fstype "$LXCFS_DIR")"
	grep -q " $LXCFS_DIR .* fuse.lxcfs procview " /proc/self/mountinfo || fail "source is not procview"
	# the keeper in the foreground, its server its child
	[ -n "$(server)" ] || fail "keeper $(keeper) has no server child"
	# capabilities: the keeper CAP_SYS_ADMIN (umount) and CAP_SYS_PTRACE,
	# the server CAP_SYS_PTRACE alone (bits 21 and 19)
	[ "$(awk '$1 == "CapEff:" { print $2 }' "/proc/$(keeper)/status")" = 0000000000280000 ] ||
		fail "keeper: $(grep ^Cap "/proc/$(keeper)/status")"
	[ "$(awk '$1 == "CapEff:" { print $2 }' "/proc/$(server)/status")" = 0000000000080000 ] ||
		fail "server: $(grep ^Cap "/proc/$(server)/status")"
	[ "$(awk '$1 == "CapPrm:" { print $2 }' "/proc/$(server)/status")" = 0000000000080000 ] ||
		fail "server: $(grep ^Cap "/proc/$(server)/status")"
}

@test "each container reads its own values through its binds (read(2) and busybox cat's sendfile)" {
	local id pid mem want got errs=()
	while read -r id pid mem; do
		want=$((mem / 1024))
		for reader in cat "busybox cat"; do
			got=$(cread "$pid" /proc/meminfo "$reader" | awk '$1 == "MemTotal:" { print $2 }')
			[ "$got" = "$want" ] || errs+=("$id ($reader): MemTotal '$got', limit $want kB")
			# every file as procview computes it for that container
			for f in cpu-online:/sys/devices/system/cpu/online cpuinfo:/proc/cpuinfo swaps:/proc/swaps; do
				diff <("$CGK_BUILDDIR/procview" -p "$pid" "${f%%:*}") <(cread "$pid" "${f#*:}" "$reader") >/dev/null ||
					errs+=("$id ($reader): ${f#*:} is not procview's")
			done
			[ "$(cread "$pid" /proc/meminfo "$reader" | wc -l)" = "$("$CGK_BUILDDIR/procview" -p "$pid" meminfo | wc -l)" ] ||
				errs+=("$id ($reader): meminfo lines differ from procview's")
		done
	done < <(each_ct)
	[ ${#errs[@]} -eq 0 ] || fail "$(printf '%s\n' "${errs[@]}")"
}

@test "pread and reads at an offset: the same bytes as the whole file" {
	local id pid mem
	read -r id pid mem < <(each_ct | head -1)
	# the online file is stable: byte 1.. of it, by dd's lseek + read and by python's pread
	whole=$(cread "$pid" /sys/devices/system/cpu/online)
	part=$(nsenter -t "$pid" -p -- dd if="/proc/$pid/root/sys/devices/system/cpu/online" bs=1 skip=1 2>/dev/null)
	[ "$part" = "${whole:1}" ] || fail "dd skip=1: '$part', whole '$whole'"
	if command -v python3 >/dev/null; then
		run nsenter -t "$pid" -p -- python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
a = os.pread(fd, 1 << 20, 0); b = os.pread(fd, 1 << 20, 0)
print(len(a) > 0 and a.startswith(b"MemTotal:") and b.startswith(b"MemTotal:"))' "/proc/$pid/root/proc/meminfo"
		assert_ok
		[ "$output" = True ] || fail "pread: $output"
	fi
}

# ------------------------------------------------------------------------------
# parity with lxcfs 5.0.3, through the mount: the same container's file from
# lxcfs (lxr) and from the server through the container's own binds (cread),
# compared field by field as tests/integration/procview.bats compares
# procview's. Where values move, the server's read lies between two of
# lxcfs's; the files the server shares for 0.25 s (all but stat, diskstats
# and uptime) are read from it 0.3 s after the first lxcfs read, so that its
# text is made between the two.

# lxr PID FILE: FILE (proc/meminfo) as lxcfs serves it to the container of PID
lxr() {
	nsenter -t "$1" -p -- cat "$LXP/$2"
}

# around PID FILE SHARED: three reads into A, P, B: lxcfs, the server, lxcfs
# (SHARED 1: wait out the server's text sharing after the first)
around() {
	A=$(lxr "$1" "$2")
	[ "$3" = 1 ] && sleep 0.3
	P=$(cread "$1" "/$2")
	B=$(lxr "$1" "$2")
}

# try3 CMD...: CMD until it passes, three times at most (a host that moves
# a lot at once); ERRS holds the last try's complaints
try3() {
	local n
	for n in 1 2 3; do
		errs=()
		"$@" && return 0
		sleep 0.5
	done
	return 1
}

# meminfo_try PID: the same keys in the same order; the limits and the
# host's fixed sizes exactly; the container's counters within 2 MiB of the
# bracket; the host's own lines (passed through by both, moving with the
# machine) within 10% + 16 MiB of it
meminfo_try() {
	local out
	around "$1" proc/meminfo 1
	out=$(paste -d'\n' <(echo "$A") <(echo "$P") <(echo "$B") | awk '
		function abs(x) { return x < 0 ? -x : x }
		NR % 3 == 1 { ka = $1; a = $2 } NR % 3 == 2 { kp = $1; p = $2 }
		NR % 3 == 0 {
			if (ka != kp || kp != $1) { printf "line %d: keys %s %s %s\n", NR / 3, ka, kp, $1; exit }
			k = kp; sub(/:$/, "", k); b = $2
			lo = a < b ? a : b; hi = a < b ? b : a
			if (k ~ /^(MemTotal|SwapTotal|Buffers|Slab|SReclaimable|SUnreclaim|SwapCached|ShmemHugePages|ShmemPmdMapped|AnonHugePages|Hugepagesize|HugePages_.*|CommitLimit|VmallocTotal|DirectMap.*)$/) {
				if (p != a || p != b) printf "%s: server %s, lxcfs %s / %s\n", k, p, a, b
				next
			}
			t = k ~ /^(MemFree|MemAvailable|Cached|Active.*|Inactive.*|Unevictable|Dirty|Writeback|AnonPages|Mapped|Shmem|SwapFree)$/ ? 2048 : int(a / 10) + 16384
			if (p < lo - t || p > hi + t) printf "%s: server %s not within %d of lxcfs %s .. %s\n", k, p, t, a, b
		}
		END { if (NR % 3) print "not three texts of as many lines" }')
	[ -z "$out" ] && [ -n "$P" ] || { errs+=("pid $1: meminfo:" "$out"); return 1; }
}

# counters_try PID FILE SKIP: the same lines, their words that are not
# numbers the same; every number of the server's within the bracket of
# lxcfs's, give or take 5 (clock ticks: lxcfs and procview round a CPU's
# share each their way); lines and fields named in SKIP (an awk regexp of
# "NAME" or "FIRSTWORD:FIELD": gauges) not compared
counters_try() {
	local out
	around "$1" "$2" 0
	out=$(paste -d'\n' <(echo "$A") <(echo "$P") <(echo "$B") | awk -v skip="$3" '
		NR % 3 == 1 { na = split($0, A, " ") } NR % 3 == 2 { np = split($0, P, " ") }
		NR % 3 == 0 { nb = split($0, B, " "); name = P[1] ~ /^[0-9]+$/ ? P[3] : P[1]
			if (np != na || np != nb || A[1] != P[1] || P[1] != B[1]) { printf "line %d: %s / %s / %s\n", NR / 3, A[1], P[1], B[1]; exit }
			if (P[1] ~ "^(" skip ")$") next
			for (i = 2; i <= np; i++) {
				if (P[i] !~ /^[0-9]+$/) { if (P[i] != A[i] || P[i] != B[i]) printf "%s field %d: %s / %s / %s\n", name, i, A[i], P[i], B[i]; continue }
				if ((P[1] ":" i) ~ "^(" skip ")$" || (P[3] ":" i) ~ "^(" skip ")$") continue
				lo = A[i] < B[i] ? A[i] : B[i]; hi = A[i] < B[i] ? B[i] : A[i]; t = 5
				if (P[i] < lo - t || P[i] > hi + t) printf "%s field %d: server %s, lxcfs %s .. %s\n", name, i, P[i], A[i], B[i]
			} }
		END { if (NR % 3) print "not three texts of as many lines" }')
	[ -z "$out" ] && [ -n "$P" ] || { errs+=("pid $1: $2:" "$out"); return 1; }
}

# each container's FILE through try3 CMD
each_try() {
	local id pid mem all=()
	while read -r id pid mem; do
		try3 "$@" "$pid" || all+=("${errs[@]}")
	done < <(each_ct)
	[ ${#all[@]} -eq 0 ] || fail "$(printf '%s\n' "${all[@]}")"
}

@test "as lxcfs 5.0.3 through the mount: cpuinfo, online, swaps the same text" {
	local id pid mem f errs=()
	while read -r id pid mem; do
		for f in proc/cpuinfo sys/devices/system/cpu/online proc/swaps; do
			[ "$(cread "$pid" "/$f")" = "$(lxr "$pid" "$f")" ] || errs+=("$id: $f differs from lxcfs's")
		done
	done < <(each_ct)
	[ ${#errs[@]} -eq 0 ] || fail "$(printf '%s\n' "${errs[@]}")"
}

@test "as lxcfs 5.0.3 through the mount: meminfo, every field" {
	each_try meminfo_try
	# and the limits are the containers' own
	local id pid mem
	while read -r id pid mem; do
		[ "$(cread "$pid" /proc/meminfo | awk '$1 == "MemTotal:" { print $2 }')" = $((mem / 1024)) ] ||
			fail "$id: MemTotal is not its limit"
	done < <(each_ct)
}

@test "as lxcfs 5.0.3 through the mount: stat, every counter between two reads of lxcfs's" {
	stat_try() { counters_try "$1" proc/stat "procs_running|procs_blocked"; }
	each_try stat_try
}

@test "as lxcfs 5.0.3 through the mount: diskstats, every counter between two reads of lxcfs's" {
	# field 12: I/Os in flight, a gauge
	disk_try() { counters_try "$1" proc/diskstats "[^ ]*:12"; }
	each_try disk_try
}

@test "as lxcfs 5.0.3 through the mount: loadavg (lxcfs -l) of the idle containers, the same text" {
	local id pid mem p a errs=()
	while read -r id pid mem; do
		a=$(lxr "$pid" proc/loadavg)
		p=$(cread "$pid" /proc/loadavg)
		[ "$p" = "$a" ] || errs+=("$id: server '$p', lxcfs '$a'")
		# the one sleep of the container: none running, one thread, its init the last pid
		[ "$p" = "0.00 0.00 0.00 0/1 $pid" ] || errs+=("$id: '$p'")
	done < <(each_ct)
	[ ${#errs[@]} -eq 0 ] || fail "$(printf '%s\n' "${errs[@]}")"
}

@test "as lxcfs 5.0.3 through the mount: uptime, both fields between two reads of lxcfs's" {
	uptime_try() {
		around "$1" proc/uptime 0
		awk -v a="$A" -v p="$P" -v b="$B" 'BEGIN { split(a, x, " "); split(p, y, " "); split(b, z, " ")
			for (i = 1; i <= 2; i++) {
				lo = x[i] < z[i] ? x[i] : z[i]; hi = x[i] < z[i] ? z[i] : x[i]
				if (y[i] == "" || y[i] < lo - 0.02 || y[i] > hi + 0.02) exit 1
			} }' || { errs+=("pid $1: uptime: server '$P', lxcfs '$A' .. '$B'"); return 1; }
	}
	each_try uptime_try
}

# kept PID ID: the files the server PID holds open of container ID's
# cgroups (their paths name its scope) and of its init's /proc/INIT
kept() {
	local f
	for f in /proc/"$1"/fd/*; do readlink "$f"; done 2>/dev/null |
		grep -c -e "docker-$2\.scope" -e "^/proc/$3\$" -e "^/proc/$3/"
}

@test "kept files: the server holds a container's cgroup files open between reads, and closes them when it goes" {
	local id pid s n i f
	id=$(hex32)
	lxcfs_container "$id" $((96 << 20)) || fail "no container"
	pid=$LAST_PID
	for f in meminfo stat uptime diskstats cpuinfo; do
		cread "$pid" "/proc/$f" >/dev/null || fail "$f: not read"
	done
	s=$(server)
	n=$(kept "$s" "$id" "$pid")
	[ "$n" -gt 5 ] || fail "$n files of the container kept: $(ls -l /proc/"$s"/fd)"
	# the next reads keep the same ones
	for f in meminfo stat uptime; do cread "$pid" "/proc/$f" >/dev/null; done
	[ "$(kept "$s" "$id" "$pid")" = "$n" ] || fail "kept $n, then $(kept "$s" "$id" "$pid")"
	# the container goes: its init dies; within the server's 1 s sweep its files are closed
	runc --root "$RUNC_ROOT" kill "$id" KILL || fail "runc kill"
	for i in $(seq 40); do
		[ "$(kept "$s" "$id" "$pid")" = 0 ] && break
		sleep 0.1
	done
	[ "$(kept "$s" "$id" "$pid")" = 0 ] || fail "still open: $(for f in /proc/"$s"/fd/*; do readlink "$f"; done | grep -e "$id" -e "/proc/$pid")"
	[ "$(server)" = "$s" ] || fail "the server changed"
	for i in $(seq 50); do alive "$pid" || break; sleep 0.1; done
	runc --root "$RUNC_ROOT" delete -f "$id" >/dev/null 2>&1 || true
}

@test "read-only: writes, creates, renames, attribute changes refused; nothing outside the layout" {
	local f=$LXCFS_DIR/proc/meminfo id pid mem
	run sh -c "echo x > $f"; [ "$status" -ne 0 ] && [[ $output == *"Read-only file system"* ]] || fail "write: $output"
	run touch "$LXCFS_DIR/proc/new"; [[ $output == *"Read-only file system"* ]] || fail "create: $output"
	run mkdir "$LXCFS_DIR/proc/d"; [[ $output == *"Read-only file system"* ]] || fail "mkdir: $output"
	run mv "$f" "$LXCFS_DIR/proc/x"; [[ $output == *"Read-only file system"* ]] || fail "rename: $output"
	run rm -f "$f"; [[ $output == *"Read-only file system"* ]] || fail "unlink: $output"
	run chmod 666 "$f"; [[ $output == *"Read-only file system"* ]] || fail "chmod: $output"
	run truncate -s 0 "$f"; [ "$status" -ne 0 ] || fail "truncate worked"
	# inside a container, through the :rw bind
	read -r id pid mem < <(each_ct | head -1)
	run "$NSENTER" -t "$pid" -a sh -c 'echo x > /proc/meminfo'
	[ "$status" -ne 0 ] || fail "a container wrote its meminfo"
	for p in proc/self proc/1 proc/kcore sys/devices/system/cpu/cpu0 sys/kernel proc/pressure/irq; do
		[ ! -e "$LXCFS_DIR/$p" ] || fail "$p exists"
	done
	[ "$(find "$LXCFS_DIR" | wc -l)" -le 20 ] || fail "more than the layout: $(find "$LXCFS_DIR")"
}

# reader PID ID MEMBYTES SECONDS OUT: read meminfo and online in the
# container's PID namespace through its binds, with busybox cat and cat, for
# SECONDS; OUT gets "n ERRORS SLOW MAXMS" and the errors
reader() {
	local pid=$1 want=$(( $3 / 1024 )) online
	online=$("$CGK_BUILDDIR/procview" -p "$pid" cpu-online)
	nsenter -t "$pid" -p -- bash -c '
		root=/proc/'"$pid"'/root want='"$want"' online='"$online"'
		end=$(( ${EPOCHREALTIME%.*} + '"$4"' )) n=0 err=0 slow=0 max=0
		while [ "${EPOCHREALTIME%.*}" -lt "$end" ]; do
			for r in "busybox cat" cat; do
				s=${EPOCHREALTIME/./}
				m=$($r "$root/proc/meminfo" 2>&1) || { err=$((err + 1)); echo "meminfo: $m" >&2; }
				o=$($r "$root/sys/devices/system/cpu/online" 2>&1) || { err=$((err + 1)); echo "online: $o" >&2; }
				e=$(( (${EPOCHREALTIME/./} - s) / 1000 ))
				[ $e -le $max ] || max=$e
				[ $e -lt 1000 ] || slow=$((slow + 1))
				t=$(awk "\$1 == \"MemTotal:\" { print \$2 }" <<<"$m")
				[ "$t" = "$want" ] || { err=$((err + 1)); echo "$r: MemTotal $t, want $want" >&2; }
				[ "$o" = "$online" ] || { err=$((err + 1)); echo "$r: online \"$o\", want \"$online\"" >&2; }
				n=$((n + 1))
			done
		done
		echo "$n $err $slow $max"' > "$5" 2> "$5.err"
}

@test "restart: 20 SIGKILLs of the server and a SIGHUP with a new binary, readers in 3 containers see nothing" {
	local id pid mem k before after i s0 s1 ino0 ino1
	k=$(keeper)
	before=$(each_ct | while read -r id pid mem; do grep ' /proc/meminfo ' "/proc/$pid/mountinfo" | cut -d' ' -f1,3; done)
	ino0=$(stat -L -c %i "/proc/$k/exe")
	while read -r id pid mem; do
		reader "$pid" "$id" "$mem" 14 "$BATS_TEST_TMPDIR/r.$id" &
	done < <(each_ct)
	sleep 1
	for i in $(seq 20); do
		s0=$(server)
		[ -n "$s0" ] || fail "no server before kill $i"
		kill -KILL "$s0"
		sleep 0.25
		s1=$(server)
		[ -n "$s1" ] && [ "$s1" != "$s0" ] || fail "kill $i: no new server (was $s0, now '$s1')"
	done
	# an upgrade: a new binary at the path, then SIGHUP
	cp "$CGK_BUILDDIR/procview" "$PVBIN.new" && mv "$PVBIN.new" "$PVBIN"
	kill -HUP "$k"
	sleep 1
	wait
	[ "$(keeper)" = "$k" ] || fail "the keeper's PID changed"
	ino1=$(stat -L -c %i "/proc/$k/exe")
	[ "$ino1" != "$ino0" ] && [ "$ino1" = "$(stat -c %i "$PVBIN")" ] || fail "SIGHUP did not run the new binary"
	[ -n "$(server)" ] || fail "no server after SIGHUP"
	local total=0 errs=()
	while read -r id pid mem; do
		read -r n err slow max < "$BATS_TEST_TMPDIR/r.$id"
		echo "# $id: $n reads, $err errors, $slow over 1 s, slowest $max ms" >&3
		total=$((total + n))
		[ "$err" -eq 0 ] || errs+=("$id: $err errors: $(head -5 "$BATS_TEST_TMPDIR/r.$id.err")")
		[ "$slow" -eq 0 ] || errs+=("$id: $slow reads over 1 s (slowest $max ms)")
	done < <(each_ct)
	[ "$total" -gt 60 ] || errs+=("only $total reads")
	after=$(each_ct | while read -r id pid mem; do grep ' /proc/meminfo ' "/proc/$pid/mountinfo" | cut -d' ' -f1,3; done)
	[ "$before" = "$after" ] || errs+=("the containers' mounts changed: $before / $after")
	[ ${#errs[@]} -eq 0 ] || fail "$(printf '%s\n' "${errs[@]}")"
}

@test "the keeper gone: SIGTERM unmounts; a new keeper and lxcfs-remount bring the containers back" {
	local id pid mem k
	k=$(keeper)
	pv_stop || fail "SIGTERM did not stop the keeper"
	! alive "$k" || fail "keeper alive"
	[ "$(top_fstype "$LXCFS_DIR")" != fuse.lxcfs ] || fail "still mounted after SIGTERM"
	[ ! -e "$LXCFS_VARLIB.pid" ] || fail "pidfile left"
	read -r id pid mem < <(each_ct | head -1)
	run cread "$pid" /proc/meminfo
	[ "$status" -ne 0 ] || fail "a stale bind still read: $output"
	pv_start || fail "no new keeper"
	run "$remount" -d "$LXCFS_DIR" "/$SCRATCH"
	assert_ok
	while read -r id pid mem; do
		[ "$(cread "$pid" /proc/meminfo | awk '$1 == "MemTotal:" { print $2 }')" = $((mem / 1024)) ] ||
			fail "$id: not repaired"
	done < <(each_ct)
}
