#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# procview on pure cgroup v2 (in the UML guest): meminfo, swaps, cpuinfo,
# cpu-online, uptime, --export and --json from memory.max, memory.current,
# memory.stat, memory.swap.*, cpu.max and cpu.stat; lxcfs 5.0's v2 quirks by
# default and --fix; a cgroup namespace reading its own limits; a cgroup
# without the memory controller and one that is gone.

load helpers

procview=$CGK_BUILDDIR/procview

setup() {
	v2_require
	v2_scratch_create
	v2_mkcg c
	echo 64M >"$SD/c/memory.max"
	echo "50000 100000" >"$SD/c/cpu.max"
	v2_sleep c
	PID=$HELPER_PID
}

teardown() {
	lxcfs_down
	ramdisk_down
	helpers_stop_all
	v2_scratch_remove
}

# the value in kB of KEY in meminfo text $1
kb() { printf '%s\n' "$1" | awk -v k="$2:" '$1 == k { print $2 }'; }

# one stderr line naming the operand, exit 1, nothing on stdout
one_line_error() {
	[ "$status" = 1 ] || fail "status $status" "$output" "$stderr"
	[ -z "$output" ] || fail "stdout: $output"
	[ "$(printf '%s\n' "$stderr" | wc -l)" = 1 ] || fail "stderr: $stderr"
	case $stderr in *"$1"*) ;; *) fail "stderr lacks '$1': $stderr" ;; esac
}

# meminfo of the cgroup against its files read just before and after
check_meminfo() {
	local out=$1 cur0=$2 cur1=$3 total free avail lo hi stat file
	total=$(kb "$out" MemTotal)
	free=$(kb "$out" MemFree)
	avail=$(kb "$out" MemAvailable)
	[ "$total" = 65536 ] || fail "MemTotal $total" "$out"
	# MemFree = limit - memory.current, with the usage between two reads
	lo=$((65536 - cur1 / 1024)) hi=$((65536 - cur0 / 1024))
	[ "$lo" -le "$hi" ] || { local t=$lo; lo=$hi; hi=$t; }
	[ "$free" -ge "$lo" ] && [ "$free" -le "$hi" ] ||
		fail "MemFree $free not in [$lo, $hi] (memory.current $cur0 .. $cur1)" "$out"
	# lxcfs 5.0: MemAvailable = MemFree + memory.stat's file
	stat=$(v2_read c memory.stat)
	file=$(printf '%s\n' "$stat" | awk '$1 == "file" { print $2 }')
	[ $((avail - free)) -ge 0 ] && [ $((avail - free)) -le $((file / 1024 + 256)) ] ||
		fail "MemAvailable $avail - MemFree $free vs file $file" "$out"
}

@test "procview v2: meminfo of a cgroup: MemTotal = memory.max, MemFree = memory.max - memory.current" {
	local cur0 cur1 out
	cur0=$(v2_read c memory.current)
	run --separate-stderr "$procview" -c "$SP/c" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	out=$output
	cur1=$(v2_read c memory.current)
	check_meminfo "$out" "$cur0" "$cur1"
	# the anon LRUs of memory.stat, rounded down to kB
	local aa ia
	aa=$(v2_read c memory.stat | awk '$1 == "active_anon" { print int($2 / 1024) }')
	ia=$(v2_read c memory.stat | awk '$1 == "inactive_anon" { print int($2 / 1024) }')
	[ "$(kb "$out" 'Active(anon)')" -ge 0 ] && [ "$(kb "$out" 'Inactive(anon)')" -ge 0 ]
	[ $(($(kb "$out" 'Active(anon)') + $(kb "$out" 'Inactive(anon)'))) -le $((aa + ia + 64)) ] ||
		fail "anon LRUs: $aa + $ia vs" "$out"
	# the same through the process (its init: itself, in the host's PID namespace)
	run --separate-stderr "$procview" -p "$PID" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" MemTotal)" = 65536 ] || fail "$output"
}

