#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` part 6 (issue 9): the web console over 10 million stored ratings while the aggregator
# ingests. p50 and p99 of Tổng quan (/), a quarter's Cán bộ table (/bao-cao/can-bo) and Cảnh báo
# (/canh-bao) with 1, 10 and 50 concurrent clients (hailong-webload: one keep-alive connection a
# client, a 200 or it is an error), beside the same report through the CLI (`report officers`, a
# process a run) in the same run; hailong-web's resident memory after the 50-client runs; and the
# aggregator's full-speed ingest rate (20 terminals, receipts counted) without console load and with
# 50 console clients, in alternating rounds. Goals: p99 <= 50 ms at 50 clients; resident memory
# < 40 MB; ingest with the console >= 0.9 x without.
#
# The database is a copy of the 10 M-rating one part 2 makes (BUILD/bench/ratings-10M.db, or
# WEB_BENCH_DB), so the original stays clean; without it a smaller one is made on the fly through
# the aggregator (hailong-loadgen into serve; WEB_BENCH_RATINGS, default 1 000 000) and the output
# says so. The page runs happen under a steady ingest of WEB_BENCH_RATE ratings/s (default 100,
# 20 terminals, paced a second at a time). hailong-web's peak memory is reset (clear_refs) after
# the one login, whose argon2id hash alone takes 64 MiB for a moment; that peak is shown apart.
# WEB_BENCH_QUICK=1: a 200 000-rating database made on the fly, 5 s runs, one ingest round (about
# a minute and a half). Other env: WEB_BENCH_SECONDS (per page run, default 10), WEB_BENCH_ROUNDS
# (default 3), WEB_BENCH_INGEST_SECONDS (length of an ingest run, default 30), WEB_BENCH_QUARTER,
# WEB_BENCH_SITE (default sct), WEB_BENCH_KEEP=1 keeps the copy. Everything on 127.0.0.1; every
# process started here is ended here by its PID. Run from bench/run.sh, or alone: bench/web.sh BUILD.
set -euo pipefail
build=${1:-build}
dir="$build/bench/web"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -rf "$dir/broker" "$dir"/work.db* "$dir"/*.out "$dir"/*.err "$dir"/*.log "$dir"/*.html "$dir/steady.stop"
build=$(cd "$build" && pwd)

. "$(dirname "$0")/../scripts/lib.sh"

QUICK=${WEB_BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	SECS=${WEB_BENCH_SECONDS:-5}; ROUNDS=${WEB_BENCH_ROUNDS:-1}; ING_SECS=${WEB_BENCH_INGEST_SECONDS:-5}
	GEN=${WEB_BENCH_RATINGS:-200000}; SRC=
else
	SECS=${WEB_BENCH_SECONDS:-10}; ROUNDS=${WEB_BENCH_ROUNDS:-3}; ING_SECS=${WEB_BENCH_INGEST_SECONDS:-30}
	GEN=${WEB_BENCH_RATINGS:-1000000}; SRC=${WEB_BENCH_DB:-$build/bench/ratings-10M.db}
fi
RATE=${WEB_BENCH_RATE:-100}
SITE=${WEB_BENCH_SITE:-sct}
TERMS=20
db="$dir/work.db"
pw="$dir/bench.password"
cookie="$dir/cookie"
keep=${WEB_BENCH_KEEP:-0}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Column widths count characters, not bytes, in a UTF-8 locale (the page names are Vietnamese).
export LC_ALL=C.UTF-8
pad() { printf '%s%*s' "$1" $(( $2 > ${#1} ? $2 - ${#1} : 0 )) ''; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # the machine's, all cores
HZ=$(getconf CLK_TCK)
t_part=$(now_ms)
web_cleanup() {
	lib_cleanup
	[ "$keep" = 1 ] || rm -f "$db" "$db-wal" "$db-shm" "$cookie"
}
trap web_cleanup EXIT

for p in hailong-aggregator hailong-loadgen hailong-web hailong-webload; do
	[ -x "$build/$p" ] || { echo "bench/web.sh: $build/$p is missing (make BUILD=$build all)" >&2; exit 1; }
done

echo "== 6. The web console under load: three pages at 1, 10 and 50 clients beside the CLI, its memory, ingest without and with it"
# ---- the database ------------------------------------------------------------------------------
made=0
if [ -n "$SRC" ] && [ -s "$SRC" ]; then
	# A database made by an older version is upgraded once, in place (it is this benchmark's own
	# artifact), so each run does not pay the migration on its copy.
	want=$(grep -o 'STORE_SCHEMA_VERSION [0-9]*' results/store.h | awk '{print $2}')
	have=$(sqlite3 "$SRC" 'PRAGMA user_version' 2>/dev/null || echo 0)
	if [ -n "$want" ] && [ "${have:-0}" -lt "$want" ]; then
		echo "  upgrading $(basename "$SRC") from schema $have to $want once (minutes for 10 M ratings)"
		"$build/hailong-aggregator" flags list --db "$SRC" > /dev/null
	fi
	# cp is the quickest when nothing writes the original; with a WAL beside it, a consistent
	# snapshot through SQLite's backup.
	if [ -s "$SRC-wal" ]; then
		sqlite3 "$SRC" ".backup '$db'"
	else
		cp --reflink=auto "$SRC" "$db"
	fi
	what="$(basename "$SRC") (copied)"
else
	made=1
	[ -n "$SRC" ] && echo "  note: $SRC is absent (part 2 makes it, ~10 min); making a $GEN-rating database instead"
	what="$GEN ratings made on the fly"
fi

# ---- broker and aggregator ---------------------------------------------------------------------
start_broker "$dir/broker" "$(printf 'max_queued_messages 1000000\nmax_inflight_messages 1000')"
"$build/hailong-aggregator" serve --broker "$url" --db "$db" --client-id bench-web 2> "$dir/aggregator.log" &
agg_pid=$!; pids+=($agg_pid)
wait_for "$dir/aggregator.log" "connected to the broker" 1200 ||
	{ echo "bench/web.sh: the aggregator did not connect (see $dir/aggregator.log)" >&2; exit 1; }

# publish SITE N TERMINALS WINDOW TIMEOUT: loadgen's one result line into publish.out; its rate to stdout.
publish() {
	local out
	out=$("$build/hailong-loadgen" publish --broker "$url" --site "$1" --terminals "$3" --ratings "$2" \
		--window "$4" --resend-ms 30000 --quiet --timeout "$5") ||
		{ echo "bench/web.sh: loadgen did not get every receipt: $out" >&2; exit 1; }
	echo "$out" >> "$dir/publish.out"
	sed -n 's/.*(\([0-9]*\)\/s).*/\1/p' <<< "$out"
}

