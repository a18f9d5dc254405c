#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The Python half of bench/notify.sh (Debian's python3, standard library only): it reads what the
# shell half left behind and turns it into figures, and it sends the backlog's baseline. Three verbs:
#   latency PREFIX RATINGS ALERTS DB MAILDIR HOOKDIR: RATINGS and ALERTS are mosquitto_sub -F '%U %p'
#     of the site's ratings and of SITE/alerts (the broker's forwarding of each serious rating of an
#     officer PREFIX… is when it was published); the flags' ids come from DB, the
#     saved mails (Message-ID <hailong.DELIVERY.…>) and webhook calls (topic flag:ID) from the two
#     folders, their time from the file's mtime. Prints one line per stage: n, p50, p99, max in ms.
#   drain DB MAILDIR PREFIX T0_NS: the backlog's mails (flags of officers PREFIX…) — each
#     delivered once (one file each, Message-IDs distinct, every delivery row sent with one success)
#     — and the drain's times from T0_NS (the mail server's start).
#   baseline PORT CAFILE USER PWFILE TEMPLATE M: M copies of TEMPLATE (a saved mail, a Message-ID of
#     its own each) through smtplib over one STARTTLS connection with one login; prints seconds.
import json
import os
import re
import smtplib
import sqlite3
import ssl
import sys
import time

MID = re.compile(rb"^Message-ID: <([^>]*)>", re.M | re.I)


def pct(v, p):
    """The p-th percentile (nearest rank) of sorted v."""
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def mtime_ns(path):
    return os.stat(path).st_mtime_ns


def mails(folder):
    """{delivery id: [(file, mtime_ns, message-id)]} of the saved mails in folder."""
    out = {}
    for name in os.listdir(folder):
        if not name.endswith(".eml"):
            continue
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            m = MID.search(f.read())
        mid = m.group(1).decode() if m else ""
        d = re.match(r"hailong\.(\d+)\.", mid)
        out.setdefault(int(d.group(1)) if d else -1, []).append((name, mtime_ns(path), mid))
    return out


def hooks(folder):
    """{flag id: [(mtime_ns, status)]} of the saved webhook calls."""
    out = {}
    for name in os.listdir(folder):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            rec = json.load(f)
        topic = json.loads(rec["body"]).get("topic", "")
        if topic.startswith("flag:"):
            out.setdefault(int(topic[5:]), []).append((mtime_ns(path), rec["status"]))
    return out


def sub_lines(path):
    """(ns, object) of each line of mosquitto_sub -F '%U %p' output whose payload is JSON."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            ts, _, payload = line.partition(" ")
            try:
                a = json.loads(payload)
            except ValueError:
                continue
            sec, _, frac = ts.partition(".")
            yield int(sec) * 10**9 + int((frac + "000000000")[:9]), a


def latency(prefix, ratings_file, alerts_file, db, maildir, hookdir):
    sent = {}
    for ns, r in sub_lines(ratings_file):
        if r.get("officer", "").startswith(prefix):
            sent.setdefault(r["officer"], ns)
    alert_at = {}  # flag id -> ns
    for ns, a in sub_lines(alerts_file):
        alert_at.setdefault(int(a["id"]), ns)
    con = sqlite3.connect(db, timeout=10)
    flag_of = {}
    for fid, subj in con.execute("SELECT id, subject FROM flag WHERE kind = 'serious'"):
        if subj in sent:
            flag_of[subj] = fid
    mail_of = {}  # flag id -> delivery id of the head's mail
    for did, topic in con.execute("SELECT id, topic FROM delivery WHERE channel = 0 AND topic LIKE 'flag:%'"):
        mail_of[int(topic[5:])] = did
    con.close()
    m, h = mails(maildir), hooks(hookdir)
    stages = {"alert": [], "mail": [], "hook": []}
    twice = 0
    for o, t0 in sent.items():
        fid = flag_of.get(o)
        if fid is None:
            continue
        if fid in alert_at:
            stages["alert"].append((alert_at[fid] - t0) / 1e6)
        got = m.get(mail_of.get(fid, -2), [])
        if got:
            stages["mail"].append((min(x[1] for x in got) - t0) / 1e6)
        ok = [x for x in h.get(fid, []) if x[1] == 200]
        if ok:
            stages["hook"].append((min(x[0] for x in ok) - t0) / 1e6)
        twice += len(got) > 1 or len(ok) > 1
    print("sent %d flags %d twice %d" % (len(sent), len(flag_of), twice))
    for k in ("alert", "mail", "hook"):
        v = sorted(stages[k])
        print("%s n=%d p50=%.0f p99=%.0f max=%.0f" % (k, len(v), pct(v, 50), pct(v, 99), v[-1] if v else float("nan")))


def drain(db, maildir, prefix, t0):
    con = sqlite3.connect(db, timeout=10)
    rows = con.execute(
        "SELECT d.id, d.status, d.attempts, (SELECT count(*) FROM delivery_log l WHERE l.delivery = d.id AND l.ok = 1)"
        " FROM delivery d JOIN flag f ON d.topic = 'flag:' || f.id WHERE d.channel = 0 AND f.subject LIKE ? || '%'",
        (prefix,)).fetchall()
    con.close()
    want = {r[0] for r in rows}
    m = mails(maildir)
    files = [x for v in m.values() for x in v]
    mids = [x[2] for x in files]
    ours = [x for d in want for x in m.get(d, [])]
    once = all(len(m.get(d, [])) == 1 for d in want)
    sent_ok = all(r[1] == 1 and r[3] == 1 for r in rows)
    times = sorted(x[1] for x in ours)
    first = (times[0] - t0) / 1e9 if times else float("nan")
    last = (times[-1] - t0) / 1e9 if times else float("nan")
    failed = sum(r[2] - 1 for r in rows)
    verdict = "yes" if once and sent_ok and len(files) == len(want) and len(set(mids)) == len(mids) else "NO"
    print("deliveries %d files %d distinct_ids %d once %s sent_rows_ok %s failed_attempts_before %d "
          "first_s %.2f last_s %.2f exactly_once %s"
          % (len(want), len(files), len(set(mids)), "yes" if once else "NO", "yes" if sent_ok else "NO", failed, first,
             last, verdict))


def baseline(port, cafile, user, pwfile, template, n):
    with open(template, "rb") as f:
        msg = f.read()
    with open(template[:-4] + ".rcpt") as f:
        rcpt = f.read().split()
    with open(pwfile) as f:
        pw = f.read().strip()
    ctx = ssl.create_default_context(cafile=cafile)
    t0 = time.monotonic()
    s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
    s.starttls(context=ctx)
    s.login(user, pw)
    for i in range(n):
        body = MID.sub(b"Message-ID: <bench-baseline.%d@hailong>" % i, msg, count=1)
        s.sendmail("hailong@so-tp.gov.vn", rcpt, body)
    s.quit()
    print("seconds %.3f" % (time.monotonic() - t0))


if __name__ == "__main__":
    verb, args = sys.argv[1], sys.argv[2:]
    if verb == "latency" and len(args) == 6:
        latency(*args)
    elif verb == "drain" and len(args) == 4:
        drain(args[0], args[1], args[2], int(args[3]))
    elif verb == "baseline" and len(args) == 6:
        baseline(*args[:5], int(args[5]))
    else:
        sys.stderr.write("usage: notify.py latency|drain|baseline ARGS (see the top of the file)\n")
        sys.exit(2)
