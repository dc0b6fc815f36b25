#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# Containers by the names their users know (issue 17): docker's and podman's
# --name (with compose's labels) from the real runtimes of
# tests/testbed/runtimes, and Kubernetes pods NS/POD[/CONTAINER] from CRI
# annotations, in runc containers whose state lives where containerd's shim
# keeps it (tests/testbed/testbed: STATEDIR/run/containerd/runc/k8s.io). The
# tools find the names in the runtimes' own files (lib/names.c); what they
# then do is checked against the kernel's values and the containers' own view.
#
#   make check TESTS=tests/integration/names.bats
#   CGK_BUILDDIR=. bats tests/integration/names.bats      (from the source tree)

load helpers

RUNTIMES=$CGK_SRCDIR/tests/testbed/runtimes
procview=$CGK_BUILDDIR/procview
nsenter_lite=$CGK_BUILDDIR/nsenter-lite
cgset=$CGK_BUILDDIR/cgset
cgsh=$CGK_BUILDDIR/cgsh
cgtop=$CGK_BUILDDIR/cgtop

setup_file() {
	local c
	export CGK_SKIP RT TB
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	for c in dockerd containerd ctr podman conmon tmux; do
		command -v "$c" >/dev/null ||
			{ CGK_SKIP="no $c (./setup installs docker.io containerd podman tmux)"; return 0; }
	done
	testbed_up >"$BATS_FILE_TMPDIR/tb.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/tb.log" >&2; testbed_down; TB=; return 1; }
	RT=$BATS_FILE_TMPDIR/rt
	"$RUNTIMES" up "$RT" >"$BATS_FILE_TMPDIR/up.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/up.log" >&2; RT=; testbed_down; return 1; }
}

teardown_file() {
	local rc=0
	[ -z "${RT:-}" ] || "$RUNTIMES" down "$RT" || rc=1
	testbed_down || rc=1
	return $rc
}

setup() {
	require_root_v1
	local t
	for t in "$cgls" "$procview" "$nsenter_lite" "$cgset" "$cgsh"; do
		[ -x "$t" ] || fail "no $t (build first)"
	done
	testbed_env
	TB_SCRATCH=$SCRATCH	# the runtimes' env has a SCRATCH of its own
	# shellcheck disable=SC1091
	. "$RT/env"
	# the runc test bed keeps its CRI state below TB, not at /run/containerd/runc
	export CGKIT_CONTAINERD_RUNC_ROOT=$TB/run/containerd/runc
	POD_B_DIR=kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_B//-/_}.slice
}

teardown() {
	[ -z "${TMUX_SOCK:-}" ] || tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	[ -z "${CGTOP_PID:-}" ] || kill "$CGTOP_PID" 2>/dev/null
	return 0
}

docker() { "$RUNTIMES" docker "$RT" "$@"; }
podman() { "$RUNTIMES" podman "$RT" "$@"; }

# hostdir CTRL REL: the host directory of REL (below our own cgroup) in CTRL
hostdir() {
	local own
	own=$(awk -F: -v c="$1" '$2 == c { print $3 }' /proc/self/cgroup)
	echo "/sys/fs/cgroup/$1${own%/}/${2#/}"
}

# ctr_rel RUNTIME ID: the container's cgroup below our own (runtimes test bed)
ctr_rel() {
	awk -F'\t' -v id="$2" '$2 == id { print $7 }' "$RT/containers.tsv"
}

# ctr_json: cgls --containers --json with every column (IMAGE and CONTAINER
# are not among the default ones), its list of containers on stdout
ctr_json() {
	local j
	j=$("$cgls" --containers --json --output-all) || return 1
	jq -e .containers <<<"$j"
}

