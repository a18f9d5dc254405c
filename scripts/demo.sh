#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make demo`: everything on 127.0.0.1 in BUILD/demo — a real mosquitto on a free port set up as a
# site runs it (TLS with a department CA made here, dynamic security, one login per terminal), the
# aggregator, four simulated counter terminals that keep each rating until its receipt arrives, a
# real terminal, the web console (hailong-web) with a user per role and a one-stop API token, the
# notifier (hailong-notify) with a local mail server and a chat bridge's webhook, what an
# intruder on the LAN gets, one malformed message, the reports at the end (with the QĐ 766 estimate from
# the sample dossier counts) and the console's URL.
# Run from a terminal, it keeps the console up until Enter; otherwise (CI, a pipe) it stops
# everything it started at once.
set -euo pipefail
build=${1:-build}
dir="$build/demo"
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

. "$(dirname "$0")/lib.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Broker: mosquitto on 127.0.0.1 from systemd/mosquitto-hailong.conf (TLS, logins, dynamic security)"
# hailong-make-certs makes the department's CA and the broker's certificate; hailong-broker-init
# the broker's admin account. Only the port and paths of the shipped config are changed.
start_tls_broker "$dir/broker" "$dir/certs"
echo "broker $url, CA $cafile, log $dir/broker/mosquitto.log"

step "Accounts: hailong-aggregator account add / terminal add (one login per terminal)"
add_aggregator_account "$admin_conf" demo "$dir/agg"
add_aggregator_account "$admin_conf" demo-cli "$dir/agg-cli"
"$build/hailong-aggregator" account add web demo -c "$admin_conf" --out "$dir/web" >> "$dir/web.log" 2>&1 ||
	{ cat "$dir/web.log" >&2; exit 1; }
add_terminals "$dir/broker" sct-bentre 5 "$dir/terminals"
"$build/hailong-aggregator" terminal list -c "$admin_conf"
echo "each terminal's folder (config, password file, CA): $dir/terminals/qNN/"

step "Aggregator: hailong-aggregator serve -c $dir/aggregator.conf"
cat > "$dir/aggregator.conf" <<CONF
# Hài Lòng aggregator (demo)
broker = $url
cafile = $cafile
username = aggregator.demo
password_file = $dir/agg/aggregator.password
cli_username = aggregator.demo-cli
cli_password_file = $dir/agg-cli/aggregator.password
db = $dir/aggregator.db
utc_offset_minutes = 420
CONF
"$build/hailong-aggregator" serve -c "$dir/aggregator.conf" 2> "$dir/aggregator.log" &
apid=$!
pids+=($apid)
wait_for "$dir/aggregator.log" "connected to the broker"
cat "$dir/aggregator.log"

step "Roster: the Sở Công Thương's name, officers and procedures from assets/roster/, published for the terminals"
"$build/hailong-aggregator" roster import -c "$dir/aggregator.conf" --broker "$url" --sites assets/roster/sites.csv \
	assets/roster/officers.csv assets/roster/procedures.csv assets/roster/counters.csv

step "Web console: hailong-web -c $dir/web.conf, a user per role, a token for the one-stop software"
password=demo-hailong-2026
printf '%s\n' "$password" > "$dir/demo-password"
chmod 600 "$dir/demo-password"
user_add() { "$build/hailong-aggregator" user add "$@" --db "$dir/aggregator.db" --password-file "$dir/demo-password"; }
user_add lanhdao --role lanh-dao --site sct-bentre
user_add canbo --role can-bo --site sct-bentre --officer cb002
user_add tinh --role tinh
user_add quantri --role quan-tri
token=$("$build/hailong-aggregator" token add --site sct-bentre --name mot-cua --db "$dir/aggregator.db" 2>/dev/null)
web_port=$(free_port)
cat > "$dir/web.conf" <<CONF
# Hài Lòng web console (demo)
listen = 127.0.0.1:$web_port
db = $dir/aggregator.db
broker = $url
cafile = $cafile
username = web.demo
password_file = $dir/web/web.password
utc_offset_minutes = 420
CONF
"$build/hailong-web" -c "$dir/web.conf" 2> "$dir/web.log" &
wpid=$!
pids+=($wpid)
wait_for "$dir/web.log" "listening on" 200 || { cat "$dir/web.log" >&2; exit 1; }
web_url="http://127.0.0.1:$web_port/"
cat "$dir/web.log"

