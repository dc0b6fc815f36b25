#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# cgls against the real kernel: a test bed of real runc containers laid out as
# docker and the kubelet lay them out (tests/testbed/testbed), compared with the
# anchors (find, lscgroup, systemd-cgls, cgget) and with the test bed's own
# record of what it started (containers.tsv).
#
#   make check TESTS=tests/integration/cgls.bats
#   CGK_BUILDDIR=. bats tests/integration/cgls.bats      (from the source tree)

load helpers

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	testbed_up
}

teardown_file() {
	testbed_down
}

setup() {
	require_root_v1
	[ -x "$cgls" ] || fail "no cgls at $cgls (build it first)"
	testbed_env
}

teardown() {
	helpers_stop_all
	scratch_remove
	# a cgroup a test made inside the test bed's scratch cgroup
	if [ -n "${EXTRA_CG:-}" ]; then rmdir "$EXTRA_CG" 2>/dev/null; fi
	if [ -n "${LEAFY:-}" ]; then find "$LEAFY" -depth -type d -exec rmdir {} + 2>/dev/null; fi
	return 0
}

# hier_dir LABEL: the test bed's scratch directory in the hierarchy LABEL
# ("-" = v2); own_path LABEL: our own cgroup path in that hierarchy
hier_dir() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = "$1" ] && { echo "$mnt${own%/}/$SCRATCH"; return 0; }
	done < <(cg_hierarchies)
	return 1
}
own_path() {
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = "$1" ] && { echo "${own%/}"; return 0; }
	done < <(cg_hierarchies)
	return 1
}

# pid1_path LABEL: PID 1's cgroup in that hierarchy: cgls's display root
pid1_path() {
	awk -F: -v l="${1#-}" '$2 == l { p = $3; for (i = 4; i <= NF; i++) p = p ":" $i; print p; exit }' /proc/1/cgroup
}

# ------------------------------------------------------------------------------
# containers

@test "--relative --containers -o: every test bed container, its runtime, id, pod, QoS, PID, CPUS, MEMORY" {
	run_cgls --relative --containers -o RUNTIME,ID,POD_UID,QOS,PID,CPUS,MEMORY,CGROUP
	assert_ok
	[ "$(echo "${lines[0]}" | awk '{ $1 = $1; print }')" = "RUNTIME ID POD_UID QOS PID CPUS MEMORY CGROUP" ] ||
		fail "bad header: ${lines[0]}"
	local rt id pod qos pid cpus mem cg row want n=0 errs=()
	while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
		row=$(printf '%s\n' "${lines[@]:1}" | awk -v id="${id:0:12}" '$2 == id { $1 = $1; print }')
		want="$rt ${id:0:12} $pod $qos $pid $cpus $(human_bytes "$mem") $cg"
		[ "$row" = "$want" ] || errs+=("container ${id:0:12}:" "  want: $want" "  got:  $row")
		n=$((n + 1))
	done < "$TSV"
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
	[ $n = 8 ]
	# both containers of each pod: the pause and the app container
	for pod in "$POD_B" "$POD_BE"; do
		[ "$(printf '%s\n' "${lines[@]:1}" | awk -v p="$pod" '$3 == p' | wc -l)" = 2 ] ||
			fail "pod $pod: want 2 rows"
	done
}

@test "--containers -l: full 64-hex ids" {
	run_cgls --relative --containers -l -o runtime,id,pod_uid,qos,pid,cpus,memory,cgroup
	assert_ok
	local rt id pod qos pid cpus mem cg row want errs=()
	while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
		row=$(printf '%s\n' "${lines[@]:1}" | awk -v id="$id" '$2 == id { $1 = $1; print }')
		want="$rt $id $pod $qos $pid $cpus $(human_bytes "$mem") $cg"
		[ "$row" = "$want" ] || errs+=("container ${id:0:12}:" "  want: $want" "  got:  $row")
	done < "$TSV"
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
}

@test "--containers --json --output-all: same facts, with null for absent values" {
	run_cgls --relative --containers --json --output-all "/$SCRATCH"
	assert_ok
	echo "$output" | jq -e '.containers | type == "array"' >/dev/null || fail "not {\"containers\": [...]}: ${output:0:300}"
	[ "$(jq -c '[.containers[0] | keys_unsorted[]]' <<<"$output")" = \
	  '["runtime","id","name","image","pod","container","pod_uid","qos","pid","cpus","memory","cgroup"]' ] ||
		fail "keys: $(jq -c '.containers[0]' <<<"$output")"
	local rt id pod qos pid cpus mem cg
	while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
		echo "$output" | jq -e --arg rt "$rt" --arg id "$id" --arg pod "$pod" --arg qos "$qos" \
			--argjson pid "$pid" --arg cpus "$cpus" --arg mem "$mem" --arg cg "$cg" '
			[.containers[] | select(.id == $id)] | length == 1 and (.[0] |
				.runtime == $rt
				and .pod_uid == (if $pod == "-" then null else $pod end)
				and .qos == (if $qos == "-" then null else $qos end)
				and .pid == $pid
				and .cpus == (if $cpus == "max" then null else ($cpus | tonumber) end)
				and .memory == (if $mem == "max" then null else ($mem | tonumber) end)
				and .cgroup == $cg)' >/dev/null ||
			fail "container $id: want $rt $pod $qos $pid $cpus $mem $cg; got:" \
				"$(echo "$output" | jq -c --arg id "$id" '.containers[] | select(.id == $id)')"
	done < "$TSV"
	[ "$(jq '.containers | length' <<<"$output")" = "$(wc -l < "$TSV")" ] || fail "not one object per container"
	# -J is --json
	run_cgls --relative --containers -J --output-all "/$SCRATCH"
	assert_ok
	[ "$(jq -c '.containers | map(.id)' <<<"$output")" != null ] || fail "-J: $output"
}

# ------------------------------------------------------------------------------
# -p against find and lscgroup

