#!/usr/bin/env python3
"""Measure accord live's redraw time in a real browser, in real time.

Headless Chromium is driven over --remote-debugging-pipe (the DevTools
protocol as NUL-separated JSON on file descriptors 3 and 4; standard library
only). For each seed it opens PAGE/?selftest=NAME&seed=S, whose script moves a
slider once the page has drawn and writes into #selftest how long the redraw
took (redraw_ms: from the slider's move to the new figures in the DOM,
including the page's 120 ms wait for further moves). Not a test: timings
depend on the machine (docs/live.md reports them).

  usage: tests/tools/live_redraw_time.py URL [--param NAME] [--seeds 11,12,13]
  e.g.   build/accord live scenarios/baseline.lua --listen 127.0.0.1:8080 &
         tests/tools/live_redraw_time.py http://127.0.0.1:8080/
SPDX-License-Identifier: GPL-3.0-or-later
"""
import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, chrome):
        self.profile = tempfile.mkdtemp(prefix="accord-live-chrome.")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():  # chromium reads commands on fd 3, writes answers on fd 4
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + self.profile, "--remote-debugging-pipe",
             "about:blank"],
            pass_fds=(3, 4, to_chrome_r, from_chrome_w), preexec_fn=fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.id = 0

    def call(self, method, params=None, session=None, timeout=30.0):
        self.id += 1
        msg = {"id": self.id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self.buf:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.from_chrome], [], [], left)[0]:
                    raise TimeoutError(method)
                chunk = os.read(self.from_chrome, 65536)
                if not chunk:
                    raise EOFError("chromium ended")
                self.buf += chunk
            raw, self.buf = self.buf.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.id:
                return answer.get("result", {})

    def close(self):
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("--param", default="1", help="the parameter the page moves (default: its first)")
    ap.add_argument("--seeds", default="11,12,13,14,15", help="one page load per seed (new runs)")
    ap.add_argument("--chrome", default=shutil.which("chromium") or "chromium")
    a = ap.parse_args()
    times = []
    for seed in a.seeds.split(","):
        b = Browser(a.chrome)
        try:
            target = b.call("Target.createTarget", {
                "url": "%s?selftest=%s&seed=%s" % (a.url, a.param, seed)})["targetId"]
            session = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            text = ""
            for _ in range(300):
                time.sleep(0.1)
                r = b.call("Runtime.evaluate", {"expression":
                    "(document.getElementById('selftest') || {}).textContent || ''"}, session)
                text = r.get("result", {}).get("value", "")
                if text:
                    break
        finally:
            b.close()
        print("seed %s: %s" % (seed, text or "no result within 30 s"))
        if "redraw_ms=" in text:
            times.append(int(text.rsplit("redraw_ms=", 1)[1]))
    if times:
        times.sort()
        print("redraw: min %d ms, median %d ms, max %d ms over %d page loads"
              % (times[0], times[len(times) // 2], times[-1], len(times)))
    return 0 if len(times) == len(a.seeds.split(",")) else 1


if __name__ == "__main__":
    sys.exit(main())
