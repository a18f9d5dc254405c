#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make chaos` (not part of `make check`): a fault campaign an IT admin can rerun and read. Everything
# is real and on 127.0.0.1 in BUILD/chaos-campaign: a mosquitto set up as a site runs it (TLS, dynamic
# security, one login per terminal: scripts/lib.sh start_tls_broker), `hailong-aggregator serve`,
# CHAOS_TERMINALS real `hailong-terminal`s (SDL dummy video, an input script that rates all the time,
# each with its own spool; the last two spools on a small tmpfs this script mounts) and
# `hailong-loadgen` batches for volume. The first half runs the broker with the shipped config, the
# second with mosquitto's own defaults for queues (max_queued_messages 1000, which drops QoS 1
# messages beyond it, 20 in flight, autosave every 30 min), where the loadgen keeps 1 200 ratings in
# flight so the limit is hit. Meanwhile, at seeded random times: kill -9 of the aggregator and of the
# broker (restarted, the broker on the same port and persistence file), SIGSTOP/SIGCONT of either for
# 5-30 s, kill -9 of a terminal (restarted on its spool), and the spool disk full for 10-30 s.
# Then everything drains (bounded) and the count is made from what each producer promised:
#   - a terminal's rating counts once it logged "rating ID spooled": the spool committed it and the
#     thank-you screen follows. When the write fails the terminal logs "rating ID not recorded" and
#     tells the citizen so: not counted, and it must not turn up stored. (Terminals built before that
#     fix logged "cannot store rating ID", then "spooled" and thanked anyway, keeping the rating in
#     memory only: counted, and lost when killed before its receipt — CHAOS_TERMINAL=old build.)
#   - a loadgen rating counts once its batch wrote its id (`--ids`, before its first publish; it
#     holds its ratings until receipted). Loadgen ratings use a site of their own; both kinds are
#     checked by id.
# lost = produced but not in the aggregator's `rating` table; duplicated = rows beyond distinct ids;
# the roll-ups (every dimension and grain) must add up to count(*). Exits 1 on any loss, duplicate,
# inconsistency or undrained spool; 2 when the campaign was too small to count (< 10 000 ratings or
# < 20 faults). CHAOS_SEED=N repeats a campaign's fault schedule, CHAOS_MINUTES=N sets the fault
# phase (default 6), CHAOS_RATE the loadgen's average ratings/s (default 60), CHAOS_PLAN_ONLY=1 prints
# the schedule and stops, CHAOS_TERMINAL=PATH runs another terminal build. Every process started
# here is ended here by its PID, and the tmpfs is unmounted, also on failure or Ctrl-C.
set -uo pipefail
# One brace group: bash reads all of it before running any, so editing this file during a campaign
# does not change the campaign under way.
{
build=${1:-build}
minutes=${CHAOS_MINUTES:-6}
seed=${CHAOS_SEED:-$(( ($(date +%s%N) / 1000) % 1000000 ))}
rate=${CHAOS_RATE:-60}
nterm=${CHAOS_TERMINALS:-4}
drain_s=${CHAOS_DRAIN_SECONDS:-240}
[ "$nterm" -ge 2 ] || { echo "chaos: CHAOS_TERMINALS must be at least 2" >&2; exit 2; }
[ -x "$build/hailong-terminal" ] || { echo "chaos: no $build/hailong-terminal (make BUILD=$build all)" >&2; exit 2; }
build=$(cd "$build" && pwd)
terminal_bin=${CHAOS_TERMINAL:-$build/hailong-terminal}
[ -x "$terminal_bin" ] || { echo "chaos: CHAOS_TERMINAL=$terminal_bin is not a program" >&2; exit 2; }
dir="$build/chaos-campaign"
if mountpoint -q "$dir/tmpfs" 2>/dev/null; then umount "$dir/tmpfs" || { echo "chaos: $dir/tmpfs is mounted" >&2; exit 2; }; fi
rm -rf "$dir"
mkdir -p "$dir"/{loadgen,logs,scripts}

. "$(dirname "$0")/lib.sh"

# ---- processes: one PID each, ended at exit -----------------------------------------------------

broker_pid=0 agg_pid=0 driver_pid=0 mounted=0
declare -a tpid tdown
mnt="$dir/tmpfs"
disk_full=0

chaos_stop_pid() { # PID: SIGCONT (a stopped process keeps a SIGTERM pending), SIGTERM, 5 s, SIGKILL
	local p=$1
	[ "$p" -gt 0 ] 2>/dev/null || return 0
	kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null; return 0; }
	kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}
