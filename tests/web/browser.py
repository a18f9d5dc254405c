# SPDX-License-Identifier: MIT
"""browser.py BUILD — the web console in a real browser (Debian's chromium through chromedriver,
headless) against one real stack: mosquitto, hailong-aggregator over a month of hailong-loadgen's
ratings, hailong-web and the real hailong-terminal under SDL's dummy video driver.

  - a head logs in through the form;
  - with Cảnh báo open, a rating with a serious reason is published; its flag's row appears in
    #flags without a reload, then the head acknowledges and resolves it with notes through the
    page's forms, and `hailong-aggregator flags list` names the head as who did;
  - an officer starts a shift at q05 on Quầy and presses “Mời đánh giá”; the terminal receives the
    session (its log, the broker's retained message) and its next screenshot shows it;
  - the CSV of Xuất dữ liệu is the very bytes of `hailong-aggregator report officers … --format csv`;
  - every page at 390 px and 1366 px wide and printed on A4 (PDF, and a PNG of each printed page)
    in $WEB_SHOTS (default BUILD/screenshots/web), with what a person would check asserted: no
    sideways scrolling on a phone, an h1, the Vietnamese title, no 'undefined', 'NaN' or '(null)',
    nothing cut off in print (no word past the page's edge, no box clipping its content).

Output in cmocka's format, for scripts/run-tests.sh. Run: /usr/bin/python3 tests/web/browser.py build"""

import glob
import json
import os
import re
import shutil
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hlstack  # noqa: E402
from hlstack import PASSWORD, SITE, wait_for  # noqa: E402

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SHOTS = os.path.abspath(os.environ.get("WEB_SHOTS") or os.path.join(BUILD, "screenshots", "web"))
HEAD, OFFICER, ADMIN = "lanhdao", "cb002", "quantri"
OFFICER_CODE, COUNTER, PROCEDURE = "cb002", "q05", "1.001234"
OFFICER_NAME, PROCEDURE_NAME = "Nguyễn Thị Ấu", "Đăng ký thực hiện khuyến mại"
FILL_RATINGS = 1600

T = hlstack.Runner("py_browser")
S = None   # the stack
B = None   # the browser
state = {}


def setup():
    global S, B
    os.makedirs(SHOTS, exist_ok=True)
    for old in glob.glob(os.path.join(SHOTS, "*")):
        if os.path.isfile(old):
            os.remove(old)
    S = hlstack.Stack(BUILD)
    S.start_broker()
    S.start_aggregator()
    S.roster_import()
    S.add_user(HEAD, "lanh-dao", site=SITE)
    S.add_user(OFFICER, "can-bo", site=SITE, officer=OFFICER_CODE)
    S.add_user(ADMIN, "quan-tri")
    t0 = time.monotonic()
    # A month of ratings, and a day's more, so this month's tables are full also on its first days.
    print(f"fill: {S.loadgen(FILL_RATINGS, days=30, terminals=4)}", flush=True)
    print(f"fill: {S.loadgen(FILL_RATINGS // 3, days=1, terminals=4)} ({time.monotonic() - t0:.1f} s)", flush=True)
    S.start_web()
    # The real terminal at q05: a screenshot every second, for as long as the run may need.
    state["tshots"] = S.path("terminal-shots")
    os.makedirs(state["tshots"])
    script = []
    for i in range(90):
        script += ["wait 1000", f"shot {state['tshots']}/t{i:03d}.png"]
    script.append("quit")
    S.start_terminal(script, counter=COUNTER)
    B = hlstack.Browser(S.path("downloads"))


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


def by_css(css, root=None):
    from selenium.webdriver.common.by import By
    return (root or drv()).find_element(By.CSS_SELECTOR, css)


def all_css(css, root=None):
    from selenium.webdriver.common.by import By
    return (root or drv()).find_elements(By.CSS_SELECTOR, css)


def path_now():
    return js("return location.pathname + location.search")


def go(path):
    drv().get(S.base + path)
    wait_for(lambda: js("return document.readyState") == "complete", 20, f"{path} loading")


