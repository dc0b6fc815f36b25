#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# cgtop on pure cgroup v2 (in the UML guest, tests/v2/uml): every column
# from v2's files (cpu.stat, cpu.max, memory.current/max/high/stat/events,
# io.stat, pids.current, cgroup.procs), task states from /proc/TID/stat,
# memory.events after a real OOM kill, PSI absent where the kernel has none
# (UML), JSON, Prometheus (promtool), the exporter and the textfile, and
# bad input: a cgroup without controllers, a cgroup removed between
# refreshes.

load helpers

cgtop=$CGK_BUILDDIR/cgtop

setup() {
	v2_require
	v2_scratch_create
	T=$BATS_TEST_TMPDIR
	CGTOP_PID=
}

teardown() {
	if [ -n "${CGTOP_PID:-}" ]; then
		kill "$CGTOP_PID" 2>/dev/null
		wait "$CGTOP_PID" 2>/dev/null
	fi
	helpers_stop_all
	v2_scratch_remove
	[ -z "${SWAPDEV:-}" ] || swapoff "$SWAPDEV"
	v2_ramdev_down
}

run_cgtop() {
	run --separate-stderr "$cgtop" "$@" </dev/null
}

assert_ok() {
	[ "$status" = 0 ] || fail "cgtop exited $status; stderr: $stderr" "stdout: ${output:0:3000}"
	[ -z "$stderr" ] || fail "cgtop wrote to stderr: $stderr"
}

# row JSON-LINE PATH: the cgroup PATH of one --format=json line
row() {
	jq -c --arg p "$2" '.cgroups[] | select(.path == $p)' <<<"$1"
}

# num_between X LO HI
num_between() {
	awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x != "" && x != "null" && x + 0 >= lo && x + 0 <= hi) }'
}

# key FILE KEY: the value of KEY in a flat keyed file (cpu.stat, memory.events)
key() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

@test "cpu.max 20000 100000 and a busy loop: ~20% CPU, limit 0.20, throttled from cpu.stat, running from /proc" {
	v2_mkcg busy
	echo "20000 100000" >"$SD/busy/cpu.max"
	v2_busy busy
	sleep 1
	local u0 u1
	u0=$(key "$SD/busy/cpu.stat" usage_usec)
	run_cgtop -f -1 -d 2 --format=json "$SP"
	u1=$(key "$SD/busy/cpu.stat" usage_usec)
	assert_ok
	local r
	r=$(row "$output" "$SP/busy")
	[ -n "$r" ] || fail "no row for $SP/busy: $output"
	num_between "$(jq .cpu_percent <<<"$r")" 10 30 || fail "cpu_percent not ~20: $r"
	[ "$(jq .cpu_limit <<<"$r")" = 0.2 ] || fail "cpu_limit: $r"
	num_between "$(jq .throttled_percent <<<"$r")" 50 100 || fail "not throttled: $r"
	num_between "$(jq .throttled_seconds <<<"$r")" 0.5 3 || fail "throttled time of 2 s: $r"
	# the counter is cpu.stat's usage_usec, read between the two reads around it
	num_between "$(jq '.cpu_seconds * 1000000' <<<"$r")" $((u0 - 1000)) $((u1 + 1000)) ||
		fail "cpu_seconds not usage_usec ($u0..$u1): $r"
	[ "$(jq .tasks <<<"$r")" = 1 ] || fail "tasks (pids.current): $r"
	[ "$(jq .running <<<"$r")" = 1 ] || fail "the busy loop is not R: $r"
	# taskstats takes no v2 directory: io_wait unknown, not 0
	[ "$(jq .io_wait <<<"$r")" = null ] || fail "io_wait: $r"
	# the scratch cgroup adds its children up; no quota of its own
	r=$(row "$output" "$SP")
	[ "$(jq .cpu_limit <<<"$r")" = null ] || fail "scratch has no quota: $r"
	[ "$(jq .throttled_percent <<<"$r")" = 0 ] || fail "no quota, no throttling: $r"
	num_between "$(jq .running <<<"$r")" 1 1 || fail "R not summed up: $r"
}