@test "procview v2: a limit up the tree is the nearest (memory.max max below a 32M parent)" {
	v2_mkcg p/q memory
	echo 32M >"$SD/p/memory.max"
	[ "$(v2_read p/q memory.max)" = max ]
	run --separate-stderr "$procview" -c "$SP/p/q" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" MemTotal)" = 32768 ] || fail "$output"
	# no limit anywhere: the host's MemTotal
	echo max >"$SD/p/memory.max"
	run --separate-stderr "$procview" -c "$SP/p/q" meminfo
	[ "$(kb "$output" MemTotal)" = "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" ] ||
		fail "$output"
}

@test "procview v2: lxcfs 5.0's quirks (Mapped, Dirty, Slab 0) and --fix from file_mapped, slab" {
	# the guest's own tmpfs (its /tmp is the host's when the build lives there)
	local f=/dev/shm/cgkit-pv-$$ out mapped slab
	# page cache and a mapping charged to the cgroup: a file written and
	# mapped from inside it (tmpfs: shmem, file and file_mapped)
	v2_run_in c sh -c "dd if=/dev/zero of=$f bs=1M count=4 2>/dev/null; exec sleep 1000" || fail "no writer"
	v2_wait_file c memory.stat '^file ([4-9][0-9]{6}|[0-9]{8,})$' 10
	v2_run_in c python3 -c "import mmap,time; f=open('$f','r+b'); m=mmap.mmap(f.fileno(),0); m[:]; time.sleep(1000)" ||
		fail "no mapper"
	v2_wait_file c memory.stat '^file_mapped ([4-9][0-9]{6}|[0-9]{8,})$' 10
	run --separate-stderr "$procview" -c "$SP/c" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	out=$output
	[ "$(kb "$out" Mapped)" = 0 ] || fail "Mapped" "$out"
	[ "$(kb "$out" Dirty)" = 0 ] || fail "Dirty" "$out"
	[ "$(kb "$out" Slab)" = 0 ] || fail "Slab" "$out"
	[ "$(kb "$out" Cached)" -ge 4096 ] || fail "Cached (memory.stat file)" "$out" "$(v2_read c memory.stat)"
	[ "$(kb "$out" Shmem)" -ge 4096 ] || fail "Shmem" "$out"
	run --separate-stderr "$procview" --fix -c "$SP/c" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	mapped=$(v2_read c memory.stat | awk '$1 == "file_mapped" { print int($2 / 1024) }')
	slab=$(v2_read c memory.stat | awk '$1 ~ /^slab_(un)?reclaimable$/ { s += $2 } END { print int(s / 1024) }')
	# the file's 4M mapped, and what else is mapped moves a little meanwhile
	local m
	m=$(kb "$output" Mapped)
	[ "$m" -ge 4096 ] && [ $((m - mapped)) -le 64 ] && [ $((mapped - m)) -le 64 ] ||
		fail "Mapped vs file_mapped $mapped" "$output"
	[ "$slab" -gt 0 ] && [ "$(kb "$output" Slab)" -gt 0 ] || fail "Slab vs $slab" "$output"
	rm -f "$f"
}

@test "procview v2: swaps and SwapTotal from memory.swap.max (lxcfs adds the limit in swaps; --fix not)" {
	[ -f "$SD/c/memory.swap.max" ] || skip "no memory.swap.max (swap accounting off)"
	echo 16M >"$SD/c/memory.swap.max"
	local host
	host=$(awk '$1 == "SwapTotal:" { print $2 }' /proc/meminfo)
	run --separate-stderr "$procview" -c "$SP/c" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" SwapTotal)" = $((host < 16384 ? host : 16384)) ] || fail "host $host" "$output"
	run --separate-stderr "$procview" -c "$SP/c" swaps
	if [ "$host" = 0 ]; then
		[ "$(printf '%s\n' "$output" | wc -l)" = 1 ] || fail "$output"
	else
		local want=$((65536 + 16384))
		[ "$host" -ge "$want" ] || want=$host
		printf '%s\n' "$output" | grep -qP "^none +virtual\t\t$want\t" || fail "$output"
		run --separate-stderr "$procview" --fix -c "$SP/c" swaps
		want=$((host < 16384 ? host : 16384))
		printf '%s\n' "$output" | grep -qP "^none +virtual\t\t$want\t" || fail "$output"
	fi
}

