#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# Churn (issue 8): for 60 s, tests/integration/cgchurn makes and removes 500
# cgroups a second below our scratch cgroup: 125 paths a second, each made
# in cpu, cpuacct, pids and memory, each with a process that it starts and
# kills.  Meanwhile loops run cgls (tree, -p, --containers, -r --json), cgtop
# -b, procview on a test bed container, cgset on a stable cgroup and cgsh
# scripts, and one cgtop -b -d 0.2 runs the whole time.  No run may crash (a
# status >= 128, a sanitizer report), exit other than 0 or 1 with one line
# naming a cgroup or process that vanished, or leave the long cgtop with
# more fds or memory.
#
# The session runs once, in setup_file (about 65 s); each test checks one
# part of what it recorded.  Rates and counts go to the log (fd 3).
#
#   make check TESTS=tests/integration/churn.bats
#   make tests/integration/cgchurn && CGK_BUILDDIR=. bats tests/integration/churn.bats

load helpers

# Paths a second, each a cgroup in 4 hierarchies: 500 cgroups a second.  (A
# path in all four with a process in each, 500 a second, is 2000 mkdir, 2000
# rmdir and 2000 moves a second: on two CPUs busy with the loops, v1 holds
# about 300, so the test would not run at the rate it claims.)
CHURN_RATE=125
CHURN_HIERS="cpu cpuacct pids memory"
CHURN_SECONDS=60
CHURN_LIFE_MS=200	# so about 25 paths, 100 cgroups, live at any time

cgchurn=$CGK_BUILDDIR/tests/integration/cgchurn
cgtop=$CGK_BUILDDIR/cgtop
cgset=$CGK_BUILDDIR/cgset
cgsh=$CGK_BUILDDIR/cgsh
procview=$CGK_BUILDDIR/procview

# the files and directories of cgroups that come and go: cgchurn's, and the
# one each cgsh script makes and removes (a directory's fd reads "DIR" or
# "DIR (deleted)": cgtop keeps one per cgroup it watches)
CHURN_FILES='/(churn/c[0-9]+|sh)(/| |$)'

# sample NAME PID: "RSS-KB FDS CHURN-FDS" of PID into $RUN/NAME.sample and
# its fds' targets into $RUN/NAME.fds; CHURN-FDS: those on the files of a
# cgroup that comes and goes (the rest should not change)
sample() {
	local rss f fds churn
	rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$2/status") || return 1
	# an fd closed between the listing and readlink is not counted
	for f in "/proc/$2/fd/"*; do readlink "$f" || true; done > "$RUN/$1.fds" 2>/dev/null
	fds=$(wc -l < "$RUN/$1.fds")
	churn=$(grep -cE "$CHURN_FILES" "$RUN/$1.fds" || true)
	echo "$rss $fds $churn" > "$RUN/$1.sample"
}

# sleep_until T: sleep until $EPOCHREALTIME is T (not at all if it is past)
sleep_until() {
	local d
	d=$(awk -v t="$1" -v now="$EPOCHREALTIME" 'BEGIN { d = t - now; printf "%.3f", (d > 0 ? d : 0) }')
	sleep "$d"
}

# at T0 SECONDS: T0 + SECONDS, in seconds since the epoch
at() {
	awk -v t="$1" -v s="$2" 'BEGIN { printf "%.6f", t + s }'
}

# stop_pid PID: SIGTERM, up to 5 s to end, then SIGKILL; its status into $?
stop_pid() {
	local n=50
	kill -TERM "$1" 2>/dev/null
	while kill -0 "$1" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
}