chaos_cleanup() {
	local rc=$? i
	trap - EXIT
	touch "$dir/stop-production" 2>/dev/null
	[ "$driver_pid" -gt 0 ] && kill -TERM "$driver_pid" 2>/dev/null
	if [ -s "$dir/loadgen.pid" ]; then chaos_stop_pid "$(cat "$dir/loadgen.pid")"; fi
	chaos_stop_pid "$driver_pid"
	for i in "${!tpid[@]}"; do chaos_stop_pid "${tpid[$i]}"; done
	chaos_stop_pid "$agg_pid"
	chaos_stop_pid "$broker_pid"
	if [ "$mounted" = 1 ]; then
		rm -f "$mnt/filler"
		for _ in 1 2 3 4 5; do umount "$mnt" 2>/dev/null && break; sleep 0.5; done
		if mountpoint -q "$mnt"; then echo "chaos: could not unmount $mnt; lazily detached" >&2; umount -l "$mnt"; fi
		rmdir "$mnt" 2>/dev/null
	fi
	lib_cleanup
	exit "$rc"
}
trap chaos_cleanup EXIT
trap 'exit 130' INT TERM HUP

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
t_start=$(now_ms)
stamp() { local t=$(( $(now_ms) - t_start )); printf '[%4d.%ds]' $(( t / 1000 )) $(( t % 1000 / 100 )); }
say() { # a line on the console and in faults.log, with the campaign's clock
	printf '%s %s\n' "$(stamp)" "$*" | tee -a "$dir/faults.log"
}
# mark LOG TEXT: a line in a program's log, so its lines can be read against faults.log
mark() { printf 'chaos: %s %s\n' "$(stamp)" "$2" >> "$1"; }

echo "chaos: seed $seed (CHAOS_SEED=$seed repeats this schedule), fault phase $minutes min, loadgen ~$rate ratings/s, $nterm terminals"
echo "chaos: files in $dir$([ "$terminal_bin" = "$build/hailong-terminal" ] || echo "; terminal: $terminal_bin")"

# ---- the plan: citizens' scripts and the fault schedule, from the seed alone ----------------------

can_fill=0
[ "$(id -u)" -eq 0 ] && can_fill=1
RANDOM=$seed
counter() { printf 'q%02d' "$1"; }
for i in $(seq "$nterm"); do
	c=$(counter "$i")
	# A citizen after another: mostly two answers, some unhappy with a reason, some skipping the
	# second question; Return leaves the thank-you screen. Enough for the whole fault phase.
	{
		echo "wait 500"
		for _ in $(seq $(( minutes * 60 * 4 + 100 ))); do
			r=$(( RANDOM % 10 ))
			if [ $r -lt 7 ]; then
				printf 'key %d\nkey %d\nkey Return\n' $(( 3 + RANDOM % 3 )) $(( 3 + RANDOM % 3 ))
			elif [ $r -lt 9 ]; then
				printf 'key %d\nkey %d\nkey %d\nkey Return\nkey Return\n' $(( 1 + RANDOM % 2 )) $(( 1 + RANDOM % 5 )) $(( 4 + RANDOM % 6 ))
			else
				printf 'key %d\nkey Return\nkey Return\n' $(( 3 + RANDOM % 3 ))
			fi
			echo "wait $(( 150 + RANDOM % 450 ))"
		done
		echo "wait 3600000"; echo quit
	} > "$dir/scripts/$c.script"
done
printf 'wait 3600000\nquit\n' > "$dir/scripts/idle.script"

# ---- the fault schedule, from the seed alone -------------------------------------------------------