@test "procview v2: --cfs cpuinfo and cpu-online from cpu.max; --export and --json" {
	local n
	n=$(grep -c '^processor' /proc/cpuinfo)
	run --separate-stderr "$procview" -c "$SP/c" --cfs cpuinfo
	[ "$status" = 0 ] || fail "$stderr"
	# ceil(50000/100000) = 1 CPU (the guest has 1: the cap cannot show more)
	[ "$(printf '%s\n' "$output" | grep -c '^processor')" = 1 ] || fail "$output"
	run --separate-stderr "$procview" -c "$SP/c" --cfs cpu-online
	[ "$output" = 0 ] || fail "$output"
	run --separate-stderr "$procview" -c "$SP/c" cpuinfo
	[ "$(printf '%s\n' "$output" | grep -c '^processor')" = "$n" ] || fail "$output"
	run --separate-stderr "$procview" -c "$SP/c" --export
	[ "$status" = 0 ] || fail "$stderr"
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_CPU_QUOTA=0.50' || fail "$output"
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_MEMORY_LIMIT=67108864' || fail "$output"
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_CPUS=1' || fail "$output"
	run --separate-stderr "$procview" -c "$SP/c" --json
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(printf '%s' "$output" | jq -r '.memory_limit')" = 67108864 ] || fail "$output"
	[ "$(printf '%s' "$output" | jq -r '.cpu_quota')" = 0.5 ] || fail "$output"
	# a new quota is seen
	echo "150000 100000" >"$SD/c/cpu.max"
	run --separate-stderr "$procview" -c "$SP/c" --export
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_CPU_QUOTA=1.50' || fail "$output"
	echo "max 100000" >"$SD/c/cpu.max"
	run --separate-stderr "$procview" -c "$SP/c" --export
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_CPU_QUOTA=max' || fail "$output"
}

@test "procview v2: uptime idle = uptime (lxcfs 5.0); --fix subtracts cpu.stat usage_usec" {
	v2_busy c
	v2_wait_file c cpu.stat '^usage_usec [0-9]{6,}' 10
	run --separate-stderr "$procview" -p "$PID" uptime
	[ "$status" = 0 ] || fail "$stderr"
	read -r up idle <<<"$output"
	[ "$up" = "$idle" ] || fail "$output"
	local u0 u1
	u0=$(v2_read c cpu.stat | awk '$1 == "usage_usec" { print $2 }')
	run --separate-stderr "$procview" -p "$PID" --fix uptime
	read -r up idle <<<"$output"
	u1=$(v2_read c cpu.stat | awk '$1 == "usage_usec" { print $2 }')
	# uptime - idle = usage_usec, read between the two reads (each rounded to 0.01)
	awk -v u="$up" -v i="$idle" -v a="$u0" -v b="$u1" \
		'BEGIN { d = u - i; exit !(a >= 100000 && d >= a / 1e6 - 0.02 && d <= b / 1e6 + 0.02) }' ||
		fail "up $up idle $idle usage_usec $u0 .. $u1"
}

# the counters of the "cpu" line of /proc/stat text $1 summed: user, system, all
cpu_line() { printf '%s\n' "$1" | awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print $2, $4, t; exit }'; }
# microseconds key $2 of cpu.stat text $1 in clock ticks (truncated)
usec_ticks() { printf '%s\n' "$1" | awk -v k="$2" -v t="$(getconf CLK_TCK)" '$1 == k { printf "%d\n", int($2 / 1000000 * t) }'; }