def submit(button):
    """Clicks a submit button and waits for the next page (the old one's html element goes stale)."""
    old = by_css("html")
    button.click()

    def gone():
        try:
            old.tag_name
            return False
        except Exception:  # noqa: BLE001 - StaleElementReference: the next page is there
            return js("return document.readyState") == "complete"
    wait_for(gone, 20, "the next page after the form")


def login(name, here=False):
    """Logs in through the form: of the page shown (here), else of a fresh /dang-nhap."""
    if not here:
        drv().delete_all_cookies()
        go("/dang-nhap")
    by_css("#name").send_keys(name)
    by_css("#password").send_keys(PASSWORD)
    submit(by_css("#login"))
    if path_now().startswith("/dang-nhap"):
        err = all_css("#login-error")
        raise AssertionError(f"login as {name} failed: {err[0].text if err else path_now()}")


def body_text():
    return js("return document.body.innerText")


# ---- the cases ------------------------------------------------------------------------------------

@T.case
def login_head_form():
    go("/canh-bao")
    assert path_now().startswith("/dang-nhap"), f"a visitor is sent to the login page, not {path_now()}"
    assert "Đăng nhập" in drv().title, drv().title
    login(HEAD, here=True)
    assert path_now().startswith("/canh-bao"), f"after login the asked page, not {path_now()}"
    user = by_css("header .user").text
    assert HEAD in user and "Lãnh đạo" in user, f"the header names the head: {user!r}"


@T.case
def live_flag_without_reload():
    T.need("login_head_form")
    go("/canh-bao")
    # The page's script has opened the stream: its first refresh (partial=1) was fetched.
    wait_for(lambda: js("return performance.getEntriesByType('resource')"
                        ".some(function (e) { return e.name.indexOf('partial=1') >= 0; })"),
             10, "the page's live script connecting (its first partial=1 fetch)")
    before = set(js("return Array.from(document.querySelectorAll('#flags [data-flag-id]'))"
                    ".map(function (r) { return r.getAttribute('data-flag-id'); })"))
    js("window.__hlNoReload = 'still-here';")
    t0 = time.monotonic()
    state["rating_id"] = S.serious_rating("q07", OFFICER_CODE, PROCEDURE)

    def new_row():
        rows = js("return Array.from(document.querySelectorAll('#flags [data-flag-id]')).map(function (r) {"
                  " return [r.getAttribute('data-flag-id'), r.innerText, r.hasAttribute('data-new'),"
                  " !!r.querySelector('.badge.serious')]; })")
        return [r for r in rows if r[0] not in before and OFFICER_CODE in r[1]]
    rows = wait_for(new_row, 15, "the serious flag's row appearing in #flags")
    print(f"flag row {rows[0][0]} appeared {time.monotonic() - t0:.2f} s after the rating was published")
    assert js("return window.__hlNoReload") == "still-here", "the page was reloaded"
    assert len(js("return performance.getEntriesByType('navigation')")) == 1
    fid, text, marked, serious = rows[0]
    assert serious, f"the new row carries the serious badge: {text!r}"
    assert marked, "the new row is marked new (data-new) for the eye"
    live = by_css("#live").text
    assert live.strip(), "the aria-live region says a new flag came"
    state["flag_id"] = fid


def flag_row(fid):
    rows = all_css(f'#flags tr[data-flag-id="{fid}"]')
    assert rows, f"flag {fid} is not listed on {path_now()}"
    return rows[0]


def flag_step(fid, form_css, note):
    """Opens the row's Xử lý, writes the note in the form and sends it. The live list may be put
    anew under the cursor until a note is being written (console.js then waits): try again then."""
    from selenium.common.exceptions import StaleElementReferenceException
    for attempt in range(3):
        try:
            row = flag_row(fid)
            details = by_css("details.flag-act", row)
            if not details.get_attribute("open"):
                by_css("summary", details).click()
            form = by_css(form_css, row)
            by_css("textarea[name=note]", form).send_keys(note)
            submit(by_css("button[type=submit]", form))
            return
        except StaleElementReferenceException:
            if attempt == 2:
                raise
            time.sleep(0.3)


