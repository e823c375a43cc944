#!/usr/bin/env python3
"""Trunk post-build hook (Trunk.toml): runs in the staging folder before it becomes dist/.

(wasm-opt is off: Debian's binaryen 108 breaks the externref table of current wasm-bindgen output, and
Trunk's own would download a binary. See BENCHMARKS.md.)
1. Trunk injects its wasm loader as an inline <script type="module">; the Content-Security-Policy allows no
   inline script, so the loader moves into boot-<hash>.js and the page loads it by src.
2. The service worker (assets/sw.js) gets the list of every file of this build and a version derived from their
   contents, so a new build replaces the old cache and offline use serves exactly this build.
"""
import hashlib
import json
import os
import re
import sys
from pathlib import Path

staging = Path(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")

inline = re.compile(r"<script type=\"module\"(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
boots = []


def externalise(match: re.Match) -> str:
    body = match.group("body").strip()
    if not body or "src=" in match.group("attrs"):
        return match.group(0)
    name = f"boot-{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
    (staging / name).write_text(body + "\n", encoding="utf-8")
    boots.append(name)
    return f'<script type="module" src="./{name}"></script>'


html = inline.sub(externalise, html)
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html):
    sys.exit("post_build: an inline script is left in index.html; the CSP would block it")
index.write_text(html, encoding="utf-8")

# Every file of the build and "./" for the page; not the service worker itself, and not the bureau's config,
# which the bureau edits after the build (the service worker fetches it network-first).
files = sorted(
    "./" + p.relative_to(staging).as_posix()
    for p in staging.rglob("*")
    if p.is_file() and p.name not in ("sw.js", "zicha-config.json")
)
digest = hashlib.sha256()
for name in files:
    digest.update(name.encode())
    digest.update((staging / name[2:]).read_bytes())
version = digest.hexdigest()[:16]
template = (Path(os.environ.get("TRUNK_SOURCE_DIR", ".")) / "assets" / "sw.js").read_text(encoding="utf-8")
sw = template.replace("__VERSION__", version).replace("__FILES__", json.dumps(["./"] + files, ensure_ascii=False))
(staging / "sw.js").write_text(sw, encoding="utf-8")
print(f"post_build: loader in {', '.join(boots) or '(none)'}; service worker {version} precaches {len(files) + 1} files")