step "Reaching people: hailong-notify -c $dir/notify.conf, a mail server and a chat bridge's webhook"
# A local mail server stands in for the department's relay (aiosmtpd: STARTTLS required, a login,
# a certificate from the department's CA) and a local receiver for its Zalo or chat bridge; each
# keeps what it gets as files, in $dir/mail/ and $dir/hooks/.
mkdir -p -m 700 "$dir/mail" "$dir/hooks"
"$(dirname "$0")/../systemd/hailong-make-certs" --broker-prefix mail "$dir/certs" 127.0.0.1 > "$dir/mail-certs.log"
printf '%s\n' "mat-khau-hop-thu-demo" > "$dir/smtp.password"
chmod 600 "$dir/smtp.password"
smtp_port=$(free_port)
/usr/bin/python3 tests/notify/smtp_server.py "$smtp_port" "$dir/mail" "$dir/certs/mail.crt" "$dir/certs/mail.key" \
	hailong@sct-bentre.gov.vn "$dir/smtp.password" > "$dir/smtp.log" 2>&1 &
pids+=($!)
hook_port=$(free_port)
/usr/bin/python3 tests/notify/hook_server.py "$hook_port" "$dir/hooks" > "$dir/hook.log" 2>&1 &
pids+=($!)
head -c 32 /dev/urandom | base64 > "$dir/zalo.secret"
chmod 600 "$dir/zalo.secret"
printf 'name,url,secret_file,sites\nzalo,http://127.0.0.1:%s/hailong,zalo.secret,sct-bentre\n' "$hook_port" \
	> "$dir/webhooks.csv"
cat > "$dir/notify.conf" <<CONF
# Hài Lòng notifier (demo)
db = $dir/aggregator.db
smtp_url = smtp://127.0.0.1:$smtp_port
smtp_username = hailong@sct-bentre.gov.vn
smtp_password_file = $dir/smtp.password
smtp_cafile = $cafile
mail_from = hailong@sct-bentre.gov.vn
webhooks_file = $dir/webhooks.csv
console_url = ${web_url%/}
utc_offset_minutes = 420
# The demo sends a flag's alert at once; a site keeps the default 3600 (the next whole hour), so
# that a mail's arrival does not date the complaint to the minute.
alert_hold_seconds = 0
CONF
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$smtp_port) 2>/dev/null && break; sleep 0.05; done
"$build/hailong-notify" test-mail it@sct-bentre.gov.vn -c "$dir/notify.conf"
# The head gets every flag by e-mail and a weekly report; the province the monthly SIPAS export.
# (Each can change that on the console's Tài khoản page.) The hall's screen shows the public board.
"$build/hailong-aggregator" user notify lanhdao --email lanhdao@sct-bentre.gov.vn --alerts all --reports weekly \
	--db "$dir/aggregator.db"
"$build/hailong-aggregator" user notify tinh --email sipas@snv.bentre.gov.vn --sipas yes --db "$dir/aggregator.db"
"$build/hailong-aggregator" board on sct-bentre --db "$dir/aggregator.db"
"$build/hailong-notify" serve -c "$dir/notify.conf" 2> "$dir/notify.log" &
npid=$!
pids+=($npid)
wait_for "$dir/notify.log" "serving " 200 || { cat "$dir/notify.log" >&2; exit 1; }
cat "$dir/notify.log"

step "Terminals: 4 counters send 400 ratings over the last 30 days, each kept until receipted"
# These terminals ask the third question too ("Kết quả giải quyết", questions = all).
"$build/hailong-loadgen" publish --broker "$url" --cafile "$cafile" --username "terminal.sct-bentre.%c" \
	--password-file "$dir/terminals/%c/terminal.password" --site sct-bentre --terminals 4 --ratings 400 \
	--window 4 --days 30 --timeout 60 --result

step "A counter terminal (hailong-terminal): three citizens, each in a transaction the officer opens"
# The one-stop software would open a transaction per citizen; here `session open` stands in for it.
# The terminal takes one rating per transaction, then shows the officer on duty again.
procedures=(2.000204 1.001234 1.004471)
open_session() {
	"$build/hailong-aggregator" session open -c "$dir/aggregator.conf" --site sct-bentre --counter q05 \
		--officer cb002 --procedure "$1" --duty cb002 --expires-in 15
}
# The first citizen's transaction comes as the one-stop software would open it: through the
# console's API with its token (curl stands in for that software).
echo "PUT ${web_url}api/v1/sites/sct-bentre/counters/q05/session (Authorization: Bearer hl_…):"
curl -sS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-d "{\"officer\":\"cb002\",\"procedure\":\"${procedures[0]}\"}" \
	"${web_url}api/v1/sites/sct-bentre/counters/q05/session"