@T.case
def ack_and_resolve_through_forms():
    T.need("live_flag_without_reload")
    fid = state["flag_id"]
    ack_note, res_note = "Đã gọi cán bộ lên làm việc", "Đã xin lỗi công dân, nhắc nhở cán bộ"
    flag_step(fid, "form.flag-ack", ack_note)
    assert "done=ack" in path_now(), f"after acknowledging: {path_now()}"
    assert f"{fid}" in by_css(".flash").text
    row = flag_row(fid)
    assert row.get_attribute("data-state") == "acknowledged", row.get_attribute("data-state")
    assert HEAD in row.text and ack_note in row.text, row.text
    flag_step(fid, "form.flag-resolve", res_note)
    assert "done=resolve" in path_now(), f"after resolving: {path_now()}"

    _, out, _ = S.agg("flags", "list", "--state", "resolved", "--format", "json", "--db", S.db)
    mine = [f for f in json.loads(out) if str(f["id"]) == fid]
    assert mine, f"flags list --state resolved lacks flag {fid}: {out[:400]}"
    f = mine[0]
    assert f["kind"] == "serious" and f["subject"] == OFFICER_CODE, f
    assert f["acknowledged"]["by"] == HEAD and f["acknowledged"]["note"] == ack_note, f["acknowledged"]
    assert f["resolved"]["by"] == HEAD and f["resolved"]["note"] == res_note, f["resolved"]
    _, table, _ = S.agg("flags", "list", "--state", "resolved", "--db", S.db)
    line = [x.strip() for x in table.splitlines() if re.match(rf"\s*{fid}\s", x)]
    assert line and "Đã xử lý xong" in line[0], f"flags list --state resolved lists flag {fid}: {table[:600]}"
    _, shown, _ = S.agg("flags", "show", fid, "--lang", "en", "--db", S.db)
    for step in ("acknowledged", "resolved"):
        said = [x for x in shown.splitlines() if x.strip().startswith(step + ":")]
        assert said and said[0].rstrip().endswith(f"by {HEAD}"), f"flags show {fid} says who {step}: {shown}"
    # By day, never the minute: no time of day anywhere in what the head reads.
    assert not re.search(r"\d\d:\d\d", table + shown), f"flags list/show say a time: {table}{shown}"
    print(f"flags list --state resolved: {line[0]}")


def terminal_shots():
    return sorted(glob.glob(os.path.join(state["tshots"], "t*.png")))


@T.case
def officer_invites_terminal_shows():
    T.need("login_head_form")
    wait_for(lambda: hlstack.count_lines(S.term_log, "connected to the broker"), 10, "the terminal connecting")
    login(OFFICER)
    go("/quay")
    assert "Quầy" in drv().title, drv().title
    form = by_css("#shift-start")
    field = by_css("input[name=counter]", form)
    field.clear()
    field.send_keys(COUNTER)
    submit(by_css("button[type=submit]", form))
    shift = by_css("#shift")
    assert shift.get_attribute("data-counter") == COUNTER, shift.text
    form = by_css("#invite-form")
    by_css("input[name=procedure]", form).send_keys(PROCEDURE)
    shots_before = len(terminal_shots())
    t_click = time.time()
    submit(by_css("#invite-button"))
    card = by_css("#txn-open")
    assert PROCEDURE in card.text and PROCEDURE_NAME in card.text and OFFICER_NAME in card.text, card.text
    want = f"session: officer '{OFFICER_CODE}', procedure '{PROCEDURE}'"
    wait_for(lambda: want in hlstack.file_text(S.term_log), 10, f"the terminal logging “{want}”")
    retained = S.mqtt_retained(f"hailong/v1/{SITE}/{COUNTER}/session")
    assert retained, "no retained session on the broker"
    sess = json.loads(retained)
    assert sess["officer"] == OFFICER_CODE and sess["procedure"] == PROCEDURE, sess
    # The terminal's next screenshots (taken every second) after it received the session.
    t_got = time.time()
    shots = wait_for(lambda: [p for p in terminal_shots()[shots_before:] if os.path.getmtime(p) > t_got + 0.3],
                     10, "a terminal screenshot after the session arrived")
    before = [p for p in terminal_shots()[:shots_before] if os.path.getmtime(p) < t_click]
    os.makedirs(SHOTS, exist_ok=True)
    shutil.copy(shots[0], os.path.join(SHOTS, "terminal-after-invite.png"))
    if before:
        shutil.copy(before[-1], os.path.join(SHOTS, "terminal-before-invite.png"))
        with open(before[-1], "rb") as a, open(shots[0], "rb") as b:
            assert a.read() != b.read(), "the terminal's screen did not change after the session arrived"
    print(f"terminal screenshot after the session: {os.path.join(SHOTS, 'terminal-after-invite.png')}")