# Two lanes. Servers: one fault at a time on the aggregator or the broker, 3-12 s apart, and the switch
# to mosquitto's defaults at half time. Edge: a terminal killed, or the spool disk full (half of those
# with a tmpfs terminal killed while it is full), 5-20 s apart. Lines: START_MS END_MS KIND TARGET.
phase_ms=$(( minutes * 60000 ))
{
	t=8000 switched=0
	while :; do
		t=$(( t + 3000 + RANDOM % 9000 ))
		if [ $switched = 0 ] && [ $t -ge $(( phase_ms / 2 )) ]; then
			echo "$t $(( t + 1000 )) broker-defaults -"; switched=1; t=$(( t + 1000 )); continue
		fi
		k=$(( RANDOM % 4 ))
		case $k in
		0) kind=agg-kill9 d=$(( RANDOM % 5000 )) ;;
		1) kind=agg-stop d=$(( 5000 + RANDOM % 25001 )) ;;
		2) kind=broker-kill9 d=$(( RANDOM % 5000 )) ;;
		3) kind=broker-stop d=$(( 5000 + RANDOM % 25001 )) ;;
		esac
		[ $(( t + d )) -lt $(( phase_ms - 5000 )) ] || break
		echo "$t $(( t + d )) $kind -"
		t=$(( t + d ))
	done
	t=10000
	while :; do
		t=$(( t + 5000 + RANDOM % 15000 ))
		if [ "$can_fill" = 1 ] && [ $(( RANDOM % 3 )) = 0 ]; then
			d=$(( 10000 + RANDOM % 20001 ))
			[ $(( t + d )) -lt $(( phase_ms - 5000 )) ] || break
			echo "$t $(( t + d )) disk-full -"
			if [ $(( RANDOM % 2 )) = 0 ]; then
				echo "$(( t + d / 2 )) $(( t + d / 2 + 1000 + RANDOM % 2000 )) term-kill9 $(( nterm - RANDOM % 2 ))"
			fi
		else
			d=$(( 200 + RANDOM % 3000 ))
			[ $(( t + d )) -lt $(( phase_ms - 5000 )) ] || break
			echo "$t $(( t + d )) term-kill9 $(( 1 + RANDOM % nterm ))"
		fi
		t=$(( t + d ))
	done
} > "$dir/schedule.raw" # not a pipeline: a subshell would draw other random numbers
sort -n "$dir/schedule.raw" > "$dir/schedule"
nfaults=$(wc -l < "$dir/schedule")
echo "chaos: $nfaults faults scheduled ($dir/schedule)"
if [ -n "${CHAOS_PLAN_ONLY:-}" ]; then cat "$dir/schedule"; exit 0; fi

# ---- the broker: two configs, one port, one persistence file ------------------------------------

start_tls_broker "$dir/broker" "$dir/certs"
pids=() # this script ends the broker itself (it is killed and restarted under other PIDs)
broker_pid=$broker_pid
bdir="$dir/broker"
cp "$bdir/mosquitto.conf" "$bdir/site.conf"
{
	echo "# scripts/chaos.sh: the shipped config without its queue, in-flight and autosave settings,"
	echo "# i.e. mosquitto's defaults: max_queued_messages 1000, no byte limit, 20 in flight, autosave 1800 s."
	grep -vE '^(max_queued_messages|max_queued_bytes|max_inflight_messages|autosave_interval) ' "$bdir/site.conf"
} > "$bdir/defaults.conf"
phase=site
echo site > "$dir/phase"

