"""`ntm validate`: every problem of one targets file or several, and warnings."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Common,
    Session,
    broken,
    files_argument,
    format_flag,
    option,
    read_file,
    targets_files,
    write_report,
    write_stderr,
)
from ntm_cli.cli.options import message_lang
from ntm_cli.errors import NtmError


@dataclass(frozen=True, kw_only=True)
class ValidateOptions(Common):
    """The options of `ntm validate`."""

    files: tuple[str, ...] = files_argument()
    strict: bool = option(
        "--strict",
        help="Warnings fail too (exit 1).",
        vi="Cảnh báo cũng tính là lỗi (mã thoát 1).",
        default=False,
    )
    format: str | None = format_flag("validate")


def validate(options: ValidateOptions, session: Session) -> int:
    """Check the file and report every problem found, not only the first; also likely
    mistakes, as warnings (--strict: they fail)."""
    from ntm_cli.cli.batch import Judged, warning_line
    from ntm_cli.targets_file.lint import file_warnings

    run: list[Judged] = []
    for given in targets_files(options, session):
        session.lang = message_lang(options.lang, session.env)
        try:
            loaded = read_file(given, options, session)
        except NtmError as error:
            run.append(broken(given, options, session, error))
            continue
        lang = session.lang
        found = file_warnings(loaded)
        if found:
            write_stderr("".join(warning_line(w, lang) + "\n" for w in found), session)
        run.append(Judged(loaded.shown, lang, loaded=loaded, warnings=found))
    write_report(options, run[0].lang, session, lambda f, view: f.render("validate", run, view))
    return max(2 if j.broken else 1 if (j.warnings and options.strict) else 0 for j in run)


COMMAND = Command(
    "validate",
    ValidateOptions,
    validate,
    "Kiểm tra tệp và báo mọi lỗi tìm thấy, không chỉ lỗi đầu tiên; cả những chỗ có thể "
    "nhầm, dưới dạng cảnh báo (--strict: tính là lỗi).",
)