@T.case
def csv_download_is_the_cli_bytes():
    T.need("login_head_form")
    login(HEAD)
    go("/xuat-du-lieu")
    form = by_css("#export-form")
    from selenium.webdriver.support.ui import Select
    Select(by_css("select[name=dim]", form)).select_by_value("officers")
    Select(by_css("select[name=kind]", form)).select_by_value("month")
    month = by_css("input[name=month]", form).get_attribute("value")
    assert re.fullmatch(r"\d{4}-\d{2}", month), f"the month field holds this month: {month!r}"
    site_el = all_css("select[name=site], input[name=site]", form)
    if site_el and site_el[0].tag_name == "select":
        Select(site_el[0]).select_by_value(SITE)
    site = site_el[0].get_attribute("value") if site_el else ""
    assert site == SITE, f"the form's site is {site!r}"
    for f in glob.glob(os.path.join(B.downloads, "*")):
        os.remove(f)
    csv_button = [b for b in all_css("button", form) if (b.get_attribute("formaction") or "").endswith("report.csv")]
    assert csv_button, "no CSV button on Xuất dữ liệu"
    csv_button[0].click()

    def done():
        files = [f for f in glob.glob(os.path.join(B.downloads, "*")) if not f.endswith(".crdownload")]
        return files if files and not glob.glob(os.path.join(B.downloads, "*.crdownload")) else None
    files = wait_for(done, 15, "the CSV download")
    got = open(files[0], "rb").read()
    _, cli, _ = hlstack.run([S.bin("hailong-aggregator"), "report", "officers", "--db", S.db, "--month", month,
                             "--site", SITE, "--format", "csv"], timeout=30)
    want = cli.encode()
    lines = got.count(b"\n")
    print(f"downloaded {os.path.basename(files[0])}: {len(got)} bytes, {lines} lines")
    assert lines > 2, f"the CSV has rows of officers: {got[:300]!r}"
    assert b"generated" not in got, "the CSV carries no generated line (nothing to ignore)"
    assert got == want, f"the download differs from the CLI's CSV:\n{got[:400]!r}\n---\n{want[:400]!r}"


# ---- screenshots ----------------------------------------------------------------------------------

def chrome_delta():
    d = drv()
    d.set_window_size(1000, 800)
    return 800 - js("return window.innerHeight")


BAD_WORDS = re.compile(r"\bundefined\b|\bNaN\b|\(null\)")
PRINT_WIDTH = 703  # A4 less console.css's 12 mm side margins (@page), in CSS px (96 per inch)


