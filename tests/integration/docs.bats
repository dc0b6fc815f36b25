#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
#
# Documentation that cannot go stale (issue 17): every option a man page
# lists is one its tool takes and --help shows, every option --help shows is
# in the man page, every option the bash completion offers is one the tool
# takes, and every example command of README.md and of the man pages'
# EXAMPLES sections runs, for real, on this host.
#
#   make check TESTS=tests/integration/docs.bats
#   CGK_BUILDDIR=. bats tests/integration/docs.bats      (from the source tree)
#
# What counts as an option (read at test time, so a new one is checked; the
# SYNOPSIS's "Fl" options, and those the prose gives a tool (README's inline
# code `cgtop --listen ...`, ".Nm cgtop Fl \-listen"), are checked against
# --help too; cgsh(1)'s COMMANDS against cgsh's own help):
#  - man/TOOL.1: the .It lines of its OPTIONS section, each "Fl x" or
#    "Fl \-long" on them (mdoc); or, for a page in man(7), the \fB-x\fR and
#    \fB\-\-long\fR of the line after each .TP there.  How a value is given
#    is read from the same line: "Ar v" or "Ns = Ns Ar v" after the options
#    (a value they need: 1 is passed), "Op = Ns Ar v" (optional: none passed),
#    "Ns = Ns Cm word" (the long option with that word, as cgtop's
#    --order=path; its short form takes none).
#  - TOOL --help: the lines that start with spaces and a dash; each -x and
#    --long before the first double space.
#  - share/completion/TOOL: what its completion function puts in COMPREPLY
#    for "TOOL -" (run in bash, as bash-completion would); and, for each
#    option that takes a value, the words it offers after it ("TOOL OPT "),
#    file names, cgroup paths and PIDs aside: "TOOL OPT WORD --help" must print
#    the usage (the tools check such values as they parse them).
# A tool takes an option when "TOOL OPTION [1] --help" draws no complaint
# from getopt (unrecognized, invalid, requires an argument, ...) and, for an
# option the page gives no value, does not take --help as its value.
#
# What counts as an example (awk below, EXAMPLES_AWK):
#  - README.md: every line of an indented code block (4 spaces or a tab after
#    a blank line) and of a fenced block (``` or ~~~) whose info string is
#    empty, sh, bash, shell or console; a fenced block of another kind
#    (```text) is not commands.
#  - man pages: in the EXAMPLES section, each .Dl line and each line of a
#    .Bd -literal block (mdoc escapes \e \- \(aq \(dq \& undone).
#  - In a block where a line starts with a prompt ("$ ", or "# " where no
#    line starts with anything but "#" or a blank), only those lines are
#    commands (the rest is their output); without prompts, every line is
#    one, except comments ("# the cgroups of..." alone, "#!/bin/sh").  A line
#    that ends in a backslash, "|" or "&&" goes on on the next.
#  - A block whose first line is an interactive prompt ("/> cd x",
#    "pod:a> ls") is one example, named by that line.
# Each example is one record: document, line, block, command text.
#
# How an example is run:
#  - The test bed (tests/testbed/testbed: runc containers laid out as docker
#    and the kubelet lay them out) is up below a scratch cgroup cgkit-test-*
#    made beneath our own cgroup in every hierarchy.  The cgroups an example
#    names are made there: x, student, group1, group2.
#  - Each block runs as one bash script (set -o pipefail, stdin /dev/null,
#    SHELL=/bin/sh: the containers have no bash) in that scratch cgroup, in a
#    working directory holding a Makefile (for "make -j8"), with the tools of
#    this build first in PATH.  cgls, cgset, cgexec-ns, cgtop and cgsh get
#    --relative there, so "/" in an example is the scratch cgroup: /demo,
#    /batch, /kubepods.slice are made or found below it, never at a
#    hierarchy's root.  Every cgroup a block made is removed after it, and
#    every process it left is killed, by PID.
#  - Placeholders are bound by the BIND table (placeholder text -> a real
#    container id prefix, PID or path of the test bed), then the commands of
#    the block run in order; each must exit 0, and print each line of output
#    the document shows after it (blanks squeezed).
#  - An example in the LONG table runs until stopped (an exporter, a
#    textfile writer): it must still run when its probe succeeds (within
#    40 s: the textfile comes after one interval, 15 s), then it is stopped.
#  - An example in the NOT_RUN table is not run, for the reason given there.
#    An example in no table that cannot run fails, and so does a table row
#    that matches no example.
# Tables match an example by its document and the start of its text, exactly.

load helpers

TOOLS="cgls cgset cgexec-ns nsenter-lite cgtop procview cgsh"

# ---- the tables ---------------------------------------------------------------

# DOCUMENT ## THE EXAMPLE'S TEXT, OR ITS START ## WHY IT IS NOT RUN HERE
not_run_table() {
	cat <<'EOF'
README.md ## sudo ./setup demo ## installs packages and builds the tree in place; CI runs ./setup check
README.md ## sudo ./setup check ## installs packages, builds and runs the whole suite: this test is part of it
README.md ## eval "$(procview --export)"; exec java -jar app.jar ## needs an app.jar; procview(1)'s entrypoint example runs the eval
man/procview.1 ## exec java -jar app.jar ## needs an app.jar; the eval before it runs
man/procview.1 ## nsenter -t 4242 -p -- cat /var/lib/lxcfs/proc/meminfo ## util-linux and a running lxcfs; procview.bats compares the two
man/nsenter-lite.1 ## nsenter-lite -t 4c46475c -n -c tcpdump -i eth0 ## tcpdump is not installed and the test bed's containers have no eth0
README.md ## nsenter-lite -t 3f2a9c -n -c tcpdump -i eth0 ## tcpdump is not installed and the test bed's containers have no eth0
man/nsenter-lite.1 ## nsenter-lite -t 4c46475c -m -p mount --bind /var/lib/lxcfs/proc/meminfo ## needs lxcfs at /var/lib/lxcfs; lxcfs-remount.bats binds its files so under a real lxcfs
README.md ## lxcfs-remount -n ## needs lxcfs on the host's /var/lib/lxcfs, which a test must not mount; lxcfs-remount.bats runs it on a real lxcfs of its own
README.md ## lxcfs-remount /kubepods.slice ## the same
man/cgsh.1 ## /> cd 3f1c5e2a ## a session at cgsh's prompt on a terminal; cgsh.bats drives such sessions in tmux
EOF
}