# tool_loop NAME OUT CMD...: run CMD (at most 30 s each) again and again
# until $RUN/stop exists.  $RUN/NAME.runs gets the number of runs; each run
# that exits non-zero, writes to stderr, or (OUT=out) prints nothing, one
# line "STATUS<TAB>STDERR" (newlines as \n) in $RUN/NAME.bad.
tool_loop() {
	local name=$1 want=$2 n=0 rc
	shift 2
	: > "$RUN/$name.bad"
	while [ ! -e "$RUN/stop" ]; do
		rc=0
		timeout 30 "$@" > "$RUN/$name.out" 2> "$RUN/$name.err" < /dev/null || rc=$?
		n=$((n + 1))
		if [ "$rc" != 0 ] || [ -s "$RUN/$name.err" ]; then
			printf '%s\t%s\n' "$rc" "$(sed -z 's/\n/\\n/g' "$RUN/$name.err")" >> "$RUN/$name.bad"
		elif [ "$want" = out ] && [ ! -s "$RUN/$name.out" ]; then
			printf '0\t(no output)\n' >> "$RUN/$name.bad"
		fi
	done
	echo "$n" > "$RUN/$name.runs"
}

setup_file() {
	export CGK_SKIP RUN=$BATS_FILE_TMPDIR/run
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	local t bin d f label loops=() dirs=() stable_pid cgtop_pid churn_pid i
	# copies of the programs: others may rebuild the tree during the minute
	mkdir "$RUN" "$RUN/bin"
	for bin in "$cgchurn" "$cgtop" "$cgls" "$cgset" "$cgsh" "$procview"; do
		cp "$bin" "$RUN/bin/" || { echo "no $bin (make check builds it)" >&2; return 1; }
	done
	cgchurn=$RUN/bin/cgchurn cgtop=$RUN/bin/cgtop cgls=$RUN/bin/cgls cgset=$RUN/bin/cgset
	cgsh=$RUN/bin/cgsh procview=$RUN/bin/procview
	testbed_up
	testbed_env
	scratch_create
	# the test bed's env has a SCRATCH of its own: ours under other names
	export CHURN_SCRATCH=$SCRATCH CHURN_SCRATCH_DIRS=$SCRATCH_DIRS
	# the churn parent in the four hierarchies; a stable cgroup in all of them
	for label in $CHURN_HIERS; do
		d=$(dir_of "$label")
		mkdir "$d/churn"
		dirs+=("$d/churn")
	done
	for d in $SCRATCH_DIRS; do
		mkdir "$d/stable"
		if [ -e "$d/cpuset.cpus" ]; then
			for f in cpuset.cpus cpuset.mems; do cat "$d/$f" > "$d/stable/$f"; done
		fi
	done
	# shellcheck disable=SC2016
	sh -c 'for f; do echo $$ > "$f/stable/cgroup.procs" || exit 1; done; exec sleep 100000' \
		sh $SCRATCH_DIRS < /dev/null > /dev/null 2>&1 3>&- &
	stable_pid=$!
	echo "$stable_pid" >> "$RUN/pids"

	# one cgtop for the whole session, on our scratch cgroup (cgroups that
	# other users make elsewhere on the machine would count in its fds);
	# without a terminal it does one round unless -n says otherwise
	# (an ASan build keeps freed memory in quarantine, 256 MiB of it: none
	# here, so that its RSS means what it means without ASan)
	if grep -q __asan_init "$cgtop"; then
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0 \
			"$cgtop" -b -n 100000 -a -d 0.2 --relative "/$SCRATCH" > "$RUN/cgtop-long.out" 2> "$RUN/cgtop-long.err" < /dev/null 3>&- &
	else
		"$cgtop" -b -n 100000 -a -d 0.2 --relative "/$SCRATCH" > "$RUN/cgtop-long.out" 2> "$RUN/cgtop-long.err" < /dev/null 3>&- &
	fi
	cgtop_pid=$!
	echo "$cgtop_pid" > "$RUN/cgtop-long.pid"
	sleep 1.5
	sample before "$cgtop_pid"

	# above the tools and other users' builds, so that the rate holds
	nice -n -10 "$cgchurn" -r "$CHURN_RATE" -t "$CHURN_SECONDS" -l "$CHURN_LIFE_MS" \
		-p "$RUN/churn.pids" "${dirs[@]}" > "$RUN/churn.out" 2> "$RUN/churn.err" < /dev/null 3>&- &
	churn_pid=$!
	t=$EPOCHREALTIME
	echo "$churn_pid" >> "$RUN/pids"

	local pid=$(awk -v i="$D_HALF" '$2 == i { print $5 }' "$TSV")
	echo "$pid" > "$RUN/procview.pid"
	tool_loop cgls out "$cgls" 3>&- &
	loops+=($!)
	tool_loop cgls-p out "$cgls" -p 3>&- &
	loops+=($!)
	tool_loop cgls-containers out "$cgls" --containers 3>&- &
	loops+=($!)
	tool_loop cgls-r out "$cgls" -a --relative -r cpu.shares -r pids.current -r memory.usage_in_bytes \
		"/$SCRATCH" 3>&- &
	loops+=($!)
	tool_loop cgls-json out "$cgls" -a --relative --json "/$SCRATCH" 3>&- &
	loops+=($!)
	tool_loop cgtop out "$cgtop" -b -n 2 -d 0.1 3>&- &
	loops+=($!)
	tool_loop procview out sh -c '"$1" -p "$2" && "$1" --export "$3"' sh "$procview" "$pid" "${D_HALF:0:12}" 3>&- &
	loops+=($!)
	tool_loop cgset none sh -c '"$1" --relative --cpus 0.5 --memory 256M --pids 100 "$2" &&
		"$1" --relative --cpus max --memory max --pids max -r cpu.shares=512 "$2"' sh "$cgset" "/$SCRATCH/stable" 3>&- &
	loops+=($!)
	tool_loop cgsh out "$cgsh" --relative -c "cd /$SCRATCH; ls; tree -a; cd churn; ls; procs -r
		cd /$SCRATCH/stable; get cpus memory pids shares; pwd -a; procs
		cd /$SCRATCH; mkdir sh; cd sh; set cpus=0.3 pids=50 memory=64M; get cpus memory pids; cd ..; rmdir sh" 3>&- &
	loops+=($!)

	# the long cgtop: at 10 s, every 10 s, and at the end of the churn
	echo "${loops[*]}" >> "$RUN/pids"
	sleep_until "$(at "$t" 10)"
	sample at10 "$cgtop_pid"
	for i in 20 30 40 50; do
		sleep_until "$(at "$t" "$i")"
		sample "at$i" "$cgtop_pid"
	done
	# the last sample just before the churn ends
	sleep_until "$(at "$t" "$((CHURN_SECONDS - 2)).5")"
	sample at60 "$cgtop_pid"
	wait "$churn_pid" || echo $? > "$RUN/churn.status"
	# a loop ends after its current run (each bounded by timeout 30)
	touch "$RUN/stop"
	for i in "${loops[@]}"; do wait "$i"; done
	# five rounds without churn cgroups
	sleep 1.5
	sample after "$cgtop_pid"
	stop_pid "$cgtop_pid" || echo $? > "$RUN/cgtop-long.status"
}

