#!/usr/bin/env bash
# Makes docs/report.png, the README's picture: the status report of the shipped targets.toml
# in HTML, as headless Chromium draws it. Run from anywhere, with ntm installed.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Until the CLI takes --format html this calls the renderer itself; afterwards it is
# `ntm status --format html -o "$work/report.html"`.
python3 - "$work/report.html" <<'PY'
import sys
from pathlib import Path

from ntm_cli.evaluate import evaluate
from ntm_cli.formats.html import render_html
from ntm_cli.load import load

doc = load(Path("targets.toml"), "targets.toml").doc
Path(sys.argv[1]).write_text(render_html(evaluate(doc, "targets.toml"), "vi", "status"), "utf-8")
PY

timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --screenshot="$work/report.png" --window-size=1280,1280 "file://$work/report.html"
cp "$work/report.png" docs/report.png
echo "wrote docs/report.png"