@test "cgls --containers --json: names and images from docker's, podman's and runc's files" {
	local j
	j=$(ctr_json) || fail "cgls --containers --json failed"
	[ "$(jq -r --arg id "$D_ID" '.[] | select(.id == $id) | [.name, .image] | @tsv' <<<"$j")" = \
	  "$D_NAME	cgkit/busybox:1" ] || fail "docker: $(jq -c --arg id "$D_ID" '.[] | select(.id == $id)' <<<"$j")"
	[ "$(jq -r --arg id "$P_ID" '.[] | select(.id == $id) | [.name, .image] | @tsv' <<<"$j")" = \
	  "$P_NAME	localhost/cgkit/busybox:1" ] || fail "podman: $(jq -c --arg id "$P_ID" '.[] | select(.id == $id)' <<<"$j")"
	# docker's own word for it
	[ "$(docker inspect -f '{{.Name}}' "$D_ID")" = "/$D_NAME" ]
	# CRI: the app container and its sandbox, by their annotations in state.json
	[ "$(jq -r --arg id "$APP_B" '.[] | select(.id == $id) | [.name, .image, .pod, .container] | @tsv' <<<"$j")" = \
	  "app	library/nginx:1.25	$CRI_NS/nginx-7d9f	app" ] ||
		fail "app: $(jq -c --arg id "$APP_B" '.[] | select(.id == $id)' <<<"$j")"
	[ "$(jq -r --arg id "$PAUSE_BE" '.[] | select(.id == $id) | [.name, .pod, .container // "-"] | @tsv' <<<"$j")" = \
	  "redis-0	$CRI_NS/redis-0	-" ] || fail "sandbox: $(jq -c --arg id "$PAUSE_BE" '.[] | select(.id == $id)' <<<"$j")"
	# ctr's own containers have no name beyond their id; runc's docker-like ones none
	[ "$(jq -r --arg id "$C_ID" '.[] | select(.id == $id) | .name' <<<"$j")" = null ]
	[ "$(jq -r --arg id "$D_HALF" '.[] | select(.id == $id) | .name' <<<"$j")" = null ]
}

@test "cgset --cpus 0.5 NAME: the quota lands in the named container; -n prints the id" {
	local rel q
	run --separate-stderr "$cgset" -n --cpus 0.5 "$D_NAME"
	[ "$status" = 0 ] || fail "$stderr"
	rel=$(ctr_rel docker "$D_ID")
	[ "${lines[0]}" = "# $D_NAME: docker $D_ID $rel" ] || fail "$output"
	grep -q "/docker/$D_ID/cpu.cfs_quota_us <- 50000\$" <<<"$output" || fail "$output"
	q=$(cat "$(hostdir cpu "$rel")/cpu.cfs_quota_us")
	[ "$q" = 20000 ] || fail "a dry run wrote: $q"
	run --separate-stderr "$cgset" --cpus 0.5 "$D_NAME"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(cat "$(hostdir cpu "$rel")/cpu.cfs_quota_us")" = 50000 ]
	# podman's container by its name
	run --separate-stderr "$cgset" --pids 77 "$P_NAME"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(cat "$(hostdir pids "$(ctr_rel podman "$P_ID")")/pids.max")" = 77 ]
}

@test "cgls -r KNOB NAME; procview NAME meminfo; nsenter-lite -t NAME" {
	run --separate-stderr "$cgls" -v -r memory.limit_in_bytes "$P_NAME"
	assert_ok
	[ "$output" = $((128 * 1024 * 1024)) ] || fail "$output"
	run --separate-stderr "$procview" "$P_NAME" meminfo
	[ "$status" = 0 ] || fail "$stderr"
	grep -qE '^MemTotal: +131072 kB$' <<<"$output" || fail "$output"
	# the container's own UTS namespace answers
	[ "$("$nsenter_lite" -t "$D_NAME" -u hostname)" = cgk-docker ]
	[ "$("$nsenter_lite" -t "$P_NAME" -a hostname)" = cgk-podman ]
}