broker_up() { # start mosquitto with the current phase's config on the same port; 10 s bounded
	nice -n 5 mosquitto -c "$bdir/$phase.conf" >> "$bdir/mosquitto.log" 2>&1 &
	broker_pid=$!
	mark "$bdir/mosquitto.log" "started with $phase.conf, pid $broker_pid"
	for _ in $(seq 200); do
		(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0
		kill -0 "$broker_pid" 2>/dev/null || break
		sleep 0.05
	done
	say "broker did not come back on port $port (see $bdir/mosquitto.log)"
	return 1
}

# ---- accounts, aggregator, terminals --------------------------------------------------------------

add_aggregator_account "$admin_conf" chaos "$dir/agg"
add_terminals "$bdir" chaos "$nterm" "$dir/terminals"
add_terminals "$bdir" chaos-lg 4 "$dir/lg"
cat > "$dir/aggregator.conf" <<CONF
broker = $url
cafile = $cafile
username = aggregator.chaos
password_file = $dir/agg/aggregator.password
db = $dir/aggregator.db
utc_offset_minutes = 420
log_level = info
CONF
agg_up() {
	nice -n 5 "$build/hailong-aggregator" serve -c "$dir/aggregator.conf" 2>> "$dir/logs/aggregator.log" &
	agg_pid=$!
	mark "$dir/logs/aggregator.log" "started, pid $agg_pid"
}
agg_up
wait_for "$dir/logs/aggregator.log" "connected to the broker" 400 ||
	{ echo "chaos: the aggregator did not connect (see $dir/logs/aggregator.log)" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$mnt"
	if mount -t tmpfs -o size=16m,mode=700 hailong-chaos "$mnt"; then
		mounted=1
	else
		echo "chaos: could not mount a tmpfs on $mnt: the disk-full fault is skipped" >&2
	fi
else
	echo "chaos: not root, so no tmpfs to fill: the disk-full fault is skipped"
fi


for i in $(seq "$nterm"); do
	c=$(counter "$i")
	spool="$dir/terminals/$c/spool.db"
	[ "$mounted" = 1 ] && [ "$i" -gt $(( nterm - 2 )) ] && spool="$mnt/$c-spool.db"
	{ cat "$dir/terminals/$c/terminal.conf"; cat <<CONF
# scripts/chaos.sh
spool = $spool
window = 800x480
officer = cb00$i
min_interval = 0
thanks_time = 1
resend = 2
log_level = info
CONF
	} > "$dir/terminals/$c/chaos.conf"
done

term_up() { # I [SCRIPT]: terminal I on its own spool, its log appended to
	local c; c=$(counter "$1")
	SDL_VIDEODRIVER=dummy nice -n 10 "$terminal_bin" -c "$dir/terminals/$c/chaos.conf" \
		--input-script "${2:-$dir/scripts/$c.script}" 2>> "$dir/logs/terminal-$c.log" &
	tpid[$1]=$!
	tdown[$1]=0
	mark "$dir/logs/terminal-$c.log" "started, pid ${tpid[$1]}, script $(basename "${2:-$c.script}")"
}
for i in $(seq "$nterm"); do term_up "$i"; done


# Events, in time order: "MS start|end KIND TARGET".
awk '{ print $1, "start", $3, $4; print $2, "end", $3, $4 }' "$dir/schedule" | sort -s -n -k1,1 > "$dir/events"
mapfile -t events < "$dir/events"

declare -A fcount
agg_planned_down=0 broker_planned_down=0 agg_stopped=0 broker_stopped=0 unplanned=0

fault() { # start|end KIND TARGET
	local what=$1 kind=$2 target=$3 c
	case $kind in
	agg-*) mark "$dir/logs/aggregator.log" "$what $kind" ;;
	broker-*) mark "$bdir/mosquitto.log" "$what $kind" ;;
	term-*) mark "$dir/logs/terminal-$(counter "$target").log" "$what $kind" ;;
	disk-*) for c in $(seq $(( nterm - 1 )) "$nterm"); do mark "$dir/logs/terminal-$(counter "$c").log" "$what $kind"; done ;;
	esac
	case "$what:$kind" in
	start:agg-kill9) kill -KILL "$agg_pid" 2>/dev/null; wait "$agg_pid" 2>/dev/null
		agg_planned_down=1; say "fault: kill -9 aggregator (pid $agg_pid)" ;;
	end:agg-kill9) agg_up; agg_planned_down=0; say "  aggregator restarted (pid $agg_pid)" ;;
	start:agg-stop) kill -STOP "$agg_pid"; agg_stopped=1; say "fault: SIGSTOP aggregator (pid $agg_pid)" ;;
	end:agg-stop) kill -CONT "$agg_pid"; agg_stopped=0; say "  SIGCONT aggregator" ;;
	start:broker-kill9) kill -KILL "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null
		broker_planned_down=1; say "fault: kill -9 broker (pid $broker_pid, $phase config)" ;;
	end:broker-kill9) broker_up; broker_planned_down=0; say "  broker restarted (pid $broker_pid)" ;;
	start:broker-stop) kill -STOP "$broker_pid"; broker_stopped=1; say "fault: SIGSTOP broker (pid $broker_pid)" ;;
	end:broker-stop) kill -CONT "$broker_pid"; broker_stopped=0; say "  SIGCONT broker" ;;
	start:broker-defaults)
		broker_planned_down=1
		chaos_stop_pid "$broker_pid"
		phase=defaults; echo defaults > "$dir/phase"
		broker_up; broker_planned_down=0
		say "phase 2: broker restarted (SIGTERM) with mosquitto's default queue limits (pid $broker_pid)" ;;
	end:broker-defaults) return ;;
	start:term-kill9) c=$(counter "$target")
		kill -KILL "${tpid[$target]}" 2>/dev/null; wait "${tpid[$target]}" 2>/dev/null
		tdown[$target]=1; say "fault: kill -9 terminal $c (pid ${tpid[$target]})$([ $disk_full = 1 ] && echo ', its disk full')" ;;
	end:term-kill9) term_up "$target"; say "  terminal $(counter "$target") restarted on its spool (pid ${tpid[$target]})" ;;
	start:disk-full | end:disk-full)
		[ "$mounted" = 1 ] || { [ "$what" = start ] && say "(disk-full skipped: no tmpfs)"; return; } ;;&
	start:disk-full)
		dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
		dd if=/dev/zero of="$mnt/filler" bs=4k oflag=append conv=notrunc 2>/dev/null
		disk_full=1; say "fault: spool disk full ($(df --output=avail -B1 "$mnt" | tail -n1 | tr -d ' ') bytes left on $mnt)" ;;
	end:disk-full) rm -f "$mnt/filler"; disk_full=0; say "  spool disk freed" ;;
	esac
	[ "$what" = start ] && fcount[$kind]=$(( ${fcount[$kind]:-0} + 1 ))
}