@test "procview v2: stat --fix from cpu.stat user_usec/system_usec (lxcfs 5.0: the host's rows)" {
	local s0 s1 h0 h1 out def u s all lo hi
	v2_busy c
	v2_wait_file c cpu.stat '^user_usec [0-9]{6,}' 10
	s0=$(v2_read c cpu.stat) h0=$(cat /proc/stat)
	run --separate-stderr "$procview" -c "$SP/c" --fix stat
	s1=$(v2_read c cpu.stat) h1=$(cat /proc/stat)
	[ "$status" = 0 ] || fail "$stderr"
	out=$output
	read -r u s all <<<"$(cpu_line "$out")"
	# the cgroup's own time, read around the call, in ticks
	lo=$(usec_ticks "$s0" user_usec) hi=$(usec_ticks "$s1" user_usec)
	[ "$lo" -gt 0 ] && [ "$u" -ge "$lo" ] && [ "$u" -le "$hi" ] || fail "user $u not in [$lo, $hi]" "$out"
	lo=$(usec_ticks "$s0" system_usec) hi=$(usec_ticks "$s1" system_usec)
	[ "$s" -ge "$lo" ] && [ "$s" -le "$hi" ] || fail "system $s not in [$lo, $hi]" "$out"
	# idle = what the host's CPU counted that the cgroup did not use: the
	# line sums to the host's line's sum, read around the call
	read -r _ _ lo <<<"$(cpu_line "$h0")"
	read -r _ _ hi <<<"$(cpu_line "$h1")"
	[ "$all" -ge "$lo" ] && [ "$all" -le "$hi" ] || fail "sum $all not in [$lo, $hi]" "$out"
	# one cpuN line per CPU of the guest, the same as the cpu line (one CPU)
	[ "$(printf '%s\n' "$out" | grep -c '^cpu[0-9]')" = "$(grep -c '^processor' /proc/cpuinfo)" ] || fail "$out"
	[ "$(printf '%s\n' "$out" | awk '$1 == "cpu0" { print $2, $4 }')" = "$u $s" ] || fail "$out"
	# the rest of the file is the host's
	printf '%s\n' "$out" | grep -q '^btime [0-9]' || fail "$out"
	# default (lxcfs 5.0 reads no cpu.stat): the host's counters, which count
	# the guest's other processes too
	run --separate-stderr "$procview" -c "$SP/c" stat
	[ "$status" = 0 ] || fail "$stderr"
	def=$output
	read -r hi _ _ <<<"$(cpu_line "$(cat /proc/stat)")"
	read -r u _ _ <<<"$(cpu_line "$def")"
	read -r lo _ _ <<<"$(cpu_line "$h1")"
	[ "$u" -ge "$lo" ] && [ "$u" -le "$hi" ] || fail "default user $u not the host's [$lo, $hi]" "$def"
}