@test "a pod by NS/POD and its container by NS/POD/CONTAINER, from CRI annotations" {
	local pod
	pod=$(hostdir pids "$TB_SCRATCH/$POD_B_DIR")
	run --separate-stderr "$cgset" -n --pids 50 "$CRI_NS/nginx-7d9f"
	[ "$status" = 0 ] || fail "$stderr"
	[ "${lines[0]}" = "# $CRI_NS/nginx-7d9f: pod $POD_B /$TB_SCRATCH/$POD_B_DIR" ] || fail "$output"
	run --separate-stderr "$cgset" --pids 50 "$CRI_NS/nginx-7d9f"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(cat "$pod/pids.max")" = 50 ]
	[ "$(cat "$pod/cri-containerd-$APP_B.scope/pids.max")" = max ]
	# the app container: cgset, and nsenter-lite into it (it shares the
	# sandbox's UTS namespace, named after the sandbox's id)
	run --separate-stderr "$cgset" --pids 40 "$CRI_NS/nginx-7d9f/app"
	[ "$status" = 0 ] || fail "$stderr"
	[ "$(cat "$pod/cri-containerd-$APP_B.scope/pids.max")" = 40 ]
	[ "$("$nsenter_lite" -t "$CRI_NS/redis-0/app" -u hostname)" = "${PAUSE_BE:0:12}" ]
	[ "$("$nsenter_lite" -t "$CRI_NS/redis-0/app" -p -r readlink /proc/1/exe)" = /bin/busybox ]
	run --separate-stderr "$procview" "$CRI_NS/nginx-7d9f/app" meminfo
	grep -qE '^MemTotal: +98304 kB$' <<<"$output" || fail "$output $stderr"
	# a sandbox is no container of its pod; unknown pods and containers: one line
	run --separate-stderr "$cgset" -n --pids 5 "$CRI_NS/nginx-7d9f/nope"
	[ "$status" = 1 ] && [ "$stderr" = "cgset: $CRI_NS/nginx-7d9f/nope: no such cgroup, nor a pod (NS/POD) or pod's container (NS/POD/CONTAINER) of that name (--create makes it)" ] ||
		fail "$status: $stderr"
}

@test "a name several containers have is refused with one line listing them; nothing written" {
	local other rel
	rel=$(ctr_rel docker "$D_ID")
	echo 123 > "$(hostdir pids "$rel")/pids.max"
	# podman gives its own container the docker container's name
	other=$(podman run -d --pull never --network none --name "$D_NAME" \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 cgkit/busybox:1 sleep 1000) ||
		fail "podman run"
	run --separate-stderr "$cgset" --pids 7 "$D_NAME"
	podman rm -f -t 0 "$other" >/dev/null
	[ "$status" = 1 ] || fail "status $status: $output"
	[ "$(wc -l <<<"$stderr")" = 1 ] || fail "$stderr"
	[[ $stderr == "cgset: $D_NAME: name '$D_NAME' matches 2: "* ]] || fail "$stderr"
	grep -q "docker ${D_ID:0:12}" <<<"$stderr" && grep -q "podman ${other:0:12}" <<<"$stderr" ||
		fail "$stderr"
	[ "$(cat "$(hostdir pids "$rel")/pids.max")" = 123 ]
	# the runc test bed's two pods each have a container "app"
	run --separate-stderr "$cgset" -n --pids 7 app
	[ "$status" = 1 ] && [[ $stderr == "cgset: app: name 'app' matches "* ]] || fail "$stderr"
	grep -q "containerd ${APP_B:0:12}" <<<"$stderr" && grep -q "containerd ${APP_BE:0:12}" <<<"$stderr" ||
		fail "$stderr"
}

# --- cgtop watching: docker rename, restart and rm -------------------------------

@test "cgtop: a docker container renamed, restarted and removed under it: the new name at a later refresh, then the row goes" {
	local n1=cgk-top-$NAME_SFX n2=cgk-top2-$NAME_SFX id dir rc
	dir=$(dirname "$(ctr_rel docker "$D_ID")")
	id=$(docker run -d --pull never --network none --name "$n1" cgkit/busybox:1 sleep 100000) ||
		fail "docker run: $id"
	"$cgtop" --relative -b -n 100000 -d 0.5 --format=json "$dir" < /dev/null \
		> "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
	CGTOP_PID=$!
	sleep 1.5
	docker rename "$n1" "$n2" || fail "docker rename"
	sleep 1.5
	docker restart -t 0 "$n2" >/dev/null || fail "docker restart"
	sleep 1.5
	docker rm -f "$n2" >/dev/null || fail "docker rm"
	top_stop_after "$BATS_TEST_TMPDIR/out" "$CGTOP_PID"
	rc=$?
	CGTOP_PID=
	[ "$rc" = 0 ] && [ ! -s "$BATS_TEST_TMPDIR/err" ] || fail "cgtop: $rc $(cat "$BATS_TEST_TMPDIR/err")"
	# its name round by round, where it has a row: the first, then the new one
	jq -r --arg id "$id" '[.cgroups[].container | select(. != null and .id == $id) | .name] | .[0] // empty' \
		"$BATS_TEST_TMPDIR/out" | uniq > "$BATS_TEST_TMPDIR/names"
	[ "$(paste -sd' ' "$BATS_TEST_TMPDIR/names")" = "$n1 $n2" ] || fail "names: $(cat "$BATS_TEST_TMPDIR/names")"
	# removed: no row in the last round
	[ "$(tail -1 "$BATS_TEST_TMPDIR/out" | jq --arg id "$id" '[.cgroups[].container | select(. != null and .id == $id)] | length')" = 0 ] ||
		fail "$id still there after docker rm"
}

