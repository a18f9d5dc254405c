# SPDX-License-Identifier: MIT
"""board.py BUILD — issue 12's console side in a real browser (Debian's chromium through
chromedriver, headless) over a real stack: mosquitto, hailong-aggregator and hailong-web, fed this
month's ratings published as terminals do, at counters with many, some (under 30), few (under 5)
and no answers.

  - Bảng công khai (/cong-khai/SITE): a 404 that says so while off; a head turns it on under Danh
    mục, whose link opens it; without login it shows the site's and each counter's index with n,
    "ít lượt" under 30 and "chưa đủ 5 lượt đánh giá" under 5, the month and the site's name, no
    officer's name, sets no cookie; at 1920 × 1080 it fits the screen whole (a TV does not scroll)
    with the site's figure at least 64 px high, at 1366 and 390 px nothing is wider than the
    window, and printed it is A4 with no word past the edge; it reloads itself
    (board_refresh_seconds = 5 here).
  - Nhận thông báo (/tai-khoan): a head's form at 390 and 1366 px, nothing wider than the window; a
    bad address answers the form again with the message and what was typed; a good one is saved.
  - Thư và webhook (/thu-webhook): deliveries as hailong-notify leaves them in the queue (written
    into the database here, as its rows are); an admin's list at 390 px (one block per delivery) and
    1366 px with nothing wider than the window and no webhook secret, one delivery's attempts, the
    status filter, the head's list (their site's only, reached from Tài khoản), and printed on A4
    with no word past the edge.

Screenshots in BUILD/screenshots: board-*.png, thong-bao-*.png, thu-webhook-*.png. Output in cmocka's format, for
scripts/run-tests.sh. Run: /usr/bin/python3 tests/web/board.py build"""

import calendar
import glob
import json
import os
import re
import sys
import time
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hlstack  # noqa: E402
from hlstack import PASSWORD, SITE, SITE_NAME, wait_for  # noqa: E402

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SHOTS = os.path.abspath(os.path.join(BUILD, "screenshots"))
HEAD = "lanhdao"
ADMIN = "quantri"
HOOK_SECRET = "S3CR3T-bridge-token"
OFFSET = 7 * 3600
REFRESH = 5
# Answers per counter this month: many, many, under 30, under 5, none (q05, q06 are in the roster).
PER_COUNTER = {"q01": 60, "q02": 40, "q03": 12, "q04": 3}
ROOT = hlstack.ROOT

T = hlstack.Runner("py_board")
S = None
B = None
state = {}