@test "task states from each thread's /proc/TID/stat: R, S, T counted, a multi-threaded process by threads" {
	v2_mkcg st
	v2_busy st; local busy=$HELPER_PID
	v2_sleep st
	v2_sleep st; local stopped=$HELPER_PID
	kill -STOP "$stopped"
	# a process of 3 threads: each thread counts, as taskstats counts tasks
	v2_run_in st /usr/bin/python3 -c 'import threading, time
for _ in range(2): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
time.sleep(1000)'
	local n=0
	while [ "$(wc -l <"$SD/st/cgroup.threads")" -lt 6 ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	sleep 0.3
	run_cgtop -1 --format=json "$SP/st"
	kill -CONT "$stopped"
	assert_ok
	local r
	r=$(row "$output" "$SP/st")
	[ "$(jq .tasks <<<"$r")" = 6 ] || fail "pids.current counts threads: $r"
	# the busy loop is R, the stopped sleep T; the sleep and python's 3
	# threads S (one may be caught running): every thread in one state
	num_between "$(jq .running <<<"$r")" 1 2 || fail "R: $r"
	[ "$(jq .stopped <<<"$r")" = 1 ] || fail "T: $r"
	num_between "$(jq .sleeping <<<"$r")" 3 4 || fail "S (sleep and 3 python threads): $r"
	[ "$(jq '.running + .sleeping + .stopped + .uninterruptible' <<<"$r")" = 6 ] || fail "not every thread: $r"
	# -P: processes from cgroup.procs, not threads
	run_cgtop -1 -P --format=json "$SP/st"
	assert_ok
	[ "$(jq .tasks <<<"$(row "$output" "$SP/st")")" = 4 ] ||
		fail "-P processes: $output" "$(for p in $(cat "$SD/st/cgroup.procs"); do echo "$p $(cat /proc/$p/comm)"; done)"
	[ "$busy" -gt 0 ]
}

@test "memory: memory.current, working set = current - inactive_file, memory.max and memory.high" {
	v2_mkcg mem
	echo 256M >"$SD/mem/memory.max"
	echo 192M >"$SD/mem/memory.high"
	# tmpfs pages are charged to the writer's cgroup (the guest's /dev/shm is its own tmpfs)
	v2_run_in mem sh -c 'dd if=/dev/zero of=/dev/shm/cgk-v2-top bs=1M count=48 status=none && exec sleep 1000'
	v2_wait_file mem memory.current '^([5-9][0-9]{7}|[0-9]{9,})$' 10 || fail "48 MiB not charged: $(v2_read mem memory.current)"
	local c0 c1 in0
	c0=$(v2_read mem memory.current)
	in0=$(key "$SD/mem/memory.stat" inactive_file)
	run_cgtop -1 --format=json "$SP"
	c1=$(v2_read mem memory.current)
	rm -f /dev/shm/cgk-v2-top
	assert_ok
	local r lo hi
	r=$(row "$output" "$SP/mem")
	lo=$((c0 < c1 ? c0 : c1)) hi=$((c0 > c1 ? c0 : c1))
	num_between "$(jq .memory_bytes <<<"$r")" $((lo - 65536)) $((hi + 65536)) ||
		fail "memory_bytes not memory.current ($c0, $c1): $r"
	num_between "$(jq .working_set_bytes <<<"$r")" $((lo - in0 - (4 << 20))) $((hi + 65536)) ||
		fail "working set not current - inactive_file ($c0 - $in0): $r"
	[ "$(jq .memory_limit_bytes <<<"$r")" = $((256 << 20)) ] || fail "memory.max: $r"
	[ "$(jq .memory_high_bytes <<<"$r")" = $((192 << 20)) ] || fail "memory.high: $r"
	num_between "$(jq .memory_percent <<<"$r")" 17 40 || fail "percent of memory.max: $r"
	# max is no limit: null, not a number
	r=$(row "$output" "$SP")
	[ "$(jq .memory_limit_bytes <<<"$r")" = null ] && [ "$(jq .memory_high_bytes <<<"$r")" = null ] ||
		fail "memory.max/high max: $r"
}

@test "memory.high throttling and an OOM kill: memory.events as counters in JSON, Prometheus and the text columns" {
	v2_mkcg oom
	echo 16M >"$SD/oom/memory.max"
	echo 8M >"$SD/oom/memory.high"
	v2_sleep oom	# keeps the cgroup in the output (not empty)
	(
		echo "$BASHPID" >"$SD/oom/cgroup.procs" &&
			exec /usr/bin/python3 -c 'x = bytearray(64 << 20)'
	) 2>/dev/null && fail "64 MiB under memory.max 16M was not killed"
	local ev=$SD/oom/memory.events
	[ "$(key "$ev" oom_kill)" -ge 1 ] || fail "no OOM kill: $(cat "$ev")"
	run_cgtop -1 --format=json "$SP/oom"
	assert_ok
	local r
	r=$(row "$output" "$SP/oom")
	[ "$(jq .memory_events_high <<<"$r")" = "$(key "$ev" high)" ] || fail "high: $r / $(cat "$ev")"
	[ "$(jq .memory_events_max <<<"$r")" = "$(key "$ev" max)" ] || fail "max: $r / $(cat "$ev")"
	[ "$(jq .memory_events_oom <<<"$r")" = "$(key "$ev" oom)" ] || fail "oom: $r / $(cat "$ev")"
	[ "$(jq .memory_events_oom_kill <<<"$r")" = "$(key "$ev" oom_kill)" ] || fail "oom_kill: $r"
	[ "$(jq .memory_events_high <<<"$r")" -gt 0 ] || fail "memory.high never throttled: $r"
	run_cgtop -1 --format=prometheus "$SP/oom"
	assert_ok
	grep -qE "^cgkit_cgroup_memory_oom_kill_events_total\{cgroup=\"$SP/oom\",[^}]*\} $(key "$ev" oom_kill)\$" <<<"$output" ||
		fail "no oom_kill counter: $(grep oom <<<"$output")"
	grep -qE "^cgkit_cgroup_memory_high_events_total\{cgroup=\"$SP/oom\",[^}]*\} $(key "$ev" high)\$" <<<"$output" ||
		fail "no high counter"
	grep -qE "^cgkit_cgroup_memory_high_bytes\{cgroup=\"$SP/oom\",[^}]*\} 8388608\$" <<<"$output" ||
		fail "no memory.high gauge"
	# text: the OOMk column says 1 for it
	run_cgtop -f -1 "$SP/oom"
	assert_ok
	local line
	line=$(printf '%s\n' "${lines[@]}" | awk -v p="$SP/oom" '$1 == p')
	[ "$(awk '{ print $NF }' <<<"$line")" = "$(key "$ev" oom_kill)" ] || fail "OOMk column: $output"
	# cAdvisor's name: memory.events oom_kill, which v2 counts up the tree
	run_cgtop -1 --format=prometheus --metrics=cadvisor "$SP"
	assert_ok
	grep -qE "^container_oom_events_total\{id=\"$SP/oom\",[^}]*\} $(key "$ev" oom_kill)\$" <<<"$output" ||
		fail "container_oom_events_total: $(grep oom_events <<<"$output")"
	grep -qE "^container_oom_events_total\{id=\"$SP\",[^}]*\} $(key "$SD/memory.events" oom_kill)\$" <<<"$output" ||
		fail "the parent's: $(grep oom_events <<<"$output") / $(cat "$SD/memory.events")"
}

@test "--metrics=cadvisor: container_memory_swap from memory.swap.current, 40 MiB under memory.max 16M pushed out to swap on a RAM disk" {
	v2_ramdev
	mkswap -q "$RAMDEV" >/dev/null 2>&1 && swapon "$RAMDEV" || fail "no swap on $RAMDEV"
	SWAPDEV=$RAMDEV
	v2_mkcg sw
	echo 16M >"$SD/sw/memory.max"
	v2_run_in sw python3 -c 'import time; x = b"a" * (40 << 20); time.sleep(1000)'
	# at least 16 MiB out
	v2_wait_file sw memory.swap.current '^(1[6-9][0-9]{6}|[2-9][0-9]{7}|[0-9]{9,})$' 20 ||
		fail "memory.swap.current: $(v2_read sw memory.swap.current)"
	local s0 s1 got
	s0=$(v2_read sw memory.swap.current)
	run_cgtop -1 --format=prometheus --metrics=cadvisor "$SP"
	assert_ok
	s1=$(v2_read sw memory.swap.current)
	got=$(sed -n "s|^container_memory_swap{id=\"$SP/sw\",[^}]*} ||p" <<<"$output")
	num_between "$got" "$((s0 < s1 ? s0 : s1))" "$((s0 > s1 ? s0 : s1))" ||
		fail "container_memory_swap '$got', memory.swap.current $s0 then $s1"
	# cgkit's own names read no swap file
	run_cgtop -1 --format=prometheus "$SP"
	assert_ok
	! grep -q swap <<<"$output" || fail "swap without --metrics=cadvisor: $(grep swap <<<"$output")"
}

@test "io.stat: rbytes, wbytes, rios, wios summed over devices, as the kernel writes them" {
	v2_mkcg io
	v2_sleep io
	local f=$SD/io/io.stat want
	want=$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); s[kv[1]] += kv[2] } }
		END { printf "%d %d %d %d", s["rbytes"], s["wbytes"], s["rios"], s["wios"] }' "$f")
	run_cgtop -1 --format=json "$SP/io"
	assert_ok
	local r
	r=$(row "$output" "$SP/io")
	[ "$(jq -r '"\(.io_read_ops) \(.io_write_ops)"' <<<"$r")" = "$(cut -d' ' -f3,4 <<<"$want")" ] ||
		fail "ops: $r / $(cat "$f")"
	jq -e '(.io_read_bps | type == "number") and (.io_read_iops | type == "number")' <<<"$r" >/dev/null ||
		fail "rates: $r"
}

