# SPDX-License-Identifier: MIT
# Helpers of the hardening tests (badinput.bats, security.bats): a scratch tree
# with values and a process in it, damaged copies of the fixture sysroots, and a
# snapshot of everything a tool must leave alone.  `load hardening` after
# `load helpers`.

# hard_tree: below the scratch cgroup (scratch_create first), a and a/b in every
# hierarchy with limits set, two docker-<id>.scope cgroups whose ids share the
# prefix c0debad0 (ID1, ID2), a sleeping process in a (SLEEPER) and a dead PID
# (DEAD).  Sets S (the scratch as --relative names it), A, B, and SDIR_<ctrl>.
hard_tree() {
	local d c
	S=/$SCRATCH A=/$SCRATCH/a B=/$SCRATCH/a/b
	ID1=c0debad0$(printf '%056d' 1) ID2=c0debad0$(printf '%056d' 2)
	for d in $SCRATCH_DIRS; do
		mkdir "$d/a" "$d/a/b" || return 1
		if [ -e "$d/cpuset.cpus" ]; then
			for c in a a/b; do
				cat "$d/cpuset.cpus" > "$d/$c/cpuset.cpus" || return 1
				cat "$d/cpuset.mems" > "$d/$c/cpuset.mems" || return 1
			done
		fi
		[ -e "$d/cpu.cfs_quota_us" ] && { echo 50000 > "$d/a/cpu.cfs_quota_us" || return 1; }
		[ -e "$d/memory.limit_in_bytes" ] &&
			{ echo 268435456 > "$d/a/memory.limit_in_bytes" || return 1; }
		[ -e "$d/pids.max" ] && { echo 100 > "$d/a/pids.max" || return 1; }
		case $d in
		*/cpu/*) mkdir "$d/docker-$ID1.scope" "$d/docker-$ID2.scope" || return 1;;
		esac
	done
	helper_start sleep 1000
	SLEEPER=$HELPER_PID
	for d in $SCRATCH_DIRS; do
		echo "$SLEEPER" > "$d/a/cgroup.procs" || return 1
	done
	sh -c 'exit 0' &
	DEAD=$!
	wait "$DEAD"
	pids_wait_gone 5 "$DEAD"
}

# hard_sysroots DIR: copies of tests/data's sysroots below DIR, each damaged one
# way, and DIR/outside: the files a symlink in them points to (never to be
# written).  The names say the damage: mi-* mountinfo, p1-*/self-* the cgroup
# file of PID 1 or of the caller, ctl-* a control file, dir-* a cgroup
# directory, mnt-* a mount point.
hard_sysroots() {
	local r=$1 o=$1/outside s
	mkdir -p "$r" "$o/a" || return 1
	for s in "$o" "$o/a"; do
		echo 1024 > "$s/cpu.shares"
		echo -1 > "$s/cpu.cfs_quota_us"
		: > "$s/cgroup.procs"
		: > "$s/tasks"
	done
	echo "do not write" > "$o/victim"
	mk() { rm -rf "${r:?}/$1"; cp -a "$CGK_DATA/sysroot-${2:-apply}" "$r/$1"; }
	mk good
	mk ambig mini
	mkdir "$r/ambig/sys/fs/cgroup/systemd/system.slice/docker-5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f0.scope"
	# mountinfo
	mk mi-dir; rm "$r/mi-dir/proc/self/mountinfo"; mkdir "$r/mi-dir/proc/self/mountinfo"
	mk mi-empty; : > "$r/mi-empty/proc/self/mountinfo"
	mk mi-trunc; head -c 150 "$r/good/proc/self/mountinfo" > "$r/mi-trunc/proc/self/mountinfo"
	mk mi-junk; head -c 4096 /dev/urandom > "$r/mi-junk/proc/self/mountinfo"
	mk mi-nosep; sed 's/ - cgroup / cgroup /' "$r/good/proc/self/mountinfo" > "$r/mi-nosep/proc/self/mountinfo"
	mk mi-nul; printf '32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,c\0pu\n' > "$r/mi-nul/proc/self/mountinfo"
	mk mi-huge
	yes "$(sed -n 4p "$r/good/proc/self/mountinfo")" | head -c 4200000 > "$r/mi-huge/proc/self/mountinfo"
	# a mount point that climbs out of the sysroot to a tree of control files
	mk mnt-dotdot
	sed "s# /sys/fs/cgroup/cpu # /../../../../../../../..$o #" "$r/good/proc/self/mountinfo" > "$r/mnt-dotdot/proc/self/mountinfo"
	mk mnt-link; rm -r "$r/mnt-link/sys/fs/cgroup/cpu"; ln -s "$o" "$r/mnt-link/sys/fs/cgroup/cpu"
	mk mnt-rel; rm -r "$r/mnt-rel/sys/fs/cgroup/cpu"
	ln -s "../../../../../../../../../../..$o" "$r/mnt-rel/sys/fs/cgroup/cpu"
	# /proc/PID/cgroup
	mk p1-junk; head -c 300 /dev/urandom > "$r/p1-junk/proc/1/cgroup"
	mk p1-dir; rm "$r/p1-dir/proc/1/cgroup"; mkdir "$r/p1-dir/proc/1/cgroup"
	mk self-junk; printf '1:cpu:\001\377\n\0\0garbage' > "$r/self-junk/proc/self/cgroup"
	mk noproc; rm -r "$r/noproc/proc"
	mk procfile; rm -r "$r/procfile/proc"; echo junk > "$r/procfile/proc"
	# control files and cgroup directories
	mk ctl-dir; rm "$r/ctl-dir/sys/fs/cgroup/cpu/a/cpu.shares"; mkdir "$r/ctl-dir/sys/fs/cgroup/cpu/a/cpu.shares"
	mk ctl-junk; head -c 500 /dev/urandom > "$r/ctl-junk/sys/fs/cgroup/cpu/a/cpu.shares"
	mk ctl-link; ln -sf "$o/cpu.shares" "$r/ctl-link/sys/fs/cgroup/cpu/a/cpu.shares"
	ln -sf "$o/cgroup.procs" "$r/ctl-link/sys/fs/cgroup/cpu/a/cgroup.procs"
	ln -sf "$o/tasks" "$r/ctl-link/sys/fs/cgroup/cpu/a/tasks"
	mk ctl-link-deep; ln -sf "$o/cpu.shares" "$r/ctl-link-deep/sys/fs/cgroup/cpu/a/b/cpu.shares"
	mk dir-link; rm -r "$r/dir-link/sys/fs/cgroup/cpu/a"; ln -s "$o" "$r/dir-link/sys/fs/cgroup/cpu/a"
	mk dir-rel; rm -r "$r/dir-rel/sys/fs/cgroup/cpu/a"
	ln -s "../../../../../../../../../../..$o" "$r/dir-rel/sys/fs/cgroup/cpu/a"
	mk dir-etc; rm -r "$r/dir-etc/sys/fs/cgroup/cpu/a"; ln -s /etc "$r/dir-etc/sys/fs/cgroup/cpu/a"
	unset -f mk
}

# hard_snapshot: every control file of the scratch tree in every hierarchy (the
# counters the kernel moves by itself left out), then every file and link below
# the sysroots directory HARD_SR (when set): content line by line, so an undo
# that writes back "1024" for "1024\n" compares equal, as on the kernel's files.
hard_snapshot() {
	local d
	for d in $SCRATCH_DIRS; do
		echo "== $d"
		(cd "$d" && grep -r -H '' \
			--exclude='*usage*' --exclude='*.stat' --exclude='*.stat.local' \
			--exclude='*numa_stat' --exclude='*failcnt' --exclude='*.current' \
			--exclude='*.peak' --exclude='*.events' --exclude='*.events.local' \
			--exclude='*pressure*' --exclude='*io_serv*' --exclude='*.sectors*' \
			--exclude='*.time*' --exclude='*io_queued*' --exclude='*io_merged*' \
			--exclude='*io_wait*' --exclude='memory.oom_control' --exclude='*slabinfo' \
			. 2>/dev/null | LC_ALL=C sort)
	done
	[ -n "${HARD_SR:-}" ] || return 0
	echo "== $HARD_SR"
	(cd "$HARD_SR" && find . -printf '%p %y %l\n' | LC_ALL=C sort &&
	 find . -type f -size -64k -exec awk '{ print FILENAME ": " $0 }' {} + | LC_ALL=C sort &&
	 find . -type f -size +63k -exec md5sum {} + | LC_ALL=C sort)
}