# DOCUMENT (a glob) ## PLACEHOLDER ## WHAT RUNS INSTEAD, expanded before the
# block runs ($CID: a docker container's id; $INIT: its init's PID;
# $SLEEPER: a sleep in the scratch cgroup; $PODCG: the full path of a pod's
# container's cgroup; $TEXTFILE: a directory; $CAPTURE: a captured sysroot)
bind_table() {
	cat <<'EOF'
* ## 3f2a9c ## ${CID:0:6}
* ## 4c46475c ## ${CID:0:8}
* ## 3f2a ## ${CID:0:4}
* ## $(pgrep -o nginx) ## $INIT
man/procview.1 ## 4242 ## $INIT
* ## 4242 ## $SLEEPER
* ## /kubepods.slice/.../cri-containerd-<id>.scope ## $PODCG
* ## /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope ## $PODCG
* ## /var/lib/node_exporter/textfile ## $TEXTFILE
* ## /srv/capture ## $CAPTURE
* ## -- cmd ## -- true
EOF
}

# DOCUMENT (a glob) ## THE EXAMPLE'S START ## A COMMAND THAT SUCCEEDS ONCE IT
# DOES ITS WORK ($OUT: its output so far)
long_table() {
	cat <<'EOF'
* ## cgtop --listen 9560 ## curl -sf http://127.0.0.1:9560/metrics | grep -q '^cgkit_cgroup_cpu'
* ## cgtop --textfile /var/lib/node_exporter/textfile -d 15 ## grep -q '^cgkit_cgroup_' "$TEXTFILE/cgtop.prom"
EOF
}

# ---- extraction ---------------------------------------------------------------