@test "-p: the same cgroups as find(1) in every hierarchy, in pre-order" {
	local snap=$BATS_TEST_TMPDIR
	local label mnt own v1labels=() v2label=
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = - ] || v1labels+=("$label")
	done < <(cg_hierarchies)

	find_snapshot() { # the expected -p lines, v2 labelled V2LABEL
		local label mnt own base l
		while IFS=$'\t' read -r label mnt own; do
			base=$(pid1_path "$label"); base=${base%/}
			l=$label; [ "$l" != - ] || l=V2LABEL
			find "$mnt$base" -type d | sed -e "s|^$mnt$base|$l:|" -e 's|:$|:/|'
		done < <(cg_hierarchies)
	}
	# Other sessions make and remove cgroups meanwhile: what existed before and
	# after the run must be there, and nothing that existed neither before nor
	# after.  Only when the system changed during the run (before != after) may
	# a cgroup that lived within the run alone explain a difference: then retry
	# (at most 3 runs); on a still system a difference fails at once.
	local missing extra try
	for try in 1 2 3; do
		find_snapshot | sort > "$snap/before"
		run_cgls -p
		find_snapshot | sort > "$snap/after"
		assert_ok
		# the label of the v2 hierarchy: whichever cgls prints that is not a v1 one
		v2label=$(printf '%s\n' "${lines[@]}" | sed 's/:.*//' | sort -u | grep -vxF -f <(printf '%s\n' "${v1labels[@]}"))
		[ -n "$v2label" ] && [ "$(echo "$v2label" | wc -l)" = 1 ] || fail "v2 labels: '$v2label'"
		v2_labels | grep -qxF "$v2label" || fail "v2 hierarchy labelled '$v2label', want one of: $(v2_labels | tr '\n' ' ')"
		printf '%s\n' "${lines[@]}" | sed "s|^$v2label:|V2LABEL:|" > "$snap/cgls.raw"
		sort "$snap/cgls.raw" > "$snap/cgls"
		[ "$(sort -u "$snap/cgls" | wc -l)" = "$(wc -l < "$snap/cgls")" ] || fail "duplicate lines"
		missing=$(comm -23 <(comm -12 "$snap/before" "$snap/after") "$snap/cgls")
		extra=$(comm -13 <(sort -u "$snap/before" "$snap/after") "$snap/cgls")
		[ -n "$missing$extra" ] || break
		cmp -s "$snap/before" "$snap/after" && break
		echo "# try $try: the system changed during the run; again" >&3
	done
	[ -z "$missing" ] || fail "cgls -p misses:" "$(head -20 <<< "$missing")"
	[ -z "$extra" ] || fail "cgls -p has extra:" "$(head -20 <<< "$extra")"
	# pre-order: a cgroup's parent comes before it
	awk -F: '{ l = $1; p = substr($0, length(l) + 2); seen[l ":" p] = 1
		if (p != "/") { q = p; sub(/\/[^\/]*$/, "", q); if (q == "") q = "/"
			if (!((l ":" q) in seen)) { print "not pre-order: " $0; bad = 1 } } }
		END { exit bad }' "$snap/cgls.raw"
}

@test "-p -c CTRL: the same as lscgroup on the test bed's subtree, for every v1 controller" {
	local label mnt own want got ctrl
	while IFS=$'\t' read -r label mnt own; do
		case $label in -|name=*) continue;; esac   # lscgroup skips those
		ctrl=${label%%,*}
		own=${own%/}
		want=$(lscgroup "$label:$own/$SCRATCH" | sed 's|/$||' | sort)
		[ "$(echo "$want" | wc -l)" -ge 1 ] && [ -n "$want" ] || fail "lscgroup $label: nothing"
		run_cgls -p -c "$ctrl" "$own/$SCRATCH"
		assert_ok
		got=$(printf '%s\n' "${lines[@]}" | sort)
		[ "$got" = "$want" ] || fail "cgls -p -c $ctrl $own/$SCRATCH differs from lscgroup:" \
			"$(diff <(echo "$want") <(echo "$got") | head -20)"
		# --relative: the same cgroups, without our own cgroup's prefix
		run_cgls -p --relative -c "$ctrl" "/$SCRATCH"
		assert_ok
		got=$(printf '%s\n' "${lines[@]}" | sort)
		[ "$got" = "$(echo "$want" | sed "s|^$label:$own/|$label:/|")" ] ||
			fail "cgls -p --relative -c $ctrl /$SCRATCH differs from lscgroup:" \
			"$(diff <(echo "$want" | sed "s|^$label:$own/|$label:/|") <(echo "$got") | head -20)"
	done < <(cg_hierarchies)
	[ "$(lscgroup "cpu:/$SCRATCH" | wc -l)" -ge 14 ]
}

# ------------------------------------------------------------------------------
# the tree against systemd-cgls

@test "tree -a -c CTRL: the same cgroups, processes and command lines as systemd-cgls, every hierarchy" {
	local label mnt own ctrl want got
	while IFS=$'\t' read -r label mnt own; do
		ctrl=${label%%,*}
		[ "$ctrl" != - ] || ctrl=unified
		own=${own%/}
		want=$(systemd-cgls --no-pager -l -a "$mnt$own/$SCRATCH" | tree_triples | sort)
		[ "$(grep -c $'\t[0-9]' <<< "$want")" = 8 ] || fail "systemd-cgls $mnt: not the 8 inits:" "$want"
		run_cgls -a -l -c "$ctrl" "$own/$SCRATCH"
		assert_ok
		[ "${lines[0]}" = "Control group $own/$SCRATCH:" ] || fail "header: ${lines[0]}"
		got=$(printf '%s\n' "${lines[@]}" | tree_triples | sort)
		[ "$got" = "$want" ] || fail "cgls -a -c $ctrl differs from systemd-cgls (< systemd-cgls, > cgls):" \
			"$(diff <(echo "$want") <(echo "$got") | head -30)"
	done < <(cg_hierarchies)
	# memory with --relative: the same tree under /cgkit-test-X
	want=$(systemd-cgls --no-pager -l -a "/sys/fs/cgroup/memory$MEMBASE/$SCRATCH" | tree_triples | sort)
	run_cgls --relative -a -l -c memory "/$SCRATCH"
	assert_ok
	[ "${lines[0]}" = "Control group /$SCRATCH:" ] || fail "header: ${lines[0]}"
	got=$(printf '%s\n' "${lines[@]}" | tree_triples | sort)
	[ "$got" = "$want" ] || fail "cgls --relative -c memory differs from systemd-cgls:" \
		"$(diff <(echo "$want") <(echo "$got") | head -30)"
}

@test "tree: every container init under its cgroup; the merged view equals each hierarchy's" {
	run_cgls --relative -l "/$SCRATCH"
	assert_ok
	local triples rt id pod qos pid cpus mem cg
	triples=$(printf '%s\n' "${lines[@]}" | tree_triples)
	while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
		grep -qxF "${cg#/"$SCRATCH"}"$'\t'"$pid"$'\tsleep 100000' <<< "$triples" ||
			fail "no '$pid sleep 100000' under ${cg#/"$SCRATCH"}:" "$triples"
	done < "$TSV"
	# each process appears once (it is in the same cgroup in every hierarchy)
	[ "$(grep -c $'\t[0-9]' <<< "$triples")" = 8 ] || fail "want 8 processes:" "$triples"
}

@test "tree: empty cgroups are hidden unless -a" {
	EXTRA_CG=$(hier_dir cpu)/empty.slice
	mkdir "$EXTRA_CG"
	run_cgls -l -c cpu "/$SCRATCH"
	assert_ok
	! printf '%s\n' "${lines[@]}" | tree_triples | grep -q $'^/empty.slice\t' ||
		fail "empty.slice shown without -a"
	printf '%s\n' "${lines[@]}" | tree_triples | grep -q $'^/system.slice\t' || fail "system.slice hidden"
	run_cgls -a -l -c cpu "/$SCRATCH"
	assert_ok
	printf '%s\n' "${lines[@]}" | tree_triples | grep -q $'^/empty.slice\t-\t-$' ||
		fail "empty.slice not shown with -a"
}