# a container in $SD/c: an init in its own PID namespace (INIT), beside the
# setup's sleep
pv_container() {
	local i
	v2_run_in c unshare -pf sleep 1000 || fail "no container"
	for i in $(seq 50); do
		INIT=$(cat "/proc/$HELPER_PID/task/$HELPER_PID/children" 2>/dev/null)
		[ -n "$INIT" ] && break
		sleep 0.05
	done
	INIT=${INIT// /}
	[ -n "$INIT" ] || fail "no init"
	grep -q '^NSpid:.*[[:space:]]1$' "/proc/$INIT/status" || fail "$INIT is no init"
}

@test "procview v2: loadavg: the threads of the cgroup as lxcfs -l counts them" {
	local lx pv i
	lxcfs_up -l
	pv_container
	# lxcfs's first read of a cgroup: zeros, 0 running of 1, the init's PID
	lx=$(nsenter -t "$INIT" -p -- cat "$LX/proc/loadavg") || fail "lxcfs loadavg"
	[ "$lx" = "0.00 0.00 0.00 0/1 $INIT" ] || fail "lxcfs: $lx"
	pv=$("$procview" -p "$INIT" loadavg) || fail "procview"
	# now: the setup's sleep, unshare and the init, none running
	[[ $pv == "0.00 0.00 0.00 0/3 "* ]] || fail "procview: $pv"
	# a busy loop: lxcfs's thread (every 5 s) counts it; then the same
	# running/threads and last PID, and both loads above 0
	v2_busy c
	for i in $(seq 30); do
		lx=$(nsenter -t "$INIT" -p -- cat "$LX/proc/loadavg")
		[[ $lx == *" 1/4 "* ]] && break
		sleep 0.5
	done
	pv=$("$procview" -p "$INIT" loadavg)
	[ "${lx#* * * }" = "${pv#* * * }" ] || fail "lxcfs '$lx', procview '$pv'"
	[ "${lx%% *}" != 0.00 ] && [ "${pv%% *}" = 1.00 ] || fail "lxcfs '$lx', procview '$pv'"
	pv=$("$procview" --sample 2 -p "$INIT" loadavg)
	awk -v p="$pv" 'BEGIN { split(p, f, " "); exit !(f[1] >= 0.9 && f[1] <= 1.0) }' || fail "--sample 2: $pv"
}

# ext2 on the guest's RAM disk (v2_ramdev), on $1
ramdisk_up() {
	command -v mkfs.ext2 >/dev/null || skip "no mkfs.ext2 (e2fsprogs)"
	v2_ramdev
	mkdir -p "$1"
	mkfs.ext2 -q -F "$RAMDEV" && mount -t ext2 "$RAMDEV" "$1" || fail "no ext2 on ram0"
	RAMDISK=$1
}

ramdisk_down() {
	[ -n "${RAMDISK:-}" ] || return 0
	umount "$RAMDISK" 2>/dev/null
	v2_ramdev_down
	RAMDISK=
}

@test "procview v2: Dirty and Writeback --fix from file_dirty and file_writeback (lxcfs 5.0: 0)" {
	local d0 d1 w0 w1 out got
	ramdisk_up "$BATS_TEST_TMPDIR/mnt"
	# 4 MiB written, not synced: dirty page cache charged to the cgroup
	v2_run_in c sh -c "dd if=/dev/zero of=$RAMDISK/f bs=1M count=4 2>/dev/null; exec sleep 1000" ||
		fail "no writer"
	v2_wait_file c memory.stat '^file_dirty ([3-9][0-9]{6}|[0-9]{8,})$' 10
	run --separate-stderr "$procview" -c "$SP/c" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" Dirty)" = 0 ] && [ "$(kb "$output" Writeback)" = 0 ] || fail "lxcfs's 0" "$output"
	d0=$(v2_read c memory.stat | awk '$1 == "file_dirty" { print int($2 / 1024) }')
	w0=$(v2_read c memory.stat | awk '$1 == "file_writeback" { print int($2 / 1024) }')
	run --separate-stderr "$procview" -c "$SP/c" --fix meminfo
	d1=$(v2_read c memory.stat | awk '$1 == "file_dirty" { print int($2 / 1024) }')
	w1=$(v2_read c memory.stat | awk '$1 == "file_writeback" { print int($2 / 1024) }')
	[ "$status" = 0 ] || fail "$stderr"
	out=$output
	got=$(kb "$out" Dirty)
	[ "$got" -ge 3072 ] || fail "Dirty $got" "$out"
	{ [ "$got" -ge "$d0" ] && [ "$got" -le "$d1" ]; } || { [ "$got" -le "$d0" ] && [ "$got" -ge "$d1" ]; } ||
		fail "Dirty $got vs file_dirty $d0 .. $d1" "$out"
	# the RAM disk writes back at once: file_writeback is 0 before and after
	got=$(kb "$out" Writeback)
	[ "$got" -ge "$((w0 < w1 ? w0 : w1))" ] && [ "$got" -le "$((w0 > w1 ? w0 : w1))" ] ||
		fail "Writeback $got vs file_writeback $w0 .. $w1" "$out"
	# synced: clean again
	sync
	run --separate-stderr "$procview" -c "$SP/c" --fix meminfo
	[ "$(kb "$output" Dirty)" -lt 1024 ] || fail "after sync" "$output"
}

