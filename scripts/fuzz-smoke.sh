#!/usr/bin/env bash
# Runs every fuzz target of the module for FUZZTIME (default 20s).
#
# Go's fuzz coordinator up to Go 1.26 can end a duration-limited run with a
# bare "context deadline exceeded" failure when the deadline fires while a
# worker is mid-call (go.dev/issue/75804, fixed in Go 1.27). That failure
# writes no input and names no panic. Such a run is repeated once with a
# count budget (-fuzztime Nx, N = the execs the first run reached), which has
# no deadline to race; the repeat must pass. Every other failure counts.
#
# Usage: scripts/fuzz-smoke.sh            run all targets
#        scripts/fuzz-smoke.sh --classify LOG   print "pass", "deadline" or "fail"
set -uo pipefail

GO=${GO:-go}
FUZZTIME=${FUZZTIME:-20s}

# classify LOG RC: "pass" (rc 0), "deadline" (only the coordinator's deadline
# error under the FAIL line, no failing input written), or "fail".
classify() {
	local log=$1 rc=$2
	if [ "$rc" -eq 0 ]; then echo pass; return; fi
	if grep -q -e 'Failing input written' -e '^panic:' -e 'fuzz: minimizing' "$log"; then
		echo fail; return
	fi
	# Lines between "--- FAIL:" and the closing "FAIL"/"exit status" lines.
	awk '
		/^--- FAIL:/ { inside = 1; seen = 1; next }
		inside && (/^FAIL/ || /^exit status/) { inside = 0; next }
		inside && /^[ \t]*context deadline exceeded[ \t]*$/ { deadline = 1; next }
		inside && NF > 0 { other = 1 }
		END { exit !(seen && deadline && !other) }
	' "$log" && { echo deadline; return; }
	echo fail
}

if [ "${1:-}" = "--classify" ]; then
	classify "$2" 1
	exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
for pkg in $($GO list ./...); do
	targets=$($GO test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
	for f in $targets; do
		echo "== $pkg $f"
		$GO test -run '^$' -fuzz "^$f\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
		verdict=$(classify "$log" "$rc")
		if [ "$verdict" = deadline ]; then
			execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
			execs=${execs:-10000}
			[ "$execs" -ge 1000 ] || execs=1000
			echo "== $f: bare 'context deadline exceeded' at the end of the time budget, no input written" \
				"(go.dev/issue/75804); repeating with -fuzztime ${execs}x"
			$GO test -run '^$' -fuzz "^$f\$" -fuzztime "${execs}x" "$pkg" 2>&1 | tee "$log"
			rc=${PIPESTATUS[0]}
			verdict=$(classify "$log" "$rc")
			[ "$verdict" = pass ] || verdict=fail
		fi
		if [ "$verdict" != pass ]; then
			failed+=("$pkg $f")
		fi
	done
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz-smoke: ${#failed[@]} target(s) failed:"
	printf '  %s\n' "${failed[@]}"
	exit 1
fi
echo "fuzz-smoke: every target passed"