@test "--json: the tree's nodes and processes, -p as JSON" {
	local d want
	d=$(hier_dir cpu)
	want=$(awk -F'\t' '{ print $8 "\t" $5 }' "$TSV" | sort)
	for args in "-c cpu" ""; do
		# shellcheck disable=SC2086
		run_cgls --json --relative -a $args "/$SCRATCH"
		assert_ok
		# one object, or an array of one per CGROUP operand
		[ "$(echo "$output" | jq -r 'if type == "array" then .[0].path else .path end')" = "/$SCRATCH" ] ||
			fail "--json $args: root path: ${output:0:300}"
		[ "$(echo "$output" | jq -r 'def w: ., (.children[]? | w);
			(if type == "array" then .[] else . end) | w | .path as $p | .pids[]? | "\($p)\t\(.)"' | sort)" = "$want" ] ||
			fail "--json $args: (path, pid) pairs differ from containers.tsv"
		[ "$(echo "$output" | jq -r 'def w: ., (.children[]? | w); (if type == "array" then .[] else . end) | w | .path' | sort)" = \
		  "$(find "$d" -type d | sed "s|^${d%/"$SCRATCH"}||" | sort)" ] ||
			fail "--json $args: nodes differ from find"
	done
	run_cgls -p -c cpu "/$SCRATCH"
	assert_ok
	want=$(printf '%s\n' "${lines[@]}" | sort)
	run_cgls -p --json -c cpu "/$SCRATCH"
	assert_ok
	[ "$(echo "$output" | jq -r '.cgroups[] | (.controllers + ":" + .path)' | sort)" = "$want" ] ||
		fail "-p --json differs from -p: ${output:0:300}"
}

# ------------------------------------------------------------------------------
# --pid, with a process of our own

@test "--pid: a sleep moved into a scratch cgroup; the tree shows it with its command line" {
	scratch_create
	helper_start sleep 31337
	local pid=$HELPER_PID
	cg_attach "$pid" $SCRATCH_DIRS
	local label mnt own base p want=() wantrel=() v2
	while IFS=$'\t' read -r label mnt own; do
		base=$(pid1_path "$label")
		p=${own%/}/$SCRATCH
		[ "$base" = / ] || p=${p#"${base%/}"}
		[ "$label" != - ] || label=V2LABEL
		want+=("$label:$p")
		wantrel+=("$label:/$SCRATCH")
	done < <(cg_hierarchies)
	run_cgls --pid "$pid"
	assert_ok
	v2=$(printf '%s\n' "${lines[@]}" | sed -n 's/^\([^:]*\):.*/\1/p' | grep -xF -f <(v2_labels) | head -1)
	assert_sets_equal "--pid $pid" <(printf '%s\n' "${want[@]}") \
		<(printf '%s\n' "${lines[@]}" | sed "s|^$v2:|V2LABEL:|")
	[ ${#lines[@]} = ${#want[@]} ] || fail "want ${#want[@]} lines, got ${#lines[@]}"
	run_cgls --relative --pid "$pid"
	assert_ok
	assert_sets_equal "--relative --pid $pid" <(printf '%s\n' "${wantrel[@]}") \
		<(printf '%s\n' "${lines[@]}" | sed "s|^$v2:|V2LABEL:|")
	run_cgls --json --relative --pid "$pid"
	assert_ok
	assert_sets_equal "--json --relative --pid $pid" <(printf '%s\n' "${wantrel[@]}") \
		<(echo "$output" | jq -r '.[] | ((.controllers | if type == "array" then join(",") else . end) + ":" + .path)' |
			sed "s|^$v2:|V2LABEL:|")
	# the tree: the sleep is a process of the scratch cgroup itself
	run_cgls --relative -l "/$SCRATCH"
	assert_ok
	[ "${lines[0]}" = "Control group /$SCRATCH:" ] || fail "header: ${lines[0]}"
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples)" = "/"$'\t'"$pid"$'\t'"sleep 31337" ] ||
		fail "tree of /$SCRATCH:" "${lines[@]}"
	run_cgls -l -c cpu "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples)" = "/"$'\t'"$pid"$'\t'"sleep 31337" ] ||
		fail "tree of cpu:/$SCRATCH:" "${lines[@]}"
}

@test "merged tree: a process shows at the deepest of its cgroups, and under each where they diverge" {
	scratch_create
	local cpud memd p1 p2
	for d in $SCRATCH_DIRS; do
		case $d in /sys/fs/cgroup/cpu/*) cpud=$d;; /sys/fs/cgroup/memory/*) memd=$d;; esac
	done
	[ -n "$cpud" ] && [ -n "$memd" ] || fail "no cpu or memory scratch in: $SCRATCH_DIRS"
	mkdir "$memd/sub" "$cpud/a" "$memd/b"
	# p1: cpu:/X, memory:/X/sub (an ancestor and its descendant): only at /sub
	helper_start sleep 31338
	p1=$HELPER_PID
	cg_attach "$p1" "$cpud" "$memd/sub"
	# p2: cpu:/X/a, memory:/X/b (neither contains the other): under both
	helper_start sleep 31339
	p2=$HELPER_PID
	cg_attach "$p2" "$cpud/a" "$memd/b"
	run_cgls --relative -a -l "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | sort)" = \
	  "$(printf '%s\n' "/a"$'\t-\t-' "/a"$'\t'"$p2"$'\tsleep 31339' \
			  "/b"$'\t-\t-' "/b"$'\t'"$p2"$'\tsleep 31339' \
			  "/sub"$'\t-\t-' "/sub"$'\t'"$p1"$'\tsleep 31338' | sort)" ] ||
		fail "merged tree:" "${lines[@]}"
	# the controllers a node lives in are shown where they differ from its parent's
	printf '%s\n' "${lines[@]}" | grep -q -- "─sub \[memory\]$" || fail "no [memory] on sub:" "${lines[@]}"
	printf '%s\n' "${lines[@]}" | grep -q -- "─a \[cpu\]$" || fail "no [cpu] on a:" "${lines[@]}"
	# one hierarchy alone: p1 is where that hierarchy has it
	run_cgls --relative -a -l -c cpu "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | sort)" = \
	  "$(printf '%s\n' "/"$'\t'"$p1"$'\tsleep 31338' "/a"$'\t-\t-' "/a"$'\t'"$p2"$'\tsleep 31339' | sort)" ] ||
		fail "cpu tree:" "${lines[@]}"
	run_cgls --relative -a -l -c memory "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | sort)" = \
	  "$(printf '%s\n' "/b"$'\t-\t-' "/b"$'\t'"$p2"$'\tsleep 31339' \
			  "/sub"$'\t-\t-' "/sub"$'\t'"$p1"$'\tsleep 31338' | sort)" ] ||
		fail "memory tree:" "${lines[@]}"
}

# ------------------------------------------------------------------------------
# -r, -v, -H

@test "-r: cgget's format and values for a docker container's cgroup" {
	local cg=/$SCRATCH/system.slice/docker-$D_HALF.scope
	run_cgls -r cpu.cfs_quota_us "$cg"
	assert_ok
	[ "$output" = "$(cgget -r cpu.cfs_quota_us "$cg")" ] ||
		fail "cgls:" "$output" "cgget:" "$(cgget -r cpu.cfs_quota_us "$cg")"
	[ "$output" = "$cg:"$'\n'"cpu.cfs_quota_us: 50000" ] || fail "$output"
	# two knobs, two cgroups
	local cg2=/$SCRATCH/system.slice/docker-$D_ONEHALF.scope
	run_cgls -r cpu.cfs_quota_us -r cpu.cfs_period_us "$cg" "$cg2"
	assert_ok
	[ "$output" = "$(cgget -r cpu.cfs_quota_us -r cpu.cfs_period_us "$cg" "$cg2")" ] ||
		fail "cgls:" "$output" "cgget:" "$(cgget -r cpu.cfs_quota_us -r cpu.cfs_period_us "$cg" "$cg2")"
	# memory, through the memory hierarchy's own path (PID 1's view)
	local mcg=$MEMBASE/$SCRATCH/system.slice/docker-$D_HALF.scope
	run_cgls -r memory.limit_in_bytes "$mcg"
	assert_ok
	[ "$output" = "$(cgget -r memory.limit_in_bytes "$mcg")" ] ||
		fail "cgls:" "$output" "cgget:" "$(cgget -r memory.limit_in_bytes "$mcg")"
}

@test "-r --json: one object per cgroup, the kernel's values as strings (multi-line ones whole), -H applied" {
	local h=/$SCRATCH/system.slice/docker-$D_HALF.scope
	local o=/$SCRATCH/system.slice/docker-$D_ONEHALF.scope
	run_cgls -r cpu.cfs_quota_us -r cpu.shares --json "$h" "$o"
	assert_ok
	[ "$output" = '[{"path":"'"$h"'","values":{"cpu.cfs_quota_us":"50000","cpu.shares":"'"$(cat "/sys/fs/cgroup/cpu/$SCRATCH/system.slice/docker-$D_HALF.scope/cpu.shares")"'"}},{"path":"'"$o"'","values":{"cpu.cfs_quota_us":"150000","cpu.shares":"'"$(cat "/sys/fs/cgroup/cpu/$SCRATCH/system.slice/docker-$D_ONEHALF.scope/cpu.shares")"'"}}]' ] || fail "$output"
	run_cgls --relative -r cpu.cfs_quota_us -r memory.limit_in_bytes -H --json "$h"
	assert_ok
	[ "$output" = '[{"path":"'"$h"'","values":{"cpu.cfs_quota_us":"0.50","memory.limit_in_bytes":"128M"}}]' ] || fail "$output"
	# memory.stat: every line, as the file has it (the keys, and the limit:
	# counters may move between the two reads)
	local stat=/sys/fs/cgroup/memory$MEMBASE/$SCRATCH/system.slice/docker-$D_HALF.scope/memory.stat
	run_cgls --relative -r memory.stat --json "$h"
	assert_ok
	local got
	got=$(jq -r '.[0].values["memory.stat"]' <<<"$output")
	[ "$(awk '{ print $1 }' <<<"$got")" = "$(awk '{ print $1 }' "$stat")" ] || fail "$output"
	[ "$(awk '$1 == "hierarchical_memory_limit"' <<<"$got")" = "hierarchical_memory_limit 134217728" ] ||
		fail "$output"
}

@test "-r -v: values only; -H: CPUs and K/M/G" {
	local h=/$SCRATCH/system.slice/docker-$D_HALF.scope
	local o=/$SCRATCH/system.slice/docker-$D_ONEHALF.scope
	local n=/$SCRATCH/system.slice/docker-$D_NONE.scope
	run_cgls -r cpu.cfs_quota_us -v "$h"
	assert_ok; [ "$output" = 50000 ] || fail "$output"
	run_cgls -r cpu.cfs_quota_us -H "$h"
	assert_ok; [ "$output" = "$h:"$'\n'"cpu.cfs_quota_us: 0.50" ] || fail "$output"
	run_cgls -r cpu.cfs_quota_us -H -v "$h" "$o" "$n"
	assert_ok; [ "$output" = $'0.50\n1.50\nmax' ] || fail "$output"
	run_cgls --relative -r memory.limit_in_bytes -H "$h"
	assert_ok; [ "$output" = "$h:"$'\n'"memory.limit_in_bytes: 128M" ] || fail "$output"
	run_cgls --relative -r memory.limit_in_bytes -H -v "$h" "$o" "$n"
	assert_ok; [ "$output" = $'128M\n256M\nmax' ] || fail "$output"
	run_cgls --relative -r memory.limit_in_bytes -v "$h"
	assert_ok; [ "$output" = 134217728 ] || fail "$output"
}

# ------------------------------------------------------------------------------
# container id prefixes, --depth, --match, -0

@test "CGROUP as a container id prefix: that container's tree" {
	local pid
	pid=$(awk -v id="$D_HALF" '$2 == id { print $5 }' "$TSV")
	for arg in "${D_HALF:0:8}" "$D_HALF"; do
		run_cgls -l "$arg"
		assert_ok
		[[ ${lines[0]} == "Control group "*"/docker-$D_HALF.scope:" ]] || fail "$arg: header: ${lines[0]}"
		[ "$(printf '%s\n' "${lines[@]}" | tree_triples)" = "/"$'\t'"$pid"$'\tsleep 100000' ] ||
			fail "$arg: tree:" "${lines[@]}"
	done
	# 5 hex digits tell D_TWIN from D_NONE (they share 4)
	pid=$(awk -v id="$D_TWIN" '$2 == id { print $5 }' "$TSV")
	run_cgls -l "${D_TWIN:0:5}"
	assert_ok
	[[ ${lines[0]} == "Control group "*"/docker-$D_TWIN.scope:" ]] || fail "${D_TWIN:0:5}: header: ${lines[0]}"
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples)" = "/"$'\t'"$pid"$'\tsleep 100000' ] ||
		fail "${D_TWIN:0:5}: tree:" "${lines[@]}"
	# -p: that container's cgroup in every hierarchy
	run_cgls -p "${D_HALF:0:8}"
	assert_ok
	[ ${#lines[@]} = "$(cg_hierarchies | wc -l)" ] || fail "want one line per hierarchy:" "${lines[@]}"
	! printf '%s\n' "${lines[@]}" | grep -v ":.*/$SCRATCH/system.slice/docker-$D_HALF.scope\$" ||
		fail "lines not of that container"
}

@test "--depth N: as find -maxdepth N" {
	local d label
	d=$(hier_dir cpu)
	for n in 0 1 2 3 4 5; do
		run_cgls -p -c cpu --depth "$n" "/$SCRATCH"
		assert_ok
		assert_sets_equal "--depth $n" <(find "$d" -maxdepth "$n" -type d | sed "s|^${d%/"$SCRATCH"}|cpu:|") \
			<(printf '%s\n' "${lines[@]}")
	done
	# the tree
	run_cgls -a -c cpu --depth 1 "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | awk -F'\t' '$2 == "-" { print $1 }' | sort | tr '\n' ' ')" = \
		"/kubepods.slice /system.slice " ] || fail "tree --depth 1:" "${lines[@]}"
}

@test "-p on cgroupfs: a leaf cgroup is seen from its parent, never opened nor read; a cgroup made in it shows at once" {
	command -v strace >/dev/null || fail "strace missing (./setup installs it)"
	local d=$(hier_dir cpu)/leafy st=$BATS_TEST_TMPDIR/st
	LEAFY=$d
	mkdir -p "$d/a" "$d/b" || fail "mkdir $d/a $d/b"
	strace -qq -e trace=openat,getdents64 -o "$st" "$cgls" -p -c cpu "/$SCRATCH/leafy" > "$BATS_TEST_TMPDIR/out" ||
		fail "cgls failed: $(cat "$BATS_TEST_TMPDIR/out")"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = "cpu:/$SCRATCH/leafy
cpu:/$SCRATCH/leafy/a
cpu:/$SCRATCH/leafy/b" ] || fail "cgls -p: $(cat "$BATS_TEST_TMPDIR/out")"
	# kernfs counts subdirectories in st_nlink: 2 is a leaf
	[ "$(stat -c %h "$d/a")" = 2 ] || fail "st_nlink of a leaf: $(stat -c %h "$d/a")"
	! grep -qE '^openat\([0-9]+, "(a|b)"' "$st" || fail "a leaf opened: $(grep openat "$st" | tail -3)"
	[ "$(grep -c '^getdents64' "$st")" = 1 ] || fail "getdents64 of more than leafy: $(grep getdents64 "$st")"
	# a cgroup made in a leaf: its parent counts it at once
	mkdir "$d/a/c" || fail "mkdir $d/a/c"
	run_cgls -p -c cpu "/$SCRATCH/leafy"
	assert_ok
	[ "${lines[2]}" = "cpu:/$SCRATCH/leafy/a/c" ] || fail "a/c not under a: ${lines[*]}"
}

@test "--match GLOB: only matching cgroups (tree keeps their ancestors)" {
	local id ids=("$D_HALF" "$D_ONEHALF" "$D_NONE" "$D_TWIN") want
	run_cgls -a -l -c cpu --match 'docker-*' "/$SCRATCH"
	assert_ok
	want=$( {
		echo "/system.slice"$'\t-\t-'
		for id in "${ids[@]}"; do
			echo "/system.slice/docker-$id.scope"$'\t-\t-'
			echo "/system.slice/docker-$id.scope"$'\t'"$(awk -v id="$id" '$2 == id { print $5 }' "$TSV")"$'\tsleep 100000'
		done; } | sort)
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | sort)" = "$want" ] ||
		fail "tree --match docker-*:" "${lines[@]}"
	run_cgls -p -c cpu --match 'docker-*' "/$SCRATCH"
	assert_ok
	for id in "${ids[@]}"; do
		printf '%s\n' "${lines[@]}" | grep -qxF "cpu:/$SCRATCH/system.slice/docker-$id.scope" ||
			fail "-p --match: no docker-$id.scope"
	done
	# besides the matches, at most their ancestors
	! printf '%s\n' "${lines[@]}" | grep -vxE "cpu:/$SCRATCH(/system\.slice(/docker-[0-9a-f]{64}\.scope)?)?" ||
		fail "-p --match: unexpected lines"
}

