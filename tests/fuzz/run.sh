#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh — runs the libFuzzer harnesses built by `make fuzz` one after the other (nice'd,
# bounded in time and memory) and ends with one table: executions, executions per second, new inputs
# and the verdict of each. Each campaign reads the committed corpus tests/fuzz/corpus/NAME and writes
# what it finds to FUZZDIR/corpus/NAME, never into the repository; a crash, leak, timeout or OOM
# leaves its input in FUZZDIR/artifacts/NAME/ and makes the exit status 1.
#   run.sh FUZZDIR SECONDS RSS_MB NAME:MAXLEN...          a campaign of SECONDS per harness
#   run.sh --merge FUZZDIR 0 RSS_MB NAME:MAXLEN...       minimise tests/fuzz/corpus/NAME with
#                                                         FUZZDIR/corpus/NAME (files repro-* are kept)
set -uo pipefail

merge=0
if [ "${1:-}" = --merge ]; then merge=1; shift; fi
[ $# -ge 4 ] || { echo "usage: $0 [--merge] FUZZDIR SECONDS RSS_MB NAME:MAXLEN..." >&2; exit 2; }
dir=$1 seconds=$2 rss=$3; shift 3
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
		out=$(mktemp -d)
		keep=$(mktemp -d)
		find "$seed" -maxdepth 1 -name 'repro-*' -exec cp {} "$keep/" \;
		nice -n 10 "$bin" -merge=1 -max_len="$maxlen" -rss_limit_mb="$rss" "${dict[@]}" \
			"$out" "$seed" "$work" > "$log" 2>&1
		rc=$?
		if [ $rc -eq 0 ]; then
			before=$(find "$seed" -type f | wc -l)
			find "$seed" -maxdepth 1 -type f -delete
			cp "$out"/* "$keep"/* "$seed/" 2>/dev/null
			after=$(find "$seed" -type f | wc -l)
			kb=$(du -sk "$seed" | cut -f1)
			rows+=("$(printf '%-14s %8s -> %-6s files %6s KiB' "$name" "$before" "$after" "$kb")")
		else
			rows+=("$(printf '%-14s merge failed (exit %d, see %s)' "$name" "$rc" "$log")")
			failed+=("$name")
		fi
		rm -rf "$out" "$keep"
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