echo
# The config `terminal add` wrote (broker, site, counter, cafile, login), with the demo's settings.
{ cat "$dir/terminals/q05/terminal.conf"; cat <<CONF
# Hài Lòng counter terminal (demo)
spool = $dir/terminal-spool.db
window = 1024x600
officer = cb002
min_interval = 1
thanks_time = 2
hotline = 0275 3822 111
voice_dir = $(cd "$build" && pwd)/voice
CONF
} > "$dir/terminals/q05/demo.conf"
mkdir -p "$dir/screens"
{
	echo "wait 1000"; echo "shot $dir/screens/1-idle.png"
	echo "key 5"; echo "wait 700"; echo "shot $dir/screens/2-question2.png"
	echo "key 5"; echo "wait 700"; echo "shot $dir/screens/3-thanks.png"; echo "wait 2500"
	echo "key 4"; echo "wait 700"; echo "key 3"; echo "wait 2500"
	echo "key 2"; echo "wait 700"; echo "key 1"; echo "wait 700"; echo "key 1"; echo "wait 700"
	echo "shot $dir/screens/4-confirm.png"; echo "key Return"; echo "wait 400"; echo "key 8"
	echo "wait 700"; echo "shot $dir/screens/5-reasons.png"; echo "key Return"; echo "wait 700"
	echo "shot $dir/screens/6-thanks-complaint.png"; echo "wait 2500"
	echo "quit"
} > "$dir/citizen.script"
if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
	echo "(a window opens on $DISPLAY and plays the citizen; it closes by itself)"
	video=
else
	echo "(no display: running headless with SDL's dummy video driver)"
	video=dummy
fi
SDL_VIDEODRIVER=${video:-${SDL_VIDEODRIVER:-}} "$build/hailong-terminal" -c "$dir/terminals/q05/demo.conf" \
	--input-script "$dir/citizen.script" 2> "$dir/terminal.log" &
tpid=$!
pids+=($tpid)
for n in 1 2; do
	# When citizen n's rating is spooled (within 20 s), the next citizen's session opens.
	for _ in $(seq 400); do
		spooled=$(grep -c 'rating .* spooled' "$dir/terminal.log" 2>/dev/null || true)
		[ "${spooled:-0}" -ge $n ] && break
		kill -0 $tpid 2>/dev/null || break
		sleep 0.05
	done
	open_session "${procedures[$n]}"
done
wait $tpid
"$build/hailong-aggregator" session close -c "$dir/aggregator.conf" --site sct-bentre --counter q05
grep -E "rating |session|connected" "$dir/terminal.log" || true
echo "screens: $dir/screens/"
sleep 0.5

step "An intruder on the LAN, with stock mosquitto clients"
pub() { XDG_CONFIG_HOME="$1" mosquitto_pub -V mqttv5 -q 1 "${@:2}" 2>&1 || true; }
mkdir -p -m 700 "$dir/intruder" "$dir/q01"
printf -- '-h 127.0.0.1\n-p %s\n--cafile %s\n' "$port" "$cafile" > "$dir/intruder/mosquitto_pub"
echo "without a login, a forged session for q05:"
pub "$dir/intruder" -t hailong/v1/sct-bentre/q05/session -r -m '{"officer":"cb001","procedure":"","expires":0}'
(umask 077; printf -- '-h 127.0.0.1\n-p %s\n--cafile %s\n-u terminal.sct-bentre.q01\n-P %s\n' "$port" "$cafile" \
	"$(head -n1 "$dir/terminals/q01/terminal.password")" > "$dir/q01/mosquitto_pub")
echo "with terminal q01's login, a rating for q02 and a receipt for q05:"
pub "$dir/q01" -t hailong/v1/sct-bentre/q02/rating -m '{"v":1}'
pub "$dir/q01" -t hailong/v1/sct-bentre/q05/receipt -m '{"ids":[]}'
sleep 0.3
grep -h "denied\|not authori[sz]ed" "$dir/broker/mosquitto.log" | tail -n 3 || true

step "A malformed message on q01's own topic: stored in 'rejected', never receipted"
pub "$dir/q01" -t hailong/v1/sct-bentre/q01/rating \
	-m '{"v":1,"id":"not-a-uuid","site":"sct-bentre","counter":"q01","scale":5,"answers":{"officer":9},"ts":0}'
sleep 0.5

step "Report per counter: hailong-aggregator report counters --db $dir/aggregator.db"
"$build/hailong-aggregator" report counters --db "$dir/aggregator.db"

step "Report per officer, with names from the roster"
"$build/hailong-aggregator" report officers --db "$dir/aggregator.db"

step "SIPAS inputs for the province: hailong-aggregator export sipas --year $(date +%Y)"
"$build/hailong-aggregator" export sipas --db "$dir/aggregator.db" --year "$(date +%Y)" --format table

step "Rejected: hailong-aggregator rejected --db $dir/aggregator.db"
"$build/hailong-aggregator" rejected --db "$dir/aggregator.db"

