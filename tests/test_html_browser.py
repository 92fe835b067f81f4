"""`--format html` in a real browser: headless Chromium loads the page from disk, draws it and
gives back its DOM. Skipped where Chromium is missing, except under CI, where a missing
browser fails: a green CI must not hide that these never ran."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from ntm_cli.judge.outlook import outlook
from ntm_cli.targets_file.load import load
from tests.builders import HOSTILE_NAME, HOSTILE_UNIT, every_status
from tests.html_support import parse, render
from tests.runner import rendered

EXAMPLE = Path(__file__).parent.parent / "examples" / "outlook-2021-2025.toml"

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 2000


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; CI must install it (see .ci/run)")
        pytest.skip("chromium is not installed")
    return found


@pytest.fixture
def profile() -> Iterator[str]:
    # A fresh profile each run: nothing from an earlier run (cache, settings) is reused.
    with tempfile.TemporaryDirectory(prefix="ntm-chromium-") as path:
        yield path


def browse(chromium: str, profile: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render(every_status(), "vi", year=2020), encoding="utf-8")
    return path


def test_the_page_draws_with_its_badge_colours(
    chromium: str, profile: str, report: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "report.png"
    browse(chromium, profile, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
           report.as_uri())  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        colours = {colour[:3] for _, colour in image.convert("RGB").getcolors(WIDTH * HEIGHT)}
    assert len(colours) > 50  # text, charts and badges, not a blank page
    badges = {
        "exceeded": (0x0F, 0x6B, 0x35),
        "missed": (0xC6, 0x28, 0x28),
        "near": (0xFF, 0xD5, 0x4F),
        "ahead": (0x00, 0x79, 0x6B),
        "no-data": (0xF3, 0xC6, 0xF0),
    }
    assert {status for status, rgb in badges.items() if rgb in colours} == set(badges)
    assert (0x1F, 0x4E, 0x9A) in colours  # the actuals on the charts and the progress bars


def test_after_load_the_dom_has_no_script_and_shows_hostile_names_as_text(
    chromium: str, profile: str, report: Path
) -> None:
    dom = browse(chromium, profile, "--dump-dom", report.as_uri()).stdout
    page = parse(dom)
    assert page.tags("script") == [] and page.tags("img") == []
    assert len(page.tags("style")) == 1
    shown = "".join(page.text)
    assert HOSTILE_NAME in shown and HOSTILE_UNIT in shown
    assert len([e for e in page.tags("svg") if e.attrs.get("role") == "img"]) == 9


def test_the_outlook_page_of_the_example_draws_every_outlook(
    chromium: str, profile: str, tmp_path: Path
) -> None:
    page = tmp_path / "outlook.html"
    report = outlook(load(EXAMPLE, "outlook-2021-2025.toml").doc, "outlook-2021-2025.toml")
    page.write_text(rendered("html", "outlook", report, "vi"), encoding="utf-8")
    shot = tmp_path / "outlook.png"
    browse(chromium, profile, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
           page.as_uri())  # fmt: skip
    with Image.open(shot) as image:
        colours = {colour[:3] for _, colour in image.convert("RGB").getcolors(WIDTH * HEIGHT)}
    badges = {
        "achieved": (0x0F, 0x6B, 0x35),
        "on-track": (0xC8, 0xE6, 0xC9),
        "acceleration-needed": (0xFF, 0xD5, 0x4F),
        "limited-progress": (0xFF, 0xAB, 0x91),
        "deterioration": (0xC6, 0x28, 0x28),
        "missed": (0x5C, 0x0B, 0x0B),
        "insufficient-data": (0xE6, 0xE6, 0xE6),
    }
    assert {name for name, rgb in badges.items() if rgb in colours} == set(badges)
    assert (0x1F, 0x4E, 0x9A) in colours  # the actuals and the progress bars
    dom = parse(browse(chromium, profile, "--dump-dom", page.as_uri()).stdout)
    assert dom.tags("script") == [] and dom.tags("img") == []
    assert len([e for e in dom.tags("svg") if e.attrs.get("role") == "img"]) == 8
    shown = "".join(dom.text)
    assert "dự kiến đạt năm 2028" in shown and "ĐÚNG TIẾN ĐỘ" in shown


# SPEC §10 version 3: nothing pushes out of its card, at 1280 pixels and at A4 width (210 mm
# at 96 dpi less the page margins is about 700 pixels). The measuring script is added to a
# copy of the page for the test only: the report itself has no script.
_MEASURE = """<script>
const out = [];
for (const card of document.querySelectorAll("article.card")) {
  const box = card.getBoundingClientRect();
  for (const inner of card.querySelectorAll("*")) {
    const r = inner.getBoundingClientRect();
    if (r.width && (r.right > box.right + 1 || r.left < box.left - 1)) { out.push(card.id); break; }
  }
}
const charts = [...document.querySelectorAll("svg.chart")];
const ticks = charts.map(s => s.querySelectorAll("text.tick").length);
document.body.setAttribute("data-overflow", out.join(" "));
document.body.setAttribute("data-ticks", ticks.join(" "));
</script>"""

WIDE_FIGURES = """\
[program]
name = "Xây dựng nông thôn mới"
source = "Báo cáo số 123/BC-UBND ngày 15/12/2023 của Ủy ban nhân dân tỉnh"
year = 2023

[[target]]
id = "grdp"
name = "Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành"
unit = "triệu đồng"
plan = { 2020 = 123456789012.5, 2023 = 165432109876.25, 2025 = 198765432109.75 }
actual = { 2020 = 120987654321.5, 2021 = 131234567890.25, 2023 = 160123456789.75 }
note = "Số liệu của Cục Thống kê; năm 2022 chưa có số chính thức."
source = "Cục Thống kê tỉnh"

[[target]]
id = "water"
name = "Tỷ lệ dân số nông thôn được sử dụng nước sạch đạt quy chuẩn"
unit = "%"
plan = { 2020 = 89, 2023 = 95, 2025 = 100 }
actual = { 2020 = 89, 2021 = 90.5, 2023 = 93 }

[[target]]
id = "rate"
name = "Tỷ lệ"
unit = "%"
plan = { 2023 = 100 }
actual = { 2023 = 99.45 }
"""


@pytest.mark.parametrize("width", [1280, 700])
@pytest.mark.parametrize("command", ["status", "compare", "outlook"])
def test_nothing_pushes_out_of_its_card(
    chromium: str, profile: str, tmp_path: Path, width: int, command: str
) -> None:
    from ntm_cli.judge.evaluate import evaluate
    from ntm_cli.targets_file.data import Document
    from ntm_cli.targets_file.load import load as load_file

    source = tmp_path / "t.toml"
    source.write_text(WIDE_FIGURES, encoding="utf-8")
    doc: Document = load_file(source, "t.toml").doc
    report = (
        outlook(doc, "t.toml")
        if command == "outlook"
        else evaluate(doc, "t.toml", 2023, vs_year=2020 if command == "compare" else None)
    )
    text = rendered("html", command, report, "vi")
    page = tmp_path / "page.html"
    page.write_text(text.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = browse(chromium, profile, "--dump-dom", "--virtual-time-budget=3000",
                 f"--window-size={width},1400", page.as_uri()).stdout  # fmt: skip
    body = next(e for e in parse(dom).tags("body"))
    assert body.attrs.get("data-overflow") == ""
    ticks = [int(n) for n in (body.attrs.get("data-ticks") or "").split()]
    assert ticks and all(n >= 2 for n in ticks)  # every chart has a labelled value axis
    assert "<script>" not in text