if [ "$made" = 1 ]; then
	# Three sites, 10 terminals each, ratings spread over the last 60 days.
	t0=$(now_ms)
	for s in sct sxd sgtvt; do
		"$build/hailong-loadgen" publish --broker "$url" --site "$s" --terminals 10 --ratings $((GEN / 3)) \
			--window 500 --resend-ms 30000 --quiet --timeout 900 --days 60 >> "$dir/publish.out" ||
			{ echo "bench/web.sh: making the database failed (see $dir/publish.out)" >&2; exit 1; }
	done
	echo "  made $((GEN / 3 * 3)) ratings through loadgen and serve in $(( ($(now_ms) - t0) / 1000 )) s"
fi
if [ -n "${WEB_BENCH_QUARTER:-}" ]; then
	QUARTER=$WEB_BENCH_QUARTER
elif [ "$made" = 1 ]; then
	QUARTER="$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))"
else
	QUARTER=2026-Q2 # part 2's quarter
fi
stored=$(sqlite3 "$db" "SELECT count(*) FROM rating")

# ---- the console and its user -------------------------------------------------------------------
(umask 077; printf 'bench-web-%s-%s\n' "$RANDOM$RANDOM" "$(date +%s%N)" > "$pw")
"$build/hailong-aggregator" user add bench --role quan-tri --password-file "$pw" --db "$db" > "$dir/user.log" 2>&1 ||
	{ cat "$dir/user.log" >&2; exit 1; }

web_port=
for _ in $(seq 20); do
	try=$((20000 + RANDOM % 40000))
	(exec 3<>/dev/tcp/127.0.0.1/$try) 2>/dev/null && continue # taken
	"$build/hailong-web" --listen "127.0.0.1:$try" --db "$db" 2> "$dir/web.log" &
	web_pid=$!
	for _ in $(seq 1200); do
		if grep -q "listening on" "$dir/web.log" 2>/dev/null; then web_port=$try; break; fi
		kill -0 $web_pid 2>/dev/null || break
		sleep 0.05
	done
	[ -n "$web_port" ] && { pids+=($web_pid); break; }
	kill $web_pid 2>/dev/null || true; wait $web_pid 2>/dev/null || true