supervise() { # a process that died without being told to is noted and started again
	local i rc
	if [ $agg_planned_down = 0 ] && ! kill -0 "$agg_pid" 2>/dev/null; then
		wait "$agg_pid" 2>/dev/null; rc=$?
		unplanned=$(( unplanned + 1 )); say "aggregator exited by itself (status $rc): started again"; agg_up
	fi
	if [ $broker_planned_down = 0 ] && ! kill -0 "$broker_pid" 2>/dev/null; then
		wait "$broker_pid" 2>/dev/null; rc=$?
		unplanned=$(( unplanned + 1 )); say "broker exited by itself (status $rc): started again"; broker_up
	fi
	for i in "${!tpid[@]}"; do
		if [ "${tdown[$i]}" = 0 ] && ! kill -0 "${tpid[$i]}" 2>/dev/null; then
			wait "${tpid[$i]}" 2>/dev/null; rc=$?
			unplanned=$(( unplanned + 1 ))
			say "terminal $(counter "$i") exited by itself (status $rc; $(tail -n1 "$dir/logs/terminal-$(counter "$i").log")): started again"
			sleep 0.5
			term_up "$i" "${1:-}"
		fi
	done
}

# ---- volume: loadgen batches at about $rate ratings/s --------------------------------------------

lg_driver() {
	local b=0 n win t0 el want rc
	trap - EXIT INT TERM HUP
	while [ ! -e "$dir/stop-production" ]; do
		b=$(( b + 1 )); t0=$(now_ms)
		# Small batches in phase 1; in the defaults phase 1 200 at once, 4 x 300 in flight: more than
		# the broker's 1 000 queued messages for the aggregator whenever it stops taking them.
		if [ "$(cat "$dir/phase")" = defaults ]; then win=300 n=1200; else win=25 n=250; fi
		echo "$b $n $win" >> "$dir/loadgen/batches"
		nice -n 10 "$build/hailong-loadgen" publish --broker "$url" --cafile "$cafile" \
			--username "terminal.chaos-lg.%c" --password-file "$dir/lg/%c/terminal.password" --site chaos-lg \
			--terminals 4 --ratings $n --window $win --resend-ms 2000 --timeout 600 --quiet \
			--ids "$dir/loadgen/batch-$b.ids" > "$dir/loadgen/batch-$b.out" 2>&1 &
		echo $! > "$dir/loadgen.pid"
		wait $!; rc=$?
		echo "$b $rc" >> "$dir/loadgen/done"
		: > "$dir/loadgen.pid"
		el=$(( $(now_ms) - t0 )); want=$(( n * 1000 / rate ))
		while [ $el -lt $want ] && [ ! -e "$dir/stop-production" ]; do
			sleep 0.2; el=$(( $(now_ms) - t0 ))
		done
	done
}
lg_driver &
driver_pid=$!

# ---- the fault phase ---------------------------------------------------------------------------------

