#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` part 5: ratings per second from a site broker through the bridge into the province's
# aggregator, against the same load published straight at the province broker, in the same run.
# Two brokers from the shipped mosquitto-hailong.conf (TLS, dynamic security, logins) sharing one
# CA: the province broker runs the aggregator (aggregator.bench); the site broker carries the
# bridge block `hailong-aggregator account add bridge` wrote (MQTT 3.1.1, QoS 1, bridge.bridged on
# the province), its CA path pointed at the copy that command wrote, as an install would.
# Publishers are four logged-in terminals (terminal add on the broker they talk to) that count a
# rating only when its receipt is back, so bridged ratings go up the bridge and their receipts come
# back down it. The direct terminals use their own site id, so their receipts never cross the
# bridge. Rounds alternate which way goes first; the figure is the median of the rounds' ratios.
# Env: BENCH_BRIDGE_RATINGS (default 100000), BENCH_BRIDGE_ROUNDS (default 3). Run from
# bench/run.sh, or alone: bench/bridge.sh BUILD.
set -euo pipefail
build=${1:-build}
dir="$build/bench/bridge"
rm -rf "$dir"; mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
N=${BENCH_BRIDGE_RATINGS:-100000}
ROUNDS=${BENCH_BRIDGE_ROUNDS:-3}
BRIDGED=bridged
DIRECT=direct

. "$(dirname "$0")/../scripts/lib.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "== 5. Ratings through a site broker's bridge into the province's aggregator: $N ratings from 4 terminals, $ROUNDS rounds (direct and bridged back to back)"
t_part=$(now_ms)
start_tls_broker "$dir/province" "$dir/certs"
p_url=$url; p_conf=$admin_conf
add_terminals "$dir/province" "$DIRECT" 4 "$dir/terminals-$DIRECT"
add_aggregator_account "$p_conf" bench "$dir/aggregator"
"$build/hailong-aggregator" account add bridge --site "$BRIDGED" --province-broker "$p_url" --out "$dir/bridge" \
	-c "$p_conf" > "$dir/bridge.log" 2>&1 || { cat "$dir/bridge.log" >&2; exit 1; }
bridge_conf="$dir/bridge/hailong-bridge-$BRIDGED.conf"
sed -i "s|^bridge_cafile .*|bridge_cafile $dir/bridge/ca.crt|" "$bridge_conf"
start_tls_broker "$dir/site" "$dir/certs" "$(cat "$bridge_conf")"
s_url=$url
add_terminals "$dir/site" "$BRIDGED" 4 "$dir/terminals-$BRIDGED"
wait_for "$dir/province/mosquitto.log" "as bridge.$BRIDGED " 200 ||
	{ echo "bench: the site broker's bridge did not log in (see $dir/site/mosquitto.log)" >&2; exit 1; }

printf 'broker = %s\ncafile = %s\nusername = aggregator.bench\npassword_file = %s\ndb = %s/province.db\n' \
	"$p_url" "$cafile" "$dir/aggregator/aggregator.password" "$dir" > "$dir/aggregator.conf"
"$build/hailong-aggregator" serve -c "$dir/aggregator.conf" 2> "$dir/aggregator.log" &
pids+=($!)
wait_for "$dir/aggregator.log" "connected to the broker" 200 ||
	{ echo "bench: the aggregator did not connect (see $dir/aggregator.log)" >&2; exit 1; }

# publish URL SITE N: four terminals of SITE publish N ratings at URL and wait for every receipt.
publish() {
	"$build/hailong-loadgen" publish --broker "$1" --cafile "$cafile" --username "terminal.$2.%c" \
		--password-file "$dir/terminals-$2/%c/terminal.password" --site "$2" --terminals 4 --ratings "$3" \
		--window 1000 --resend-ms 30000 --quiet --timeout 300 >> "$dir/publish.out"
}
# rate URL SITE: ratings per second of one timed run, into `rate`.
rate() {
	local t0 t1
	t0=$(now_ms)
	publish "$1" "$2" "$N"
	t1=$(now_ms)
	rate=$(( N * 1000 / (t1 - t0) ))
}

# A few ratings first, so the bridge's subscriptions on the province are in place before timing.
publish "$s_url" "$BRIDGED" 8
ratios=(); best_direct=0; best_bridged=0
for round in $(seq "$ROUNDS"); do
	if (( round % 2 )); then
		rate "$p_url" "$DIRECT"; direct=$rate; rate "$s_url" "$BRIDGED"; bridged=$rate
	else
		rate "$s_url" "$BRIDGED"; bridged=$rate; rate "$p_url" "$DIRECT"; direct=$rate
	fi
	r=$(awk -v a="$bridged" -v b="$direct" 'BEGIN { printf "%.2f", a / b }')
	ratios+=("$r")
	printf '  round %d: direct to the province %6d ratings/s   through the bridge %6d ratings/s   ratio %s\n' \
		"$round" "$direct" "$bridged" "$r"
	[ "$direct" -gt "$best_direct" ] && best_direct=$direct
	[ "$bridged" -gt "$best_bridged" ] && best_bridged=$bridged
done
expect_b=$(( N * ROUNDS + 8 )); expect_d=$(( N * ROUNDS ))
for _ in $(seq 100); do
	got_b=$(sqlite3 "$dir/province.db" "SELECT count(*) FROM rating WHERE site = '$BRIDGED'")
	[ "$got_b" = "$expect_b" ] && break
	sleep 0.05
done
got_d=$(sqlite3 "$dir/province.db" "SELECT count(*) FROM rating WHERE site = '$DIRECT'")
[ "$got_b" = "$expect_b" ] && [ "$got_d" = "$expect_d" ] ||
	{ echo "bench: the province stored $got_b bridged and $got_d direct ratings, expected $expect_b and $expect_d" >&2; exit 1; }
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "  best rounds: direct $best_direct ratings/s, through the bridge $best_bridged ratings/s"
echo "  site broker -> bridge -> province aggregator, receipts back down: median ratio to direct $median ($got_b bridged and $got_d direct ratings stored once; part took $(( ($(now_ms) - t_part) / 1000 )) s)"
