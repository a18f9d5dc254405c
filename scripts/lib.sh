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