# tests/data/sysroot-v2-thp: Debian's kernel 6.1.0 under qemu (UML has no
# THP), as tests/v2/qemu-capture boots it: THP "madvise", a cgroup
# cgkit-test-8e62b0d5/thp (memory.max 256M) whose python3 mapped 32 MiB
# anonymous with MADV_HUGEPAGE and touched every page; captured with
# tests/v2/capture, the guest's /proc/meminfo copied beside. Live in that guest
# procview said AnonHugePages 0 kB, and 30720 kB with --fix, as here.
@test "procview v2: AnonHugePages --fix from anon_thp (lxcfs 5.0: 0), on a tree captured from a real kernel" {
	local t=$CGK_SRCDIR/tests/data/sysroot-v2-thp cg=/cgkit-test-8e62b0d5/thp thp
	thp=$(awk '$1 == "anon_thp" { print int($2 / 1024) }' "$t/sys/fs/cgroup$cg/memory.stat")
	[ "$thp" -ge 16384 ] || fail "the fixture's anon_thp: $thp kB"
	run --separate-stderr "$procview" --sysroot "$t" -c "$cg" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" MemTotal)" = 262144 ] && [ "$(kb "$output" AnonHugePages)" = 0 ] || fail "$output"
	run --separate-stderr "$procview" --sysroot "$t" -c "$cg" --fix meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" AnonHugePages)" = "$thp" ] || fail "anon_thp $thp kB" "$output"
	# and Mapped from file_mapped there too (python's own mapped files)
	[ "$(kb "$output" Mapped)" = "$(awk '$1 == "file_mapped" { print int($2 / 1024) }' "$t/sys/fs/cgroup$cg/memory.stat")" ] ||
		fail "$output"
}

# run "$@" in cgroup $SD/c, in a new cgroup and mount namespace with its own
# cgroup2 mount (the old one first unmounted: the kernel refuses the same
# superblock mounted on top of itself)
in_ns() {
	sh -c 'echo $$ >"$1/cgroup.procs"; shift; exec unshare -Cm sh -c "umount /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup && exec \"\$@\"" sh "$@"' \
		sh "$SD/c" "$@"
}

@test "procview v2: a process in a cgroup namespace rooted at its cgroup reads its own limits" {
	local out
	out=$(in_ns cat /proc/self/cgroup 2>&1) || fail "$out"
	[ "$out" = 0::/ ] || fail "not at its namespace's root: $out"
	out=$(in_ns "$procview" meminfo 2>&1) || fail "$out"
	[ "$(kb "$out" MemTotal)" = 65536 ] || fail "$out"
	out=$(in_ns "$procview" --export 2>&1) || fail "$out"
	printf '%s\n' "$out" | grep -qx 'PROCVIEW_MEMORY_LIMIT=67108864' || fail "$out"
	printf '%s\n' "$out" | grep -qx 'PROCVIEW_CPU_QUOTA=0.50' || fail "$out"
	out=$(in_ns "$procview" --json 2>&1) || fail "$out"
	[ "$(printf '%s' "$out" | jq -r '"\(.memory_limit) \(.cpu_quota) \(.env.GOMAXPROCS)"')" = "67108864 0.5 1" ] ||
		fail "$out"
	# a limit changed from outside is what the next run inside reads
	echo 48M >"$SD/c/memory.max"
	out=$(in_ns "$procview" --json 2>&1) || fail "$out"
	[ "$(printf '%s' "$out" | jq -r .memory_limit)" = $((48 << 20)) ] || fail "$out"
	# the eval an entrypoint does, inside
	out=$(in_ns sh -c "eval \"\$($procview --export)\" && echo \$GOMAXPROCS \$GOMEMLIMIT" 2>&1) || fail "$out"
	[ "$out" = "1 $(((48 << 20) / 100 * 90 + (48 << 20) % 100 * 90 / 100))" ] || fail "$out"
}

