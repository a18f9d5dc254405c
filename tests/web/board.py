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

Screenshots in BUILD/screenshots: board-*.png, thong-bao-*.png. Output in cmocka's format, for
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
    for old in glob.glob(os.path.join(SHOTS, "board-*")) + glob.glob(os.path.join(SHOTS, "thong-bao-*")):
        os.remove(old)
    S = hlstack.Stack(BUILD)
    S.start_broker()
    S.start_aggregator()
    r = os.path.join(ROOT, "assets/roster")
    S.agg("roster", "import", "--db", S.db, "--broker", S.broker_url, "--sites", os.path.join(r, "sites.csv"),
          os.path.join(r, "officers.csv"), os.path.join(r, "procedures.csv"), os.path.join(r, "counters.csv"))
    S.add_user(HEAD, "lanh-dao", site=SITE)
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


if __name__ == "__main__":
    sys.exit(T.run(setup, teardown))
