#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make demo`: everything on 127.0.0.1 in BUILD/demo — a real mosquitto on a free port with
# persistence, the aggregator, four simulated counter terminals that keep each rating until its
# receipt arrives, one malformed message, and the report at the end. Stops everything it started.
set -euo pipefail
build=${1:-build}
dir="$build/demo"
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

. "$(dirname "$0")/lib.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Broker: mosquitto on 127.0.0.1 (persistence on)"
start_broker "$dir" "max_queued_messages 100000"
echo "broker $url, log $dir/mosquitto.log"

step "Aggregator: hailong-aggregator serve -c $dir/aggregator.conf"
cat > "$dir/aggregator.conf" <<CONF
# Hài Lòng aggregator (demo)
broker = $url
db = $dir/aggregator.db
client_id = hailong-aggregator-demo
utc_offset_minutes = 420
CONF
"$build/hailong-aggregator" serve -c "$dir/aggregator.conf" 2> "$dir/aggregator.log" &
apid=$!
pids+=($apid)
wait_for "$dir/aggregator.log" "connected to the broker"
cat "$dir/aggregator.log"

step "Terminals: 4 counters send 400 ratings over the last 30 days, each kept until receipted"
"$build/hailong-loadgen" publish --broker "$url" --site sct-bentre --terminals 4 --ratings 400 \
	--window 4 --days 30 --timeout 60

step "A malformed message: stored in 'rejected', never receipted"
mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 -t hailong/v1/sct-bentre/q01/rating \
	-m '{"v":1,"id":"not-a-uuid","site":"sct-bentre","counter":"q01","scale":5,"answers":{"officer":9},"ts":0}'
sleep 0.5

step "Stopping the aggregator (SIGTERM drains and exits 0)"
kill -TERM $apid
wait $apid && echo "aggregator exited 0"
tail -n 2 "$dir/aggregator.log"

step "Report: hailong-aggregator report counters --db $dir/aggregator.db"
"$build/hailong-aggregator" report counters --db "$dir/aggregator.db"

step "Rejected: hailong-aggregator rejected --db $dir/aggregator.db"
"$build/hailong-aggregator" rejected --db "$dir/aggregator.db"

echo
echo "The demo's files stay in $dir (database, configs, logs)."