@test "no PSI in this kernel: the pressure keys are null, no pressure series, no pressure column" {
	[ ! -e "$SD/cpu.pressure" ] || skip "this kernel has PSI (the qemu capture covers it)"
	v2_mkcg p
	echo 512M >"$SD/p/memory.high"
	v2_busy p
	run_cgtop -1 --format=json "$SP"
	assert_ok
	jq -e '.cgroups | length >= 2 and all(.cpu_pressure_some_avg10 == null and
		.memory_pressure_full_seconds == null and .io_pressure_some_avg10 == null)' <<<"$output" >/dev/null ||
		fail "pressure not null: $output"
	run_cgtop -1 --format=prometheus "$SP"
	assert_ok
	! grep -q pressure <<<"$output" || fail "pressure series without PSI: $(grep pressure <<<"$output")"
	# the text header (a terminal is faked by script(1)) has no pressure column
	run script -qec "$cgtop -b -1 -a $SP" /dev/null
	[ "$status" = 0 ] || fail "$output"
	[[ $output == *"Control Group"* ]] || fail "no header: $output"
	[[ $output != *CPU-P* ]] || fail "a pressure column without PSI: $output"
	[[ $output == *MemHigh* ]] || fail "v2's memory.high column missing: $output"
}

@test "--format=prometheus passes promtool with v2's metrics; --listen serves them; --textfile writes them" {
	v2_mkcg busy
	echo "20000 100000" >"$SD/busy/cpu.max"
	echo 64M >"$SD/busy/memory.high"
	v2_busy busy
	sleep 0.5
	run_cgtop -1 --format=prometheus "$SP"
	assert_ok
	printf '%s\n' "$output" >"$T/m"
	run promtool check metrics <"$T/m"
	[ "$status" = 0 ] || fail "promtool: $output"
	grep -qE "^cgkit_cgroup_cpu_throttled_periods_total\{cgroup=\"$SP/busy\",[^}]*\} [1-9][0-9]*$" "$T/m" ||
		fail "no throttling counter: $(grep throttled "$T/m")"
	grep -qE "^cgkit_cgroup_cpu_limit_cpus\{cgroup=\"$SP/busy\",[^}]*\} 0.2000$" "$T/m" || fail "no cpu.max limit"
	grep -qE "^cgkit_cgroup_io_read_ops_total\{cgroup=\"$SP/busy\"" "$T/m" || fail "no io ops"
	[ "$(grep -c '^# TYPE cgkit_cgroup_memory_high_bytes gauge' "$T/m")" = 1 ] || fail "memory_high family"
	# the exporter, on the guest's loopback
	ip link set lo up 2>/dev/null || true
	"$cgtop" --listen 127.0.0.1:0 "$SP" </dev/null >"$T/out" 2>"$T/err" &
	CGTOP_PID=$!
	local n=0 port=
	while [ -z "$port" ] && [ $n -lt 50 ]; do
		sleep 0.1; n=$((n + 1))
		port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$T/err" "$T/out" | head -1)
	done
	[ -n "$port" ] || fail "no port announced: $(cat "$T/out" "$T/err")"
	curl -sS -o "$T/s1" "http://127.0.0.1:$port/metrics" || fail "scrape 1"
	sleep 0.3
	curl -sS -o "$T/s2" "http://127.0.0.1:$port/metrics" || fail "scrape 2"
	run promtool check metrics <"$T/s2"
	[ "$status" = 0 ] || fail "promtool on the scrape: $output"
	grep -qE "^cgkit_cgroup_memory_high_bytes\{cgroup=\"$SP/busy\",[^}]*\} 67108864$" "$T/s2" ||
		fail "scrape lacks memory.high: $(head -50 "$T/s2")"
	kill "$CGTOP_PID"; wait "$CGTOP_PID" 2>/dev/null; CGTOP_PID=
	# node_exporter's textfile collector
	mkdir "$T/tf"
	"$cgtop" --textfile "$T/tf" -d 0.3 "$SP" </dev/null >/dev/null 2>"$T/err" &
	CGTOP_PID=$!
	n=0
	while ! grep -q '^cgkit_cgroup_io_write_ops_total' "$T/tf/cgtop.prom" 2>/dev/null && [ $n -lt 50 ]; do
		sleep 0.1; n=$((n + 1))
	done
	run promtool check metrics <"$T/tf/cgtop.prom"
	[ "$status" = 0 ] || fail "promtool on the textfile: $output"
	grep -qE "^cgkit_cgroup_io_write_ops_total\{cgroup=\"$SP/busy\"" "$T/tf/cgtop.prom" || fail "textfile: no v2 series"
}