@test "-0: -p and -v lines end with NUL" {
	local f=$BATS_TEST_TMPDIR/out
	"$cgls" -p -0 -c cpu "/$SCRATCH" > "$f"
	[ "$(tr -cd '\n' < "$f" | wc -c)" = 0 ] || fail "newline in -0 output"
	[ "$(tr -cd '\0' < "$f" | wc -c)" = 15 ] || fail "want 15 NULs"
	[ "$(tr '\0' '\n' < "$f")" = "$("$cgls" -p -c cpu "/$SCRATCH")" ] || fail "-p -0 differs from -p"
	"$cgls" -r cpu.cfs_quota_us -v -0 "/$SCRATCH/system.slice/docker-$D_HALF.scope" \
		"/$SCRATCH/system.slice/docker-$D_ONEHALF.scope" > "$f"
	[ "$(od -An -c "$f" | tr -s ' \n' ' ')" = " 5 0 0 0 0 \\0 1 5 0 0 0 0 \\0 " ] ||
		fail "-v -0: $(od -An -c "$f")"
}

# ------------------------------------------------------------------------------
# --sysroot on a fixture (tests/data/sysroot-mini: cpu, memory, name=systemd)

SR_A=5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
SR_B=b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf
SR_C=c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc
SR_UID=0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9
SR_POD=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f1e2d3c_4b5a_4978_8695_a4b3c2d1e0f9.slice

