"""`ntm units`: the review of communes and districts (SPEC §12.3)."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Common,
    Session,
    format_flag,
    load_file,
    option,
    write_report,
    year_flag,
)


@dataclass(frozen=True, kw_only=True)
class UnitsOptions(Common):
    """The options of `ntm units`."""

    year: int | None = year_flag()
    within: str | None = option(
        "--within",
        help="One district's communes only (its id).",
        vi="Chỉ các xã của một huyện (mã huyện).",
    )
    format: str | None = format_flag("units")


def units(options: UnitsOptions, session: Session) -> int:
    """The review of communes and districts: standards, criteria met, buckets, per district,
    per criterion and per commune (SPEC §12.3)."""
    from ntm_cli.judge.units_report import units_report

    loaded, lang = load_file(options, session)
    report = units_report(loaded.doc, loaded.shown, options.year, options.within)
    write_report(options, lang, session, lambda f, view: f.render("units", report, view))
    return 0


COMMAND = Command(
    "units",
    UnitsOptions,
    units,
    "Rà soát xã, huyện: đạt chuẩn, tiêu chí đạt, nhóm theo số tiêu chí, theo huyện, theo "
    "tiêu chí và theo xã.",
)