teardown_file() {
	local p
	[ -z "${CGK_SKIP:-}" ] || return 0
	[ -f "$RUN/stop" ] || touch "$RUN/stop"
	for p in $(cat "$RUN/pids" "$RUN/cgtop-long.pid" 2>/dev/null); do
		kill -KILL "$p" 2>/dev/null
	done
	scratch_remove
	testbed_down
}

setup() {
	require_root_v1
	testbed_env
	SCRATCH=$CHURN_SCRATCH SCRATCH_DIRS=$CHURN_SCRATCH_DIRS
}

# check_loop NAME TOOL: the runs of loop NAME; each bad one is a failure
# unless it is status 1 with one line "TOOL: ..." that names a churn cgroup
# (.../churn/cN) or a process of the churn (one of the PIDs cgchurn started)
# that has vanished
check_loop() {
	local name=$1 tool=$2 runs bad=0 rc err ok=0 pid seen=()
	runs=$(cat "$RUN/$name.runs")
	while IFS=$'\t' read -r rc err; do
		if [ "$rc" = 1 ] && [[ $err == "$tool: "*'\n' ]] && [[ ${err%'\n'} != *'\n'* ]]; then
			err=${err%'\n'}
			pid=$(grep -oE '\b[0-9]{2,}\b' <<< "$err" | grep -Fxf - "$RUN/churn.pids" | head -1)
			if [[ $err =~ /churn/c[0-9]+ ]] || { [ -n "$pid" ] && [ ! -d "/proc/$pid" ]; }; then
				ok=$((ok + 1))
				seen+=("$err")
				continue
			fi
		fi
		bad=$((bad + 1))
		echo "$name: exit $rc: $err" >&2
	done < "$RUN/$name.bad"
	echo "# $name: $runs runs, $ok exited 1 naming a vanished cgroup or process, $bad bad" >&3
	[ "$runs" -ge 5 ] || fail "$name ran only $runs times"
	[ "$ok" = 0 ] || printf '#   %s\n' "${seen[@]:0:3}" >&3
	[ "$bad" = 0 ] || fail "$name: $bad runs crashed, failed or complained (above)"
}

