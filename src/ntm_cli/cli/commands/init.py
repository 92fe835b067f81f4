"""`ntm init`: a starter targets file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ntm_cli.cli.commands.common import (
    Command,
    Session,
    argument,
    lang_flag,
    option,
    write_stderr,
)


@dataclass(frozen=True, kw_only=True)
class InitOptions:
    """The options of `ntm init`."""

    path: str = argument("PATH", "Where to write the file.", "Nơi ghi tệp.", default="targets.toml")
    example: bool = option(
        "--example",
        help="Can Tho's 2020 figures instead of a blank template.",
        vi="Dùng số liệu năm 2020 của Cần Thơ thay cho mẫu trống.",
        default=False,
    )
    units: bool = option(
        "--units",
        help="Add the two standards and the 19 commune criteria of 2021–2025 "
        "(QĐ 318/QĐ-TTg), to count communes and districts.",
        vi="Thêm hai chuẩn và 19 tiêu chí xã giai đoạn 2021–2025 (QĐ 318/QĐ-TTg), để đếm "
        "xã, huyện đạt chuẩn.",
        default=False,
    )
    force: bool = option(
        "--force", help="Replace an existing file.", vi="Ghi đè tệp đã có.", default=False
    )
    lang: str | None = lang_flag()


def init(options: InitOptions, session: Session) -> int:
    """Write a starter targets.toml (never over an existing file without --force)."""
    from ntm_cli.edit.write import init as write_starter
    from ntm_cli.i18n import word

    write_starter(Path(options.path), options.path, options.example, options.force, options.units)
    write_stderr(word(session.lang, "wrote", path=options.path) + "\n", session)
    return 0


COMMAND = Command(
    "init",
    InitOptions,
    init,
    "Tạo tệp targets.toml mẫu (không ghi đè tệp đã có nếu không có --force).",
)