done
[ -n "$web_port" ] || { echo "bench/web.sh: hailong-web did not start (see $dir/web.log)" >&2; exit 1; }
base="http://127.0.0.1:$web_port"
p_over="$base/"
p_cb="$base/bao-cao/can-bo?quarter=$QUARTER&site=$SITE"
p_cw="$base/canh-bao?site=$SITE"
pages=("$p_over" "$p_cb" "$p_cw")
names=("Tổng quan /" "Cán bộ $QUARTER ($SITE)" "Cảnh báo ($SITE)")

# One login for the whole run (an argon2id check each would be measured, and would fill memory).
login_user() {
	"$build/hailong-webload" --login "$1" --password-file "$pw" --save-cookie "$cookie" --url "$base/" \
		2>> "$dir/webload.err"
}
probe() { # every page answers 200 to the cookie
	"$build/hailong-webload" --cookie-file "$cookie" --url "$p_over" --url "$p_cb" --url "$p_cw" --clients 1 \
		--seconds 5 --max-requests 3 > "$dir/probe.out" 2>> "$dir/webload.err"
}
login_user bench || { echo "bench/web.sh: could not log in as bench (see $dir/webload.err, $dir/web.log)" >&2; exit 1; }
role="quan-tri"
if ! probe; then
	# A role that may not read a page: a head of the site may read all three.
	"$build/hailong-aggregator" user add bench-head --role lanh-dao --site "$SITE" --password-file "$pw" \
		--db "$db" >> "$dir/user.log" 2>&1 || { cat "$dir/user.log" >&2; exit 1; }
	login_user bench-head || { echo "bench/web.sh: could not log in as bench-head" >&2; exit 1; }
	role="lanh-dao of $SITE (quan-tri was refused a page: $(tr '\n' ' ' < "$dir/probe.out"))"
	probe || { echo "bench/web.sh: a page does not answer 200:" >&2; cat "$dir/probe.out" "$dir/webload.err" >&2; exit 1; }
fi
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$web_pid/status"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$web_pid/status"; }
login_hwm=$(hwm_kb)
# The peak (VmHWM) is reset before each measured stretch, so each shows its own.
reset=no
mem_reset() { echo 5 > "/proc/$web_pid/clear_refs" 2>/dev/null; }
mem_reset && reset=yes

echo "  $stored stored ratings ($what); logged in as $role; quarter $QUARTER, site $SITE; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs"
if command -v curl > /dev/null; then # what the pages are, kept for a look: their size
	sizes=()
	for i in 0 1 2; do
		sizes+=("${names[$i]} $(curl -s -o "$dir/page-$i.html" -w '%{size_download}' -H "Cookie: $(cat "$cookie")" \
			--max-time 30 "${pages[$i]}" | awk '{ printf "%.1f kB", $1 / 1000 }')")
	done
	echo "  pages as served: $(IFS=,; echo "${sizes[*]}" | sed 's/,/, /g') (in $dir/page-N.html)"
fi

# webload_run OUT CLIENTS SECONDS URL...: one run, its lines into OUT (errors do not stop the bench).
# The client stands in for browsers, which are on other machines: it runs at nice 19, so on this
# two-core box it takes only CPU the server's processes leave.
webload_run() {
	local out=$1 c=$2 s=$3; shift 3
	local args=()
	for u in "$@"; do args+=(--url "$u"); done
	nice -n 19 "$build/hailong-webload" --cookie-file "$cookie" "${args[@]}" --clients "$c" --seconds "$s" \
		--max-requests 5000000 > "$out" 2>> "$dir/webload.err" || true
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }

