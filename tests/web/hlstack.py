# SPDX-License-Identifier: MIT
"""hlstack.py — what the browser and API tests of hailong-web share: a cmocka-style case runner
(its output is what scripts/run-tests.sh counts), and one real stack on 127.0.0.1 (mosquitto,
hailong-aggregator, hailong-web, optionally the real hailong-terminal under SDL's dummy video
driver and a headless Chromium through Debian's chromedriver).

Every process started here is tracked by its PID and ended by that PID (SIGTERM, then SIGKILL) when
the stack closes, at exit, or when the run is stopped by a signal (run-tests.sh's timeout); every
wait is bounded by a deadline. Nothing here talks to anything but 127.0.0.1."""

import atexit
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "mat-khau-cua-demo"
SITE = "sct-bentre"
SITE_NAME = "Sở Công Thương tỉnh Bến Tre"  # its name in assets/roster/sites.csv


# ---- the cmocka-style runner ------------------------------------------------------------------------

class Runner:
    """Cases run in order; each prints [ RUN      ] / [       OK ] / [  FAILED  ] lines like cmocka's,
    and the run ends with [  PASSED  ] N test(s). and, if any failed, the list of the failed ones."""

    def __init__(self, group):
        self.group = group
        self.cases = []
        self.results = {}

    def case(self, fn):
        self.cases.append(fn)
        return fn

    def passed(self, name):
        return self.results.get(name) is True

    def need(self, *names):
        for n in names:
            if not self.passed(n):
                raise AssertionError(f"needs case {n}, which did not pass")

    def run(self, setup=None, teardown=None):
        out = sys.stdout
        print(f"[==========] {self.group}: Running {len(self.cases)} test(s).", file=out, flush=True)
        failed = []
        setup_error = None
        if setup:
            try:
                setup()
            except BaseException as e:  # noqa: B036 - a failed setup fails every case, never hangs
                setup_error = e
                print(f"[  ERROR   ] {self.group}: group setup failed:", file=out)
                traceback.print_exc(file=out)
        try:
            for fn in self.cases:
                name = fn.__name__
                print(f"[ RUN      ] {name}", file=out, flush=True)
                t0 = time.monotonic()
                if setup_error is not None:
                    ok = False
                    print(f"[  ERROR   ] {name}: the stack did not start ({setup_error})", file=out)
                else:
                    try:
                        fn()
                        ok = True
                    except (KeyboardInterrupt, SystemExit):
                        raise
                    except BaseException as e:  # noqa: B036
                        ok = False
                        print(f"[  ERROR   ] --- {type(e).__name__}: {e}", file=out)
                        traceback.print_exc(file=out)
                self.results[name] = ok
                secs = time.monotonic() - t0
                if ok:
                    print(f"[       OK ] {name} ({secs:.1f} s)", file=out, flush=True)
                else:
                    failed.append(name)
                    print(f"[  FAILED  ] {name} ({secs:.1f} s)", file=out, flush=True)
        finally:
            if teardown:
                try:
                    teardown()
                except BaseException:  # noqa: B036
                    traceback.print_exc(file=out)
        n = len(self.cases)
        print(f"[==========] {self.group}: {n} test(s) run.", file=out)
        print(f"[  PASSED  ] {n - len(failed)} test(s).", file=out)
        if failed:
            print(f"[  FAILED  ] {len(failed)} test(s), listed below:", file=out)
            for name in failed:
                print(f"[  FAILED  ] {name}", file=out)
            print(f"\n {len(failed)} FAILED TEST(S)", file=out)
        out.flush()
        return 1 if failed else 0


# ---- processes -----------------------------------------------------------------------------------

_procs = []  # (Popen, name) of everything started and not yet ended


def _descendants(pid):
    """PIDs of pid's children, grandchildren… (read from /proc: chromedriver's browser processes)."""
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for k in kids.get(p, []):
            out.append(k)
            todo.append(k)
    return out


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def end_pid(pid, timeout=5.0):
    """SIGTERM to pid, then SIGKILL after timeout; for a process that is not our child."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def spawn(argv, log, env=None, name=None):
    """Starts argv with stdout and stderr appended to the file log; tracked until end()."""
    f = open(log, "ab")
    try:
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             env=env, close_fds=True)
    finally:
        f.close()
    _procs.append((p, name or os.path.basename(argv[0])))
    return p


def end(p, sig=signal.SIGTERM, timeout=10.0):
    """Ends one process started by spawn, by its PID: sig, then SIGKILL after timeout. Its exit code."""
    for i, (q, _) in enumerate(_procs):
        if q is p:
            del _procs[i]
            break
    if p.poll() is None:
        try:
            os.kill(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(5)
    return p.returncode


def end_all():
    while _procs:
        p, _ = _procs[-1]
        end(p, timeout=5.0)


def _on_signal(signum, frame):
    raise SystemExit(128 + signum)


atexit.register(end_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)


def run(argv, timeout=60, input=None, check=True):
    """Runs argv to its end (bounded): (exit code, stdout, stderr) as text."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE,
                         close_fds=True)
    _procs.append((p, os.path.basename(argv[0])))
    try:
        out, err = p.communicate(input.encode() if isinstance(input, str) else input, timeout=timeout)
    except subprocess.TimeoutExpired:
        end(p, signal.SIGKILL)
        raise AssertionError(f"{' '.join(argv)} did not finish within {timeout} s")
    finally:
        for i, (q, _) in enumerate(_procs):
            if q is p:
                del _procs[i]
                break
    out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {p.returncode}: {err.strip() or out.strip()}")
    return p.returncode, out, err


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port, timeout=8.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.03)