@test "every order, key option and display in batch on v2: -p -t -c -m -i, throttle, wset, pressure, -a -r -P -k, --cpu=time, --depth, --filter, --recursive" {
	v2_mkcg a/b
	v2_busy a/b
	v2_sleep a
	local o
	for o in -p -t -c -m -i --order=throttle --order=wset --order=pressure -a -r -P -k --cpu=time \
		--depth=1 --filter='*b' --recursive=no -f; do
		run_cgtop -b -n 2 -d 0.3 "$o" "$SP"
		assert_ok
		[[ $output == *"b "* ]] || [ "$o" = --depth=1 ] || fail "$o: no row b: $output"
	done
	# --order=pressure without PSI: rows still there, in path order
	run_cgtop -b -1 --order=pressure -f "$SP"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | awk 'NF { print $1 }' | head -3 | tr '\n' ' ')" = "$SP $SP/a $SP/a/b " ] ||
		fail "pressure order without PSI: $output"
	# --depth=1 hides b; --filter keeps only what matches (and its ancestors)
	run_cgtop -1 -f --depth=1 "$SP"
	assert_ok
	[[ $output != *"$SP/a/b"* ]] || fail "--depth=1: $output"
	run_cgtop -1 -f --filter='*b' --format=json "$SP"
	assert_ok
	jq -e --arg p "$SP/a/b" 'any(.cgroups[]; .path == $p)' <<<"$output" >/dev/null || fail "--filter: $output"
}