@test "churn: 500 cgroups/s made and removed (125 paths/s, each in cpu, cpuacct, pids, memory), a process started and killed in each, for 60 s" {
	local made removed procs secs rate d n
	n=$(wc -w <<< "$CHURN_HIERS")
	echo "# cgchurn: $(cat "$RUN/churn.out")" >&3
	read -r _ made _ removed _ procs _ secs _ rate _ < "$RUN/churn.out"
	echo "# churn: $rate paths/s in $n hierarchies: $(awk -v r="$rate" -v n="$n" 'BEGIN { printf "%.1f", r * n }') cgroups/s made and as many removed; $((made * n)) cgroups, $procs processes started and killed ($(awk -v p="$procs" -v s="$secs" 'BEGIN { printf "%.1f", p / s }')/s) in $secs s" >&3
	[ ! -s "$RUN/churn.err" ] || fail "cgchurn: $(head -5 "$RUN/churn.err")"
	[ ! -e "$RUN/churn.status" ] || fail "cgchurn exited $(cat "$RUN/churn.status")"
	# the rate this test claims is the one it ran at (a guard on the test,
	# not a timing of cgkit): within 5% over the whole session
	awk -v r="$rate" -v want="$CHURN_RATE" 'BEGIN { exit !(r >= 0.95 * want) }' ||
		fail "the churn reached only $rate paths/s"
	[ "$made" -ge $((CHURN_RATE * CHURN_SECONDS * 95 / 100)) ]
	[ "$removed" = "$made" ] && [ "$procs" = "$made" ]
	[ "$(wc -l < "$RUN/churn.pids")" = "$procs" ]
	# nothing of it left
	for d in $CHURN_HIERS; do
		d=$(dir_of "$d")/churn
		[ -d "$d" ] && [ -z "$(find "$d" -mindepth 1 -type d)" ] || fail "left in $d"
	done
}

@test "cgls (tree) under churn: no crash, only documented exits" {
	check_loop cgls cgls
}

@test "cgls -p under churn: no crash, only documented exits" {
	check_loop cgls-p cgls
}

@test "cgls --containers under churn: no crash, only documented exits; the test bed's containers listed" {
	check_loop cgls-containers cgls
	local id
	for id in "$D_HALF" "$APP_BE"; do
		grep -q "${id:0:12}" "$RUN/cgls-containers.out" || fail "no $id in the last run"
	done
}

@test "cgls -a -r KNOB on the churning cgroups: no crash, only documented exits" {
	check_loop cgls-r cgls
	grep -qx 'pids.current: [0-9]*' "$RUN/cgls-r.out"
}

@test "cgls -a --json on the churning cgroups: no crash, only documented exits; valid JSON" {
	check_loop cgls-json cgls
	[ "$(jq -r '.[0].path' "$RUN/cgls-json.out")" = "/$SCRATCH" ]
}

@test "cgtop -b -n 2 under churn: no crash, only documented exits" {
	check_loop cgtop cgtop
}

@test "procview (-p, --export) on a test bed container under churn: no crash, only documented exits" {
	check_loop procview procview
	grep -qx 'PROCVIEW_MEMORY_LIMIT=134217728' "$RUN/procview.out"
}

