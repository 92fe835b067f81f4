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

from ntm_cli.formats.html import render_html
from ntm_cli.load import load
from ntm_cli.outlook import outlook
from tests.html_support import HOSTILE_NAME, HOSTILE_UNIT, every_status, parse, render

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
    page.write_text(render_html(report, "vi", "outlook"), encoding="utf-8")
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
