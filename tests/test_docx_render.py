"""`--format docx` as an office program draws it: LibreOffice (headless) turns the document
into a PDF, poppler into text and pictures. Skipped where they are missing, except under CI,
where that fails: a green CI must not hide that these never ran."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from ntm_cli.judge.evaluate import evaluate
from ntm_cli.targets_file.data import Program
from tests.builders import data_document, data_target
from tests.runner import rendered

pytestmark = pytest.mark.office

PROGRAM = Program(
    name="Xây dựng nông thôn mới",
    region="Thành phố Cần Thơ",
    source="Báo cáo kết quả năm 2020",
    agency=("UBND thành phố Cần Thơ", "Sở Nông nghiệp và Phát triển nông thôn"),
    place="Cần Thơ",
)
# Enough targets for a second page: its page number and its repeated header row.
GROUPS = ("Kinh tế", "Văn hóa - Xã hội", "Môi trường")
DOC = data_document(
    *[
        data_target(
            f"t{i}",
            f"Chỉ tiêu thứ {i} về đời sống người dân nông thôn",
            group=GROUPS[i % 3],
            unit="%",
            plan={2020: 80 + i % 7},
            actual={2020: 78 + i % 11},
            note="Số liệu sơ bộ" if i % 5 == 0 else None,
        )
        for i in range(1, 46)
    ],
    program=PROGRAM,
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; CI must install it (see .ci/run)")
        pytest.skip(f"{name} is not installed")
    return found


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = _tool("soffice")
    _tool("pdftoppm")
    _tool("pdftotext")
    work = tmp_path_factory.mktemp("docx")
    source = work / "bao-cao.docx"
    report = evaluate(DOC, "targets.toml", 2020)
    data = rendered("docx", "compare", report, "vi")
    assert isinstance(data, bytes)
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work}/profile",  # its own profile: runs in parallel
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return work / "bao-cao.pdf"


def page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def picture(pdf: Path, page: int) -> Image.Image:
    stem = pdf.with_name(f"page{page}")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-png", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Image.open(stem.with_suffix(".png")).convert("L")


def test_first_page_has_the_heading_block_and_the_table(pdf: Path) -> None:
    text = page_text(pdf, 1)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
    assert lines[0].startswith("UBND THÀNH PHỐ CẦN THƠ")
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Cần Thơ, ngày … tháng … năm …" in text
    assert "KẾT QUẢ THỰC HIỆN SO VỚI KẾ HOẠCH" in text
    assert "XÂY DỰNG NÔNG THÔN MỚI THÀNH PHỐ CẦN THƠ NĂM 2020" in text
    assert "STT" in text and "Ghi chú" in text and "Trạng thái" in text
    assert "I    Văn hóa - Xã hội" in text and "✘ KHÔNG ĐẠT" in text
    # no page number on the first page: the heading is its first line
    assert not lines[0].isdigit()


def test_later_pages_are_numbered_and_repeat_the_header_row(pdf: Path) -> None:
    second = [line.strip() for line in page_text(pdf, 2).splitlines() if line.strip()]
    assert second[0] == "2"
    assert second[1].startswith("STT") and "Chỉ tiêu" in second[1]


def test_the_picture_shows_the_heading_and_a_ruled_table(pdf: Path) -> None:
    page = picture(pdf, 1)
    width, height = page.size
    assert width > height  # landscape: more than 7 columns
    pixels = page.load()
    assert pixels is not None

    def dark(x: int, y: int) -> bool:
        value = pixels[x, y]
        assert isinstance(value, int)
        return value < 128

    # ink at the top left (the agency) and the top right (the national title)
    top = range(int(height * 0.05), int(height * 0.2))
    assert any(dark(x, y) for y in top for x in range(int(width * 0.1), int(width * 0.4)))
    assert any(dark(x, y) for y in top for x in range(int(width * 0.55), int(width * 0.9)))
    # the table's borders: several rows of pixels dark across most of the text width
    ruled = [y for y in range(height) if sum(dark(x, y) for x in range(width)) > width * 0.6]
    assert len(ruled) >= 5
