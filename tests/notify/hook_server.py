#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A webhook receiver for tests/it_notify.c (Python's http.server) on 127.0.0.1:PORT. Each POST is
# saved as DIR/N.json: {"status": S, "headers": {...}, "body": "..."}, S being the status it was
# answered with: the number in DIR/status when that file exists (e.g. 500), else 200. Runs until
# SIGTERM.
# Usage: hook_server.py PORT DIR
import http.server
import json
import os
import signal
import sys
import threading

port, folder = int(sys.argv[1]), sys.argv[2]
count = [0]
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8")
        try:
            status = int(open(os.path.join(folder, "status")).read().strip())
        except (OSError, ValueError):
            status = 200
        with lock:
            count[0] += 1
            k = count[0]
        rec = {"status": status, "path": self.path, "headers": dict(self.headers.items()), "body": body}
        tmp = os.path.join(folder, "%d.tmp" % k)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(rec, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(folder, "%d.json" % k))
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, fmt, *args):
        sys.stderr.write("hook_server: " + fmt % args + "\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
print("listening on 127.0.0.1:%d" % port, flush=True)
server.serve_forever()