def wait_for(pred, timeout, what, step=0.05):
    """pred() until it returns something true, at most timeout seconds; its value, else AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(step)


def file_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def count_lines(path, text):
    return sum(1 for line in file_text(path).splitlines() if text in line)


# ---- the stack -------------------------------------------------------------------------------------

class Stack:
    """One run's processes and files in /tmp/hailong-test-XXXXXX (removed at close unless
    HL_KEEP_TMP is set)."""

    def __init__(self, build):
        self.build = os.path.abspath(build)
        self.dir = tempfile.mkdtemp(prefix="hailong-test-", dir="/tmp")
        self.db = os.path.join(self.dir, "aggregator.db")
        self.broker = None
        self.agg_proc = None
        self.web_proc = None
        self.term_proc = None
        self.bport = None
        self.wport = None
        self.closed = False
        atexit.register(self.close)  # also when a run is cut short (a signal during teardown)
        self.pwfile = os.path.join(self.dir, "password")
        with open(self.pwfile, "w") as f:
            f.write(PASSWORD + "\n")

    def bin(self, name):
        return os.path.join(self.build, name)

    def path(self, name):
        return os.path.join(self.dir, name)

    @property
    def broker_url(self):
        return f"mqtt://127.0.0.1:{self.bport}"

    @property
    def base(self):
        return f"http://127.0.0.1:{self.wport}"

    # the broker, as tests/harness.c sets it up: a plain loopback mosquitto with persistence
    def start_broker(self):
        if self.bport is None:
            self.bport = free_port()
        conf = self.path("mosquitto.conf")
        with open(conf, "w") as f:
            f.write(f"listener {self.bport} 127.0.0.1\nallow_anonymous true\npersistence true\n"
                    f"persistence_location {self.dir}/\nautosave_interval 1\nmax_queued_messages 100000\n"
                    "set_tcp_nodelay true\n")
        self.broker = spawn(["/usr/sbin/mosquitto", "-c", conf], self.path("mosquitto.log"), name="mosquitto")
        if not port_open(self.bport, 5):
            raise AssertionError(f"mosquitto did not listen on {self.bport}, see {self.path('mosquitto.log')}")

    def stop_broker(self):
        if self.broker:
            end(self.broker)
            self.broker = None

    def start_aggregator(self):
        log = self.path("aggregator.log")
        before = count_lines(log, "connected to the broker")
        self.agg_proc = spawn([self.bin("hailong-aggregator"), "serve", "--broker", self.broker_url, "--db", self.db],
                              log, name="aggregator")
        wait_for(lambda: count_lines(log, "connected to the broker") > before, 8, "the aggregator connecting")

    def agg(self, *args, timeout=60, check=True):
        return run([self.bin("hailong-aggregator"), *args], timeout=timeout, check=check)

    def roster_import(self):
        self.agg("roster", "import", "--db", self.db, "--broker", self.broker_url,
                 "--sites", os.path.join(ROOT, "assets/roster/sites.csv"),
                 os.path.join(ROOT, "assets/roster/officers.csv"), os.path.join(ROOT, "assets/roster/procedures.csv"))

    def add_user(self, name, role, site=None, officer=None):
        args = ["user", "add", name, "--role", role, "--password-file", self.pwfile, "--db", self.db]
        if site:
            args += ["--site", site]
        if officer:
            args += ["--officer", officer]
        self.agg(*args)

    def add_token(self, site, name):
        _, out, _ = self.agg("token", "add", "--site", site, "--name", name, "--db", self.db)
        toks = [line.strip() for line in out.splitlines() if line.startswith("hl_")]
        if not toks:
            raise AssertionError(f"token add printed no token: {out!r}")
        return toks[-1]

    def loadgen(self, ratings, days=30, terminals=4, site=SITE, timeout=60):
        _, out, _ = run([self.bin("hailong-loadgen"), "publish", "--broker", self.broker_url, "--site", site,
                         "--terminals", str(terminals), "--ratings", str(ratings), "--window", "25",
                         "--days", str(days), "--timeout", str(timeout), "--quiet"], timeout=timeout + 15)
        return out.strip()

    def start_web(self, extra=()):
        if self.wport is None:
            self.wport = free_port()
        self.web_proc = spawn([self.bin("hailong-web"), "--listen", f"127.0.0.1:{self.wport}", "--db", self.db,
                               "--broker", self.broker_url, *extra], self.path("web.log"), name="hailong-web")
        if not port_open(self.wport, 8):
            raise AssertionError(f"hailong-web did not listen on {self.wport}, see {self.path('web.log')}")

    def start_terminal(self, script, counter="q05", officer=None, window="800x480"):
        """The real terminal under SDL's dummy video driver, playing script (a list of lines)."""
        conf, spath = self.path(f"terminal-{counter}.conf"), self.path(f"terminal-{counter}.script")
        with open(conf, "w") as f:
            f.write(f"# test terminal\nbroker = {self.broker_url}\nsite = {SITE}\ncounter = {counter}\n"
                    f"spool = {self.path('terminal-spool.db')}\nwindow = {window}\nmin_interval = 0\n"
                    "thanks_time = 1\nresend = 2\n" + (f"officer = {officer}\n" if officer else ""))
        with open(spath, "w") as f:
            f.write("\n".join(script) + "\n")
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_RENDER_DRIVER="software", SDL_AUDIODRIVER="dummy")
        self.term_log = self.path("terminal.log")
        self.term_proc = spawn([self.bin("hailong-terminal"), "-c", conf, "--input-script", spath], self.term_log,
                               env=env, name="hailong-terminal")
        return self.term_proc

    # MQTT through the stock clients
    def mqtt_pub(self, topic, payload, retain=False):
        args = ["/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.bport), "-q", "1", "-t", topic,
                "-m", payload]
        if retain:
            args.append("-r")
        run(args, timeout=15)

    def mqtt_retained(self, topic, wait=5):
        """The retained message on topic (text), or None when there is none within wait seconds."""
        rc, out, _ = run(["/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", str(self.bport), "-t", topic, "-C", "1",
                          "-W", str(wait), "--retained-only"], timeout=wait + 10, check=False)
        return out.strip() if rc == 0 and out.strip() else None

    def serious_rating(self, counter, officer, procedure, reason="NHUNG_NHIEU"):
        """Publishes one rating with a serious reason as a terminal would (DESIGN §4); its id."""
        rid = str(uuid.uuid4())
        body = {"v": 1, "id": rid, "site": SITE, "counter": counter, "officer": officer, "procedure": procedure,
                "scale": 5, "answers": {"officer": 1}, "reasons": [reason], "ts": int(time.time()), "clock_ok": True}
        self.mqtt_pub(f"hailong/v1/{SITE}/{counter}/rating", json.dumps(body, separators=(",", ":")))
        return rid

    def close(self):
        if self.closed:
            return
        self.closed = True
        for p in (self.term_proc, self.web_proc, self.agg_proc):
            if p:
                end(p)
        self.stop_broker()
        end_all()
        if os.environ.get("HL_KEEP_TMP"):
            print(f"kept {self.dir}", file=sys.stderr)
        elif self.dir.startswith("/tmp/hailong-test-"):
            shutil.rmtree(self.dir, ignore_errors=True)