@test "bad input: a cgroup without cpu and memory enabled shows '-' and null; one removed between refreshes; a gone target" {
	# c enables nothing for its children: d has no cpu, memory, io or pids files
	v2_mkcg c/d
	echo "-cpu -memory -io -pids" >"$SD/c/cgroup.subtree_control"
	[ ! -e "$SD/c/d/memory.current" ] && [ ! -e "$SD/c/d/cpu.max" ] || fail "controllers still enabled"
	v2_sleep c/d
	run_cgtop -1 -a --format=json "$SP/c"
	assert_ok
	local r
	r=$(row "$output" "$SP/c/d")
	jq -e '.memory_bytes == null and .memory_limit_bytes == null and .cpu_limit == null and
		.tasks == null and .io_read_bps == null and .memory_events_oom == null and
		(.cpu_seconds | type == "number") and .sleeping == 1' <<<"$r" >/dev/null ||
		fail "without controllers: $r"
	run_cgtop -1 -a -f "$SP/c"
	assert_ok
	local line
	line=$(printf '%s\n' "${lines[@]}" | awk -v p="$SP/c/d" '$1 == p')
	read -r -a f <<<"$line"
	[ "${f[1]}" = - ] && [ "${f[3]}" = - ] && [ "${f[6]}" = - ] || fail "no '-': $line"
	helpers_stop_all || true
	# removed between refreshes: cgtop goes on, no message, the row goes away
	v2_mkcg gone
	"$cgtop" -b -n 8 -d 0.3 -a -f "$SP" </dev/null >"$T/out" 2>"$T/err" &
	CGTOP_PID=$!
	sleep 0.8
	rmdir "$SD/gone"
	local rc=0
	wait "$CGTOP_PID" || rc=$?
	CGTOP_PID=
	[ "$rc" = 0 ] || fail "cgtop exited $rc: $(cat "$T/err")"
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")"
	grep -q "^$SP/gone " "$T/out" || fail "never saw gone: $(cat "$T/out")"
	[ "$(tail -n 4 "$T/out" | grep -c "^$SP/gone ")" = 0 ] || fail "gone still shown at the end"
	# the target itself removed: one line naming it, exit 1
	v2_mkcg t
	"$cgtop" -b -n 20 -d 0.2 "$SP/t" </dev/null >"$T/out" 2>"$T/err" &
	CGTOP_PID=$!
	sleep 0.6
	rmdir "$SD/t"
	rc=0
	wait "$CGTOP_PID" || rc=$?
	CGTOP_PID=
	[ "$rc" = 1 ] || fail "exit $rc when the target vanished: $(cat "$T/err")"
	[ "$(wc -l <"$T/err")" = 1 ] && grep -q "^cgtop: $SP/t: " "$T/err" || fail "message: $(cat "$T/err")"
}