# ---- ingest at full speed without and with the console ------------------------------------------
# Calibrate how many ratings last ING_SECS at full speed, then alternate rounds.
r=$(publish "$SITE" 20000 "$TERMS" 200 300)
N=$(( r * ING_SECS ))
[ "$N" -lt 10000 ] && N=10000
echo "  ingest: $N ratings from $TERMS terminals a run (${ING_SECS} s at the calibrated $r/s), $ROUNDS rounds"
base_rates=(); con_rates=(); ratios=()
for round in $(seq "$ROUNDS"); do
	t0=$(now_ms); a0=$(cpu_ticks $agg_pid); m0=$(busy_ticks)
	b=$(publish "$SITE" "$N" "$TERMS" 200 600)
	t1=$(now_ms); a1=$(cpu_ticks $agg_pid); m1=$(busy_ticks)
	base_cpu=$(awk -v a=$((a1 - a0)) -v m=$((m1 - m0)) -v hz="$HZ" -v ms=$((t1 - t0)) 'BEGIN {
		s = ms / 1000; printf "aggregator %.2f, machine %.2f", a / hz / s, m / hz / s }')
	"$build/hailong-webload" --cookie-file "$cookie" --url "$p_over" --url "$p_cb" --url "$p_cw" --clients 50 \
		--seconds $(( ING_SECS * 10 + 60 )) --max-requests 50000000 > "$dir/mixed-$round.out" 2>> "$dir/webload.err" &
	wl=$!; pids+=($wl)
	sleep 1
	t0=$(now_ms); w0=$(cpu_ticks $web_pid); l0=$(cpu_ticks $wl); a0=$(cpu_ticks $agg_pid); m0=$(busy_ticks)
	c=$(publish "$SITE" "$N" "$TERMS" 200 600)
	t1=$(now_ms); w1=$(cpu_ticks $web_pid); l1=$(cpu_ticks $wl); a1=$(cpu_ticks $agg_pid); m1=$(busy_ticks)
	kill -INT $wl 2>/dev/null || true
	wait $wl 2>/dev/null || true
	base_rates+=("$b"); con_rates+=("$c")
	ratios+=("$(awk -v a="$c" -v b="$b" 'BEGIN { printf "%.2f", a / b }')")
	printf '  round %d: without console %6d ratings/s   with 50 console clients %6d ratings/s   ratio %s\n' \
		"$round" "$b" "$c" "${ratios[-1]}"
	i=0
	while read -r line; do
		printf '           console meanwhile: %s p50 %7s ms  p99 %7s ms  %7s req/s  errors %s\n' \
			"$(pad "${names[$i]}" 24)" "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$(field rps "$line")" \
			"$(field errors "$line")"
		i=$((i + 1))
	done < <(grep '^url=' "$dir/mixed-$round.out")
	awk -v w=$((w1 - w0)) -v l=$((l1 - l0)) -v a=$((a1 - a0)) -v m=$((m1 - m0)) -v hz="$HZ" -v ms=$((t1 - t0)) \
		-v base="$base_cpu" -v ncpu="$(nproc)" 'BEGIN { s = ms / 1000
		printf "           CPU in cores of %d: without console %s; with it aggregator %.2f, hailong-web %.2f, hailong-webload %.2f, machine %.2f\n", ncpu, base, a / hz / s, w / hz / s, l / hz / s, m / hz / s }' 
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio=$(median "${ratios[@]}")
ingest_hwm=$(hwm_kb)

# ---- the pages, one at a time, under a steady ingest ---------------------------------------------
# The steady load: RATE ratings a second from TERMS terminals, paced; bounded, and ended by a file.
steady() {
	local child=
	trap '[ -n "$child" ] && kill $child 2>/dev/null; exit 0' TERM
	for _ in $(seq 3600); do
		[ -e "$dir/steady.stop" ] && break
		local t0 t1
		t0=$(now_ms)
		"$build/hailong-loadgen" publish --broker "$url" --site "$SITE" --terminals "$TERMS" --ratings "$RATE" \
			--window 10 --resend-ms 30000 --quiet --timeout 10 >> "$dir/steady.out" 2>&1 &
		child=$!; wait $child || true; child=
		t1=$(now_ms)
		[ $((t1 - t0)) -lt 1000 ] && sleep "$(awk -v d=$((1000 - t1 + t0)) 'BEGIN { printf "%.3f", d / 1000 }')"
	done
}
steady &
steady_pid=$!; pids+=($steady_pid)
t_steady=$(now_ms)

declare -A p50 p99 rps errs peak
peak_max=0; peak_at=
for i in 0 1 2; do
	for c in 1 10 50; do
		[ "$reset" = yes ] && mem_reset
		webload_run "$dir/page-$i-$c.out" "$c" "$SECS" "${pages[$i]}"
		peak[$i,$c]=$(hwm_kb)
		[ "${peak[$i,$c]}" -gt "$peak_max" ] && { peak_max=${peak[$i,$c]}; peak_at="${names[$i]}, $c clients"; }
		line=$(head -n1 "$dir/page-$i-$c.out")
		p50[$i,$c]=$(field p50_ms "$line"); p99[$i,$c]=$(field p99_ms "$line")
		rps[$i,$c]=$(field rps "$line"); errs[$i,$c]=$(field errors "$line")
	done