# --- cgsh watching: Tab completion, rename, restart, removal ------------------------

tm() { tmux -L "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t cgk; }
wait_screen() {
	local n=0
	until screen | grep -qE -- "$1"; do
		n=$((n + 1))
		[ $n -lt 150 ] || { fail "screen never showed /$1/:" "$(screen)"; return 1; }
		sleep 0.1
	done
}
last_line() { screen | grep -v '^$' | tail -1; }
wait_prompt() {
	local n=0
	until [ "$(last_line)" = "${1% }" ]; do
		n=$((n + 1))
		[ $n -lt 150 ] || { fail "no prompt '$1':" "$(screen)"; return 1; }
		sleep 0.1
	done
}

@test "cgsh: Tab completes names; docker rename, restart and rm while it runs" {
	local new=cgk-renamed-$NAME_SFX rel pid0 pid1
	rel=$(ctr_rel docker "$D_ID")
	TMUX_SOCK=cgk-names-$$-$BATS_TEST_NUMBER
	cat > "$BATS_TEST_TMPDIR/run.sh" <<-EOF
		export CGKIT_CONTAINERD_RUNC_ROOT=$CGKIT_CONTAINERD_RUNC_ROOT
		$cgsh --relative
		echo "CGSH-EXIT=\$?"
		exec sleep 1000
	EOF
	tm -f /dev/null new-session -d -s cgk -x 200 -y 50 \
		"HOME=$HOME LANG=C.UTF-8 TERM=xterm-256color INPUTRC=/dev/null bash --norc $BATS_TEST_TMPDIR/run.sh" ||
		fail "tmux new-session failed"
	wait_prompt "/> "
	# a name completes (the suffix is unique to this test bed)
	tm send-keys -t cgk "cd cgk-web-${NAME_SFX:0:3}" Tab
	wait_screen "/> cd $D_NAME ?\$"
	tm send-keys -t cgk Enter "pwd" Enter
	wait_screen "^$rel\$"
	tm send-keys -t cgk "cd /" Enter
	# renamed: the new name resolves, the old one no longer
	pid0=$(docker inspect -f '{{.State.Pid}}' "$D_ID")
	docker rename "$D_NAME" "$new"
	tm send-keys -t cgk "cd $D_NAME" Enter
	wait_screen "^cgsh: cd: $D_NAME: no such cgroup"
	tm send-keys -t cgk "clear" Enter "cd $new" Enter "pwd" Enter
	wait_screen "^$rel\$"
	tm send-keys -t cgk "cd /" Enter
	# restarted: same id, a new init; still found by name, its init entered
	docker restart -t 0 "$new" >/dev/null
	pid1=$(docker inspect -f '{{.State.Pid}}' "$D_ID")
	[ "$pid1" != "$pid0" ] || fail "restart kept PID $pid0"
	[ "$("$nsenter_lite" -t "$new" -u hostname)" = cgk-docker ]
	tm send-keys -t cgk "clear" Enter "cd $new" Enter "pwd" Enter
	wait_screen "^$rel\$"
	tm send-keys -t cgk "cd /" Enter
	# removed: a clear error, and the shell goes on
	docker rm -f "$new" >/dev/null
	tm send-keys -t cgk "clear" Enter "cd $new" Enter
	wait_screen "^cgsh: cd: $new: "
	tm send-keys -t cgk "pwd" Enter
	wait_prompt "/> "
	! screen | grep -q CGSH-EXIT || fail "cgsh ended: $(screen)"
	run --separate-stderr "$cgset" -n --pids 5 "$new"
	[ "$status" = 1 ] && [ "$(wc -l <<<"$stderr")" = 1 ] || fail "$status: $stderr"
}
