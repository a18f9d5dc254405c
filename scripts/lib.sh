# SPDX-License-Identifier: MIT
# Shell helpers for the demo and the benchmarks: processes they start are remembered in `pids` and
# ended on exit; the broker is a real mosquitto on 127.0.0.1 on a free port.

pids=()
lib_cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
	done
}
trap lib_cleanup EXIT

# wait_for FILE TEXT [TRIES]: until FILE contains TEXT, 50 ms a try (default 100 tries).
wait_for() {
	for _ in $(seq "${3:-100}"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}

# free_port: prints a TCP port of 127.0.0.1 that nothing listens on (20 tries).
free_port() {
	local try
	for _ in $(seq 20); do
		try=$((20000 + RANDOM % 40000))
		(exec 3<>/dev/tcp/127.0.0.1/$try) 2>/dev/null || { echo "$try"; return 0; }
	done
	return 1
}

# start_broker DIR [EXTRA CONFIG LINES]: mosquitto with persistence in DIR on a free port; sets
# `port` and `url`.
start_broker() {
	local bdir=$1 extra=${2:-} try bpid
	mkdir -p "$bdir"
	for _ in $(seq 20); do
		try=$((20000 + RANDOM % 40000))
		printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location %s/\nset_tcp_nodelay true\n%s\n' \
			"$try" "$bdir" "$extra" > "$bdir/mosquitto.conf"
		mosquitto -c "$bdir/mosquitto.conf" > "$bdir/mosquitto.log" 2>&1 &
		bpid=$!
		for _ in $(seq 50); do
			if (exec 3<>/dev/tcp/127.0.0.1/$try) 2>/dev/null; then
				port=$try
				url="mqtt://127.0.0.1:$port"
				pids+=($bpid)
				return 0
			fi
			kill -0 $bpid 2>/dev/null || break
			sleep 0.05
		done
		kill $bpid 2>/dev/null || true
	done
	echo "could not start mosquitto (see $bdir/mosquitto.log)" >&2
	exit 1
}

# start_tls_broker DIR CERTDIR [EXTRA CONFIG LINES]: a mosquitto as a site runs it — the shipped
# systemd/mosquitto-hailong.conf (TLS, dynamic security, logins, username as client id) with only its
# port and paths replaced — on a free port of 127.0.0.1. Certificates come from
# systemd/hailong-make-certs in CERTDIR (one CA for every broker started with the same CERTDIR; this
# broker's certificate is CERTDIR/<basename of DIR>.crt), the dynsec admin from
# systemd/hailong-broker-init. Writes DIR/admin.conf (broker, cafile, admin login) for
# `hailong-aggregator terminal|account -c`. Sets `port`, `url` (mqtts://), `cafile`, `admin_conf`
# and `broker_pid`.
start_tls_broker() {
	local bdir=$1 cdir=$2 extra=${3:-} sysd name try bpid
	sysd="$(cd "$(dirname "${BASH_SOURCE[0]}")/../systemd" && pwd)"
	name=$(basename "$bdir")
	mkdir -p "$bdir"
	bdir=$(cd "$bdir" && pwd)
	mkdir -p "$cdir"
	cdir=$(cd "$cdir" && pwd)
	chmod 755 "$bdir"
	if [ ! -e "$cdir/$name.crt" ]; then
		"$sysd/hailong-make-certs" --broker-prefix "$name" "$cdir" 127.0.0.1 localhost > "$bdir/certs.log" 2>&1 ||
			{ cat "$bdir/certs.log" >&2; exit 1; }
	fi
	if [ ! -e "$bdir/dynamic-security.json" ]; then
		"$sysd/hailong-broker-init" --dynsec "$bdir/dynamic-security.json" --admin admin \
			--password-file "$bdir/admin.pw" >> "$bdir/certs.log" 2>&1 || { cat "$bdir/certs.log" >&2; exit 1; }
	fi
	for _ in $(seq 20); do
		try=$((20000 + RANDOM % 40000))
		sed -e "s|^listener .*|listener $try 127.0.0.1|" \
			-e "s|^certfile .*|certfile $cdir/$name.crt|" \
			-e "s|^keyfile .*|keyfile $cdir/$name.key|" \
			-e "s|^cafile .*|cafile $cdir/ca.crt|" \
			-e "s|^plugin_opt_config_file .*|plugin_opt_config_file $bdir/dynamic-security.json|" \
			"$sysd/mosquitto-hailong.conf" > "$bdir/mosquitto.conf"
		{
			printf '\n# scripts/lib.sh\npersistence_location %s/\n' "$bdir"
			# As root mosquitto would switch to the mosquitto user, who cannot read these folders.
			[ "$(id -u)" -eq 0 ] && echo "user root"
			printf '%s\n' "$extra"
		} >> "$bdir/mosquitto.conf"
		mosquitto -c "$bdir/mosquitto.conf" >> "$bdir/mosquitto.log" 2>&1 &
		bpid=$!
		for _ in $(seq 100); do
			if (exec 3<>/dev/tcp/127.0.0.1/$try) 2>/dev/null; then
				port=$try
				url="mqtts://127.0.0.1:$port"
				cafile="$cdir/ca.crt"
				admin_conf="$bdir/admin.conf"
				broker_pid=$bpid
				printf 'broker = %s\ncafile = %s\nadmin_username = admin\nadmin_password_file = %s\n' \
					"$url" "$cafile" "$bdir/admin.pw" > "$admin_conf"
				# mosquitto_ctrl's options file (2.0.11 reads only $XDG_CONFIG_HOME/mosquitto_ctrl):
				# keeps the admin password off command lines.
				mkdir -p -m 700 "$bdir/ctrl"
				(umask 077; printf -- '-h 127.0.0.1\n-p %s\n-u admin\n-P %s\n--cafile %s\n' \
					"$port" "$(head -n1 "$bdir/admin.pw")" "$cafile" > "$bdir/ctrl/mosquitto_ctrl")
				pids+=($bpid)
				return 0
			fi
			kill -0 $bpid 2>/dev/null || break
			sleep 0.05
		done
		kill $bpid 2>/dev/null || true
		wait $bpid 2>/dev/null || true
	done
	echo "could not start the TLS mosquitto (see $bdir/mosquitto.log)" >&2
	exit 1
}

# add_terminals BROKERDIR SITE N DIR: broker accounts terminal.SITE.q01..qN on the broker started by
# start_tls_broker BROKERDIR, through `hailong-aggregator terminal add`, each into DIR/qNN/
# (terminal.conf, terminal.password, ca.crt): hailong-loadgen reaches them as
# --username terminal.SITE.%c --password-file DIR/%c/terminal.password. Needs `build` set to the
# folder of hailong-aggregator.
add_terminals() {
	local bdir=$1 site=$2 n=$3 tdir=$4 i c
	mkdir -p "$tdir"
	for i in $(seq "$n"); do
		c=$(printf 'q%02d' "$i")
		"$build/hailong-aggregator" terminal add -c "$bdir/admin.conf" --site "$site" --counter "$c" \
			--out "$tdir/$c" >> "$tdir/accounts.log" 2>&1 || { cat "$tdir/accounts.log" >&2; exit 1; }
	done
}

# add_aggregator_account ADMINCONF NAME DIR: the broker account aggregator.NAME, its password in
# DIR/aggregator.password. Needs `build`.
add_aggregator_account() {
	"$build/hailong-aggregator" account add aggregator "$2" -c "$1" --out "$3" >> "$3.log" 2>&1 ||
		{ cat "$3.log" >&2; exit 1; }
}

# bench_wants PART: whether `make bench` runs PART, from BENCH_ONLY (unset or empty: every part; else
# a comma- or space-separated list of ingest, report, terminal, ingest-tls, terminal-tls, bridge, or
# tls for the last three). terminal includes terminal-tls; terminal-tls alone runs only the terminal's
# plain and TLS rating runs (no idle or cold start figures).
bench_wants() {
	local w
	[ -z "${BENCH_ONLY:-}" ] && return 0
	for w in ${BENCH_ONLY//,/ }; do
		[ "$w" = "$1" ] && return 0
		[ "$w" = tls ] && case $1 in ingest-tls | terminal-tls | bridge) return 0 ;; esac
		[ "$w" = terminal ] && [ "$1" = terminal-tls ] && return 0
	done
	return 1
}

# ingest_rounds DIR N ROUNDS PASS_LABEL INGEST_LABEL: the paired rounds of a durable-ingest figure.
# Each round measures first the broker's own QoS 1 pass-through of N ratings from 4 publishers to a
# subscriber that only counts (the baseline), then the same load into `hailong-aggregator serve`
# (an fsync'd commit before each receipt; publishers count a rating only when its receipt is back),
# and checks that exactly N were stored. The caller sets four arrays first: count_opts (the broker
# and login options of `hailong-loadgen count`), pass_opts and ingest_opts (those of `hailong-loadgen
# publish`, with --site, for the baseline and for ingest) and serve_opts (those of `serve`, which
# must store into DIR/ingest.db; the word @ROUND@ becomes the round's number). Prints a line a round,
# PASS_LABEL and INGEST_LABEL naming the two figures. Sets best_pass and best_ing (the best rounds,
# per second), ratios (each round's ingest / pass-through), best (best_ing / best_pass), median (of
# ratios) and verdict ("met" when median >= 0.90, else "NOT MET"). Needs `build`; exits on failure.
ingest_rounds() {
	local dir=$1 n=$2 rounds=$3 pass_label=$4 ing_label=$5 round cpid apid t0 t1 pass ing stored r
	best_pass=0; best_ing=0; ratios=()
	for round in $(seq "$rounds"); do
		"$build/hailong-loadgen" count "${count_opts[@]}" --topic "hailong/v1/+/+/rating" --expect "$n" \
			--timeout 300 > "$dir/count.out" &
		cpid=$!; pids+=($cpid)
		wait_for "$dir/count.out" ready 200 || { echo "bench: the counting subscriber did not connect" >&2; exit 1; }
		t0=$(lib_now_ms)
		"$build/hailong-loadgen" publish "${pass_opts[@]}" --terminals 4 --ratings "$n" --no-receipts --quiet \
			--timeout 300 > "$dir/pass.out"
		wait $cpid
		t1=$(lib_now_ms)
		pass=$(( n * 1000 / (t1 - t0) ))

		rm -f "$dir"/ingest.db*
		"$build/hailong-aggregator" serve "${serve_opts[@]//@ROUND@/$round}" 2> "$dir/aggregator.log" &
		apid=$!; pids+=($apid)
		wait_for "$dir/aggregator.log" "connected to the broker" 200 ||
			{ echo "bench: the aggregator did not connect (see $dir/aggregator.log)" >&2; exit 1; }
		t0=$(lib_now_ms)
		"$build/hailong-loadgen" publish "${ingest_opts[@]}" --terminals 4 --ratings "$n" --window 1000 \
			--resend-ms 30000 --quiet --timeout 300 > "$dir/ingest.out"
		t1=$(lib_now_ms)
		ing=$(( n * 1000 / (t1 - t0) ))
		kill -TERM $apid 2>/dev/null || true; wait $apid 2>/dev/null || true
		stored=$(sqlite3 "$dir/ingest.db" "SELECT count(*) FROM rating")
		[ "$stored" = "$n" ] || { echo "bench: $stored ratings stored, expected $n" >&2; exit 1; }
		r=$(awk -v a="$ing" -v b="$pass" 'BEGIN { printf "%.2f", a / b }')
		ratios+=("$r")
		printf '  round %d: %s %6d msg/s   %s %6d ratings/s   ratio %s (%d stored once)\n' \
			"$round" "$pass_label" "$pass" "$ing_label" "$ing" "$r" "$stored"
		[ "$pass" -gt "$best_pass" ] && best_pass=$pass
		[ "$ing" -gt "$best_ing" ] && best_ing=$ing
	done
	best=$(awk -v a="$best_ing" -v b="$best_pass" 'BEGIN { printf "%.2f", a / b }')
	median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	verdict=$(awk -v r="$median" 'BEGIN { print (r >= 0.9) ? "met" : "NOT MET" }')
}

# lib_now_ms: milliseconds since the epoch.
lib_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