# examples FILE...: DOC<TAB>LINE<TAB>BLOCK<TAB>COMMAND per example (see the top)
read -r -d '' EXAMPLES_AWK <<'EOF' || true
function unesc(s) {
	gsub(/\\\(aq/, "'", s); gsub(/\\\(dq/, "\"", s); gsub(/\\&/, "", s)
	gsub(/\\-/, "-", s); gsub(/\\e/, "\\", s)
	return s
}
function flush(   i, cmd, start, prompt, other, l, cont) {
	if (nl == 0) return
	block++
	# "$ " is a prompt; "# " is root's prompt unless a line (not one that
	# goes on from the line before) starts with anything else at its column 0:
	# then those are comments
	prompt = 0; other = 0
	for (i = 1; i <= nl; i++) {
		if (L[i] ~ /^\$ /) prompt = 1
		if (L[i] ~ /^[^# \t]/ && (i == 1 || L[i - 1] !~ /\\$/)) other = 1
	}
	if (!other) for (i = 1; i <= nl; i++) if (L[i] ~ /^# /) prompt = 1
	if (L[1] ~ /^[^ \t$#]*> /) {
		if (want != "out") printf "%s\t%d\t%d\t%s\n", doc, N[1], block, L[1]
		nl = 0; return
	}
	cont = 0; start = 0
	for (i = 1; i <= nl; i++) {
		l = L[i]
		if (cont == 0) {
			if (prompt && l !~ /^[$#] /) {
				# output of the command before: with want=out, printed
				if (want == "out" && start && l !~ /^[ \t]*$/)
					printf "%s\t%d\t%d\t%s\n", doc, start, block, l
				continue
			}
			if (prompt) sub(/^[$#] +/, "", l)
			else if (l ~ /^[ \t]*(#|$)/) continue
			start = N[i]; cmd = ""
		} else if (cont == 2) sub(/^[ \t]+/, "", l)
		if (l ~ /\\$/) { cmd = cmd substr(l, 1, length(l) - 1); cont = 1; continue }
		if (l ~ /(\||&&)[ \t]*$/) { cmd = cmd l " "; cont = 2; continue }
		cmd = cmd l; cont = 0
		if (want != "out") printf "%s\t%d\t%d\t%s\n", doc, start, block, cmd
	}
	nl = 0
}
FNR == 1 {
	flush(); doc = FILENAME
	if (root != "" && index(doc, root) == 1) doc = substr(doc, length(root) + 1)
	man = FILENAME ~ /\.[0-9]$/; sec = lit = fence = 0; prevblank = 1
}
man {
	if ($0 ~ /^\.S[Hh] /) { flush(); sec = $0 ~ /^\.S[Hh] "?EXAMPLES/; next }
	if (!sec) next
	if ($0 ~ /^\.(Bd -literal|nf|EX)/) { flush(); lit = 1; next }
	if ($0 ~ /^\.(Ed|fi|EE)/) { flush(); lit = 0; next }
	if (lit) { if ($0 !~ /^\./) { L[++nl] = unesc($0); N[nl] = FNR }; next }
	if ($0 ~ /^\.Dl /) { flush(); L[++nl] = unesc(substr($0, 5)); N[nl] = FNR; flush() }
	next
}
{
	if ($0 ~ /^[ \t]*(```|~~~)/) {
		flush()
		if (fence) fence = 0
		else {
			info = $0; sub(/^[ \t]*(```|~~~)[ \t]*/, "", info); sub(/[ \t].*/, "", info)
			fence = info ~ /^(|sh|bash|shell|console)$/ ? 1 : 2
		}
		next
	}
	if (fence == 1) { L[++nl] = $0; N[nl] = FNR; next }
	if (fence == 2) next
	if ($0 ~ /^(    |\t)/ && (nl > 0 || prevblank)) {
		l = $0; sub(/^(    |\t)/, "", l); L[++nl] = l; N[nl] = FNR; prevblank = 0; next
	}
	if ($0 ~ /^[ \t]*$/) { prevblank = 1; next }
	flush(); prevblank = 0
}
END { flush() }
EOF

examples() { awk -v root="$CGK_SRCDIR/" "$EXAMPLES_AWK" "$@"; }

# expected_output FILE...: DOC<TAB>LINE<TAB>BLOCK<TAB>TEXT per line of output
# a document shows after a prompted command (LINE: the command's)
expected_output() { awk -v want=out -v root="$CGK_SRCDIR/" "$EXAMPLES_AWK" "$@"; }

# the documents whose examples are run
example_docs() {
	echo "$CGK_SRCDIR/README.md"
	ls "$CGK_SRCDIR"/man/*.[1-8]
}

# table_match TABLE DOC TEXT: print the matching row's last field (the first
# matching row); 1 when none.  Rows: DOC-GLOB ## PREFIX ## VALUE.
table_match() {
	local row glob prefix val
	while IFS= read -r row; do
		glob=${row%% ## *}; row=${row#* ## }
		prefix=${row%% ## *}; val=${row#* ## }
		# shellcheck disable=SC2053
		[[ $2 == $glob && $3 == "$prefix"* ]] || continue
		printf '%s\n' "$val"
		return 0
	done < <("$1")
	return 1
}

# bind TEXT DOC: TEXT with every placeholder of the BIND table replaced
bind() {
	local text=$1 row glob ph val
	while IFS= read -r row; do
		glob=${row%% ## *}; row=${row#* ## }
		ph=${row%% ## *}; val=${row#* ## }
		# shellcheck disable=SC2053
		[[ $2 == $glob ]] || continue
		val=$(eval "printf '%s' \"$val\"")
		text=${text//"$ph"/$val}
	done < <(bind_table)
	printf '%s\n' "$text"
}

# ---- options --------------------------------------------------------------------

# man_options PAGE: "OPTION<TAB>ARGS" per option its OPTIONS section lists;
# ARGS is what to pass after it (empty, or "1"), or "=WORD" for --opt=WORD
man_options() {
	awk '
	/^\.S[Hh] / { sec = $0 ~ /^\.S[Hh] "?OPTIONS/; next }
	!sec { next }
	/^\.It / {
		n = 0; val = ""; cm = ""
		for (i = 2; i <= NF; i++) {
			if ($i == "Fl" && i < NF) {
				o = $(i + 1); sub(/[,;]$/, "", o); gsub(/\\-/, "-", o)
				opt[++n] = (o ~ /^-/ ? "-" o : "-" o)
				i++
				continue
			}
			if ($i == "Op") { while (i < NF && $i != "Ar") i++; continue }
			if ($i == "Ns" && $(i + 1) == "=" && $(i + 2) == "Ns" && $(i + 3) == "Cm") { cm = $(i + 4); break }
			if ($i == "Ar") { val = "1"; break }
		}
		for (k = 1; k <= n; k++) {
			if (cm != "") printf "%s\t%s\n", opt[k], (opt[k] ~ /^--/ ? "=" cm : "")
			else printf "%s\t%s\n", opt[k], val
		}
		next
	}
	/^\.TP/ { tp = 1; next }
	tp {
		tp = 0; s = $0; gsub(/\\-/, "-", s)
		while (match(s, /\\fB-[-A-Za-z0-9]+/)) {
			o = substr(s, RSTART + 3, RLENGTH - 3); s = substr(s, RSTART + RLENGTH)
			printf "%s\t%s\n", o, (s ~ /^\\fR *(=?\\fI|[ =]*[A-Z])/ ? "1" : "")
		}
	}' "$1" | sort -u -k1,1
}

# synopsis_options PAGE: "LINE<TAB>OPTION" per option its SYNOPSIS names
# ("Fl abc" is -a -b -c; "Fl \-" alone is the -- before a command)
synopsis_options() {
	awk '
	/^\.S[Hh] / { sec = $0 ~ /^\.S[Hh] "?SYNOPSIS/; next }
	!sec { next }
	{
		for (i = 1; i < NF; i++) {
			if ($i != "Fl") continue
			o = $(i + 1); sub(/[,;|]$/, "", o)
			if (o ~ /^\\-[A-Za-z0-9]/) { sub(/^\\-/, "", o); gsub(/\\-/, "-", o); printf "%d\t--%s\n", FNR, o }
			else if (o ~ /^[A-Za-z0-9]+$/) for (k = 1; k <= length(o); k++) printf "%d\t-%s\n", FNR, substr(o, k, 1)
		}
	}' "$1"
}

# help_options TOOL: the options TOOL --help shows, one per line
help_options() {
	"$CGK_BUILDDIR/$1" --help | sed -n -E 's/^ +(-.*)$/\1/p' | sed -E 's/  .*//' |
		grep -oE '(^|[ ,])--?[A-Za-z0-9][-A-Za-z0-9]*' | tr -d ' ,' | sort -u
}

# completion_options TOOL: the options share/completion/TOOL offers for "TOOL -"
completion_options() {
	bash -c '
		. "$1" || exit 1
		f=$(complete -p "$2" | sed -E "s/.* -F ([^ ]+) .*/\1/")
		[ -n "$f" ] || exit 1
		COMP_WORDS=("$2" -) COMP_CWORD=1 COMP_LINE="$2 -" COMP_POINT=$((${#2} + 2))
		"$f" "$2" - "$2"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$CGK_SRCDIR/share/completion/$1" "$1" |
		grep -x -- '-.*' | grep -vx -- '--' | sort -u
}

# completion_values TOOL OPTION: the words share/completion/TOOL offers after
# "TOOL OPTION " (run in an empty directory, so no file names come)
completion_values() {
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	(cd "$BATS_TEST_TMPDIR/empty" && bash -c '
		. "$1" || exit 1
		f=$(complete -p "$2" | sed -E "s/.* -F ([^ ]+) .*/\1/")
		COMP_WORDS=("$2" "$3" "") COMP_CWORD=2 COMP_LINE="$2 $3 " COMP_POINT=${#COMP_LINE}
		"$f" "$2" "" "$3" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' _ "$CGK_SRCDIR/share/completion/$1" "$1" "$2") |
		grep -v -e '^$' -e / -e ':$' -e '=$' -e '^[0-9]*$' | head -50
}

# takes TOOL OPTION ARGS: the getopt complaint of TOOL about OPTION, if any
takes() {
	local args=("$2")
	case $3 in
	'') ;;
	=*) args=("$2$3") ;;
	*) if [[ $2 == --* ]]; then args=("$2=$3"); else args=("$2" "$3"); fi ;;
	esac
	local out
	out=$(timeout 10 "$CGK_BUILDDIR/$1" "${args[@]}" --help </dev/null 2>&1)
	[[ $out == Usage:* ]] && return 0
	grep -E "unrecognized option|invalid option|requires an argument|doesn't allow an argument|is ambiguous" <<<"$out" | head -1 | grep . && return 0
	# an option that wants a value the page does not give it takes --help
	grep -v "^Try '.* --help'" <<<"$out" | grep -q -e '--help' &&
		echo "takes a value (it took --help as one): $(head -1 <<<"$out")"
	return 0
}

# check_options TOOL [PAGE]: the man page's options against --help and the parser
check_options() {
	local tool=$1 page=${2:-$CGK_SRCDIR/man/$1.1} bad=0 opt args line complaint
	local man help
	[ -x "$CGK_BUILDDIR/$tool" ] || fail "no $CGK_BUILDDIR/$tool (build first)"
	man=$(man_options "$page")
	help=$(help_options "$tool")
	[ "$(wc -l <<<"$man")" -ge 3 ] || fail "man/$tool.1: found no options in its OPTIONS section"
	[ "$(wc -l <<<"$help")" -ge 3 ] || fail "$tool --help: found no options"
	while IFS=$'\t' read -r opt args; do
		line=$(grep -n -E "^\.It .*Fl \\\\?${opt#-}( |$|,)|^\.It .*Fl \\\\-${opt#--}( |$|,)" "$page" | head -1 | cut -d: -f1)
		if ! grep -qxF -- "$opt" <<<"$help"; then
			echo "man/$tool.1:${line:-?}: $opt: listed in OPTIONS, not in $tool --help"; bad=1
		fi
		complaint=$(takes "$tool" "$opt" "$args")
		if [ -n "$complaint" ]; then
			echo "man/$tool.1:${line:-?}: $opt${args:+ $args}: $tool says: $complaint"; bad=1
		fi
	done <<<"$man"
	while IFS=$'\t' read -r line opt; do
		grep -qxF -- "$opt" <<<"$help" ||
			{ echo "man/$tool.1:$line: $opt: in the SYNOPSIS, not in $tool --help"; bad=1; }
	done < <(synopsis_options "$page")
	while read -r opt; do
		if ! cut -f1 <<<"$man" | grep -qxF -- "$opt"; then
			echo "man/$tool.1: $opt: $tool --help shows it, its OPTIONS section does not"; bad=1
		fi
	done <<<"$help"
	return $bad
}

# check_completion TOOL: what share/completion/TOOL offers against the tool
check_completion() {
	local tool=$1 f=share/completion/$1 bad=0 opt offered help man complaint args line val out
	[ -f "$CGK_SRCDIR/$f" ] || fail "no $f"
	offered=$(completion_options "$tool")
	help=$(help_options "$tool")
	man=$(man_options "$CGK_SRCDIR/man/$tool.1")
	[ "$(wc -l <<<"$offered")" -ge 3 ] || fail "$f: offers no options for '$tool -'"
	while read -r opt; do
		line=$(grep -n -e " $opt\\b" -e "'$opt\\b" "$CGK_SRCDIR/$f" | head -1 | cut -d: -f1)
		args=$(awk -F'\t' -v o="$opt" '$1 == o { print $2; exit }' <<<"$man")
		complaint=$(takes "$tool" "$opt" "$args")
		if [ -n "$complaint" ]; then
			echo "$f:${line:-?}: offers $opt: $tool says: $complaint"; bad=1
		elif ! grep -qxF -- "$opt" <<<"$help"; then
			echo "$f:${line:-?}: offers $opt, which $tool --help does not show"; bad=1
		fi
	done <<<"$offered"
	while read -r opt; do
		grep -qxF -- "$opt" <<<"$offered" ||
			{ echo "$f: does not offer $opt, which $tool --help shows"; bad=1; }
	done <<<"$help"
	# the values it offers for an option that takes one (cgtop --order=...)
	while IFS=$'\t' read -r opt args; do
		case $args in 1|=*) ;; *) continue;; esac
		while read -r val; do
			[ -n "$val" ] || continue
			complaint=$(takes "$tool" "$opt" "$val")
			out=$(timeout 10 "$CGK_BUILDDIR/$tool" "$opt" "$val" --help 2>&1 </dev/null | head -1)
			if [ -n "$complaint" ] || [[ $out != Usage:* ]]; then
				echo "$f: offers '$opt $val': $tool says: ${complaint:-$out}"; bad=1
			fi
		done < <(completion_values "$tool" "$opt")
	done <<<"$man"
	return $bad
}

@test "options: cgls(1) lists what cgls --help shows, and cgls takes each" { check_options cgls; }
@test "options: cgset(1) lists what cgset --help shows, and cgset takes each" { check_options cgset; }
@test "options: cgexec-ns(1) lists what cgexec-ns --help shows, and cgexec-ns takes each" { check_options cgexec-ns; }
@test "options: nsenter-lite(1) lists what nsenter-lite --help shows, and nsenter-lite takes each" { check_options nsenter-lite; }
@test "options: cgtop(1) lists what cgtop --help shows, and cgtop takes each" { check_options cgtop; }
@test "options: procview(1) lists what procview --help shows, and procview takes each" { check_options procview; }
@test "options: cgsh(1) lists what cgsh --help shows, and cgsh takes each" { check_options cgsh; }

@test "options: a man page listing an option the tool lacks fails the check (the check itself)" {
	# cgls(1) with one more option in its OPTIONS list, before its first .It
	awk '/^\.Sh OPTIONS/ { o = 1 } o && /^\.It / { print ".It Fl \\-no-such-option"; print "A test."; o = 0 } 1' \
		"$CGK_SRCDIR/man/cgls.1" > "$BATS_TEST_TMPDIR/cgls.1"
	grep -q '^\.It Fl \\-no-such-option$' "$BATS_TEST_TMPDIR/cgls.1"
	run man_options "$BATS_TEST_TMPDIR/cgls.1"
	[[ $output == *$'--no-such-option\t'* ]]
	run check_options cgls "$BATS_TEST_TMPDIR/cgls.1"
	[ "$status" = 1 ]
	[[ $output == *"--no-such-option: listed in OPTIONS, not in cgls --help"* ]]
	[[ $output == *"--no-such-option: cgls says: cgls: unrecognized option '--no-such-option'"* ]]
	[ -z "$(takes cgls --json '')" ]
	[[ $(takes cgls --no-such-option '') == *unrecognized* ]]
	[[ $(takes cgls -Z '') == *invalid* ]]
	[[ $(takes cgls --read '') == *'took --help'* ]]
	[ -z "$(takes cgls --read 1)" ]
}

# cgsh(1)'s COMMANDS against cgsh's own help: the same commands (the human
# knobs included), and each option the page gives a command is in that
# command's usage line of "help"
@test "options: cgsh(1)'s COMMANDS are cgsh's commands, with the options its help shows" {
	local page=$CGK_SRCDIR/man/cgsh.1 help bad=0 line cmd opts o usage
	help=$("$CGK_BUILDDIR/cgsh" -c help)
	# "NAME|-a -b|LINE" per command of the page
	awk '
	/^\.S[Hh] / { sec = $0 ~ /^\.S[Hh] "?COMMANDS/; next }
	!sec || !/^\.It / { next }
	{
		name = ""; o = ""
		for (i = 2; i <= NF; i++) {
			if ($i == "Ic") {
				if (name != "") printf "%s|%s|%d\n", name, o, FNR
				name = $(i + 1); sub(/[,;]$/, "", name); o = ""
			}
			if ($i == "Fl") o = o (o == "" ? "" : " ") "-" $(i + 1)
		}
		if (name != "") printf "%s|%s|%d\n", name, o, FNR
	}' "$page" > "$BATS_TEST_TMPDIR/cmds"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/cmds")" -ge 10 ] || fail "man/cgsh.1: found no COMMANDS"
	# cgsh's: the first word of each usage line, and the human knobs' line
	{
		sed -n -E 's/^  ([a-z][-a-z]*)( .*)?$/\1/p' <<<"$help"
		sed -n '/^Human knobs/{n;p}' <<<"$help" | tr ' ' '\n' | sed '/^$/d'
	} | sort -u > "$BATS_TEST_TMPDIR/theirs"
	while IFS='|' read -r cmd opts line; do
		if ! grep -qxF "$cmd" "$BATS_TEST_TMPDIR/theirs"; then
			echo "man/cgsh.1:$line: $cmd: in COMMANDS, not a command of cgsh's help"; bad=1; continue
		fi
		usage=$("$CGK_BUILDDIR/cgsh" -c "help $cmd" | head -1)
		for o in $opts; do
			[[ " $usage " == *"[$o"[\ \]]* || " $usage " == *" $o "* ]] ||
				{ echo "man/cgsh.1:$line: $cmd $o: not in cgsh's 'help $cmd': $usage"; bad=1; }
		done
	done < "$BATS_TEST_TMPDIR/cmds"
	while read -r cmd; do
		cut -d'|' -f1 "$BATS_TEST_TMPDIR/cmds" | grep -qxF "$cmd" ||
			{ echo "man/cgsh.1: $cmd: a command of cgsh's help, not in COMMANDS"; bad=1; }
	done < "$BATS_TEST_TMPDIR/theirs"
	return $bad
}

@test "options: every ./configure option README.md and the man pages give is one configure takes" {
	local doc line opt bad=0 known n=0
	known=$("$CGK_SRCDIR/configure" --help | grep -oE -- '--(enable|disable|with|without)-[a-z0-9-]+' | sort -u)
	[ -n "$known" ] || fail "configure --help: no options"
	while IFS=: read -r doc line opt; do
		n=$((n + 1))
		grep -qxF -- "$opt" <<<"$known" ||
			{ echo "${doc#"$CGK_SRCDIR/"}:$line: $opt: not an option of ./configure"; bad=1; }
	done < <(grep -noE -- 'configure \\?-\\?-(enable|disable|with|without)-[a-z0-9-]+' \
			"$CGK_SRCDIR/README.md" "$CGK_SRCDIR"/man/*.[1-8] |
		sed -E 's/configure //; s/\\-/-/g')
	[ $n -ge 2 ] || fail "found no ./configure option in the documents"
	return $bad
}

# mentions DOC...: "DOC:LINE<TAB>TOOL<TAB>OPTION" for each option the prose of
# a document gives one of our tools: README's inline code that starts with
# the tool's name (`cgtop --listen [ADDR:]PORT`), and man lines ".Nm TOOL Fl x"
# or ".Xr TOOL N Fl x"; up to a "--", "|", ";" or "&&", quoted words aside
mentions() {
	awk -v root="$CGK_SRCDIR/" -v tools=" $TOOLS " '
	function opts(where, tool, s,   n, w, i, k, o) {
		gsub(/\047[^\047]*\047|"[^"]*"/, "ARG", s)	# quoted arguments
		n = split(s, w, /[ \t]+/)
		for (i = 1; i <= n; i++) {
			if (w[i] == "--" || w[i] ~ /^(\||;|&&)/) break
			if (w[i] ~ /^--[A-Za-z0-9]/) { o = w[i]; sub(/[=[,.;:)].*$/, "", o); print where "\t" tool "\t" o }
			else if (w[i] ~ /^-[A-Za-z0-9]+$/)
				for (k = 2; k <= length(w[i]); k++) print where "\t" tool "\t-" substr(w[i], k, 1)
		}
	}
	{
		doc = FILENAME; if (index(doc, root) == 1) doc = substr(doc, length(root) + 1)
		where = doc ":" FNR
	}
	FILENAME ~ /\.md$/ {
		line = $0
		while (match(line, /`[^`]+`/)) {
			span = substr(line, RSTART + 1, RLENGTH - 2); line = substr(line, RSTART + RLENGTH)
			split(span, w, " ")
			if (index(tools, " " w[1] " ")) opts(where, w[1], substr(span, length(w[1]) + 1))
		}
		next
	}
	/^\.(Nm|Xr) [-a-z]+ / {
		if (!index(tools, " " $2 " ")) next
		s = ""
		for (i = 3; i < NF; i++) if ($i == "Fl") s = s " " ($(i + 1) ~ /^\\-/ ? "-" substr($(i + 1), 2) : "-" $(i + 1))
		gsub(/\\-/, "-", s)
		opts(where, $2, s)
	}' "$@"
}

@test "options: every option the prose of README.md and the man pages gives a tool is one it shows in --help" {
	local where tool opt bad=0 n=0 t
	declare -A help
	for t in $TOOLS; do help[$t]=$(help_options "$t"); done
	while IFS=$'\t' read -r where tool opt; do
		n=$((n + 1))
		grep -qxF -- "$opt" <<<"${help[$tool]}" ||
			{ echo "$where: '$tool $opt': $tool --help has no $opt"; bad=1; }
	done < <(mentions "$CGK_SRCDIR/README.md" "$CGK_SRCDIR"/man/*.[1-8])
	[ $n -ge 20 ] || fail "found only $n options in the documents' prose: the extraction is broken"
	return $bad
}

@test "completion: the options share/completion offers are the ones each tool takes and shows" {
	local t bad=0
	for t in $TOOLS; do check_completion "$t" || bad=1; done
	return $bad
}

# ---- examples -------------------------------------------------------------------

setup_file() {
	export CGK_SKIP
	CGK_SKIP=$(cgk_precondition)
	[ -z "$CGK_SKIP" ] || return 0
	testbed_up
}

teardown_file() {
	local sd
	[ -n "${TB:-}" ] || return 0
	sd=$(. "$TB/env" 2>/dev/null && echo "$SCRATCH_DIRS")
	testbed_down
	# what the examples made below the test bed's scratch cgroup, if the
	# test bed left it
	# shellcheck disable=SC2086
	[ -z "$sd" ] || scratch_remove $sd
}

setup() {
	require_root_v1
	local t
	for t in $TOOLS; do
		[ -x "$CGK_BUILDDIR/$t" ] || fail "no $CGK_BUILDDIR/$t (build first)"
	done
}

# the records of every document's examples
all_examples() {
	local d
	example_docs | while read -r d; do examples "$d"; done
}

@test "examples: each is run here or listed in NOT_RUN with why; every table row names one" {
	local doc line text bad=0 row glob prefix n
	all_examples > "$BATS_TEST_TMPDIR/ex"
	# the extraction finds them: README and every page with EXAMPLES
	[ "$(grep -c '^README\.md' "$BATS_TEST_TMPDIR/ex")" -ge 20 ] ||
		fail "README.md: fewer than 20 examples found: the extraction is broken"
	for n in $TOOLS; do
		grep -q "^man/$n\.1	" "$BATS_TEST_TMPDIR/ex" || { echo "man/$n.1: no example found"; bad=1; }
	done
	grep -q "^man/cgkit\.7	" "$BATS_TEST_TMPDIR/ex" || { echo "man/cgkit.7: no example found"; bad=1; }
	# each table row matches an example
	while IFS= read -r row; do
		glob=${row%% ## *}; row=${row#* ## }; prefix=${row%% ## *}
		n=0
		while IFS=$'\t' read -r doc line _ text; do
			# shellcheck disable=SC2053
			[[ $doc == $glob && $text == "$prefix"* ]] && n=$((n + 1))
		done < "$BATS_TEST_TMPDIR/ex"
		[ $n -gt 0 ] || { echo "NOT_RUN/LONG row '$glob ## $prefix': matches no example (stale row?)"; bad=1; }
	done < <(not_run_table; long_table)
	return $bad
}

# the block scripts' environment: wrappers, a work directory, cgroups the
# examples name, a sleeper; sets WORK
prepare_run() {
	local t d f
	testbed_env
	CGK_BUILDDIR=$(cd "$CGK_BUILDDIR" && pwd)
	WORK=$BATS_TEST_TMPDIR/work
	# shellcheck disable=SC2034 # (bind_table's values use them)
	TEXTFILE=$WORK/textfile CAPTURE=$CGK_DATA/sysroot-v2
	# a docker container whose first 4 hex digits are its own ("3f2a")
	CID=$D_HALF
	[ "$(cut -f2 "$TSV" | cut -c1-4 | grep -c "^${CID:0:4}\$")" = 1 ] || CID=$D_ONEHALF
	mkdir -p "$WORK/bin" "$WORK/textfile" "$WORK/run"
	for t in cgls cgset cgexec-ns cgtop cgsh; do
		printf '#!/bin/sh\nexec %q --relative "$@"\n' "$CGK_BUILDDIR/$t" > "$WORK/bin/$t"
	done
	for t in nsenter-lite procview; do
		printf '#!/bin/sh\nexec %q "$@"\n' "$CGK_BUILDDIR/$t" > "$WORK/bin/$t"
	done
	printf '#!/bin/sh\nexec %q "$@"\n' "$CGK_SRCDIR/share/lxcfs-remount" > "$WORK/bin/lxcfs-remount"
	chmod +x "$WORK/bin"/*
	printf 'all:\n\t@true\n' > "$WORK/Makefile"
	# a docker container's init, and the cgroup of a pod's container as a
	# full path (nsenter-lite -t takes no --relative)
	INIT=$(awk -F'\t' -v id="$CID" '$2 == id { print $5 }' "$TSV")
	PODCG=$(awk -F'\t' -v id="$PAUSE_B" '$2 == id { print $8 }' "$TSV")
	local label mnt own
	while IFS=$'\t' read -r label mnt own; do
		[ "$label" = cpu ] && PODCG=$mnt${own%/}$PODCG
	done < <(cg_hierarchies)
	[ -n "$INIT" ] && [ -d "$PODCG" ] || fail "the test bed: no init ($INIT) or pod cgroup ($PODCG)"
	# the cgroups the examples take as given
	for d in $SCRATCH_DIRS; do
		for t in x student group1 group2; do
			[ -d "$d/$t" ] && continue
			mkdir "$d/$t" || return 1
			if [ -e "$d/cpuset.cpus" ]; then
				for f in cpuset.cpus cpuset.mems; do cat "$d/$f" > "$d/$t/$f"; done
			fi
		done
	done
}

# cg_snapshot: every cgroup directory below the test bed's scratch cgroup
cg_snapshot() {
	local d
	for d in $SCRATCH_DIRS; do find "$d" -mindepth 1 -type d; done | sort
}

# tidy BEFORE-FILE: kill what a block left in the scratch cgroup itself and in
# the cgroups it made (by PID: all of it started by the block), and remove
# those cgroups
tidy() {
	local d p pids=() new
	new=$(cg_snapshot | comm -13 "$1" -)
	for d in $SCRATCH_DIRS $new; do
		[ -d "$d" ] || continue
		if [ "$d" != "${d%/*}/$SCRATCH" ]; then
			find "$d" -name freezer.state -exec sh -c 'echo THAWED > "$1"' _ {} \; 2>/dev/null
			for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do
				kill -KILL "$p" 2>/dev/null && pids+=("$p")
			done
		else
			for p in $(cat "$d/cgroup.procs" 2>/dev/null); do
				kill -KILL "$p" 2>/dev/null && pids+=("$p")
			done
		fi
	done
	[ ${#pids[@]} = 0 ] || pids_wait_gone 30 "${pids[@]}" || true
	for d in $(sort -r <<<"$new"); do
		rmdir "$d" 2>/dev/null || { sleep 0.5; rmdir "$d" || true; }
	done
	# the test bed's containers stay thawed whatever an example did
	for d in $SCRATCH_DIRS; do
		find "$d" -name freezer.state -exec sh -c 'grep -q THAWED "$1" || echo THAWED > "$1"' _ {} \; 2>/dev/null
	done
	return 0
}

# block_script DOC BLOCK RECORDS-FILE: the bash script that runs one block
block_script() {
	local doc=$1 blk=$2 d line b text cmd probe
	cat <<-EOF
	set -o pipefail
	for d in $SCRATCH_DIRS; do echo \$\$ > "\$d/cgroup.procs" || exit 99; done
	cd $(printf %q "$WORK")
	export PATH=$(printf %q "$WORK/bin"):\$PATH SHELL=/bin/sh
	export CID=$CID TEXTFILE=$(printf %q "$TEXTFILE")
	pid=$SLEEPER
	__rc() { printf 'rc\t%s\t%s\n' "\$1" "\$2" >&3; }
	__long() { # LINE PROBE-FUNCTION < COMMAND
		local cmd t=400 alive ok=1
		cmd=\$(cat)
		OUT=$(printf %q "$WORK/run/long.\$1")
		export OUT
		setsid bash -c "\$cmd" < /dev/null > "\$OUT" 2>&1 &
		local p=\$!
		while [ \$t -gt 0 ]; do
			kill -0 \$p 2>/dev/null || break
			if \$2; then ok=0; break; fi
			sleep 0.1; t=\$((t - 1))
		done
		kill -0 \$p 2>/dev/null && alive=1 || alive=0
		kill -TERM -- -\$p 2>/dev/null; wait \$p 2>/dev/null
		if [ \$ok != 0 ]; then
			[ \$alive = 1 ] && echo "still running, its probe failed for 40 s" >&2 ||
				echo "ended before its probe succeeded" >&2
			tail -5 "\$OUT" >&2
		fi
		__rc "\$1" \$ok
	}
	EOF
	while IFS=$'\t' read -r d line b text; do
		[ "$d" = "$doc" ] && [ "$b" = "$blk" ] || continue
		table_match not_run_table "$doc" "$text" >/dev/null && continue
		cmd=$(bind "$text" "$doc")
		printf 'printf "start\\t%s\\n" >&3\n' "$line"
		if probe=$(table_match long_table "$doc" "$text"); then
			printf '__probe_%s() { %s; }\n' "$line" "$probe"
			printf '__long %s __probe_%s <<'"'"'__CGK_EXAMPLE'"'"'\n%s\n__CGK_EXAMPLE\n' "$line" "$line" "$cmd"
		else
			printf '{\n%s\n} >%q\n__rc %s $?\n' "$cmd" "$WORK/run/out.$line" "$line"
		fi
	done < "$3"
}

# run_examples DOC: run every block of DOC's examples; print one line per
# failed example; 1 if any
run_examples() {
	local doc=$1 file bad=0 blk line text ran st want
	file=$CGK_SRCDIR/$doc
	examples "$file" > "$BATS_TEST_TMPDIR/ex"
	expected_output "$file" > "$BATS_TEST_TMPDIR/out"
	[ -s "$BATS_TEST_TMPDIR/ex" ] || fail "$doc: no examples found"
	prepare_run
	for blk in $(cut -f3 "$BATS_TEST_TMPDIR/ex" | uniq); do
		cg_snapshot > "$WORK/before"
		# a process for the examples to move ("4242", "$pid"), in the scratch cgroup
		SLEEPER=$(bash -c 'for d in $1; do echo $$ > "$d/cgroup.procs"; done
			exec sleep 1000' _ "$SCRATCH_DIRS" </dev/null >/dev/null 2>&1 & echo $!)
		block_script "$doc" "$blk" "$BATS_TEST_TMPDIR/ex" > "$WORK/block.sh"
		st=0
		rm -f "$WORK"/run/out.*
		timeout 120 bash "$WORK/block.sh" </dev/null >"$WORK/out" 2>"$WORK/err" 3>"$WORK/status" || st=$?
		tidy "$WORK/before"
		while IFS=$'\t' read -r _ line _ text; do
			ran=$(awk -F'\t' -v l="$line" '$1 == "rc" && $2 == l { print $3 }' "$WORK/status")
			if table_match not_run_table "$doc" "$text" >/dev/null; then
				continue
			fi
			if [ -z "$ran" ]; then
				if grep -qx "start	$line" "$WORK/status"; then
					echo "$doc:$line: $text: did not end (block stopped after 120 s, or status $st)"
				else
					echo "$doc:$line: $text: not reached (the block ended with status $st before it)"
				fi
				sed 's/^/    /' "$WORK/err" | tail -5
				bad=1
			elif [ "$ran" != 0 ]; then
				echo "$doc:$line: $text: exit status $ran"
				[ "$(bind "$text" "$doc")" = "$text" ] || echo "    (ran as: $(bind "$text" "$doc"))"
				sed 's/^/    /' "$WORK/err" | tail -5
				bad=1
			fi
		done < <(awk -F'\t' -v b="$blk" '$3 == b' "$BATS_TEST_TMPDIR/ex")
		# the output a document shows: each line, blanks squeezed, in the
		# command's output
		while IFS=$'\t' read -r _ line _ text; do
			squeeze() { tr -s ' \t' '  ' | sed 's/^ //; s/ $//'; }
			want=$(squeeze <<<"$text")
			squeeze < "$WORK/run/out.$line" 2>/dev/null | grep -qxF -- "$want" || {
				echo "$doc:$line: its output shows '$want'; it printed:"
				sed 's/^/    /' "$WORK/run/out.$line" 2>/dev/null | head -5
				bad=1
			}
		done < <(awk -F'\t' -v b="$blk" '$3 == b' "$BATS_TEST_TMPDIR/out")
	done
	return $bad
}

@test "examples: README.md" { run_examples README.md; }
@test "examples: cgkit(7)" { run_examples man/cgkit.7; }
@test "examples: cgls(1)" { run_examples man/cgls.1; }
@test "examples: cgset(1)" { run_examples man/cgset.1; }
@test "examples: cgexec-ns(1)" { run_examples man/cgexec-ns.1; }
@test "examples: nsenter-lite(1)" { run_examples man/nsenter-lite.1; }
@test "examples: cgtop(1)" { run_examples man/cgtop.1; }
@test "examples: procview(1)" { run_examples man/procview.1; }
@test "examples: cgsh(1)" { run_examples man/cgsh.1; }