say "fault phase: $minutes min, phase 1 with the shipped broker config"
ev=0 last_report=0
while :; do
	now=$(( $(now_ms) - t_start ))
	while [ $ev -lt ${#events[@]} ]; do
		read -r at what kind target <<< "${events[$ev]}"
		[ "$at" -le "$now" ] || break
		fault "$what" "$kind" "$target"
		ev=$(( ev + 1 ))
	done
	[ $ev -ge ${#events[@]} ] && [ "$now" -ge "$phase_ms" ] && break
	supervise
	if [ $(( now - last_report )) -ge 30000 ]; then
		last_report=$now
		say "  so far: $(cat "$dir"/logs/terminal-*.log 2>/dev/null | grep -c ' spooled$') terminal ratings, $(awk '{ s += $2 } END { print s + 0 }' "$dir/loadgen/batches" 2>/dev/null) loadgen ratings started"
	fi
	sleep 0.1
done

# ---- drain ---------------------------------------------------------------------------------------------

say "fault phase over: no new ratings; draining (at most $drain_s s)"
touch "$dir/stop-production"
[ $disk_full = 1 ] && { rm -f "$mnt/filler"; disk_full=0; }
# The citizens leave: each terminal stops (SIGTERM keeps what is spooled) and comes back idle.
for i in "${!tpid[@]}"; do
	chaos_stop_pid "${tpid[$i]}"
	term_up "$i" "$dir/scripts/idle.script"
done
spools_left() {
	local i c s n=0 k
	for i in "${!tpid[@]}"; do
		c=$(counter "$i")
		s=$(awk -F' = ' '$1 == "spool" { print $2 }' "$dir/terminals/$c/chaos.conf")
		k=$(sqlite3 -cmd ".timeout 2000" "$s" "SELECT count(*) FROM spool" 2>/dev/null || echo 1)
		n=$(( n + k ))
	done
	echo "$n"
}
drain_end=$(( $(now_ms) + drain_s * 1000 ))
drained=0
while [ "$(now_ms)" -lt $drain_end ]; do
	supervise "$dir/scripts/idle.script"
	left=$(spools_left)
	if [ "$left" = 0 ] && ! kill -0 "$driver_pid" 2>/dev/null; then drained=1; break; fi
	if [ $(( ($(now_ms) - t_start) / 1000 % 10 )) = 0 ]; then
		say "  waiting: $left ratings in the terminals' spools, loadgen $(kill -0 "$driver_pid" 2>/dev/null && echo running || echo done)"
		sleep 1
	fi
	sleep 0.2
done
t_drained=$(( $(now_ms) - t_start ))
[ $drained = 1 ] && say "drained: every spool empty, every loadgen batch ended" ||
	say "NOT drained after $drain_s s: $(spools_left) ratings still in spools, loadgen $(kill -0 "$driver_pid" 2>/dev/null && echo 'still running' || echo done)"
# Whatever the loadgen still holds is given up now (and counted as lost below if not stored).
if [ -s "$dir/loadgen.pid" ]; then chaos_stop_pid "$(cat "$dir/loadgen.pid")"; fi
chaos_stop_pid "$driver_pid"; driver_pid=0
for i in "${!tpid[@]}"; do chaos_stop_pid "${tpid[$i]}"; done
chaos_stop_pid "$agg_pid"; agg_pid=0  # SIGTERM: stores and receipts what is queued
chaos_stop_pid "$broker_pid"; broker_pid=0

# ---- the count ---------------------------------------------------------------------------------------

db="$dir/aggregator.db"
cdb="$dir/count.db"
: > "$dir/produced.csv"; : > "$dir/unspooled.csv"; : > "$dir/notrecorded.csv"; : > "$dir/leftover.csv"
for i in $(seq "$nterm"); do
	c=$(counter "$i")
	grep -oE 'rating [0-9a-f-]{36} spooled' "$dir/logs/terminal-$c.log" | awk -v c="$c" '{ print $2 "," c }' >> "$dir/produced.csv"
	grep -oE 'cannot store rating [0-9a-f-]{36}' "$dir/logs/terminal-$c.log" | awk -v c="$c" '{ print $4 "," c }' >> "$dir/unspooled.csv"
	grep -oE 'rating [0-9a-f-]{36} not recorded' "$dir/logs/terminal-$c.log" | awk -v c="$c" '{ print $2 "," c }' >> "$dir/notrecorded.csv"
	s=$(awk -F' = ' '$1 == "spool" { print $2 }' "$dir/terminals/$c/chaos.conf")
	sqlite3 -csv "$s" "SELECT id, '$c' FROM spool" >> "$dir/leftover.csv" 2>/dev/null
done
lg_produced=$(awk '{ s += $2 } END { print s + 0 }' "$dir/loadgen/batches")
# Every id a batch was given (--ids writes them all before its first publish).
cat "$dir"/loadgen/batch-*.ids 2>/dev/null > "$dir/lg-produced.txt" || : > "$dir/lg-produced.txt"
lg_batches=$(wc -l < "$dir/loadgen/batches")
lg_receipted=$(cat "$dir"/loadgen/batch-*.out 2>/dev/null | awk '/^published/ { s += $7 } END { print s + 0 }')
lg_resent=$(cat "$dir"/loadgen/batch-*.out 2>/dev/null | awk '/^published/ { s += $(NF - 1) } END { print s + 0 }')
lg_failed=$(awk '$2 != 0' "$dir/loadgen/done" 2>/dev/null | wc -l)
rm -f "$cdb"
sqlite3 "$cdb" <<SQL
CREATE TABLE produced(id TEXT, counter TEXT);
CREATE TABLE unspooled(id TEXT, counter TEXT);
CREATE TABLE notrecorded(id TEXT, counter TEXT);
CREATE TABLE leftover(id TEXT, counter TEXT);
CREATE TABLE lg_produced(id TEXT);
.mode csv
.import $dir/lg-produced.txt lg_produced
.import $dir/produced.csv produced
.import $dir/unspooled.csv unspooled
.import $dir/notrecorded.csv notrecorded
.import $dir/leftover.csv leftover
ATTACH '$db' AS agg;
CREATE TABLE stored AS SELECT lower(hex(id)) AS hid, site, counter FROM agg.rating WHERE site = 'chaos';
CREATE INDEX stored_hid ON stored(hid);
CREATE TABLE lost AS SELECT p.id, p.counter FROM produced p
	WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.hid = replace(p.id, '-', ''));
SQL
q() { sqlite3 "$cdb" "ATTACH '$db' AS agg; $1"; }
term_produced=$(q "SELECT count(DISTINCT id) FROM produced")
term_lost=$(q "SELECT count(DISTINCT id) FROM lost")
term_unspooled=$(q "SELECT count(DISTINCT id) FROM unspooled")
term_unspooled_lost=$(q "SELECT count(DISTINCT id) FROM unspooled WHERE id IN (SELECT id FROM lost)")
term_notrec=$(q "SELECT count(DISTINCT id) FROM notrecorded")
term_notrec_stored=$(q "SELECT count(*) FROM notrecorded n WHERE EXISTS (SELECT 1 FROM stored s WHERE s.hid = replace(n.id, '-', ''))")
term_extra=$(q "SELECT count(*) FROM stored s WHERE NOT EXISTS (SELECT 1 FROM produced p WHERE replace(p.id, '-', '') = s.hid)")
term_leftover=$(q "SELECT count(*) FROM leftover")
lg_stored=$(q "SELECT count(*) FROM agg.rating WHERE site = 'chaos-lg'")
# By id: a loadgen rating is produced once its batch wrote its id (before its first publish), and
# lost when no row of chaos-lg carries it.
lg_ids=$(q "SELECT count(DISTINCT id) FROM lg_produced")
lg_lost_ids=$(q "CREATE TEMP TABLE lgs AS SELECT lower(hex(id)) AS hid FROM agg.rating WHERE site = 'chaos-lg';
	CREATE INDEX temp.lgs_hid ON lgs(hid);
	SELECT count(DISTINCT id) FROM lg_produced p WHERE NOT EXISTS (SELECT 1 FROM lgs WHERE hid = replace(p.id, '-', ''))")
lg_produced=$lg_ids
lg_lost=$lg_lost_ids
rows=$(q "SELECT count(*) FROM agg.rating")
distinct=$(q "SELECT count(DISTINCT id) FROM agg.rating")
dup=$(( rows - distinct ))
rejected=$(q "SELECT count(*) FROM agg.rejected")
rollup_bad=0 rollup_text=""
for dim in 0 1 2 3; do
	for grain in 0 1; do
		n=$(q "SELECT coalesce(sum(n), 0) FROM agg.rollup WHERE dim = $dim AND grain = $grain")
		rollup_text+=" $n"
		[ "$n" = "$rows" ] || rollup_bad=$(( rollup_bad + 1 ))
	done
done
spool_faults=$(cat "$dir"/logs/terminal-*.log | grep -c "spool: cannot store")
drops=$(grep -c "Outgoing messages are being dropped" "$bdir/mosquitto.log")
total_faults=0
for k in "${!fcount[@]}"; do [ "$k" = broker-defaults ] || total_faults=$(( total_faults + fcount[$k] )); done
produced=$(( term_produced + lg_produced ))
lost=$(( term_lost + lg_lost ))
t_end=$(( $(now_ms) - t_start ))

echo
echo "== chaos campaign, seed $seed (CHAOS_SEED=$seed CHAOS_MINUTES=$minutes repeats the schedule)"
printf '  %-58s %s\n' "duration: fault phase / until drained / total" "$(( phase_ms / 1000 )) s / $(( t_drained / 1000 )) s / $(( t_end / 1000 )) s"
echo "  ratings produced"
for i in $(seq "$nterm"); do
	c=$(counter "$i")
	printf '    %-56s %s\n' "terminal $c$([ "$mounted" = 1 ] && [ "$i" -gt $(( nterm - 2 )) ] && echo ' (spool on the tmpfs)')" \
		"$(q "SELECT count(DISTINCT id) FROM produced WHERE counter = '$c'")"
done
printf '    %-56s %s\n' "loadgen ($lg_batches batches; $lg_receipted receipted, $lg_failed batches timed out)" "$lg_produced"
printf '    %-56s %s\n' "total" "$produced"
echo "  faults"
for k in agg-kill9 agg-stop broker-kill9 broker-stop term-kill9 disk-full; do
	printf '    %-56s %s\n' "$k" "${fcount[$k]:-0}"
done
printf '    %-56s %s\n' "total (plus the switch to mosquitto's defaults: ${fcount[broker-defaults]:-0})" "$total_faults"
printf '    %-56s %s\n' "processes that exited by themselves (restarted)" "$unplanned"
echo "  evidence that the faults bit"
printf '    %-56s %s\n' "broker log: \"Outgoing messages are being dropped\"" "$drops"
printf '    %-56s %s\n' "loadgen: ratings sent again (no receipt in 2 s)" "$lg_resent"
printf '    %-56s %s\n' "terminal: spool write failures logged" "$spool_faults"
printf '    %-56s %s\n' "terminal: spool write failed, thanked anyway (old code)" "$term_unspooled"
printf '    %-56s %s\n' "terminal: citizen told \"not recorded\" (not counted)" "$term_notrec"
printf '    %-56s %s\n' "  ... of which stored anyway (should be 0)" "$term_notrec_stored"
echo "  outcome"
printf '    %-56s %s\n' "lost: terminal ratings not stored" "$term_lost"
printf '    %-56s %s\n' "  ... of which spool write failed (thanked from memory)" "$term_unspooled_lost"
printf '    %-56s %s\n' "  ... still in a spool at the end (not drained)" "$term_leftover"
printf '    %-56s %s\n' "lost: loadgen ratings not stored (by id; $lg_stored of $lg_produced stored)" "$lg_lost"
printf '    %-56s %s\n' "duplicated (rows $rows - distinct ids $distinct)" "$dup"
printf '    %-56s %s\n' "stored with no 'spooled' line (killed in between)" "$term_extra"
printf '    %-56s %s\n' "rejected messages" "$rejected"
printf '    %-56s %s\n' "roll-ups (counter, officer, procedure, site x day, month)" "$rollup_text$([ $rollup_bad = 0 ] && echo ' = count(*)' || echo " != count(*) $rows")"
if [ "$term_lost" -gt 0 ]; then
	echo "  lost terminal ratings (first 20; ids in $cdb, table lost):"
	q "SELECT '    ' || id || ' ' || counter FROM lost LIMIT 20"
fi

rc=0
[ "$lost" -gt 0 ] && { echo "chaos: FAILED: $lost ratings lost"; rc=1; }
[ "$dup" -gt 0 ] && { echo "chaos: FAILED: $dup ratings stored twice"; rc=1; }
[ "$rollup_bad" -gt 0 ] && { echo "chaos: FAILED: roll-ups do not add up to the ratings"; rc=1; }
[ "$term_notrec_stored" -gt 0 ] && { echo "chaos: FAILED: ratings the citizen was told were not recorded were stored"; rc=1; }
[ $drained = 1 ] || { echo "chaos: FAILED: not drained within $drain_s s"; rc=1; }
if [ $rc = 0 ]; then
	if [ "$produced" -lt 10000 ] || [ "$total_faults" -lt 20 ]; then
		echo "chaos: nothing lost, but the campaign was too small to count ($produced ratings, $total_faults faults; needs >= 10000 and >= 20)"
		rc=2
	else
		echo "chaos: PASSED: $produced ratings through $total_faults faults, none lost, none stored twice"
	fi
fi
exit $rc
}
