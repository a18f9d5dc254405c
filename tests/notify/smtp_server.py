#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A mail server for tests/it_notify.c (Debian's python3-aiosmtpd) on 127.0.0.1:PORT: STARTTLS
# required (with CERT/KEY made by openssl at test time), AUTH LOGIN or PLAIN required and only over
# TLS, one login (USER, the password in PASSFILE). Each message accepted is saved as DIR/N.eml, its
# envelope recipients in DIR/N.rcpt. Runs until SIGTERM.
# Usage: smtp_server.py PORT DIR CERT KEY USER PASSFILE
import asyncio
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, folder, cert, key, user, passfile = sys.argv[1:7]
password = open(passfile, encoding="utf-8").read().strip()


class Saver:
    def __init__(self):
        self.n = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            n = self.n
            while os.path.exists(os.path.join(folder, "%d.eml" % n)):
                n += 1
                self.n = n
        tmp = os.path.join(folder, "%d.tmp" % n)
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(os.path.join(folder, "%d.rcpt" % n), "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(tmp, os.path.join(folder, "%d.eml" % n))
        return "250 2.0.0 Ok: queued as test-%d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and \
        auth_data.password.decode() == password
    return AuthResult(success=ok)


ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
controller = Controller(Saver(), hostname="127.0.0.1", port=int(port), tls_context=ctx, require_starttls=True,
                        auth_required=True, auth_require_tls=True, authenticator=authenticator,
                        ready_timeout=10)
# The controller's own readiness probe cannot STARTTLS; start the server without it.
controller._trigger_server = lambda: None
controller.start()
print("listening on 127.0.0.1:%s" % port, flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
while not stop.wait(0.2):
    pass
controller.stop()