def print_problems(pdf):
    """What a printed page cuts off: words of the PDF past a page's edge, and (with print styles on,
    at A4's printable width) boxes that clip their content. Also says how much Chrome shrank it."""
    d, out = drv(), []
    _, xml, _ = hlstack.run(["/usr/bin/pdftotext", "-bbox", pdf, "-"], timeout=30)
    page_w, cut = None, []
    for m in re.finditer(r'<page width="([\d.]+)"|<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"[^>]*>([^<]*)<',
                         xml):
        if m.group(1):
            page_w = float(m.group(1))
        elif page_w and (float(m.group(2)) < 0 or float(m.group(3)) > page_w + 0.5):
            cut.append(m.group(4))
    if cut:
        out.append(f"words past the page's edge: {' '.join(cut[:12])}")
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": PRINT_WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        wide, clipped = js("""
            var out = [];
            document.querySelectorAll('body *').forEach(function (e) {
                var cs = getComputedStyle(e);
                if (cs.display === 'none' || cs.visibility === 'hidden' || e.clientWidth === 0) return;
                if (e.scrollWidth > e.clientWidth + 1 && cs.overflowX !== 'visible')
                    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                             (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') +
                             ' clips ' + e.scrollWidth + ' px into ' + e.clientWidth);
            });
            return [document.documentElement.scrollWidth, out.slice(0, 8)];""")
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    out += clipped
    if wide > PRINT_WIDTH + 1:
        print(f"  {os.path.basename(pdf)}: {wide} px wide in print, shrunk to {100 * PRINT_WIDTH // wide} % to fit A4")
    return out


def shoot_page(name, path, title, problems=None):
    """Both widths, the PDF and its PNGs of one page; what a person would see wrong, as a list."""
    own = problems is None
    problems = [] if own else problems
    delta = state.get("delta")
    if delta is None:
        delta = state["delta"] = chrome_delta()
    for width in (390, 1366):
        drv().set_window_size(width, 900)
        go(path)
        h = js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        drv().set_window_size(width, min(h, 15000) + delta)
        time.sleep(0.15)
        drv().save_screenshot(os.path.join(SHOTS, f"{name}-{width}.png"))
        if width == 390:
            sw, iw = js("return [document.documentElement.scrollWidth, window.innerWidth]")
            if sw > iw + 1:
                problems.append(f"{name} at 390 px: the page is {sw} px wide (scrolls sideways)")
        if not js("return document.querySelector('h1') && document.querySelector('h1').innerText.trim()"):
            problems.append(f"{name} at {width} px: no h1")
        if width == 1366 and title not in drv().title:
            problems.append(f"{name}: the title {drv().title!r} lacks {title!r}")
        m = BAD_WORDS.findall(body_text())
        if m:
            problems.append(f"{name} at {width} px: the page shows {sorted(set(m))}")
    pdf = os.path.join(SHOTS, f"{name}.pdf")
    B.pdf(pdf)
    hlstack.run(["/usr/bin/pdftoppm", "-png", "-r", "60", pdf, os.path.join(SHOTS, f"{name}-print")], timeout=30)
    over = print_problems(pdf)
    if over:
        problems.append(f"{name} printed: cut off on A4 — {'; '.join(over)}")
    if own and problems:
        raise AssertionError("\n  ".join(problems))
    return problems


# (file name, path, the Vietnamese title's text, who looks at it)
PAGES = [
    ("tong-quan", "/", "Tổng quan", HEAD),
    ("bao-cao-can-bo", "/bao-cao/can-bo", "Báo cáo · Cán bộ", HEAD),
    ("bao-cao-thu-tuc", "/bao-cao/thu-tuc", "Báo cáo · Thủ tục", HEAD),
    ("bao-cao-quay", "/bao-cao/quay", "Báo cáo · Quầy", HEAD),
    ("bao-cao-don-vi", "/bao-cao/don-vi", "Báo cáo · Đơn vị", HEAD),
    ("canh-bao", "/canh-bao?state=all", "Cảnh báo", HEAD),
    ("thiet-bi", "/thiet-bi", "Thiết bị", HEAD),
    ("danh-muc", "/danh-muc", "Danh mục", HEAD),
    ("xuat-du-lieu", "/xuat-du-lieu", "Xuất dữ liệu", HEAD),
    ("xuat-du-lieu-in", "/xuat-du-lieu/in?dim=officers", "Chỉ số hài lòng", HEAD),
    ("loi-404", "/khong-co-trang-nay", "Không tìm thấy", HEAD),
    ("quay", "/quay", "Quầy", OFFICER),
    ("quan-tri", "/quan-tri", "Quản trị", ADMIN),
    ("dang-nhap", "/dang-nhap", "Đăng nhập", None),
]


@T.case
def screenshots_every_page():
    T.need("login_head_form")
    problems, who = [], "?"
    for name, path, title, user in PAGES:
        if user != who:
            if user:
                login(user)
            else:
                drv().delete_all_cookies()
            who = user
        shoot_page(name, path, title, problems)
    print(f"screenshots and printed pages in {SHOTS}")
    if problems:
        raise AssertionError("\n  ".join(problems))


if __name__ == "__main__":
    sys.exit(T.run(setup, teardown))
