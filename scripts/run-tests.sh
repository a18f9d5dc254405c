#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the named test binaries from BUILD/tests one after another, each bounded in time, and ends
# with one summary line "N passed, N failed" counted over the cmocka cases of all binaries. A name
# py_X runs tests/web/X.py BUILD with Debian's python3 instead (same output format, same bound).
set -uo pipefail
build=$1; shift
passed=0; failed=0; broken=()
for t in "$@"; do
	out=$(mktemp)
	case $t in
	py_*) cmd=(/usr/bin/python3 "$(dirname "$0")/../tests/web/${t#py_}.py" "$build") ;; # tests/web/: the browser and API tests
	*) cmd=("$build/tests/$t") ;;
	esac
	timeout --kill-after=10 600 "${cmd[@]}" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		broken+=("$t (exit $rc)")
		[ -z "$f" ] && failed=$((failed + 1))
	fi
	rm -f "$out"
done
echo
[ ${#broken[@]} -gt 0 ] && printf 'failing: %s\n' "${broken[@]}"
echo "tests: $passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ]
