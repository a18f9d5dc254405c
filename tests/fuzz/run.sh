#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh — runs the libFuzzer harnesses built by `make fuzz` one after the other (nice'd,
# bounded in time and memory) and ends with one table: executions, executions per second, new inputs
# and the verdict of each. Each campaign reads the committed corpus tests/fuzz/corpus/NAME and writes
# what it finds to FUZZDIR/corpus/NAME, never into the repository; a crash, leak, timeout or OOM
# leaves its input in FUZZDIR/artifacts/NAME/ and makes the exit status 1.
#   run.sh FUZZDIR SECONDS RSS_MB NAME:MAXLEN...          a campaign of SECONDS per harness
#   run.sh --merge FUZZDIR 0 RSS_MB NAME:MAXLEN...       minimise tests/fuzz/corpus/NAME with
#                                                         FUZZDIR/corpus/NAME (files seed-* and repro-*
#                                                         are kept; past FUZZ_MERGE_MAX=200 files, the
#                                                         merge is by edges only)
set -uo pipefail

merge=0
if [ "${1:-}" = --merge ]; then merge=1; shift; fi
[ $# -ge 4 ] || { echo "usage: $0 [--merge] FUZZDIR SECONDS RSS_MB NAME:MAXLEN..." >&2; exit 2; }
dir=$1 seconds=$2 rss=$3; shift 3
merge_max=${FUZZ_MERGE_MAX:-200} # files a merged corpus may keep before it is merged coarser
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/logs"

rows=() failed=()
for spec in "$@"; do
	name=${spec%%:*} maxlen=${spec#*:}
	bin=$dir/fuzz_$name seed=$src/corpus/$name work=$dir/corpus/$name art=$dir/artifacts/$name
	log=$dir/logs/$name.log
	dict=()
	[ -f "$src/dict/$name.dict" ] && dict=(-dict="$src/dict/$name.dict")
	mkdir -p "$seed" "$work" "$art"
	if [ $merge -eq 1 ]; then
		# The hand-written seeds (seed-*) and the reproducers of fixed bugs (repro-*) stay as they
		# are; being in the output folder first, they count as covered, so the merge adds only
		# inputs that reach beyond them.
		out=$(mktemp -d)
		keep() { find "$seed" -maxdepth 1 -type f \( -name 'seed-*' -o -name 'repro-*' \) -exec cp {} "$out/" \; ; }
		keep
		nice -n 10 "$bin" -merge=1 -max_len="$maxlen" -rss_limit_mb="$rss" "${dict[@]}" \
			"$out" "$seed" "$work" > "${log%.log}.merge.log" 2>&1
		rc=$?
		# Too many files to review and commit: keep what covers each edge, not each hit count.
		if [ $rc -eq 0 ] && [ "$(find "$out" -type f | wc -l)" -gt "$merge_max" ]; then
			find "$out" -type f -delete
			keep
			nice -n 10 "$bin" -merge=1 -use_counters=0 -max_len="$maxlen" -rss_limit_mb="$rss" \
				"$out" "$seed" "$work" >> "${log%.log}.merge.log" 2>&1
			rc=$?
		fi
		if [ $rc -eq 0 ]; then
			before=$(find "$seed" -type f | wc -l)
			find "$seed" -maxdepth 1 -type f -delete
			cp "$out"/* "$seed/" 2>/dev/null
			after=$(find "$seed" -type f | wc -l)
			bytes=$(find "$seed" -type f -printf '%s\n' | awk '{ n += $1 } END { print n + 0 }')
			rows+=("$(printf '%-14s %8s -> %-6s files %9s bytes' "$name" "$before" "$after" "$bytes")")
		else
			rows+=("$(printf '%-14s merge failed (exit %d, see %s)' "$name" "$rc" "${log%.log}.merge.log")")
			failed+=("$name")
		fi
		rm -rf "$out"
		continue
	fi
	marker=$(mktemp)
	echo "fuzz: $name for ${seconds}s (max_len $maxlen, log $log)" >&2
	nice -n 10 "$bin" -max_total_time="$seconds" -rss_limit_mb="$rss" -max_len="$maxlen" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$art/" "${dict[@]}" "$work" "$seed" > "$log" 2>&1
	rc=$?
	stat() { sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$log" | tail -n1; }
	execs=$(stat number_of_executed_units) rate=$(stat average_exec_per_sec)
	new=$(stat new_units_added) peak=$(stat peak_rss_mb)
	found=$(find "$art" -type f -newer "$marker" | sort | tr '\n' ' ')
	rm -f "$marker"
	verdict=ok
	if [ $rc -ne 0 ]; then
		if [ -n "$found" ]; then verdict="FOUND (exit $rc): $found"; else verdict="FAILED (exit $rc): see $log"; fi
		failed+=("$name")
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*harness rule broken|    #[0-9]+ )' "$log" | head -n 25 >&2
	fi
	rows+=("$(printf '%-14s %12s %10s %6s %7s  %s' "$name" "${execs:-?}" "${rate:-?}" "${new:-?}" "${peak:-?}" "$verdict")")
done

echo
if [ $merge -eq 0 ]; then
	printf '%-14s %12s %10s %6s %7s  %s\n' harness executions exec/s new rss_mb result
fi
printf '%s\n' "${rows[@]}"
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: findings in: ${failed[*]}" >&2; exit 1; }
