#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench`: measured figures, each beside a baseline measured in the same run.
#  1. Durable ingest: 100 000 ratings from 4 concurrent publishers into the aggregator (commit before
#     receipt), against the broker's own QoS 1 pass-through of the same load to a subscriber that only
#     counts. Goal: ingest >= 0.9 x pass-through.
#  2. A quarter's report over 10 million stored ratings from roll-ups (goal <= 20 ms), against the same
#     numbers from the single ratings through a covering index; both must agree.
#  3. The terminal on a real X server (bench/terminal.sh), tap -> receipt also over TLS with a login.
#  4. Durable ingest over TLS with logins, against the broker's own TLS pass-through (bench/tls.sh).
#     Goal: >= 0.9 x.
#  5. Ratings per second through a site broker's bridge into the province's aggregator, against the
#     same load published straight at the province broker (bench/bridge.sh).
# BENCH_ONLY picks parts: a comma-separated list of ingest, report, terminal, ingest-tls,
# terminal-tls, bridge, or tls for the last three (e.g. BENCH_ONLY=tls make bench); unset, all run.
# Everything runs on 127.0.0.1; every process started here is ended here.
set -euo pipefail
build=${1:-build}
dir="$build/bench"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
N=${BENCH_RATINGS:-100000}
ROUNDS=${BENCH_ROUNDS:-5}

. "$(dirname "$0")/../scripts/lib.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

if bench_wants ingest; then
	echo "== 1. Durable ingest of $N ratings from 4 publishers, $ROUNDS rounds (baseline and ingest back to back)"
	rm -rf "$dir/broker"
	start_broker "$dir/broker" "$(printf 'max_queued_messages 1000000\nmax_inflight_messages 1000')"
	best_pass=0; best_ing=0; ratios=()
	for round in $(seq "$ROUNDS"); do
		# Baseline: the broker passes QoS 1 messages to a subscriber that only counts them.
		"$build/hailong-loadgen" count --broker "$url" --topic "hailong/v1/+/+/rating" --expect "$N" \
			--timeout 300 > "$dir/count.out" &
		cpid=$!; pids+=($cpid)
		wait_for "$dir/count.out" ready
		t0=$(now_ms)
		"$build/hailong-loadgen" publish --broker "$url" --site pass --terminals 4 --ratings "$N" \
			--no-receipts --quiet --timeout 300 > "$dir/pass.out"
		wait $cpid
		t1=$(now_ms)
		pass=$(( N * 1000 / (t1 - t0) ))

		# Ingest: the aggregator stores every rating (fsync'd commit) before its receipt; publishers
		# count a rating only when its receipt is back.
		rm -f "$dir"/ingest.db*
		"$build/hailong-aggregator" serve --broker "$url" --db "$dir/ingest.db" \
			--client-id "bench-$round" 2> "$dir/aggregator.log" &
		apid=$!; pids+=($apid)
		wait_for "$dir/aggregator.log" "connected to the broker"
		t0=$(now_ms)
		"$build/hailong-loadgen" publish --broker "$url" --site ingest --terminals 4 --ratings "$N" \
			--window 1000 --resend-ms 30000 --quiet --timeout 300 > "$dir/ingest.out"
		t1=$(now_ms)
		ing=$(( N * 1000 / (t1 - t0) ))
		stop $apid
		stored=$(sqlite3 "$dir/ingest.db" "SELECT count(*) FROM rating")
		[ "$stored" = "$N" ] || { echo "bench: $stored ratings stored, expected $N" >&2; exit 1; }
		r=$(awk -v a="$ing" -v b="$pass" 'BEGIN { printf "%.2f", a / b }')
		ratios+=("$r")
		printf '  round %d: pass-through %6d msg/s   durable ingest %6d ratings/s   ratio %s (%d stored once)\n' \
			"$round" "$pass" "$ing" "$r" "$stored"
		[ "$pass" -gt "$best_pass" ] && best_pass=$pass
		[ "$ing" -gt "$best_ing" ] && best_ing=$ing
	done
	best=$(awk -v a="$best_ing" -v b="$best_pass" 'BEGIN { printf "%.2f", a / b }')
	median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	verdict=$(awk -v r="$median" 'BEGIN { print (r >= 0.9) ? "met" : "NOT MET" }')
	echo "  best rounds: broker pass-through $best_pass msg/s, durable ingest $best_ing ratings/s (ratio $best)"
	echo "  median of the rounds' ratios: $median (goal >= 0.90: $verdict)"
	echo
fi

if bench_wants report; then
	echo "== 2. Quarter report over 10 million ratings"
	"$build/bench-report" "$dir/ratings-10M.db"
	echo
fi
if bench_wants terminal || bench_wants terminal-tls; then
	"$(dirname "$0")/terminal.sh" "$build"
	echo
fi
if bench_wants ingest-tls; then
	"$(dirname "$0")/tls.sh" "$build"
	echo
fi
if bench_wants bridge; then
	"$(dirname "$0")/bridge.sh" "$build"
fi
