"""`ntm units --format html` in headless Chromium (as tests/test_html_browser.py): the page
draws, has no script, and shows the file's text as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.builders import HOSTILE_NAME, hue_units, units_file
from tests.conftest import Runner
from tests.html_support import parse
from tests.test_html_browser import HEIGHT, WIDTH, browse, chromium, profile

pytestmark = pytest.mark.browser
__all__ = ["chromium", "profile"]  # the fixtures, used by name


def test_the_units_page_draws_its_charts_and_grid(
    chromium: str, profile: str, ntm: Runner, write_toml: Any, tmp_path: Path
) -> None:
    units = hue_units()
    units[10]["name"] = HOSTILE_NAME
    path = write_toml(units_file(units, program={"buckets": [15, 10, 8], "lang": "vi"}))
    page = tmp_path / "units.html"
    result = ntm("units", "-f", str(path), "-o", str(page))
    assert result.code == 0, result.err
    shot = tmp_path / "units.png"
    browse(chromium, profile, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
           page.as_uri())  # fmt: skip
    with Image.open(shot) as image:
        colours = {colour[:3] for _, colour in image.convert("RGB").getcolors(WIDTH * HEIGHT)}
    assert (0x1F, 0x4E, 0x9A) in colours  # the bars of the charts
    dom = parse(browse(chromium, profile, "--dump-dom", page.as_uri()).stdout)
    assert dom.tags("script") == [] and dom.tags("img") == []
    assert len([e for e in dom.tags("svg") if e.attrs.get("role") == "img"]) == 2
    shown = "".join(dom.text)
    assert HOSTILE_NAME in shown and "16,13" in shown and "đủ điều kiện về số xã" not in shown
    assert shown.count("✔") >= 44 * 19
