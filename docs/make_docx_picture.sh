#!/usr/bin/env bash
# Makes docs/report-docx.png, the README's picture of --format docx: the compare report of the
# shipped targets.toml, with an agency and a place, as LibreOffice draws its first page.
# Run from anywhere, with ntm, LibreOffice Writer and poppler-utils installed.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed 's/^lang = "vi"$/lang = "vi"\nagency = ["UBND thành phố Cần Thơ", "Sở Nông nghiệp và Phát triển nông thôn"]\nplace = "Cần Thơ"/' \
    targets.toml > "$work/targets.toml"
ntm compare -f "$work/targets.toml" --format docx -o "$work/bao-cao.docx" 2>/dev/null
timeout 180 soffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" "$work/bao-cao.docx" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/bao-cao.pdf" "$work/page"
cp "$work/page.png" docs/report-docx.png
echo "wrote docs/report-docx.png"
