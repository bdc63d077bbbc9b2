#!/usr/bin/env python3
"""Trunk post-build hook: add a Content-Security-Policy meta tag to the built page (and, first,
let the page's early script download the wasm: `download_wasm_early`).

The policy allows only what the app needs: its own files ('self'), compiling its own wasm
('wasm-unsafe-eval'), and the page's two inline scripts (Trunk's start-up module and the
early download of the plan files), each allowed by its SHA-256 hash (computed here, after Trunk wrote it). Inline *styles* are
allowed because band colours come from plan data; no script can come from them.
"""
import base64
import hashlib
import os
import re
import sys


def download_wasm_early(html, name):
    """Let the page's early script download the wasm (assets/early-fetch.js): Trunk's preload of
    it goes, its name and integrity hash go into the early script, and the start-up module takes
    that download. (The early script starts it at once, or after a pre-rendered overview's
    fragment.)"""
    if "'__KPI_WASM__'" not in html:
        return html
    preload = re.search(
        r'<link rel="preload" href="(\./[^"]+_bg\.wasm)"[^>]*? integrity="([^"]+)"[^>]*>', html
    )
    if not preload:
        sys.exit("csp.py: %s: no preload link of the wasm (has Trunk's output changed?)" % name)
    wasm, integrity = preload.group(1), preload.group(2)
    init = "module_or_path: '%s'" % wasm
    if init not in html:
        sys.exit("csp.py: %s: no `%s` (has Trunk's output changed?)" % (name, init))
    html = html.replace(preload.group(0), "")
    html = html.replace("'__KPI_WASM__'", "'%s'" % wasm)
    html = html.replace("'__KPI_WASM_INTEGRITY__'", "'%s'" % integrity)
    return html.replace(
        init,
        "module_or_path: (window.kpiDashboardEarly && window.kpiDashboardEarly.wasm) || '%s'" % wasm,
    )


staging = os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1]
for name in os.listdir(staging):
    if not name.endswith(".html"):
        continue
    path = os.path.join(staging, name)
    html = open(path, encoding="utf-8").read()
    if 'http-equiv="Content-Security-Policy"' in html:
        continue
    html = download_wasm_early(html, name)
    hashes = []
    # Inline scripts: Trunk's start-up module and the page's early download of the plan files.
    for script in re.findall(r"<script(?: type=\"module\")?>(.*?)</script>", html, re.S):
        digest = hashlib.sha256(script.encode("utf-8")).digest()
        hashes.append("'sha256-%s'" % base64.b64encode(digest).decode())
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = '<meta http-equiv="Content-Security-Policy" content="%s" />' % policy
    html = html.replace("<meta charset=\"utf-8\" />", "<meta charset=\"utf-8\" />\n    " + meta, 1)
    open(path, "w", encoding="utf-8").write(html)