# ---- HTTP -----------------------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))


def http(method, url, body=None, headers=None, timeout=15):
    """One request, no redirects followed, no proxy: (status, headers (dict, lower-case names), bytes)."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _opener.open(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


# ---- the browser ----------------------------------------------------------------------------------

class Browser:
    """Debian's chromium through Debian's chromedriver, headless, loopback only; never selenium-manager."""

    def __init__(self, downloads):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        os.makedirs(downloads, exist_ok=True)
        self.downloads = downloads
        profile = os.path.join(os.path.dirname(downloads), "chrome-profile")  # removed with the stack's folder
        o = webdriver.ChromeOptions()
        o.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-features=Translate,MediaRouter,OptimizationHints", "--metrics-recording-only",
                  "--no-proxy-server", "--lang=vi", "--force-device-scale-factor=1", "--disable-crash-reporter",
                  "--disable-breakpad", f"--user-data-dir={profile}"):
            o.add_argument(a)
        o.add_experimental_option("prefs", {
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
            "intl.accept_languages": "vi,en",
        })
        self.service = Service(executable_path="/usr/bin/chromedriver", log_path=os.devnull)
        self.closed = False
        self.driver = webdriver.Chrome(service=self.service, options=o)
        atexit.register(self.close)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(20)
        # Downloads in headless Chrome: said again through DevTools, for the new headless mode.
        try:
            self.driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                                        {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True})
        except Exception:  # noqa: BLE001 - the prefs above stand
            pass

    def close(self):
        if self.closed:
            return
        self.closed = True
        pid = self.service.process.pid if getattr(self.service, "process", None) else None
        kids = _descendants(pid) if pid else []
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001
            pass
        for k in kids + ([pid] if pid else []):
            if _alive(k):
                end_pid(k, 3.0)

    def pdf(self, path):
        r = self.driver.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True,
            "preferCSSPageSize": True})
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))