step "Complaint flags: hailong-aggregator flags list --db $dir/aggregator.db"
"$build/hailong-aggregator" flags list --db "$dir/aggregator.db" || true
echo "(the serious complaint's alert on hailong/v1/sct-bentre/alerts waits for the next whole hour,"
echo " alert_hold_seconds, so that its arrival does not tell when the citizen complained)"

step "What reached people: e-mails in $dir/mail/, webhook calls in $dir/hooks/"
# The serious complaint's flag: one e-mail to the head, one signed call to the chat bridge.
for _ in $(seq 100); do
	[ "$(ls "$dir/hooks" | grep -c '\.json$')" -ge 1 ] && [ "$(ls "$dir/mail" | grep -c '\.eml$')" -ge 2 ] && break
	sleep 0.1
done
/usr/bin/python3 - "$dir/mail" "$dir/hooks" <<'PY'
import email, email.policy, json, os, sys
mail, hooks = sys.argv[1:3]
for f in sorted(os.listdir(mail), key=lambda n: int(n.split(".")[0]) if n[0].isdigit() else 0):
    if f.endswith(".eml"):
        m = email.message_from_bytes(open(os.path.join(mail, f), "rb").read(), policy=email.policy.default)
        print(f"{f}: To {m['To']} | {m['Subject']}")
        if "Cảnh báo" in str(m["Subject"]):
            print("    " + m.get_body(("plain",)).get_content().strip().replace("\n", "\n    "))
for f in sorted(os.listdir(hooks)):
    if f.endswith(".json"):
        j = json.load(open(os.path.join(hooks, f)))
        print(f"{f}: POST answered {j['status']}, X-HaiLong-Signature {j['headers'].get('X-HaiLong-Signature', '')[:32]}…")
        print("    " + j["body"])
PY
"$build/hailong-notify" deliveries -c "$dir/notify.conf"

step "Scheduled reports: last week's report for lanhdao, the SIPAS month for tinh (hailong-notify test-report)"
# Their own reports go after each week (Monday 07:00) and month; test-report sends the last period's now.
"$build/hailong-notify" test-report lanhdao -c "$dir/notify.conf"
"$build/hailong-notify" test-report tinh -c "$dir/notify.conf" || true

step "QĐ 766, an estimate: the one-stop system's dossier counts (assets/dossiers/) beside the ratings"
# The sample's months (2026-10 … 2026-12) become this quarter's, as far as it has begun (local time).
now_y=$(date -u -d '+7 hours' +%Y) now_m=$(date -u -d '+7 hours' +%-m)
q_first=$(( (now_m - 1) / 3 * 3 + 1 ))
awk -F, -v OFS=, -v y="$now_y" -v f="$q_first" -v c="$now_m" \
	'NR == 1 { print; next } { m = f + substr($3, 6, 2) - 10; if (m <= c) { $3 = sprintf("%d-%02d", y, m); print } }' \
	assets/dossiers/dossiers.csv > "$dir/dossiers.csv"
"$build/hailong-aggregator" import dossiers -c "$dir/aggregator.conf" "$dir/dossiers.csv"
"$build/hailong-aggregator" report 766 -c "$dir/aggregator.conf" --quarter "$now_y-Q$(( (now_m - 1) / 3 + 1 ))"
"$build/hailong-aggregator" report 766 -c "$dir/aggregator.conf" --quarter "$now_y-Q$(( (now_m - 1) / 3 + 1 ))" \
	--format html -o "$dir/766.html"

step "Dashboard for the department head (one self-contained HTML file)"
"$build/hailong-aggregator" report officers --db "$dir/aggregator.db" --format html -o "$dir/dashboard.html"
echo "Dashboard: $dir/dashboard.html"

step "The web console"
echo "Console:  $web_url"
echo "Log in as lanhdao (head of sct-bentre), canbo (officer cb002, the Quầy page), tinh (province)"
echo "or quantri (IT admin), password: $password"
echo "API:      ${web_url}api/v1/ with 'Authorization: Bearer <token>' (web/openapi.yaml); token: $token"
echo "Board:    ${web_url}cong-khai/sct-bentre (Bảng công khai, no login: for the screen in the hall)"
echo "Mail:     $dir/mail/*.eml (what the heads got), webhook calls in $dir/hooks/"
echo "The demo's files stay in $dir (database, configs, logs)."
if [ -t 0 ] && [ -t 1 ] && [ -z "${CI:-}" ]; then
	echo
	read -r -p "The broker, the aggregator and the console keep running: press Enter to stop them. " _ || true
fi

step "Stopping (SIGTERM: the aggregator drains and exits 0, the console and the notifier exit 0)"
kill -TERM $npid
wait $npid && echo "hailong-notify exited 0"
kill -TERM $wpid
wait $wpid && echo "hailong-web exited 0"
kill -TERM $apid
wait $apid && echo "aggregator exited 0"
tail -n 2 "$dir/aggregator.log"