done
hwm=$(hwm_kb); rss=$(rss_kb)

# The same report through the CLI, under the same steady load: a process a run, as people run it.
cli_ms=()
for _ in 1 2 3 4 5; do
	t0=$(date +%s%N)
	"$build/hailong-aggregator" report officers --quarter "$QUARTER" --site "$SITE" --db "$db" --format table \
		-o /dev/null 2>> "$dir/cli.err"
	t1=$(date +%s%N)
	cli_ms+=("$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e6 }')")
done
cli=$(median "${cli_ms[@]}")
touch "$dir/steady.stop"
wait $steady_pid 2>/dev/null || true
steady_s=$(( ($(now_ms) - t_steady) / 1000 ))
steady_n=$(sed -n 's/.*: \([0-9]*\) receipted in.*/\1/p' "$dir/steady.out" | awk '{ s += $1 } END { print s + 0 }')

# ---- the table -----------------------------------------------------------------------------------
pf() { awk -v v="$1" -v g="$2" 'BEGIN { print (v != "" && v <= g) ? "PASS" : "MISS" }'; }
echo "  pages under a steady ingest of $RATE ratings/s from $TERMS terminals ($steady_n receipted in ${steady_s} s: $(awk -v n="$steady_n" -v s="$steady_s" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }')/s), ${SECS} s a run, load average $(cut -d' ' -f1-3 /proc/loadavg) after them:"
printf '  %s %7s %9s %9s %9s %7s %9s   %s\n' "$(pad page 26)" clients "p50 ms" "p99 ms" "req/s" errors "VmHWM MB" "goal p99 <= 50 ms at 50 clients"
for i in 0 1 2; do
	for c in 1 10 50; do
		v=""
		[ "$c" = 50 ] && v=$(pf "${p99[$i,$c]}" 50)
		[ "$c" = 50 ] && [ "${errs[$i,$c]:-1}" != 0 ] && v="MISS (errors)"
		printf '  %s %7s %9s %9s %9s %7s %9s   %s\n' "$(pad "$([ "$c" = 1 ] && echo "${names[$i]}")" 26)" "$c" \
			"${p50[$i,$c]:-?}" "${p99[$i,$c]:-?}" "${rps[$i,$c]:-?}" "${errs[$i,$c]:-?}" \
			"$([ "$reset" = yes ] && echo $((peak[$i,$c] / 1024)) || echo -)" "$v"
	done
	[ "$i" = 1 ] && printf '  %s %7s %9s %9s   (hailong-aggregator report officers --quarter %s --site %s --format table;\n  %s a process a run, median of 5 runs: %s ms)\n' \
		"$(pad "  the same through the CLI" 26)" 1 "$cli" "" "$QUARTER" "$SITE" "$(pad "" 26)" "$(IFS=' '; echo "${cli_ms[*]}")"
done
if [ "$reset" = yes ]; then
	[ "$ingest_hwm" -gt "$peak_max" ] && { peak_max=$ingest_hwm; peak_at="the ingest rounds' 50 clients on all three pages"; }
	echo "  hailong-web resident memory: peak VmHWM $((peak_max / 1024)) MB (at $peak_at; the ingest rounds' $((ingest_hwm / 1024)) MB), VmRSS $((rss / 1024)) MB after the 50-client runs (goal < 40 MB: $(pf "$peak_max" 40959) on the peak); the one login's argon2id hash took it to $((login_hwm / 1024)) MB, not counted"
else
	echo "  hailong-web resident memory after the 50-client runs: VmHWM $((hwm / 1024)) MB (includes the login's argon2id hash), VmRSS $((rss / 1024)) MB (goal < 40 MB: $(pf "$rss" 40959) on VmRSS; the peak could not be reset)"
fi
echo "  aggregator ingest at full speed, $TERMS terminals: without console $(median "${base_rates[@]}") ratings/s, with 50 console clients $(median "${con_rates[@]}") ratings/s (medians of $ROUNDS rounds); median ratio $ratio (goal >= 0.90: $(awk -v r="$ratio" 'BEGIN { print (r >= 0.9) ? "PASS" : "MISS" }'))"
[ -s "$dir/webload.err" ] && { echo "  webload said:"; sort "$dir/webload.err" | uniq -c | sort -rn | head -n 8 | sed 's/^/    /'; }
echo "  (part took $(( ($(now_ms) - t_part) / 1000 )) s)"
