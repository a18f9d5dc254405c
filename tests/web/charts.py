# SPDX-License-Identifier: MIT
"""charts.py BUILD — the charts of the HTML report (`hailong-aggregator report … --format html`, the
demo's dashboard.html) and of the console's overview and report pages, in a real browser (Debian's
chromium through chromedriver, headless) over a real stack: mosquitto, hailong-aggregator and
hailong-web, fed five weeks of ratings published as terminals do, with one week of only two ratings
and one procedure rated once.

  - the report over all stored data: the trend's axis starts at the first week with data (not half
    a year back), every point and bar carries its n, the small week and the procedure rated once are
    drawn hollow, bars are coloured against the target, no label is cut;
  - the report over the last two weeks: the previous two weeks drawn beside each bar;
  - each page at 390 px and 1366 px: nothing wider than the window, every chart inside it, every
    text of a chart inside the chart, chart text no smaller than 9 px;
  - each page printed on A4 (Page.printToPDF): A4 pages, no word past a page's edge, no chart split
    over two pages; the pages as PNGs (pdftoppm).

Screenshots in $CHART_SHOTS (default BUILD/screenshots): charts-*.png. Output in cmocka's format,
for scripts/run-tests.sh. Run: /usr/bin/python3 tests/web/charts.py build"""

import glob
import json
import os
import random
import re
import sys
import time
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hlstack  # noqa: E402
from hlstack import PASSWORD, SITE, SITE_NAME, wait_for  # noqa: E402

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SHOTS = os.path.abspath(os.environ.get("CHART_SHOTS") or os.path.join(BUILD, "screenshots"))
HEAD = "lanhdao"
OFFSET = 7 * 3600  # the sites' local time (utc_offset_minutes = 420)
WEEK_N = [150, 2, 130, 140, 110]  # ratings per week, oldest first: the second week is too small to rank
ONCE = "2.001190"  # the procedure rated once, with the roster's longest name
PROCEDURES = ["1.001234", "2.000204", "1.004471", "2.000512"]
# Officers and how often each is satisfied: above and below the 90 % target, and one rated rarely.
OFFICERS = [("cb001", .95), ("cb002", .83), ("cb003", .62), ("cb004", .93), ("cb005", .75)]
RARE = "cb006"

T = hlstack.Runner("py_charts")
S = None
B = None
state = {}


# ---- the data -------------------------------------------------------------------------------------

def local_day(ts):
    return (ts + OFFSET) // 86400


def ratings(now):
    """Five Monday weeks ending with this one, WEEK_N[i] ratings in each, as a terminal sends them."""
    rnd = random.Random(11)
    today = local_day(now)
    monday = today - (today - 4) % 7  # day 0 was a Thursday
    out = []
    for i, n in enumerate(WEEK_N):
        day0 = monday - 7 * (len(WEEK_N) - 1 - i)
        start = day0 * 86400 - OFFSET + 7 * 3600          # 07:00 local on the Monday
        end = min(start + 6 * 86400 + 10 * 3600, now - 60)  # Sunday 17:00, or a minute ago
        for k in range(n):
            officer, p = OFFICERS[k % len(OFFICERS)] if (k + i) % 14 else (RARE, .5)
            out.append(rating(rnd, rnd.randint(start, max(start, end)), officer, p,
                              PROCEDURES[(k + i) % len(PROCEDURES)], q=f"q0{1 + k % 4}"))
    # The procedure rated once, satisfied: a 100 % that rests on one answer.
    out.append(rating(rnd, now - 3600, "cb001", 1.0, ONCE, q="q01", proc_level=5))
    return out


def rating(rnd, ts, officer, p, procedure, q, proc_level=None):
    sat = rnd.random() < p
    level = rnd.choice([4, 5]) if sat else rnd.choice([1, 2, 3])
    plevel = proc_level or (rnd.choice([4, 5]) if rnd.random() < .8 else rnd.choice([2, 3]))
    body = {"v": 1, "id": str(uuid.uuid4()), "site": SITE, "counter": q, "officer": officer, "procedure": procedure,
            "scale": 5, "answers": {"officer": level, "procedure": plevel}, "ts": ts, "clock_ok": True}
    if level <= 2:
        body["reasons"] = [rnd.choice(["CHO_LAU", "TRE_HEN", "HUONG_DAN_KHONG_RO", "THAI_DO"])]
    return body


