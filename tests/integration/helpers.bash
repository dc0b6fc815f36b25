# SPDX-License-Identifier: MIT
# Shared helpers of cgkit's bats integration tests.  `load helpers` in a .bats file.
#
# Environment (exported by `make check`): CGK_BUILDDIR (where the tools are built)
# and CGK_SRCDIR (the source tree); both default to the repository root.
#
# Rules (DESIGN.md, "Testing against the real kernel"): every cgroup a test makes
# lives below a scratch cgroup cgkit-test-<random> made beneath the test process's
# own cgroup in each hierarchy; it is removed, processes first, even on failure;
# processes are killed by PID, only those we started.

bats_require_minimum_version 1.5.0

CGK_SRCDIR=${CGK_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
CGK_BUILDDIR=${CGK_BUILDDIR:-$CGK_SRCDIR}
export CGK_SRCDIR CGK_BUILDDIR
cgls=$CGK_BUILDDIR/cgls
TESTBED=$CGK_SRCDIR/tests/testbed/testbed
CGK_DATA=$CGK_SRCDIR/tests/data

# --- preconditions -----------------------------------------------------------

# cgk_precondition: print why these tests cannot run here (nothing if they can).
cgk_precondition() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root: the integration tests need root on cgroup v1"
	elif ! grep -q ' - cgroup cgroup ' /proc/self/mountinfo; then
		echo "no cgroup v1 hierarchy mounted"
	elif ! command -v runc >/dev/null || ! command -v jq >/dev/null; then
		echo "runc and jq are needed (apt-get install -y runc jq busybox-static)"
	fi
}

# require_root_v1: skip the current test (with the reason) unless we run as root
# on cgroup v1.  Use in setup(); setup_file() cannot skip in bats 1.8, so it
# records the reason in CGK_SKIP for setup() to find.
require_root_v1() {
	local why=${CGK_SKIP:-$(cgk_precondition)}
	[ -z "$why" ] || skip "$why"
}

# --- hierarchies ---------------------------------------------------------------

# cg_hierarchies: one line per hierarchy the calling process is in:
#   LABEL<TAB>MOUNTPOINT<TAB>OWN-CGROUP-PATH
# LABEL is the controllers field of /proc/self/cgroup ("cpu", "cpu,cpuacct",
# "name=systemd"), or "-" for the v2 hierarchy.
cg_hierarchies() {
	local id ctrls path root mnt
	while IFS=: read -r id ctrls path; do
		read -r root mnt < <(awk -v want="${ctrls%%,*}" '
			{
				for (i = 7; i <= NF && $i != "-"; i++) ;
				if (want == "") { if ($(i+1) == "cgroup2") { print $4, $5; exit } else next }
				if ($(i+1) != "cgroup") next
				n = split($(i+3), o, ",")
				for (j = 1; j <= n; j++) if (o[j] == want) { print $4, $5; exit }
			}' /proc/self/mountinfo)
		[ -n "${mnt:-}" ] || continue
		[ "$root" = / ] || path=${path#"$root"}
		[ -n "$path" ] || path=/
		printf '%s\t%s\t%s\n' "${ctrls:--}" "$mnt" "$path"
		mnt='' root=''
	done < /proc/self/cgroup
}

# dir_of LABEL: the scratch directory $SCRATCH in hierarchy LABEL (cpu,
# memory, ...), beneath our own cgroup there
dir_of() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = "$1" ] && { echo "$mnt${own%/}/$SCRATCH"; return 0; }
	done < <(cg_hierarchies)
	return 1
}

