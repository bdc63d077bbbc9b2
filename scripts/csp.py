#!/usr/bin/env python3
"""Trunk post-build hook (Trunk.toml): add a Content-Security-Policy meta tag to the page Trunk
has just built in its staging folder. Nothing else in the page is changed.

The policy allows only what the app needs: its own files ('self'), compiling its own wasm
('wasm-unsafe-eval'), and the page's inline scripts (Trunk's start-up module and the early
download of the plan files, assets/early-fetch.js), each allowed by its SHA-256 hash, computed
here from the text Trunk wrote. Inline *styles* are allowed because band colours come from plan
data; no script can come from them.
"""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1]
for name in os.listdir(staging):
    if not name.endswith(".html"):
        continue
    path = os.path.join(staging, name)
    html = open(path, encoding="utf-8").read()
    if 'http-equiv="Content-Security-Policy"' in html:
        continue
    if "{{__TRUNK_ADDRESS__}}" in html:
        # `trunk serve` (make dev): its live-reload script is completed per request (with the
        # address the page was opened at), so its hash cannot be known here, and a policy would
        # block it. The dev page goes without one; `trunk build` never adds that script, so the
        # release always has the policy (tests/e2e/embed.spec.js checks it).
        print("csp.py: %s: no Content-Security-Policy in this trunk serve build" % name, file=sys.stderr)
        continue
    hashes = []
    # Every inline script (one with no src): its text exactly as the browser hashes it.
    for attrs, script in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        if re.search(r"\bsrc\s*=", attrs):
            continue
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
    charset = re.search(r'<meta charset="?utf-8"?\s*/?>', html, re.I)
    if not charset:
        sys.exit("csp.py: %s: no <meta charset> to put the policy after" % name)
    html = html[:charset.end()] + "\n    " + meta + html[charset.end():]
    open(path, "w", encoding="utf-8").write(html)