def publish(items):
    by_counter = {}
    for r in items:
        by_counter.setdefault(r["counter"], []).append(json.dumps(r, separators=(",", ":"), ensure_ascii=False))
    for counter, lines in by_counter.items():
        hlstack.run(["/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", str(S.bport), "-q", "1", "-l",
                     "-t", f"hailong/v1/{SITE}/{counter}/rating"], input="\n".join(lines) + "\n", timeout=60)


def stored():
    _, out, _ = S.agg("report", "sites", "--db", S.db, "--format", "json")
    t = json.loads(out)["total"]["ratings"]
    return t if isinstance(t, int) else 0


def setup():
    global S, B
    os.makedirs(SHOTS, exist_ok=True)
    for old in glob.glob(os.path.join(SHOTS, "charts-*")):
        os.remove(old)
    S = hlstack.Stack(BUILD)
    S.start_broker()
    S.start_aggregator()
    S.roster_import()
    S.add_user(HEAD, "lanh-dao", site=SITE)
    now = int(time.time())
    items = ratings(now)
    publish(items)
    wait_for(lambda: stored() == len(items), 60, f"the aggregator storing {len(items)} ratings")
    state["now"] = now
    today = local_day(now)
    state["monday"] = today - (today - 4) % 7
    S.start_web()
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


def iso(day):
    return time.strftime("%Y-%m-%d", time.gmtime(day * 86400))


def ddmm(day, year=False):
    return time.strftime("%d/%m/%Y" if year else "%d/%m", time.gmtime(day * 86400))


def report(name, *args):
    """hailong-aggregator report … --format html into the stack's folder; its file:// URL."""
    path = S.path(f"{name}.html")
    S.agg("report", *args, "--db", S.db, "--format", "html", "-o", path)
    return "file://" + path


def load(url, width):
    drv().set_window_size(width, 900)
    drv().get(url)
    wait_for(lambda: js("return document.readyState") == "complete", 20, f"{url} loading")


# What is wrong with the page as laid out now: a page wider than the window, a chart outside it, a
# chart's text outside the chart or (a label beside its bar) outside its box, text under 9 px.
LAYOUT_JS = """
var out = [], iw = window.innerWidth, sw = document.documentElement.scrollWidth;
if (sw > iw + 1) {
    var wide = [];
    document.querySelectorAll('body *').forEach(function (e) {
        var r = e.getBoundingClientRect();
        if (r.right > iw + 1 && wide.length < 4)
            wide.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' +
                      e.className.split(' ')[0] : '') + ' to ' + r.right.toFixed(0));
    });
    out.push('the page is ' + sw + ' px wide in a ' + iw + ' px window: ' + wide.join(', '));
}
document.querySelectorAll('svg').forEach(function (s, i) {
    var r = s.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(s).display === 'none') return;
    if (r.left < -0.5 || r.right > iw + 0.5)
        out.push('svg ' + i + ' (' + s.getAttribute('class') + ') spans ' + r.left.toFixed(0) + '..' +
                 r.right.toFixed(0) + ' px');
    var vb = s.viewBox.baseVal;
    if (!vb || !vb.width) return;
    var px = r.width / vb.width;
    s.querySelectorAll('path, rect, circle, line').forEach(function (e) {
        var b = e.getBBox();
        if (b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5)
            out.push(e.tagName + '.' + (e.getAttribute('class') || '') + ' leaves its chart: ' + b.x.toFixed(1) +
                     '..' + (b.x + b.width).toFixed(1) + ' of ' + vb.width);
    });
    s.querySelectorAll('text').forEach(function (t) {
        var b = t.getBBox(), what = '"' + t.textContent.slice(0, 40) + '"';
        if (b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5)
            out.push(what + ' leaves its chart: ' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1) +
                     ' of ' + vb.width);
        if (t.classList.contains('label') && s.classList.contains('wide') && s.closest('.bars')) {
            // The box ends at the anchor; a mark's ink (the hook of a line-final "ở") may pass the
            // glyph's advance by a fraction of a pixel, which nobody sees.
            var right = +t.getAttribute('x');
            if (b.x < right - %(box)d - 0.5 || b.x + b.width > right + 1.0)
                out.push(what + ' is wider than its label box: ' + b.width.toFixed(1));
        }
        var fs = parseFloat(getComputedStyle(t).fontSize) * px;
        if (s.closest('.chart') && fs < 9) out.push(what + ' is ' + fs.toFixed(1) + ' px high');
    });
});
return out.slice(0, 12);
"""