@test "procview v2: without the memory or cpu controller the host's values (as lxcfs); a gone cgroup: one line" {
	local n p
	v2_mkcg x/n pids
	[ ! -f "$SD/x/n/memory.max" ] || fail "x/n has the memory controller"
	[ ! -f "$SD/x/n/cpu.max" ] || fail "x/n has the cpu controller"
	run --separate-stderr "$procview" -v -c "$SP/x/n" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(kb "$output" MemTotal)" = "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" ] || fail "$output"
	case $stderr in *"passed through"*) ;; *) fail "no note: $stderr" ;; esac
	# no cpu.max: no quota, every CPU, even with --cfs; the limits are "max"
	n=$(grep -c '^processor' /proc/cpuinfo)
	run --separate-stderr "$procview" -c "$SP/x/n" --cfs cpuinfo
	[ "$status" = 0 ] && [ "$(printf '%s\n' "$output" | grep -c '^processor')" = "$n" ] || fail "$stderr" "$output"
	run --separate-stderr "$procview" -c "$SP/x/n" --export
	[ "$status" = 0 ] || fail "$stderr"
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_CPU_QUOTA=max' || fail "$output"
	printf '%s\n' "$output" | grep -qx "PROCVIEW_CPUS=$n" || fail "$output"
	printf '%s\n' "$output" | grep -qx 'PROCVIEW_MEMORY_LIMIT=max' || fail "$output"
	# cpu.stat and cgroup.procs are core files: stat --fix and loadavg still
	# count the cgroup's own
	v2_run_in x/n sleep 1000
	p=$HELPER_PID
	run --separate-stderr "$procview" -c "$SP/x/n" loadavg
	[ "$output" = "0.00 0.00 0.00 0/1 $p" ] || fail "$stderr" "$output"
	local s0 s1 u
	s0=$(usec_ticks "$(v2_read x/n cpu.stat)" user_usec)
	run --separate-stderr "$procview" -c "$SP/x/n" --fix stat
	s1=$(usec_ticks "$(v2_read x/n cpu.stat)" user_usec)
	[ "$status" = 0 ] || fail "$stderr"
	read -r u _ _ <<<"$(cpu_line "$output")"
	[ "$u" -ge "$s0" ] && [ "$u" -le "$s1" ] || fail "user $u not in [$s0, $s1]" "$output"
	kill "$p"
	pids_wait_gone 5 "$p"
	rmdir "$SD/x/n"
	run --separate-stderr "$procview" -c "$SP/x/n" meminfo
	one_line_error "$SP/x/n"
}

# --- parity with lxcfs 5.0.3 on v2 --------------------------------------------
# lxcfs runs in the guest (fuse is a module there: loaded with finit_module,
# as the host has no kmod) on a mount of our own; the reader is in the
# container's PID namespace (whose init is in $SD/c) but not in its cgroup, so
# reading does not change what is read. lxcfs takes that init's cgroups, as
# procview -p INIT does.

# lxcfs_up [LXCFS-OPTION...]: lxcfs on $LX
lxcfs_up() {
	local i
	command -v lxcfs >/dev/null || skip "no lxcfs"
	v2_fuse
	LX=$BATS_TEST_TMPDIR/lxcfs
	mkdir -p "$LX"
	setsid lxcfs -f "$@" -p "$BATS_TEST_TMPDIR/lxcfs.pid" "$LX" </dev/null >"$BATS_TEST_TMPDIR/lxcfs.log" 2>&1 3>&- 4>&- &
	LX_PID=$!
	echo "$LX_PID" >"$BATS_TEST_TMPDIR/lxcfs.ourpid"
	for i in $(seq 100); do
		head -c1 "$LX/proc/meminfo" >/dev/null 2>&1 && return 0
		kill -0 "$LX_PID" 2>/dev/null || break
		sleep 0.05
	done
	fail "lxcfs does not answer: $(cat "$BATS_TEST_TMPDIR/lxcfs.log")"
}

