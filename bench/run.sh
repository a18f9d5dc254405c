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
#  6. The web console over part 2's 10 M ratings while the aggregator ingests: three pages at 1, 10
#     and 50 clients beside the CLI's report, its memory, ingest without and with it (bench/web.sh).
#  7. Notifications (issue 12, bench/notify.sh): a serious rating -> MQTT alert (the baseline) -> e-mail
#     and webhook call, p50/p99/max (goal: within seconds); a backlog of waiting mails drained after the
#     mail server returns, each once, against smtplib over one connection to the same server; the
#     public board /cong-khai/SITE at 1, 10 and 50 clients against the console's / and its memory.
#     NOTIFY_BENCH_QUICK=1: about a minute.
# BENCH_ONLY picks parts: a comma-separated list of ingest, report, terminal, ingest-tls,
# terminal-tls, terminal-quota, bridge, web, notify, or tls for ingest-tls, terminal-tls and bridge (e.g. BENCH_ONLY=tls
# make bench); unset, all run.
# Everything runs on 127.0.0.1; every process started here is ended here.
set -euo pipefail
build=${1:-build}
dir="$build/bench"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
N=${BENCH_RATINGS:-100000}
ROUNDS=${BENCH_ROUNDS:-5}

. "$(dirname "$0")/../scripts/lib.sh"

if bench_wants ingest; then
	echo "== 1. Durable ingest of $N ratings from 4 publishers, $ROUNDS rounds (baseline and ingest back to back)"
	rm -rf "$dir/broker"
	start_broker "$dir/broker" "$(printf 'max_queued_messages 1000000\nmax_inflight_messages 1000')"
	count_opts=(--broker "$url")
	pass_opts=(--broker "$url" --site pass)
	ingest_opts=(--broker "$url" --site ingest)
	serve_opts=(--broker "$url" --db "$dir/ingest.db" --client-id "bench-@ROUND@")
	ingest_rounds "$dir" "$N" "$ROUNDS" pass-through "durable ingest"
	echo "  best rounds: broker pass-through $best_pass msg/s, durable ingest $best_ing ratings/s (ratio $best)"
	echo "  median of the rounds' ratios: $median (goal >= 0.90: $verdict)"
	echo
fi

if bench_wants report; then
	echo "== 2. Quarter report over 10 million ratings"
	"$build/bench-report" "$dir/ratings-10M.db"
	echo
fi
if bench_wants terminal || bench_wants terminal-tls || bench_wants terminal-quota; then
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
if bench_wants web; then
	echo
	"$(dirname "$0")/web.sh" "$build"
fi
if bench_wants notify; then
	echo
	"$(dirname "$0")/notify.sh" "$build"
fi