def shoot(name, url, widths=(390, 1366)):
    """The page at each width: a screenshot of all of it (charts-NAME-WIDTH.png), what is wrong."""
    problems = []
    for w in widths:
        load(url, w)
        bad = js(LAYOUT_JS % {"box": 280})
        problems += [f"{name} at {w} px: {b}" for b in bad]
        if w == 390:  # each chart on its own too, at the phone's scale, to look at closely
            for i, el in enumerate(drv().find_elements("css selector", ".chart, svg.chart")):
                js("arguments[0].scrollIntoView()", el)
                el.screenshot(os.path.join(SHOTS, f"charts-{name}-390-chart{i + 1}.png"))
        h = js("return document.documentElement.scrollHeight")
        drv().set_window_size(w, min(h, 15000) + state["delta"])
        time.sleep(0.15)
        drv().save_screenshot(os.path.join(SHOTS, f"charts-{name}-{w}.png"))
    return problems


PRINT_WIDTH = 703  # A4 less 2 × 12 mm margins, in CSS px


def printed(name, url):
    """The page printed on A4 (PDF, PNG per page); its pages' sizes and words (pdftotext -bbox), and
    what print emulation at A4's width says is wrong."""
    load(url, 1366)
    pdf = os.path.join(SHOTS, f"charts-{name}.pdf")
    B.pdf(pdf)
    hlstack.run(["/usr/bin/pdftoppm", "-png", "-r", "70", pdf, os.path.join(SHOTS, f"charts-{name}-print")], timeout=30)
    _, xml, _ = hlstack.run(["/usr/bin/pdftotext", "-bbox", pdf, "-"], timeout=30)
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [(float(w.group(1)), float(w.group(2)), w.group(3))
                 for w in re.finditer(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"[^>]*>([^<]*)<', m.group(3))]
        pages.append({"w": float(m.group(1)), "h": float(m.group(2)), "words": words})
    d = drv()
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": PRINT_WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        bad = js(LAYOUT_JS % {"box": 280})
        # A chart is kept on one page: it asks not to be split, and it fits on one.
        bad += js("""var out = [];
            document.querySelectorAll('.chart').forEach(function (c, i) {
                var cs = getComputedStyle(c), h = c.getBoundingClientRect().height;
                if (cs.breakInside !== 'avoid' && cs.pageBreakInside !== 'avoid') out.push('chart ' + i + ' may be split');
                if (h > 1030) out.push('chart ' + i + ' is ' + h.toFixed(0) + ' px high, more than a page');
            });
            return out;""")
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    return pages, [f"{name} printed: {b}" for b in bad]


def page_problems(name, pages):
    out = []
    if not pages:
        return [f"{name}: the PDF has no pages"]
    for i, p in enumerate(pages):
        if abs(p["w"] - 595) > 2 or abs(p["h"] - 842) > 2:
            out.append(f"{name} page {i + 1} is {p['w']:.0f} × {p['h']:.0f} pt, not A4 (595 × 842)")
        cut = [w[2] for w in p["words"] if w[0] < 0 or w[1] > p["w"] + 0.5]
        if cut:
            out.append(f"{name} page {i + 1}: words past the edge: {' '.join(cut[:10])}")
    return out


def svg_rows(css):
    """The rows of the (wide) bar chart css: each one's classes, n, texts and bar attributes."""
    return js("""return Array.from(document.querySelectorAll(arguments[0] + ' svg.wide g.row')).map(function (g) {
        var bar = g.querySelector('rect.bar');
        return {cls: g.getAttribute('class'), n: g.getAttribute('data-n'),
                label: Array.from(g.querySelectorAll('text.label tspan')).map(function (t) { return t.textContent; }),
                fig: g.querySelector('text.fig').textContent,
                fill: bar && bar.getAttribute('fill'), dash: bar && bar.getAttribute('stroke-dasharray'),
                prev: !!g.querySelector('path.prev')};
    });""", css)


def fail_if(problems):
    if problems:
        raise AssertionError("\n  ".join(problems))


NB = "\u00a0"


# ---- the cases ------------------------------------------------------------------------------------

@T.case
def report_axis_n_small_target():
    """Over all stored data: the trend from the first week with data, n on every point and bar, the
    small week and the procedure rated once hollow, bars coloured against the 90 % target."""
    first = state["monday"] - 7 * (len(WEEK_N) - 1)
    url = report("officers-all", "officers")
    problems = shoot("report-officers-all", url)
    load(url, 1366)
    dates = js("return Array.from(document.querySelectorAll('.trend svg.wide text.date')).map(t => t.textContent)")
    want = [ddmm(first + 7 * i) for i in range(len(WEEK_N))]
    if dates != want:
        problems.append(f"the trend's weeks are {dates}, not the five with data {want}")
    ns = js("return Array.from(document.querySelectorAll('.trend svg.wide text.n')).map(t => t.textContent)")
    want = WEEK_N[:-1] + [WEEK_N[-1] + 1]  # this week also has the procedure rated once
    if [n.split("/")[0] for n in ns] != [f"n={n}" for n in want]:
        problems.append(f"the weeks' n are {ns}, not {want}")
    pts = js("""return Array.from(document.querySelectorAll('.trend svg.wide .pt')).map(p =>
        [p.getAttribute('class'), p.getAttribute('data-n'), p.getAttribute('fill'), p.querySelector('title').textContent])""")
    small = [p for p in pts if "small-n" in p[0]]
    if len(pts) != 2 * len(WEEK_N) or len(small) != 2 or any(p[1] != "2" or p[2] != "#fff" for p in small):
        problems.append(f"the week of two ratings is not the one hollow pair of points: {small} of {len(pts)}")
    if any(f"n = {p[1]}" not in p[3] for p in pts):
        problems.append(f"a point's title lacks its n: {[p[3] for p in pts][:3]}")
    rows = svg_rows(".bars")
    met = [r for r in rows if "met" in r["cls"].split()]
    below = [r for r in rows if "below" in r["cls"].split()]
    if not met or not below:
        problems.append(f"bars meeting and missing the target both expected: {[(r['cls'], r['fig']) for r in rows]}")
    if any(r["fill"] != "#2166ac" for r in met) or any(r["fill"] != "#b35806" or not r["fig"].startswith("▼")
                                                       for r in below):
        problems.append(f"bar colours or ▼ do not follow the target: {[(r['cls'], r['fill'], r['fig']) for r in rows]}")
    if any(f"n{NB}={NB}{r['n']}" not in r["fig"] for r in rows):
        problems.append(f"a bar's figures lack its n: {[r['fig'] for r in rows]}")
    if any(r["prev"] for r in rows):
        problems.append("over all stored data there is no previous period to draw")

    url = report("procedures-all", "procedures")
    problems += shoot("report-procedures-all", url)
    load(url, 1366)
    rows = svg_rows(".bars")
    once = [r for r in rows if r["n"] == "1"]
    if len(once) != 1 or "small-n" not in once[0]["cls"] or not once[0]["dash"] or "(ít)" not in once[0]["fig"]:
        problems.append(f"the procedure rated once is not drawn as too few: {once}")
    name = "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm do " \
           f"Sở Công Thương thực hiện · {SITE_NAME}"
    if once and (len(once[0]["label"]) < 2 or " ".join(once[0]["label"]) != name):
        problems.append(f"its long name is not wrapped whole into lines: {once[0]['label']}")
    # Counters show both questions: the widest table, on a phone and on paper.
    problems += shoot("report-counters-all", report("counters-all", "counters"))
    load(url, 390)
    lines = js("""return Array.from(document.querySelectorAll('.bars svg.narrow g.row[data-n="1"] text.label tspan'))
                  .map(t => t.textContent)""")
    if " ".join(lines) != name or len(lines) < 2:
        problems.append(f"on a phone the long name is not wrapped whole above its bar: {lines}")
    fail_if(problems)


@T.case
def report_previous_period():
    """Over the last two weeks: each bar with the two weeks before beside it, named in the legend."""
    mon = state["monday"]
    url = report("officers-2w", "officers", "--from", iso(mon - 7), "--to", iso(mon + 6))
    problems = shoot("report-officers-2w", url)
    load(url, 1366)
    legend = js("return document.querySelector('.bars .legend').textContent")
    want = f"kỳ trước ({ddmm(mon - 21, True)}–{ddmm(mon - 8, True)}"
    if want not in legend:
        problems.append(f"the legend does not name the previous period {want!r}: {legend!r}")
    rows = svg_rows(".bars")
    if not rows or not all(r["prev"] and "kỳ trước" in r["fig"] for r in rows):
        problems.append(f"not every bar has the previous period beside it: {[(r['fig'], r['prev']) for r in rows]}")
    dates = js("return Array.from(document.querySelectorAll('.trend svg.wide text.date')).map(t => t.textContent)")
    if dates != [ddmm(mon - 7), ddmm(mon)]:
        problems.append(f"the trend spans {dates}, not the period's two weeks")
    fail_if(problems)


@T.case
def reports_printed_on_a4():
    """Each report printed: A4 pages, no word past an edge, every chart whole on one page."""
    T.need("report_axis_n_small_target", "report_previous_period")
    problems = []
    mon = state["monday"]
    for name in ("officers-all", "procedures-all", "counters-all", "officers-2w"):
        pages, bad = printed(f"report-{name}", "file://" + S.path(f"{name}.html"))
        problems += bad + page_problems(name, pages)
        print(f"  {name}: {len(pages)} A4 page(s)")
        if len(pages) > 4:
            problems.append(f"{name}: {len(pages)} pages for one report")
        if name == "officers-all":  # the trend's week labels all on one page
            weeks = {ddmm(mon - 7 * i) for i in range(len(WEEK_N))}
            on = {i for i, p in enumerate(pages) for w in p["words"] if w[2] in weeks}
            if len(on) != 1:
                problems.append(f"the trend is split over pages {sorted(on)}")
    fail_if(problems)


CONSOLE = [  # (name, path): the console's pages with charts
    ("tong-quan", "/"),
    ("bao-cao-can-bo", "/bao-cao/can-bo"),
    ("xuat-du-lieu-in-all", "/xuat-du-lieu/in?dim=officers&all=1"),
    ("bao-cao-thu-tuc-5w", None),  # the five weeks, set in the case
]


@T.case
def console_charts_fit():
    """The console's overview and report pages: nothing cut at 390 px, at 1366 px or on A4; the
    trend over all stored data from its first week; the small week hollow."""
    mon = state["monday"]
    first = mon - 7 * (len(WEEK_N) - 1)
    drv().delete_all_cookies()
    load(S.base + "/dang-nhap", 1366)
    drv().find_element("css selector", "#name").send_keys(HEAD)
    drv().find_element("css selector", "#password").send_keys(PASSWORD)
    drv().find_element("css selector", "#login").click()
    wait_for(lambda: not js("return location.pathname").startswith("/dang-nhap"), 20, "logging in")
    problems = []
    for name, path in CONSOLE:
        path = path or f"/bao-cao/thu-tuc?from={iso(first)}&to={iso(mon + 6)}"
        url = S.base + path
        problems += shoot(f"console-{name}", url)
        pages, bad = printed(f"console-{name}", url)
        problems += bad + page_problems(f"console {name}", pages)
        if name == "xuat-du-lieu-in-all":
            load(url, 1366)
            labels = js("return Array.from(document.querySelectorAll('svg.trend text')).map(t => t.textContent)")
            if ddmm(first) not in labels or ddmm(first - 7) in labels:
                problems.append(f"the trend over all stored data does not start at {ddmm(first)}: {labels[:14]}")
            hollow = js("return Array.from(document.querySelectorAll('svg.trend circle.small-n')).map(c => c.textContent)")
            if len(hollow) != 1 or "n=2" not in hollow[0]:
                problems.append(f"the week of two ratings is not the one hollow point: {hollow}")
    fail_if(problems)


if __name__ == "__main__":
    sys.exit(T.run(setup, teardown))