def officer_names():
    names = []
    with open(os.path.join(ROOT, "assets/roster/officers.csv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            parts = line.split(",")
            if len(parts) > 2 and parts[0] == SITE:
                names.append(parts[2])
    return names


def publish(now):
    """This month's ratings (within the last hour, never before the local month began)."""
    local = now + OFFSET
    y, m = time.gmtime(local).tm_year, time.gmtime(local).tm_mon
    month_start = calendar.timegm((y, m, 1, 0, 0, 0, 0, 0, 0)) - OFFSET
    start = max(month_start, now - 3600)
    total = 0
    for counter, n in PER_COUNTER.items():
        lines = []
        for k in range(n):
            ts = start + (now - 30 - start) * k // max(n, 1)
            sat = k % 10 != 0  # 90 % satisfied
            body = {"v": 1, "id": str(uuid.uuid4()), "site": SITE, "counter": counter, "officer": "cb001",
                    "procedure": "1.001234", "scale": 5,
                    "answers": {"officer": 5 if sat else 2, "procedure": 4}, "ts": ts, "clock_ok": True}
            if not sat:
                body["reasons"] = ["CHO_LAU"]
            lines.append(json.dumps(body, separators=(",", ":"), ensure_ascii=False))
        hlstack.run(["/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", str(S.bport), "-q", "1", "-l",
                     "-t", f"hailong/v1/{SITE}/{counter}/rating"], input="\n".join(lines) + "\n", timeout=60)
        total += n
    return total, m, y


def stored():
    _, out, _ = S.agg("report", "sites", "--db", S.db, "--format", "json")
    t = json.loads(out)["total"]["ratings"]
    return t if isinstance(t, int) else 0


def setup():
    global S, B
    os.makedirs(SHOTS, exist_ok=True)
    for old in glob.glob(os.path.join(SHOTS, "board-*")) + glob.glob(os.path.join(SHOTS, "thong-bao-*")) + \
            glob.glob(os.path.join(SHOTS, "thu-webhook-*")):
        os.remove(old)
    S = hlstack.Stack(BUILD)
    S.start_broker()
    S.start_aggregator()
    r = os.path.join(ROOT, "assets/roster")
    S.agg("roster", "import", "--db", S.db, "--broker", S.broker_url, "--sites", os.path.join(r, "sites.csv"),
          os.path.join(r, "officers.csv"), os.path.join(r, "procedures.csv"), os.path.join(r, "counters.csv"))
    S.add_user(HEAD, "lanh-dao", site=SITE)
    S.add_user(ADMIN, "quan-tri")
    now = int(time.time())
    n, m, y = publish(now)
    wait_for(lambda: stored() == n, 60, f"the aggregator storing {n} ratings")
    state["month"] = f"Tháng {m:02d}/{y}"
    conf = S.path("web.conf")
    with open(conf, "w") as f:
        f.write(f"# board.py\nboard_refresh_seconds = {REFRESH}\n")
    S.start_web(["-c", conf])
    B = hlstack.Browser(S.path("downloads"))
    B.driver.set_window_size(1000, 800)
    state["delta"] = 800 - B.driver.execute_script("return window.innerHeight")


def teardown():
    try:
        if B:
            B.close()
    finally:
        if S:
            S.close()


# ---- helpers --------------------------------------------------------------------------------------

def drv():
    return B.driver


def js(script, *args):
    return drv().execute_script(script, *args)


def css(sel):
    from selenium.webdriver.common.by import By
    return drv().find_element(By.CSS_SELECTOR, sel)


def go(path):
    drv().get(S.base + path)
    wait_for(lambda: js("return document.readyState") == "complete", 20, f"{path} loading")


def viewport(w, h):
    """The window such that the page's viewport is w × h."""
    drv().set_window_size(w, h + state["delta"])
    time.sleep(0.1)


def submit(button):
    old = css("html")
    button.click()

    def gone():
        try:
            old.tag_name
            return False
        except Exception:  # noqa: BLE001 - stale: the next page is there
            return js("return document.readyState") == "complete"
    wait_for(gone, 20, "the next page after the form")


def login(name):
    drv().delete_all_cookies()
    go("/dang-nhap")
    css("#name").send_keys(name)
    css("#password").send_keys(PASSWORD)
    submit(css("#login"))
    assert not js("return location.pathname").startswith("/dang-nhap"), f"login as {name} failed"


WIDE_JS = """
var out = [], iw = window.innerWidth, sw = document.documentElement.scrollWidth;
if (sw > iw + 1) out.push('the page is ' + sw + ' px wide in a ' + iw + ' px window');
document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width && (r.right > iw + 1 || r.left < -1) && out.length < 8)
        out.push(e.tagName.toLowerCase() + '.' + (typeof e.className === 'string' ? e.className : '') +
                 ' spans ' + r.left.toFixed(0) + '..' + r.right.toFixed(0));
});
// A figure inside its card, a card's text inside the card.
document.querySelectorAll('li.counter .fig, li.counter h3').forEach(function (e) {
    var c = e.closest('li.counter').getBoundingClientRect(), r = e.getBoundingClientRect();
    if ((r.right > c.right + 1 || r.left < c.left - 1) && out.length < 12)
        out.push('"' + e.textContent.slice(0, 30) + '" leaves its card');
});
return out;
"""


def fail_if(problems):
    if problems:
        raise AssertionError("\n  ".join(problems))


def shoot(name, w, h, full=True):
    viewport(w, h)
    bad = [f"{name} at {w} px: {b}" for b in js(WIDE_JS)]
    if full:
        ph = js("return document.documentElement.scrollHeight")
        viewport(w, max(h, min(ph, 12000)))
    drv().save_screenshot(os.path.join(SHOTS, f"{name}.png"))
    viewport(w, h)
    return bad


# ---- the cases ------------------------------------------------------------------------------------

@T.case
def board_off_is_404():
    st, hdr, body = hlstack.http("GET", S.base + f"/cong-khai/{SITE}")
    text = body.decode("utf-8", "replace")
    assert st == 404, f"an off board answers 404, not {st}"
    assert "chưa được bật" in text, text[:400]
    st, _, _ = hlstack.http("GET", S.base + "/cong-khai/khong-co-don-vi")
    assert st == 404, f"an unknown site answers 404, not {st}"
    assert "set-cookie" not in hdr, hdr


@T.case
def head_turns_board_on():
    login(HEAD)
    viewport(1366, 900)
    go(f"/danh-muc?site={SITE}")
    assert "Đang tắt" in css("#board-state").text
    submit(css("#board-form button"))
    assert "Đang bật" in css("#board-state").text, css("#board-switch").text
    assert "Đã bật" in css("#board-done").text
    href = css("#board-link").get_attribute("href")
    assert href == S.base + f"/cong-khai/{SITE}", href
    css("#board-switch").screenshot(os.path.join(SHOTS, "board-switch-1366.png"))
    viewport(390, 844)  # the long link wraps on a phone
    wide = js("return document.documentElement.scrollWidth")
    assert wide <= 391, f"Danh mục with the board's link is {wide} px wide at 390 px"
    state["href"] = href


@T.case
def board_without_login():
    T.need("head_turns_board_on")
    st, hdr, body = hlstack.http("GET", state["href"])
    text = body.decode("utf-8")
    assert st == 200, st
    assert "set-cookie" not in hdr, f"the public board sets no cookie: {hdr.get('set-cookie')}"
    assert f'content="{REFRESH}"' in text and 'http-equiv="refresh"' in text
    drv().delete_all_cookies()
    viewport(1920, 1080)
    drv().get(state["href"])
    wait_for(lambda: js("return document.readyState") == "complete", 20, "the board loading")
    page = js("return document.body.innerText")
    problems = []
    for want in (SITE_NAME, state["month"], "Cập nhật lúc", "Toàn đơn vị"):
        if want not in page:
            problems.append(f"the board does not say {want!r}")
    for name in officer_names():
        if name in page:
            problems.append(f"the board names officer {name!r}")
    cards = js("""return Array.from(document.querySelectorAll('li.counter')).map(function (li) {
        return [li.getAttribute('data-code'), li.querySelector('h3').textContent,
                Array.from(li.querySelectorAll('.fig')).map(function (f) { return f.className; }),
                li.innerText]; })""")
    by = {c[0]: c for c in cards}
    if sorted(by) != ["q01", "q02", "q03", "q04", "q05", "q06"]:
        problems.append(f"the counters shown are {sorted(by)}")
    else:
        if by["q01"][1] != "Quầy 1 – Thương mại":
            problems.append(f"q01 is called {by['q01'][1]!r}")
        if any("few" in c or "none" in c for c in by["q01"][2] + by["q02"][2]):
            problems.append(f"q01/q02 (60, 40 answers) are marked: {by['q01'][2]} {by['q02'][2]}")
        if not all("few" in c for c in by["q03"][2]) or "ít lượt" not in by["q03"][3] or "n = 12" not in by["q03"][3]:
            problems.append(f"q03 (12 answers) is not marked 'ít lượt': {by['q03'][2]} {by['q03'][3]!r}")
        for k in ("q04", "q05"):
            if not all("none" in c for c in by[k][2]) or "chưa đủ 5 lượt đánh giá" not in by[k][3] or "%" in by[k][3]:
                problems.append(f"{k} (under 5 answers) shows a figure: {by[k][3]!r}")
        if "90,0" not in by["q01"][3]:
            problems.append(f"q01's index is not 90,0 %: {by['q01'][3]!r}")
    # The few figure is drawn differently from the others, not by colour alone: a dashed frame.
    dash = js("var f = document.querySelector('li.counter .fig.few'); return f && getComputedStyle(f).borderTopStyle")
    if dash != "dashed":
        problems.append(f"a figure under 30 answers has no dashed frame: {dash}")
    fail_if(problems)


@T.case
def board_screens():
    T.need("board_without_login")
    drv().get(state["href"])
    wait_for(lambda: js("return document.readyState") == "complete", 20, "the board loading")
    problems = []
    viewport(1920, 1080)
    size = js("return parseFloat(getComputedStyle(document.querySelector('#board-site .pct')).fontSize)")
    counter = js("return parseFloat(getComputedStyle(document.querySelector('li.counter .pct')).fontSize)")
    small = js("""var m = 99; document.querySelectorAll('body *').forEach(function (e) {
        if (e.children.length === 0 && e.textContent.trim() && e.getBoundingClientRect().width)
            m = Math.min(m, parseFloat(getComputedStyle(e).fontSize)); }); return m;""")
    print(f"  at 1920 × 1080: the site's figure {size:.0f} px, a counter's {counter:.0f} px, the smallest text {small:.0f} px")
    if size < 64:
        problems.append(f"the site's figure is {size} px at 1920, under 64")
    if counter < 48:
        problems.append(f"a counter's figure is {counter} px at 1920, under 48")
    if small < 18:
        problems.append(f"some text is {small} px at 1920, under 18")
    h = js("return document.documentElement.scrollHeight")
    if h > 1080 + 1:
        problems.append(f"at 1920 × 1080 the board is {h} px high: a TV cannot scroll")
    problems += shoot("board-1920", 1920, 1080, full=False)
    problems += shoot("board-1366", 1366, 768)
    problems += shoot("board-390", 390, 844)
    fail_if(problems)


@T.case
def board_reloads_itself():
    T.need("board_without_login")
    viewport(1366, 768)
    drv().get(state["href"])
    wait_for(lambda: js("return document.readyState") == "complete", 20, "the board loading")
    js("window.__hlBoard = 'old';")
    t0 = time.monotonic()
    wait_for(lambda: js("return window.__hlBoard === undefined && document.readyState === 'complete'"),
             REFRESH * 3, "the board reloading itself")
    print(f"  reloaded after {time.monotonic() - t0:.1f} s (board_refresh_seconds = {REFRESH})")
    assert "Cập nhật lúc" in js("return document.body.innerText")


@T.case
def board_printed():
    T.need("board_without_login")
    viewport(1366, 768)
    drv().get(state["href"])
    wait_for(lambda: js("return document.readyState") == "complete", 20, "the board loading")
    pdf = os.path.join(SHOTS, "board-print.pdf")
    B.pdf(pdf)
    hlstack.run(["/usr/bin/pdftoppm", "-png", "-r", "70", pdf, os.path.join(SHOTS, "board-print")], timeout=30)
    _, xml, _ = hlstack.run(["/usr/bin/pdftotext", "-bbox", pdf, "-"], timeout=30)
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    problems = []
    if not pages or len(pages) > 2:
        problems.append(f"the board prints on {len(pages)} pages")
    for i, (w, h, words) in enumerate(pages):
        if abs(float(w) - 595) > 2 or abs(float(h) - 842) > 2:
            problems.append(f"page {i + 1} is {w} × {h} pt, not A4")
        cut = [m.group(3) for m in re.finditer(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"[^>]*>([^<]*)<',
                                               words) if float(m.group(1)) < 0 or float(m.group(2)) > float(w) + .5]
        if cut:
            problems.append(f"page {i + 1}: words past the edge: {cut[:8]}")
    if "Thương" not in xml:
        problems.append("the printed board lacks the counters' names")
    fail_if(problems)


@T.case
def prefs_page():
    login(HEAD)
    go("/tai-khoan")
    problems = shoot("thong-bao-390", 390, 844)
    problems += shoot("thong-bao-1366", 1366, 768)
    # A bad address: the form again with the message and what was typed.
    viewport(390, 844)
    email = css("#pref-email")
    email.clear()
    email.send_keys("lanh dao@sct")
    css('input[name="alerts"][value="nghiem-trong"]').click()
    css('input[name="reports"][value="tuan"]').click()
    # The browser's own check of type=email would stop the form: the server's is the one tested.
    js("document.querySelector('#prefs-form').noValidate = true;")
    submit(css("#prefs-form button"))
    err = css("#prefs-error").text
    assert "email" in err and "không phải địa chỉ e-mail" in err, err
    assert css("#pref-email").get_attribute("value") == "lanh dao@sct"
    assert css('input[name="alerts"][value="nghiem-trong"]').is_selected()
    problems += shoot("thong-bao-loi-390", 390, 844)
    email = css("#pref-email")
    email.clear()
    email.send_keys("lanhdao@sct.bentre.gov.vn")
    submit(css("#prefs-form button"))
    assert "Đã lưu" in css("#prefs-saved").text
    assert css('input[name="reports"][value="tuan"]').is_selected()
    fail_if(problems)


# ---- Thư và webhook -------------------------------------------------------------------------------

def queue_deliveries(now):
    """The queue as hailong-notify leaves it: a sent alert, a webhook waiting after a 500, a weekly
    report expired after failures, a SIPAS export refused for good, another site's, and a waiting one."""
    import sqlite3
    day = 86400
    rows = [  # topic, recipient, channel, address, site, subject, created, attempts, status, done, error, log
        ("flag:17", f"user:{HEAD}", 0, "lanhdao@sct.bentre.gov.vn", SITE,
         "[Hài Lòng] Cảnh báo: phản ánh nghiêm trọng tại Quầy 1", now - 3 * day, 1, 1, now - 3 * day + 4, "",
         [(now - 3 * day + 4, 1, 1, "smtp 250 2.0.0 Ok: queued")]),
        ("flag:17", "hook:zalo-ban-giam-doc", 1, f"https://hooks.example.vn/bot77:{HOOK_SECRET}/send?key={HOOK_SECRET}",
         SITE, "", now - 3 * day, 3, 0, 0, "http: the receiver answered 502",
         [(now - 3 * day + 5, 1, 0, "http: the receiver answered 502"),
          (now - 3 * day + 65, 2, 0, "http: Failed to connect to hooks.example.vn port 443: Couldn't connect to server"),
          (now - 2 * day, 3, 0, "http: the receiver answered 502")]),
        ("report:weekly:2026-W48:" + SITE, f"user:{HEAD}", 0, "lanhdao@sct.bentre.gov.vn", SITE,
         "[Hài Lòng] Báo cáo tuần 48/2026 — Sở Công Thương", now - 8 * day, 2, 2, now - 6 * day,
         "smtp: Timeout was reached",
         [(now - 8 * day + 10, 1, 0, "smtp: Timeout was reached"), (now - 7 * day, 2, 0, "smtp: Timeout was reached"),
          (now - 6 * day, 2, 0, "expired after 2 attempts")]),
        ("sipas:2026-11", "user:tinh", 0, "tinh@bentre.gov.vn", "", "[Hài Lòng] Bản xuất SIPAS tháng 11/2026",
         now - 2 * day, 1, 3, now - 2 * day + 3, "smtp: Login denied; server said: 535 5.7.8 Authentication failed",
         [(now - 2 * day + 3, 1, 0, "smtp: Login denied; server said: 535 5.7.8 Authentication failed")]),
        ("flag:21", "user:lanhdao-khac", 0, "ld@sxd.bentre.gov.vn", "sxd-bentre", "[Hài Lòng] Cảnh báo của đơn vị khác",
         now - day, 1, 1, now - day + 2, "", [(now - day + 2, 1, 1, "smtp 250")]),
        ("flag:22", f"user:{HEAD}", 0, "lanhdao@sct.bentre.gov.vn", SITE, "[Hài Lòng] Cảnh báo: đánh giá dồn dập",
         now - 300, 0, 0, 0, "", []),
    ]
    db = sqlite3.connect(S.db, timeout=30)
    with db:
        for (topic, rcpt, ch, addr, site, subj, created, att, st, done, err, log) in rows:
            cur = db.execute("INSERT INTO delivery(topic, recipient, channel, address, site, subject, body, created,"
                             " next_at, expires, attempts, status, done_at, last_error) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             (topic, rcpt, ch, addr, site, subj, "{}", created, now + 600, created + 4 * day, att, st,
                              done, err))
            for (t, n, ok, detail) in log:
                db.execute("INSERT INTO delivery_log(delivery, at, attempt, ok, detail) VALUES(?,?,?,?,?)",
                           (cur.lastrowid, t, n, ok, detail))
    db.close()


@T.case
def deliveries_admin():
    queue_deliveries(int(time.time()))
    login(ADMIN)
    viewport(1366, 768)
    go("/quan-tri")
    submit(css("#deliveries-link"))
    assert js("return location.pathname") == "/thu-webhook"
    page = js("return document.body.innerText")
    problems = []
    for want in ("Cảnh báo #17", "Báo cáo tuần 48/2026", "SIPAS tháng 11/2026", "zalo-ban-giam-doc",
                 "lanhdao@sct.bentre.gov.vn", "Nơi nhận webhook trả lời mã 502", "Máy chủ thư từ chối đăng nhập",
                 "+07", "Tất cả (6)", "Đang chờ (2)"):
        if want not in page:
            problems.append(f"the list does not say {want!r}")
    if HOOK_SECRET in drv().page_source:
        problems.append("the webhook's secret is in the page")
    problems += shoot("thu-webhook-1366", 1366, 768)
    problems += shoot("thu-webhook-390", 390, 844)
    problems += shoot("thu-webhook-390-dau", 390, 844, full=False)  # the first screen, as a phone shows it
    # One block per delivery on a phone: the head row is hidden, each cell says its column.
    if js("return getComputedStyle(document.querySelector('#deliveries thead')).display") != "none":
        problems.append("at 390 px the list is still a wide table")
    css("#delivery-status a[href*='dang-cho']").click()
    wait_for(lambda: "status=dang-cho" in js("return location.search"), 20, "the waiting filter")
    n = js("return document.querySelectorAll('#deliveries tbody tr[data-delivery]').length")
    if n != 2:
        problems.append(f"Đang chờ lists {n} deliveries, not 2")
    drv().find_element("css selector", "#deliveries tbody tr:last-child a[href^='/thu-webhook/']").click()
    wait_for(lambda: js("return !!document.querySelector('#attempts')"), 20, "a delivery's attempts")
    problems += shoot("thu-webhook-chi-tiet-390", 390, 844)
    fail_if(problems)


@T.case
def deliveries_head():
    T.need("deliveries_admin")
    login(HEAD)
    viewport(1366, 768)
    go("/tai-khoan")
    submit(css("#deliveries-link a"))
    page = js("return document.body.innerText")
    problems = []
    if "Cảnh báo #17" not in page or "Báo cáo tuần 48/2026" not in page:
        problems.append("the head does not see their site's deliveries")
    for never in ("SIPAS", "Cảnh báo #21", "hooks.example.vn", HOOK_SECRET):
        if never in drv().page_source:
            problems.append(f"the head's list shows {never!r}")
    problems += shoot("thu-webhook-lanh-dao-390", 390, 844)
    viewport(1366, 768)
    pdf = os.path.join(SHOTS, "thu-webhook-print.pdf")
    B.pdf(pdf)
    _, xml, _ = hlstack.run(["/usr/bin/pdftotext", "-bbox", pdf, "-"], timeout=30)
    for i, (w, h, words) in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)):
        if abs(float(w) - 595) > 2:
            problems.append(f"printed page {i + 1} is {w} pt wide, not A4")
        cut = [m.group(3) for m in re.finditer(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"[^>]*>([^<]*)<',
                                               words) if float(m.group(1)) < 0 or float(m.group(2)) > float(w) + .5]
        if cut:
            problems.append(f"printed page {i + 1}: words past the edge: {cut[:8]}")
    if "Cảnh" not in xml:
        problems.append("the printed list lacks the deliveries")
    fail_if(problems)


if __name__ == "__main__":
    sys.exit(T.run(setup, teardown))