@test "cgset on a stable cgroup under churn: every run sets all, none fails" {
	check_loop cgset cgset
	local cpu
	cpu=$(dir_of cpu)/stable
	[ "$(cat "$cpu/cpu.cfs_quota_us")" = -1 ] && [ "$(cat "$cpu/cpu.shares")" = 512 ]
	[ "$(cat "$(dir_of pids)/stable/pids.max")" = max ]
	[ "$(cat "$(dir_of memory)/stable/memory.limit_in_bytes")" = 9223372036854771712 ]
}

@test "cgsh -c scripts under churn: no crash, only documented exits" {
	check_loop cgsh cgsh
	for d in $SCRATCH_DIRS; do [ ! -e "$d/sh" ] || fail "cgsh left $d/sh"; done
	# the last script ran to its end: what it set, read back
	[ "$(tail -3 "$RUN/cgsh.out")" = $'cpus: 0.30\nmemory: 64M\npids: 50' ] || fail "$(tail -5 "$RUN/cgsh.out")"
}

@test "one cgtop -b -d 0.2 through the churn: no fd or memory growth, exit 0 at SIGTERM" {
	local s rss fds churn
	for s in before at10 at20 at30 at40 at50 at60 after; do
		read -r rss fds churn < "$RUN/$s.sample"
		echo "# cgtop -d 0.2: $s: VmRSS $rss kB, $fds fds ($churn on churn cgroups)" >&3
	done
	[ ! -e "$RUN/cgtop-long.status" ] || fail "cgtop exited $(cat "$RUN/cgtop-long.status")"
	[ ! -s "$RUN/cgtop-long.err" ] || fail "cgtop: $(head -5 "$RUN/cgtop-long.err")"
	local r10 f10 c10 r60 f60 c60 ra fa ca
	read -r r10 f10 c10 < "$RUN/at10.sample"
	read -r r60 f60 c60 < "$RUN/at60.sample"
	read -r ra fa ca < "$RUN/after.sample"
	# the fds on the churn cgroups come and go with them (about 25 paths
	# live, a few files each); the others are the same at 10 s and 60 s
	# (give or take one a cgroup whose limits changed: a leak would be
	# thousands), and afterwards not one fd is left on a churn cgroup
	[ "$((f60 - c60))" -le "$((f10 - c10 + 3))" ] ||
		fail "fds besides the churn cgroups': $((f10 - c10)) at 10 s, $((f60 - c60)) at 60 s" \
			"$(diff <(grep -vE "$CHURN_FILES" "$RUN/at10.fds" | sort) <(grep -vE "$CHURN_FILES" "$RUN/at60.fds" | sort))"
	[ "$ca" = 0 ] || fail "$ca fds left on churn cgroups after the churn" "$(grep -E "$CHURN_FILES" "$RUN/after.fds" | head)"
	[ "$fa" -le "$((f10 - c10 + 3))" ] || fail "fds: $((f10 - c10)) at 10 s (besides churn cgroups'), $fa after"
	# 6,250 paths (25,000 cgroups) came and went between the samples: a leak
	# of 40 bytes a path would be 250 kB
	[ "$r60" -le $((r10 + 256)) ] || fail "VmRSS: $r10 kB at 10 s, $r60 kB at 60 s"
	[ "$ra" -le $((r10 + 256)) ] || fail "VmRSS: $r10 kB at 10 s, $ra kB after"
	# it kept up with the churn: most rounds show churn cgroups (about 25;
	# the rounds before and after it none), every round the stable one
	local rounds with
	read -r rounds with < <(awk '/^\/cgkit-test/ { r++ } /(─|-)c[0-9]+ / { seen[r] = 1 }
		END { print r, length(seen) }' "$RUN/cgtop-long.out")
	echo "# cgtop -d 0.2: $rounds rounds, $with of them with churn cgroups" >&3
	[ "$rounds" -ge 150 ] && [ "$((with * 10))" -ge "$((rounds * 8))" ] || fail "$rounds rounds, $with with churn cgroups"
	[ "$(grep -cE '(─|-)stable ' "$RUN/cgtop-long.out")" = "$rounds" ]
}
