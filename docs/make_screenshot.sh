#!/usr/bin/env bash
# Makes docs/report.png, the README's picture: the status report of the shipped targets.toml
# in HTML, as headless Chromium draws it. Run from anywhere, with ntm installed.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ntm status -f targets.toml --format html -o "$work/report.html"

timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --screenshot="$work/report.png" --window-size=1280,1280 "file://$work/report.html"
cp "$work/report.png" docs/report.png
echo "wrote docs/report.png"
