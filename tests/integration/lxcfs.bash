# SPDX-License-Identifier: MIT
# lxcfs and lxcfs-using containers for the tests of share/lxcfs-remount and
# for tests/bench/ns. Sourced (bash). Containers join a running test bed
# (tests/testbed/testbed up): its runc root, bundle template, rootfs, scratch
# cgroup and PID list, so `testbed down` removes them with the rest.
#
# The host side stands for a host whose /var/lib is a shared mount (as systemd
# makes /): LXCFS_VARLIB is made a shared bind mount of itself and lxcfs runs
# on LXCFS_DIR=$LXCFS_VARLIB/lxcfs. A container binds LXCFS_VARLIB at /var/lib
# (rbind, rslave), so when lxcfs restarts its new mount shows at
# /var/lib/lxcfs inside too; the container's own binds of the files over
# /proc/* do not come back: the remount loop's job.
#
#   lxcfs_start          lxcfs on LXCFS_DIR; waits until it answers; its PID
#                        in LXCFS_PID and in $LXCFS_VARLIB.ourpid (bats runs
#                        each test in a subshell: the file outlives it)
#   lxcfs_stop           SIGTERM to that PID (only it), wait, SIGKILL
#   lxcfs_restart        stop, start again: the containers' binds go stale
#   lxcfs_umount         whatever is left mounted on LXCFS_DIR and LXCFS_VARLIB, removed
#   lxcfs_container ID MEMBYTES [nodir]
#                        a docker-laid-out container in the test bed with the
#                        lxcfs files bound over /proc/* and cpu/online, and
#                        /var/lib from the host; "nodir": without /var/lib;
#                        sets LAST_PID

LXCFS_FILES=(/proc/cpuinfo /proc/diskstats /proc/loadavg /proc/meminfo /proc/stat
	/proc/swaps /proc/uptime /sys/devices/system/cpu/online)

# lxcfs_answers DIR: reading DIR/proc/meminfo works
lxcfs_answers() {
	head -c1 "$1/proc/meminfo" >/dev/null 2>&1
}

# is_mounted DIR: DIR is a mount point of ours
is_mounted() {
	awk -v d="$1" '$5 == d { f = 1 } END { exit !f }' /proc/self/mountinfo
}

# top_fstype DIR: the file system type of the topmost mount on DIR
top_fstype() {
	awk -v d="$1" '{ for (i = 7; $i != "-"; i++) ; if ($5 == d) t = $(i + 1) } END { print t }' \
		/proc/self/mountinfo
}

lxcfs_start() {
	local dir=$LXCFS_DIR i
	mkdir -p "$LXCFS_VARLIB" || return 1
	if ! is_mounted "$LXCFS_VARLIB"; then
		mount --bind "$LXCFS_VARLIB" "$LXCFS_VARLIB" &&
			mount --make-shared "$LXCFS_VARLIB" || return 1
	fi
	mkdir -p "$dir" || return 1
	LXCFS_LOG=${LXCFS_LOG:-$LXCFS_VARLIB.log}
	setsid lxcfs -f -p "$LXCFS_VARLIB.pid" "$dir" </dev/null >>"$LXCFS_LOG" 2>&1 3>&- &
	LXCFS_PID=$!
	echo "$LXCFS_PID" > "$LXCFS_VARLIB.ourpid"
	for i in $(seq 100); do
		lxcfs_answers "$dir" && return 0
		alive "$LXCFS_PID" || break
		sleep 0.05
	done
	echo "lxcfs did not come up on $dir: $(tail -3 "$LXCFS_LOG")" >&2
	return 1
}

# alive PID: PID exists and is not a zombie
alive() {
	[ -e "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat" 2>/dev/null
}

lxcfs_stop() {
	local i pid
	pid=$(cat "$LXCFS_VARLIB.ourpid" 2>/dev/null) || return 0
	# only the lxcfs we started: that PID, running lxcfs on our directory
	if alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "^lxcfs .* $LXCFS_DIR \$"; then
		kill -TERM "$pid" 2>/dev/null
		for i in $(seq 100); do
			alive "$pid" || break
			sleep 0.05
		done
		alive "$pid" && kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || true
	fi
	rm -f "$LXCFS_VARLIB.ourpid"
	LXCFS_PID=
}

lxcfs_restart() {
	lxcfs_stop
	# its FUSE mount goes with it (lxcfs unmounts on SIGTERM); if not, lazily
	while [ "$(top_fstype "$LXCFS_DIR")" = fuse.lxcfs ]; do umount -l "$LXCFS_DIR" || return 1; done
	lxcfs_start
}

lxcfs_umount() {
	local d n
	for d in "$LXCFS_DIR" "$LXCFS_VARLIB"; do
		n=0
		while is_mounted "$d" && [ $n -lt 16 ]; do
			umount -l "$d" 2>/dev/null || break
			n=$((n + 1))
		done
		! is_mounted "$d" || return 1
	done
}

lxcfs_container() {
	local id=$1 mem=$2 nodir=${3:-} b f mounts pid
	b=$BUNDLES/lxcfs-$id
	mkdir -p "$b" || return 1
	mounts='[]'
	[ "$nodir" = nodir ] ||
		mounts='[{destination: "/var/lib", type: "bind", source: $varlib, options: ["rbind", "rslave"]}]'
	jq --arg rootfs "$ROOTFS" --arg id "$id" --arg dir "$LXCFS_DIR" --arg varlib "$LXCFS_VARLIB" \
	   --arg cg "$SCRATCH/system.slice/docker-$id.scope" --arg mem "$mem" \
	   --argjson files "$(printf '%s\n' "${LXCFS_FILES[@]}" | jq -R . | jq -s .)" '
		.process.terminal = false
		| .process.args = ["sleep", "100000"]
		| .root.path = $rootfs | .root.readonly = true
		| .hostname = ($id[0:12])
		| .linux.cgroupsPath = $cg
		| .linux.resources.memory = {limit: ($mem|tonumber)}
		| .mounts += '"$mounts"'
		| .mounts += ($files | map({destination: ., type: "bind", source: ($dir + .), options: ["bind"]}))' \
		"$BUNDLES/config.json.in" > "$b/config.json" || return 1
	if ! runc --root "$RUNC_ROOT" create --bundle "$b" --pid-file "$b/pid" "$id" \
		</dev/null >"$b/out" 2>"$b/err"; then
		echo "runc create $id: $(cat "$b/err")" >&2
		return 1
	fi
	pid=$(cat "$b/pid") || return 1
	echo "$pid" >> "$STATEDIR/pids"
	runc --root "$RUNC_ROOT" start "$id" >>"$b/out" 2>>"$b/err" || return 1
	LAST_PID=$pid
}