@test "--sysroot: -p lists the fixture's cgroups" {
	local sr=$CGK_DATA/sysroot-mini want
	run_cgls --sysroot "$sr" -p
	assert_ok
	want=$(for l in cpu memory name=systemd; do
		d=$sr/sys/fs/cgroup/${l#name=}
		find "$d" -type d | sed -e "s|^$d|$l:|" -e 's|:$|:/|'
	done)
	assert_sets_equal "--sysroot -p" <(echo "$want") <(printf '%s\n' "${lines[@]}")
	[ ${#lines[@]} = 27 ]
}

@test "--sysroot: the tree of the fixture, empty cgroups with -a" {
	local sr=$CGK_DATA/sysroot-mini want
	run_cgls --sysroot "$sr" -l -c cpu
	assert_ok
	want=$(printf '%s\n' "/"$'\t1\t/sbin/init' \
		"/system.slice"$'\t-\t-' "/system.slice/docker-$SR_A.scope"$'\t-\t-' \
		"/system.slice/docker-$SR_A.scope"$'\t4242\tsleep 100000' \
		"/kubepods.slice"$'\t-\t-' "/kubepods.slice/kubepods-besteffort.slice"$'\t-\t-' \
		"$SR_POD"$'\t-\t-' "$SR_POD/cri-containerd-$SR_B.scope"$'\t-\t-' \
		"$SR_POD/cri-containerd-$SR_B.scope"$'\t4343\t/pause' \
		"$SR_POD/cri-containerd-$SR_C.scope"$'\t-\t-' \
		"$SR_POD/cri-containerd-$SR_C.scope"$'\t4444\tnginx -g daemon off;' | sort)
	[ "${lines[0]}" = "Control group /:" ] || fail "header: ${lines[0]}"
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | sort)" = "$want" ] ||
		fail "tree:" "$(diff <(echo "$want") <(printf '%s\n' "${lines[@]}" | tree_triples | sort))"
	# a container the runtime's files name shows that name after its cgroup
	# (docker's config.v2.json; runc's state.json with the CRI annotations:
	# a sandbox by its pod, a container by its Kubernetes name)
	[ "$(printf '%s\n' "${lines[@]}" | grep -o '[a-z-]*-[0-9a-f]\{64\}\.scope.*' | sort)" = \
	  "$(printf '%s\n' "cri-containerd-$SR_B.scope (nginx-7d9f)" "cri-containerd-$SR_C.scope (app)" \
		"docker-$SR_A.scope (web)" | sort)" ] || fail "names:" "${lines[@]}"
	run_cgls --sysroot "$sr" -a -l -c cpu
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | tree_triples | sort)" = "$(printf '%s\n' "$want" "/empty.slice"$'\t-\t-' | sort)" ] ||
		fail "tree -a:" "${lines[@]}"
}

@test "--sysroot: --containers on the fixture" {
	local sr=$CGK_DATA/sysroot-mini want
	run_cgls --sysroot "$sr" --containers -o runtime,id,pod_uid,qos,pid,cpus,memory,cgroup
	assert_ok
	want=$(printf '%s\n' \
		"docker ${SR_A:0:12} - - 4242 0.50 256M /system.slice/docker-$SR_A.scope" \
		"containerd ${SR_B:0:12} $SR_UID besteffort 4343 max max $SR_POD/cri-containerd-$SR_B.scope" \
		"containerd ${SR_C:0:12} $SR_UID besteffort 4444 max max $SR_POD/cri-containerd-$SR_C.scope" | sort)
	[ "$(printf '%s\n' "${lines[@]:1}" | awk '{ $1 = $1; print }' | sort)" = "$want" ] ||
		fail "--containers:" "  want:" "$want" "  got:" "${lines[@]}"
}

@test "--sysroot: --pid, -r, a container id prefix on the fixture" {
	local sr=$CGK_DATA/sysroot-mini
	run_cgls --sysroot "$sr" --pid 4242
	assert_ok
	assert_sets_equal "--sysroot --pid" <(printf '%s\n' "cpu:/system.slice/docker-$SR_A.scope" \
		"memory:/system.slice/docker-$SR_A.scope" "name=systemd:/system.slice/docker-$SR_A.scope") \
		<(printf '%s\n' "${lines[@]}")
	[ ${#lines[@]} = 3 ]

	run_cgls --sysroot "$sr" -r cpu.cfs_quota_us -r memory.limit_in_bytes "/system.slice/docker-$SR_A.scope"
	assert_ok
	[ "$output" = "/system.slice/docker-$SR_A.scope:"$'\ncpu.cfs_quota_us: 50000\nmemory.limit_in_bytes: 268435456' ] ||
		fail "-r: $output"
	run_cgls --sysroot "$sr" -r memory.limit_in_bytes -H -v "/system.slice/docker-$SR_A.scope" /
	assert_ok
	[ "$output" = $'256M\nmax' ] || fail "-r -H -v: $output"

	run_cgls --sysroot "$sr" -p c0ffee00
	assert_ok
	assert_sets_equal "--sysroot -p c0ffee00" <(for l in cpu memory name=systemd; do
		echo "$l:$SR_POD/cri-containerd-$SR_C.scope"; done) <(printf '%s\n' "${lines[@]}")
}

@test "--sysroot: the -p table on a hybrid capture: VERSION 2 for the cgroup2 hierarchy, FSPATH below its mount" {
	local hy=$CGK_DATA/sysroot-hybrid
	run_cgls --sysroot "$hy" -p --depth 0 -J --output-all
	assert_ok
	[ "$(jq -r '.cgroups[] | select(.version == 2) | "\(.controllers) \(.path) \(.name) \(.fspath)"' <<<"$output")" = \
	  "hugetlb / / /sys/fs/cgroup/unified" ] || fail "$output"
	[ "$(jq '[.cgroups[] | select(.version == 1)] | length' <<<"$output")" = 9 ] || fail "$output"
	# the same cgroups as the lines, one row each, FSPATH a directory of the capture
	run_cgls --sysroot "$hy" -p -c hugetlb -P -o PATH,FSPATH
	assert_ok
	local line PATH_ FSPATH n=0
	for line in "${lines[@]}"; do
		eval "${line/#PATH=/PATH_=}"
		[ -d "$hy$FSPATH" ] && [ "$FSPATH" = "/sys/fs/cgroup/unified${PATH_%/}" ] || fail "$line"
		n=$((n + 1))
	done
	run_cgls --sysroot "$hy" -p -c hugetlb
	assert_ok
	[ $n = ${#lines[@]} ] && [ $n -ge 4 ] || fail "$n rows, ${#lines[@]} lines"
}

# ------------------------------------------------------------------------------
# errors, usage

# bad_input OPERAND USAGE(yes|no|either) ARGS...: cgls ARGS must exit 1 with
# empty stdout and one stderr line "cgls: ..." naming OPERAND, plus "Try 'cgls
# --help' ..." for usage errors ("either": the interface does not say whether
# it is a usage error).  Prints what is wrong, returns 1, if anything is.
bad_input() {
	local operand=$1 usage=$2 try="Try 'cgls --help' for more information."
	shift 2
	run --separate-stderr "$cgls" "$@" </dev/null
	local what="cgls $*"
	[ "$status" = 1 ] || { echo "$what: exit $status, want 1; stderr: $stderr"; return 1; }
	[ -z "$output" ] || { echo "$what: stdout not empty: ${output:0:300}"; return 1; }
	[ ${#stderr_lines[@]} -ge 1 ] || { echo "$what: nothing on stderr"; return 1; }
	[[ ${stderr_lines[0]} == "cgls: "* ]] || { echo "$what: stderr line not 'cgls: ...': ${stderr_lines[0]}"; return 1; }
	# the operand, not as part of a longer word
	awk -v op="$operand" '{ i = index($0, op); if (!i) exit 1
		b = i > 1 ? substr($0, i - 1, 1) : ""; a = substr($0, i + length(op), 1)
		exit (b ~ /[[:alnum:]]/ || a ~ /[[:alnum:]]/) }' <<< "${stderr_lines[0]#cgls: }" ||
		{ echo "$what: stderr does not name '$operand': ${stderr_lines[0]}"; return 1; }
	case $usage in
	yes) [ ${#stderr_lines[@]} = 2 ] && [ "${stderr_lines[1]}" = "$try" ] ||
		{ echo "$what: want the error and '$try'; stderr: $stderr"; return 1; };;
	no) [ ${#stderr_lines[@]} = 1 ] ||
		{ echo "$what: want one stderr line; stderr: $stderr"; return 1; };;
	either) [ ${#stderr_lines[@]} = 1 ] || { [ ${#stderr_lines[@]} = 2 ] && [ "${stderr_lines[1]}" = "$try" ]; } ||
		{ echo "$what: want one stderr line (+ '$try'); stderr: $stderr"; return 1; };;
	esac
}

# ------------------------------------------------------------------------------
# the tables (libsmartcols): -o, --output-all, -J, --raw, -P, -n, -b

@test "--containers: the default columns; ID second and PID fifth as before, fields the test bed's" {
	run_cgls --relative --containers "/$SCRATCH"
	assert_ok
	[ "$(awk '{ $1 = $1; print }' <<<"${lines[0]}")" = "RUNTIME ID NAME POD PID CPUS MEMORY" ] ||
		fail "default header: ${lines[0]}"
	local rt id pod qos pid cpus mem cg row errs=()
	while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
		row=$(printf '%s\n' "${lines[@]:1}" | awk -v id="${id:0:12}" '$2 == id { print $1, $2, $5, $6, $7; n++ } END { exit n != 1 }') ||
			errs+=("${id:0:12}: not one row")
		[ "$row" = "$rt ${id:0:12} $pid $cpus $(human_bytes "$mem")" ] ||
			errs+=("${id:0:12}: want '$rt ${id:0:12} $pid $cpus $(human_bytes "$mem")', got '$row'")
	done < "$TSV"
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}" "${lines[@]}"
	[ ${#lines[@]} = $(($(wc -l < "$TSV") + 1)) ] || fail "want a header and one row per container:" "${lines[@]}"
}

@test "--containers -o LIST, -o +LIST, --output-all: those columns in that order; names in any case" {
	local rt id pod qos pid cpus mem cg
	run_cgls --relative --containers -l -o PID,cgroup,Id "/$SCRATCH"
	assert_ok
	[ "$(awk '{ $1 = $1; print }' <<<"${lines[0]}")" = "PID CGROUP ID" ] || fail "header: ${lines[0]}"
	assert_sets_equal "-o PID,cgroup,Id" <(awk -F'\t' '{ print $5, $8, $2 }' "$TSV") \
		<(printf '%s\n' "${lines[@]:1}" | awk '{ $1 = $1; print }')
	run_cgls --relative --containers -o +QOS,POD_UID "/$SCRATCH"
	assert_ok
	[ "$(awk '{ $1 = $1; print }' <<<"${lines[0]}")" = "RUNTIME ID NAME POD PID CPUS MEMORY QOS POD_UID" ] ||
		fail "header: ${lines[0]}"
	assert_sets_equal "-o +QOS,POD_UID" <(awk -F'\t' '{ print substr($2, 1, 12), $4, $3 }' "$TSV") \
		<(printf '%s\n' "${lines[@]:1}" | awk '{ print $2, $8, $9 }')
	run_cgls --relative --containers --output-all "/$SCRATCH"
	assert_ok
	[ "$(awk '{ $1 = $1; print }' <<<"${lines[0]}")" = \
	  "RUNTIME ID NAME IMAGE POD CONTAINER POD_UID QOS PID CPUS MEMORY CGROUP" ] || fail "header: ${lines[0]}"
	assert_sets_equal "--output-all" \
		<(while IFS=$'\t' read -r rt id pod qos pid cpus mem cg; do
			echo "$rt ${id:0:12} $pod $qos $pid $cpus $(human_bytes "$mem") $cg"; done < "$TSV") \
		<(printf '%s\n' "${lines[@]:1}" | awk '{ print $1, $2, $7, $8, $9, $10, $11, $12 }')
}

@test "--containers -P: KEY=\"value\" lines that eval sets; -b: MEMORY in bytes; --raw -n: one field per column" {
	local rt id pod qos pid cpus mem cg line n=0
	local RUNTIME ID POD_UID QOS PID CPUS MEMORY CGROUP NAME
	run_cgls --relative --containers -P -b -o RUNTIME,ID,POD_UID,QOS,PID,CPUS,MEMORY,CGROUP,NAME "/$SCRATCH"
	assert_ok
	[ ${#lines[@]} = "$(wc -l < "$TSV")" ] || fail "want one line per container, no header:" "${lines[@]}"
	for line in "${lines[@]}"; do
		[[ $line == 'RUNTIME="'* ]] || fail "not a pairs line: $line"
		eval "$line"
		IFS=$'\t' read -r rt id pod qos pid cpus mem cg < <(awk -F'\t' -v id="$ID" '$2 == id' "$TSV")
		[ -n "$id" ] || fail "$ID: not a test bed container ($line)"
		# a value that does not apply is empty; NAME is not known yet or a name
		[ "$RUNTIME $POD_UID|$QOS|$PID $CPUS $MEMORY $CGROUP" = \
		  "$rt ${pod#-}|${qos#-}|$pid $cpus $mem $cg" ] || fail "$line" "  want: $rt $id $pod $qos $pid $cpus $mem $cg"
		n=$((n + 1))
	done
	[ $n = "$(wc -l < "$TSV")" ]
	# --raw: unaligned, '-' for what does not apply, so read(1) gets every field
	run_cgls --relative --containers --raw -n -o ID,POD_UID,PID,CGROUP "/$SCRATCH"
	assert_ok
	assert_sets_equal "--raw -n -o ID,POD_UID,PID,CGROUP" <(awk -F'\t' '{ print $2, $3, $5, $8 }' "$TSV") \
		<(printf '%s\n' "${lines[@]}")
	# -n: no header; the same rows
	run_cgls --relative --containers -n "/$SCRATCH"
	assert_ok
	[ ${#lines[@]} = "$(wc -l < "$TSV")" ] || fail "-n: want no header:" "${lines[@]}"
	[[ ${lines[0]} != RUNTIME* ]] || fail "-n: header printed"
}

@test "-p: the lscgroup lines unless a table is asked for; -o, --output-all, -J, --raw, -P, -n give it" {
	local d lsc
	d=$(hier_dir cpu)
	run_cgls -p -c cpu "/$SCRATCH"
	assert_ok
	lsc=("${lines[@]}")
	[ ${#lsc[@]} -ge 14 ] || fail "few cgroups: ${lsc[*]}"
	# -o: a header, then the same cgroups in the same order
	run_cgls -p -c cpu -o CONTROLLERS,PATH "/$SCRATCH"
	assert_ok
	[ "$(awk '{ $1 = $1; print }' <<<"${lines[0]}")" = "CONTROLLERS PATH" ] || fail "header: ${lines[0]}"
	[ "$(printf '%s\n' "${lines[@]:1}" | awk '{ print $1 ":" $2 }')" = "$(printf '%s\n' "${lsc[@]}")" ] ||
		fail "-o CONTROLLERS,PATH differs from -p:" "${lines[@]}"
	# --raw -n: one "CONTROLLERS PATH" per line, the lines of -p with a space for ':'
	run_cgls -p -c cpu --raw -n "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}")" = "$(printf '%s\n' "${lsc[@]}" | sed 's/:/ /')" ] ||
		fail "--raw -n:" "${lines[@]}"
	# FSPATH: the directories themselves, as find sees them; NAME their last component
	run_cgls -p -c cpu -n -o FSPATH,NAME,VERSION "/$SCRATCH"
	assert_ok
	assert_sets_equal "-o FSPATH" <(find "$d" -type d) <(printf '%s\n' "${lines[@]}" | awk '{ print $1 }')
	! printf '%s\n' "${lines[@]}" | awk '{ n = split($1, a, "/"); if ($2 != a[n] || $3 != 1) print }' | grep . ||
		fail "NAME or VERSION wrong:" "${lines[@]}"
	# -P, eval'd
	local line CONTROLLERS PATH_ NAME VERSION FSPATH n=0
	run_cgls -p -c cpu --output-all -P "/$SCRATCH"
	assert_ok
	for line in "${lines[@]}"; do
		eval "${line/ PATH=/ PATH_=}"	# PATH is the shell's own
		[ "$CONTROLLERS:$PATH_" = "${lsc[n]}" ] || fail "-P line $n: $line, want ${lsc[n]}"
		[ -d "$FSPATH" ] && [ "${FSPATH##*/}" = "$NAME" ] && [ "${PATH_##*/}" = "$NAME" ] ||
			fail "-P FSPATH, NAME: $line"
		[ "$VERSION" = 1 ] || fail "-P VERSION: $line"
		n=$((n + 1))
	done
	[ $n = ${#lsc[@]} ]
	# -J: {"cgroups": [...]}, VERSION a number
	run_cgls -p -c cpu -J -o +VERSION "/$SCRATCH"
	assert_ok
	[ "$(jq -r '.cgroups[] | "\(.controllers):\(.path)"' <<<"$output")" = "$(printf '%s\n' "${lsc[@]}")" ] ||
		fail "-J: $output"
	[ "$(jq '[.cgroups[].version] | unique' -c <<<"$output")" = "[1]" ] || fail "-J version: $output"
	# -n alone: the default table without its header
	run_cgls -p -c cpu -n "/$SCRATCH"
	assert_ok
	[ "$(printf '%s\n' "${lines[@]}" | awk '{ print $1 ":" $2 }')" = "$(printf '%s\n' "${lsc[@]}")" ] ||
		fail "-n:" "${lines[@]}"
	# --match and --depth select the rows of the table too
	run_cgls -p -c cpu --match 'docker-*' --depth 2 --raw -n -o NAME "/$SCRATCH"
	assert_ok
	assert_sets_equal "--match --depth" \
		<(find "$d" -maxdepth 2 -type d -name 'docker-*' -printf '%f\n') <(printf '%s\n' "${lines[@]}")
}

@test "the tables: an unknown or empty column, a table option without a table: one line, exit 1" {
	local errs=() msg
	msg=$(bad_input FOO no --containers -o FOO) || errs+=("$msg")
	msg=$(bad_input BOGUS no --containers -o ID,BOGUS,PID) || errs+=("$msg")
	msg=$(bad_input BOGUS no -p -o +BOGUS) || errs+=("$msg")
	msg=$(bad_input PATH, no -p -o PATH,) || errs+=("$msg")
	msg=$(bad_input -o yes -o PATH) || errs+=("$msg")
	msg=$(bad_input --raw yes --raw /) || errs+=("$msg")
	msg=$(bad_input -P yes -r cpu.shares -P /) || errs+=("$msg")
	msg=$(bad_input -J yes --containers -J -P) || errs+=("$msg")
	msg=$(bad_input -0 yes -p -0 -n) || errs+=("$msg")
	msg=$(bad_input -b yes -p -b) || errs+=("$msg")
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
	# --help lists every column of both tables
	run_cgls --help
	assert_ok
	local c
	for c in RUNTIME ID NAME IMAGE POD CONTAINER POD_UID QOS PID CPUS MEMORY CGROUP CONTROLLERS PATH VERSION FSPATH; do
		grep -Eq "^ +$c  " <<<"$output" || fail "--help does not list column $c"
	done
}

@test "bad input: one stderr line naming the operand, exit 1, empty stdout" {
	local n=0 errs=() msg
	while read -r operand usage args; do
		[ -n "$operand" ] || continue
		eval "set -- $args"
		msg=$(bad_input "$operand" "$usage" "$@") || errs+=("$msg")
		n=$((n + 1))
	done <<-EOF
		nosuch           either  -c nosuch
		nosuch           either  -p -c nosuch
		nosuch           either  nosuch:/a
		/does/not/exist  no      /does/not/exist
		/does/not/exist  no      -c cpu /does/not/exist
		/a/../b          either  /a/../b
		cpu:             either  cpu:
		$AMBIG_PREFIX    no      $AMBIG_PREFIX
		abc              either  abc
		zzzz             either  zzzz
		999999999        no      --pid 999999999
		x                yes     --depth x
		bogus            yes     --bogus
		/does/not/exist  either  --sysroot /does/not/exist
	EOF
	[ $n = 14 ]
	[ ${#errs[@]} = 0 ] || fail "${errs[@]}"
}

@test "bash completion: the table options, -o's column names for the mode, container ids through --raw -o ID" {
	# shellcheck source=share/completion/cgls
	source "$CGK_SRCDIR/share/completion/cgls"
	complete_words() {	# complete the last of the words "$@"
		COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_cgls
		printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
	}
	local got
	got=$(complete_words "$cgls" --out)
	[ "$got" = "--output --output-all " ] || fail "--out: '$got'"
	got=$(complete_words "$cgls" --no)
	[ "$got" = "--noheadings " ] || fail "--no: '$got'"
	got=$(complete_words "$cgls" --containers -o +PO)
	[ "$got" = "+POD +POD_UID " ] || fail "--containers -o +PO: '$got'"
	got=$(complete_words "$cgls" --containers --output ID,C)
	[ "$got" = "ID,CGROUP ID,CONTAINER ID,CPUS " ] || fail "--containers --output ID,C: '$got'"
	got=$(complete_words "$cgls" -p -o PATH,)
	[ "$got" = "PATH,CONTROLLERS PATH,FSPATH PATH,NAME PATH,PATH PATH,VERSION " ] || fail "-p -o PATH,: '$got'"
	# a container id prefix, from the fixture's containers
	got=$(complete_words "$cgls" --sysroot "$CGK_DATA/sysroot-mini" c0ff)
	[ "$got" = "$SR_C " ] || fail "c0ff: '$got'"
	# every option it offers is one cgls takes
	local o
	for o in $(complete_words "$cgls" -); do
		"$cgls" --help | grep -qE -- "(^|[ ,])$o([ ,=]|$)" || fail "completion offers $o, --help does not list it"
	done
}

@test "--help: usage on stdout, exit 0; --version: exit 0" {
	run_cgls --help
	assert_ok
	[[ $output == *Usage* ]] || fail "no 'Usage' in --help: ${output:0:300}"
	run_cgls -h
	assert_ok
	[[ $output == *Usage* ]]
	run_cgls --version
	assert_ok
	[ -n "$output" ]
	run_cgls -V
	assert_ok
	[ -n "$output" ]
}