lxcfs_down() {
	local f=$BATS_TEST_TMPDIR/lxcfs.ourpid pid
	[ -f "$f" ] || return 0
	pid=$(cat "$f")
	kill "$pid" 2>/dev/null
	pids_wait_gone 5 "$pid" || kill -KILL "$pid" 2>/dev/null
	umount -l "$BATS_TEST_TMPDIR/lxcfs" 2>/dev/null
	rm -f "$f"
}

# the lines of meminfo text $1 whose key procview computes (the others are the
# host's, which move between two reads)
computed() {
	printf '%s\n' "$1" | grep -E '^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapCached|Active|Inactive|Active\(anon\)|Inactive\(anon\)|Active\(file\)|Inactive\(file\)|Unevictable|SwapTotal|SwapFree|Dirty|Writeback|AnonPages|Mapped|Shmem|Slab|SReclaimable|SUnreclaim|AnonHugePages|ShmemHugePages|ShmemPmdMapped):'
}

@test "procview v2: lxcfs 5.0.3 parity: meminfo, swaps, cpuinfo, cpu-online, diskstats, uptime, stat" {
	local init f lx pv
	lxcfs_up
	# page cache and shmem in the cgroup, so that the quirks show
	v2_run_in c sh -c "dd if=/dev/zero of=/dev/shm/cgkit-pv-$$ bs=1M count=2 2>/dev/null; exec sleep 1000" ||
		v2_run_in c sh -c "exec sleep 1000"
	v2_run_in c unshare -pf sleep 1000 || fail "no container"
	for i in $(seq 50); do
		init=$(cat "/proc/$HELPER_PID/task/$HELPER_PID/children" 2>/dev/null)
		[ -n "$init" ] && break
		sleep 0.05
	done
	[ -n "$init" ] || fail "no init"
	grep -q '^NSpid:.*[[:space:]]1$' "/proc/${init// /}/status" || fail "$init is no init"
	init=${init// /}
	sleep 0.5	# the writer done
	for f in /proc/meminfo /proc/swaps /proc/cpuinfo /sys/devices/system/cpu/online \
		/proc/diskstats; do
		lx=$(nsenter -t "$init" -p -- cat "$LX$f") || fail "lxcfs $f"
		pv=$("$procview" -p "$init" "$f") || fail "procview $f"
		if [ "$f" = /proc/meminfo ]; then
			lx=$(computed "$lx") pv=$(computed "$pv")
			[ "$(printf '%s\n' "$pv" | wc -l)" -ge 20 ] || fail "$pv"
			printf '%s\n' "$pv" | grep -q '^MemTotal: *65536 kB$' || fail "$pv"
		fi
		[ "$lx" = "$pv" ] || fail "$f: lxcfs and procview differ" "$(diff <(echo "$lx") <(echo "$pv"))"
	done
	# uptime: the same init's age, a moment apart; idle = uptime in both
	lx=$(nsenter -t "$init" -p -- cat "$LX/proc/uptime")
	pv=$("$procview" -p "$init" uptime)
	awk -v a="$lx" -v b="$pv" 'BEGIN { split(a, x, " "); split(b, y, " ");
		exit !(y[1] - x[1] >= 0 && y[1] - x[1] < 1 && x[1] == x[2] && y[1] == y[2]) }' ||
		fail "uptime: lxcfs $lx, procview $pv"
	# stat: the host's counters (v2 has no cpuacct), the same lines
	lx=$(nsenter -t "$init" -p -- cat "$LX/proc/stat" | awk '{ print $1 }')
	pv=$("$procview" -p "$init" stat | awk '{ print $1 }')
	[ "$lx" = "$pv" ] || fail "stat lines" "$lx" "$pv"
	rm -f "/dev/shm/cgkit-pv-$$"
}