# v2_labels: the names cgls may give the v2 hierarchy: "unified" or its
# controllers comma-joined (the interface allows either)
v2_labels() {
	local mnt
	mnt=$(awk '{ for (i = 7; i <= NF && $i != "-"; i++) ; if ($(i+1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo)
	echo unified
	local c=''
	[ -n "$mnt" ] && read -r c < "$mnt/cgroup.controllers"
	[ -z "$c" ] || echo "${c// /,}"
}

# --- scratch cgroups -----------------------------------------------------------

# scratch_create: make cgkit-test-<random> beneath our own cgroup in every
# hierarchy (v1 and the hybrid v2 one).  Sets SCRATCH (the name) and
# SCRATCH_DIRS (the directories, one per hierarchy); records them in
# $BATS_TEST_TMPDIR (or $BATS_FILE_TMPDIR) so scratch_remove finds them.
scratch_create() {
	local label mnt own d f
	SCRATCH=cgkit-test-$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')
	SCRATCH_DIRS=
	while IFS=$'\t' read -r label mnt own; do
		d=$mnt${own%/}/$SCRATCH
		SCRATCH_DIRS+="$d "
		echo "$d" >> "${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/scratch-dirs"
		mkdir "$d" || return 1
		if [ -e "$d/cpuset.cpus" ]; then
			for f in cpuset.cpus cpuset.mems; do
				cat "${d%/*}/$f" > "$d/$f" || return 1
			done
		fi
	done < <(cg_hierarchies)
	SCRATCH_DIRS=${SCRATCH_DIRS% }
}

# scratch_remove [DIR...]: kill (by PID) what is left in our scratch cgroups,
# wait for it to vanish, then remove the cgroups bottom-up.  Without arguments,
# every scratch directory scratch_create recorded.  Safe to call twice.
scratch_remove() {
	local list=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/scratch-dirs d p pids=() rc=0 n
	local dirs=("$@")
	if [ ${#dirs[@]} = 0 ] && [ -f "$list" ]; then
		mapfile -t dirs < "$list"
	fi
	for d in "${dirs[@]}"; do
		case ${d##*/} in cgkit-test-?*) ;; *) echo "scratch_remove: refusing $d" >&2; return 1;; esac
		[ -d "$d" ] || continue
		for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null && pids+=("$p")
		done
	done
	[ ${#pids[@]} = 0 ] || pids_wait_gone 30 "${pids[@]}" || rc=1
	for d in "${dirs[@]}"; do
		n=50
		while [ -d "$d" ] && [ $n -gt 0 ]; do
			find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$d" ] && sleep 0.1
			n=$((n - 1))
		done
		[ ! -d "$d" ] || { echo "scratch_remove: cannot remove $d" >&2; rc=1; }
	done
	[ $rc != 0 ] || rm -f "$list"
	return $rc
}

# cg_attach PID DIR...: move PID into each DIR (writes DIR/cgroup.procs)
cg_attach() {
	local pid=$1 d
	shift
	for d in "$@"; do
		echo "$pid" > "$d/cgroup.procs" || return 1
	done
}

# --- helper processes ----------------------------------------------------------

# helper_start CMD [ARG...]: start CMD in the background (no fd of bats kept
# open); sets HELPER_PID and records it for helpers_stop_all.
helper_start() {
	"$@" </dev/null >/dev/null 2>&1 3>&- 4>&- &
	HELPER_PID=$!
	echo "$HELPER_PID" >> "${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/helper-pids"
}

# helper_stop PID: kill a helper we started, by PID, and reap it
helper_stop() {
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	pids_wait_gone 10 "$1"
}

# helpers_stop_all: stop every helper started by this test
helpers_stop_all() {
	local f=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/helper-pids p
	[ -f "$f" ] || return 0
	while read -r p; do helper_stop "$p"; done < "$f"
	rm -f "$f"
}

# pids_wait_gone SECONDS PID...: wait until none of PID exists
pids_wait_gone() {
	local t=$(($1 * 10)) p left
	shift
	while :; do
		left=
		for p in "$@"; do [ -d "/proc/$p" ] && left+=" $p"; done
		[ -z "$left" ] && return 0
		[ $t -le 0 ] && { echo "still alive:$left" >&2; return 1; }
		sleep 0.1
		t=$((t - 1))
	done
}

# top_stop_after FILE PID: cgtop's last refreshes after a change, then SIGTERM
# shellcheck source=tests/testbed/top-wait.bash
. "$CGK_SRCDIR/tests/testbed/top-wait.bash"

# --- the test bed --------------------------------------------------------------

# testbed_up / testbed_down: for setup_file / teardown_file.  TB is the state
# directory; the test bed's env is sourced by testbed_env in each test.
testbed_up() {
	export TB=$BATS_FILE_TMPDIR/testbed
	"$TESTBED" up "$TB"
}

testbed_down() {
	[ -n "${TB:-}" ] || return 0
	"$TESTBED" down "$TB"
}

testbed_env() {
	# shellcheck disable=SC1091
	. "$TB/env"
	TSV=$TB/containers.tsv
}

# --- output parsing and assertions ---------------------------------------------

# tree_triples: read a systemd-cgls style tree (cgls or systemd-cgls) on stdin,
# print "CGROUP-PATH<TAB>PID<TAB>COMMAND" for each process and
# "CGROUP-PATH<TAB>-<TAB>-" for each cgroup; paths relative to the tree's root
# ("/" for the root itself).  The first line ("Control group X:" or
# "Directory X:") is skipped; suffixes after a cgroup's name (" [ctrls]",
# " (#id)") are dropped.  UTF-8 glyphs or systemd's ASCII ones ("|-", "`-").
tree_triples() {
	sed -e 's/│/|/g; s/├─/+-/g; s/└─/`-/g' | awk '
		NR == 1 && !/^[|+` ]/ { next }
		{
			match($0, /[+`|]-/)
			if (RSTART == 0) next
			depth = (RSTART - 1) / 2
			rest = substr($0, RSTART + 2)
			parent = depth == 0 ? "" : stack[depth - 1]
			if (rest ~ /^ *[0-9]+ /) {
				sub(/^ */, "", rest)
				pid = rest; sub(/ .*/, "", pid)
				cmd = rest; sub(/^[0-9]+ /, "", cmd)
				printf "%s\t%s\t%s\n", (parent == "" ? "/" : parent), pid, cmd
			} else {
				name = rest; sub(/ .*/, "", name)
				stack[depth] = parent "/" name
				printf "%s\t-\t-\n", stack[depth]
			}
		}'
}

# human_bytes N: bytes as cgls -H prints them ("128M"; "max" stays "max")
human_bytes() {
	local b=$1
	if [ "$b" = max ]; then echo max
	elif [ $((b % (1 << 30))) = 0 ] && [ "$b" -ge $((1 << 30)) ]; then echo "$((b >> 30))G"
	elif [ $((b % (1 << 20))) = 0 ] && [ "$b" -ge $((1 << 20)) ]; then echo "$((b >> 20))M"
	elif [ $((b % 1024)) = 0 ] && [ "$b" -ge 1024 ]; then echo "$((b >> 10))K"
	else echo "$b"
	fi
}

# fail MESSAGE...: fail the test with a message
fail() {
	printf '%s\n' "$@" >&2
	return 1
}

# assert_sets_equal NAME EXPECTED-FILE ACTUAL-FILE: same set of lines
assert_sets_equal() {
	local d
	d=$(diff <(sort -u "$2") <(sort -u "$3"))
	[ -z "$d" ] || fail "$1: sets differ (< expected, > cgls):" "$(head -40 <<< "$d")"
}

# run_cgls ARGS...: run cgls with stderr kept apart ($output, $stderr, $status)
run_cgls() {
	run --separate-stderr "$cgls" "$@" </dev/null
}

# assert_ok: status 0, stderr empty
assert_ok() {
	[ "$status" = 0 ] || fail "cgls exited $status; stderr: $stderr" "stdout: ${output:0:2000}"
	[ -z "$stderr" ] || fail "cgls wrote to stderr: $stderr"
}

# memcheck CMD...: run CMD under a memory checker. A normal build runs it
# under valgrind (errors and definite leaks fail, status 99); a build with
# --enable-sanitizers (CGK_SANITIZED=yes, set by make check) carries ASan and
# UBSan, which valgrind cannot run: CMD runs as it is and the sanitizers
# abort it on the first error.
memcheck() {
	if [ "${CGK_SANITIZED:-no}" = yes ]; then
		"$@"
	else
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite "$@"
	fi
}

# strace: LeakSanitizer cannot work in a traced process (it stops the world
# with ptrace itself) and fails the run; under strace a sanitizer build runs
# without it (ASan and UBSan stay on). No effect on a normal build.
strace() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" command strace "$@"
}
