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

# The counting subscriber logs in as the aggregator (see above); each simulated terminal as itself.
count_opts=(--broker "$url" --cafile "$cafile" --username aggregator.bench --password-file "$pw_agg")
pass_opts=(--broker "$url" "${login_term[@]}" --site "$SITE")
ingest_opts=("${pass_opts[@]}")
serve_opts=(-c "$dir/aggregator.conf")
ingest_rounds "$dir" "$N" "$ROUNDS" "TLS pass-through" "durable ingest over TLS"
echo "  best rounds: TLS pass-through $best_pass msg/s, durable ingest over TLS $best_ing ratings/s (ratio $best)"
echo "  durable ingest over TLS with logins, median of the rounds' ratios to TLS pass-through: $median (goal >= 0.90: $verdict; part took $(( ($(now_ms) - t_part) / 1000 )) s)"
