"""Usage errors (SPEC §5): one line, exit 2, in the language of --lang, $NTM_LANG or the
locale; never click's usage block nor pydantic's English."""

from __future__ import annotations

from typing import Any

import pytest

from ntm_cli.i18n import slug
from tests.conftest import Runner

CASES = [
    (
        ("status", "--year", "abc"),
        'ntm: invalid value for --year: "abc"; expected a year such as 2020',
        'ntm: giá trị không hợp lệ cho --year: "abc"; cần một năm, ví dụ 2020',
    ),
    (
        ("status", "--yaer", "2020"),
        "ntm: unknown option --yaer (did you mean `--year`?)",
        "ntm: không có tùy chọn --yaer (có phải ý bạn là `--year`?)",
    ),
    (
        ("status", "--zzz"),
        "ntm: unknown option --zzz",
        "ntm: không có tùy chọn --zzz",
    ),
    (
        ("status", "--year"),
        "ntm: option --year needs a value",
        "ntm: tùy chọn --year cần một giá trị",
    ),
    (
        ("status", "--format", "pdf"),
        'ntm: invalid value for --format: "pdf"; '
        "allowed: table, json, csv, markdown, xlsx, html, docx",
        'ntm: giá trị không hợp lệ cho --format: "pdf"; '
        "chỉ được dùng: table, json, csv, markdown, xlsx, html, docx",
    ),
    (
        ("show",),
        "ntm: missing argument ID",
        "ntm: thiếu tham số ID",
    ),
    (
        ("record", "x", "--actual", "1"),
        "ntm: missing option --year",
        "ntm: thiếu tùy chọn --year",
    ),
    (
        ("status", "extra"),
        "ntm: unexpected extra argument extra",
        "ntm: thừa tham số extra",
    ),
    (
        ("statsu",),
        "ntm: unknown command statsu (did you mean `status`?)",
        "ntm: không có lệnh statsu (có phải ý bạn là `status`?)",
    ),
    (
        ("status", "--no-color=yes"),
        "ntm: option --no-color takes no value",
        "ntm: tùy chọn --no-color không nhận giá trị",
    ),
]


@pytest.mark.parametrize(("args", "en", "vi"), CASES, ids=lambda a: str(a))
def test_usage_errors_in_both_languages(
    ntm: Runner, args: tuple[str, ...], en: str, vi: str
) -> None:
    result = ntm(*args, env={"NTM_LANG": "en"})
    assert (result.code, result.out, result.err) == (2, "", en + "\n")
    result = ntm(*args, env={"NTM_LANG": "vi"})
    assert (result.code, result.out, result.err) == (2, "", vi + "\n")
    assert ntm(*args, env={"LANG": "vi_VN.UTF-8"}).err == vi + "\n"
    with_lang = (args[0], "--lang", "vi", *args[1:])
    assert ntm(*with_lang, env={"NTM_LANG": "en"}).err == vi + "\n"


def test_the_file_is_not_read_for_the_language(ntm: Runner, write_toml: object) -> None:
    result = ntm("status", "--year", "abc")
    assert result.err == 'ntm: invalid value for --year: "abc"; expected a year such as 2020\n'


def test_help_stays_as_typer_prints_it(ntm: Runner) -> None:
    result = ntm("status", "--help")
    assert result.code == 0
    assert result.out.startswith("Usage: ntm status [OPTIONS]")


def test_an_id_with_diacritics_gets_its_ascii_slug(ntm: Runner, write_toml: Any) -> None:
    write_toml('[[target]]\nid = "xã-ntm"\nname = "X"\n')
    result = ntm("validate", "--lang", "en")
    assert result.err == (
        "targets.toml:2: target #1: id: use lowercase ASCII letters, digits, '.', '_' and '-', "
        'starting with a letter or digit; got "xã-ntm" (did you mean `xa-ntm`?)\n'
    )
    result = ntm("validate", "--lang", "vi")
    assert result.err == (
        "targets.toml:2: target #1: id: chỉ dùng chữ thường không dấu (a–z), chữ số, '.', '_' "
        "và '-', bắt đầu bằng chữ hoặc số; nhận được \"xã-ntm\" (có phải ý bạn là `xa-ntm`?)\n"
    )


def test_slug() -> None:
    assert slug("xã-ntm") == "xa-ntm"
    assert slug("Đường giao thông") == "duong-giao-thong"
    assert slug("Income Per Capita") == "income-per-capita"
    assert slug("--x") == "x"
    assert slug("日本") == ""
