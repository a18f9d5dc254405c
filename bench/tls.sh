#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` part 4: durable ingest over TLS with logins, against the broker's own TLS pass-through
# in the same run. Part 1's shape on a broker as a site runs it: the shipped mosquitto-hailong.conf
# (TLS, dynamic security, no anonymous clients, the username as client id), every simulated
# terminal logged in as its own terminal.SITE.qNN account made by `hailong-aggregator terminal add`,
# the aggregator as aggregator.bench made by `account add`. Paired rounds (pass-through, then
# ingest), judged on the median of the rounds' ratios. Goal: ingest >= 0.9 x pass-through.
#
# The counting subscriber logs in as aggregator.bench too (a role that may read every rating). It
# connects with a clean session, so it also ends the session the previous round's aggregator left on
# the broker; otherwise that session would queue every pass-through message and the next aggregator
# would store them. Env: BENCH_TLS_RATINGS (default BENCH_RATINGS or 100000), BENCH_TLS_ROUNDS
# (default BENCH_ROUNDS or 5). Run from bench/run.sh, or alone: bench/tls.sh BUILD.
set -euo pipefail
build=${1:-build}
dir="$build/bench/tls"
rm -rf "$dir"; mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
N=${BENCH_TLS_RATINGS:-${BENCH_RATINGS:-100000}}
ROUNDS=${BENCH_TLS_ROUNDS:-${BENCH_ROUNDS:-5}}
SITE=tls

. "$(dirname "$0")/../scripts/lib.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

echo "== 4. Durable ingest over TLS with logins: $N ratings from 4 publishers, $ROUNDS rounds (baseline and ingest back to back)"
t_part=$(now_ms)
start_tls_broker "$dir/broker" "$dir/certs"
add_terminals "$dir/broker" "$SITE" 4 "$dir/terminals"
add_aggregator_account "$admin_conf" bench "$dir/aggregator"
pw_agg="$dir/aggregator/aggregator.password"
pw_term="$dir/terminals/%c/terminal.password" # each terminal its own (see add_terminals)
printf 'broker = %s\ncafile = %s\nusername = aggregator.bench\npassword_file = %s\ndb = %s/ingest.db\n' \
	"$url" "$cafile" "$pw_agg" "$dir" > "$dir/aggregator.conf"
login_term=(--cafile "$cafile" --username "terminal.$SITE.%c" --password-file "$pw_term")

best_pass=0; best_ing=0; ratios=()
for round in $(seq "$ROUNDS"); do
	# Baseline: the broker passes QoS 1 messages over TLS to a logged-in subscriber that only counts.
	"$build/hailong-loadgen" count --broker "$url" --cafile "$cafile" --username aggregator.bench \
		--password-file "$pw_agg" --topic "hailong/v1/+/+/rating" --expect "$N" --timeout 300 > "$dir/count.out" &
	cpid=$!; pids+=($cpid)
	wait_for "$dir/count.out" ready 200 || { echo "bench: the counting subscriber did not connect" >&2; exit 1; }
	t0=$(now_ms)
	"$build/hailong-loadgen" publish --broker "$url" "${login_term[@]}" --site "$SITE" --terminals 4 \
		--ratings "$N" --no-receipts --quiet --timeout 300 > "$dir/pass.out"
	wait $cpid
	t1=$(now_ms)
	pass=$(( N * 1000 / (t1 - t0) ))

	# Ingest: the aggregator, logged in as itself, commits every rating before its receipt; the
	# publishers count a rating only when its receipt is back.
	rm -f "$dir"/ingest.db*
	"$build/hailong-aggregator" serve -c "$dir/aggregator.conf" 2> "$dir/aggregator.log" &
	apid=$!; pids+=($apid)
	wait_for "$dir/aggregator.log" "connected to the broker" 200 ||
		{ echo "bench: the aggregator did not connect (see $dir/aggregator.log)" >&2; exit 1; }
	t0=$(now_ms)
	"$build/hailong-loadgen" publish --broker "$url" "${login_term[@]}" --site "$SITE" --terminals 4 \
		--ratings "$N" --window 1000 --resend-ms 30000 --quiet --timeout 300 > "$dir/ingest.out"
	t1=$(now_ms)
	ing=$(( N * 1000 / (t1 - t0) ))
	stop $apid
	stored=$(sqlite3 "$dir/ingest.db" "SELECT count(*) FROM rating")
	[ "$stored" = "$N" ] || { echo "bench: $stored ratings stored, expected $N" >&2; exit 1; }
	r=$(awk -v a="$ing" -v b="$pass" 'BEGIN { printf "%.2f", a / b }')
	ratios+=("$r")
	printf '  round %d: TLS pass-through %6d msg/s   durable ingest over TLS %6d ratings/s   ratio %s (%d stored once)\n' \
		"$round" "$pass" "$ing" "$r" "$stored"
	[ "$pass" -gt "$best_pass" ] && best_pass=$pass
	[ "$ing" -gt "$best_ing" ] && best_ing=$ing
done
best=$(awk -v a="$best_ing" -v b="$best_pass" 'BEGIN { printf "%.2f", a / b }')
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
verdict=$(awk -v r="$median" 'BEGIN { print (r >= 0.9) ? "met" : "NOT MET" }')
echo "  best rounds: TLS pass-through $best_pass msg/s, durable ingest over TLS $best_ing ratings/s (ratio $best)"
echo "  durable ingest over TLS with logins, median of the rounds' ratios to TLS pass-through: $median (goal >= 0.90: $verdict; part took $(( ($(now_ms) - t_part) / 1000 )) s)"
