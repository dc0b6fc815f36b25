# SPDX-License-Identifier: MIT
# top_stop_after FILE PID: the cgtop PID (-b with a large -n, a line a refresh
# into FILE) prints two more refreshes from now, within 60 s; then SIGTERM,
# on which batch mode ends with status 0. Its status (PID must be a child of
# the caller's shell). For a test that changes something under cgtop and
# checks the last refresh: a fixed -n races the change, which can take
# seconds under load (docker restart, rm -f; in the v2 guest more than 9 s
# at stop 21). Sourced by tests/integration/helpers.bash and, in the v2
# guest, by tests/testbed/runtimes.
top_stop_after() {
	local n i
	n=$(($(wc -l < "$1") + 2))
	for i in $(seq 600); do
		[ "$(wc -l < "$1")" -ge $n ] && break
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
	done
	kill -TERM "$2" 2>/dev/null
	wait "$2"
}
