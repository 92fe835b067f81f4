"""`ntm record`: one value set in the file, its comments and layout kept."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Session,
    argument,
    editing,
    file_flag,
    lang_flag,
    option,
    period_option,
    write_stdout,
)
from ntm_cli.errors import NtmError


@dataclass(frozen=True, kw_only=True)
class RecordOptions:
    """The options of `ntm record`."""

    target_id: str = argument("ID", "The target's id.", "Mã của chỉ tiêu.")
    year: int | None = option("--year", "-y", help="The year to set.", vi="Năm cần ghi số liệu.")
    period: str | None = option(
        "--period",
        help="Instead of --year: the month YYYY-MM whose year-to-date figure to set "
        "(--actual sets ytd, --estimate ytd_estimate).",
        vi="Thay cho --year: tháng YYYY-MM cần ghi số lũy kế (--actual ghi ytd, --estimate "
        "ghi ytd_estimate).",
    )
    actual: str | None = option(
        "--actual",
        help="Set the reported value (96.5 or 96,5).",
        vi="Ghi số thực hiện (96,5 hoặc 96.5).",
    )
    estimate: str | None = option(
        "--estimate",
        help="Set the estimated value (ước thực hiện).",
        vi="Ghi số ước thực hiện.",
    )
    plan: str | None = option(
        "--plan",
        help="Set the planned value; a range as LOW..HIGH.",
        vi="Ghi số kế hoạch; một khoảng ghi dạng THẤP..CAO.",
    )
    unmet: str | None = option(
        "--unmet",
        help="For a unit: the criteria not met in the year (13,17), or none.",
        vi="Với đơn vị: các tiêu chí chưa đạt trong năm (13,17), hoặc none.",
    )
    met_count: str | None = option(
        "--met-count",
        help="For a unit: how many criteria it met in the year.",
        vi="Với đơn vị: số tiêu chí đạt trong năm.",
    )
    recognised: str | None = option(
        "--recognised",
        help="For a unit: the standard it was recognised at in the year.",
        vi="Với đơn vị: chuẩn được công nhận trong năm.",
    )
    revoked: str | None = option(
        "--revoked",
        help="For a unit: the standard withdrawn from it in the year.",
        vi="Với đơn vị: chuẩn bị thu hồi trong năm.",
    )
    force: bool = option(
        "--force",
        help="Replace an existing different value.",
        vi="Ghi đè giá trị khác đã có.",
        default=False,
    )
    file: str | None = file_flag()
    lang: str | None = lang_flag()


def record(options: RecordOptions, session: Session) -> int:
    """Set one value in the file, keeping its comments and layout (written atomically)."""
    from ntm_cli.edit.write import TABLES, Table, Wanted, parse_value, record_loaded
    from ntm_cli.i18n import exact_value, word

    given = [
        (table, value)
        for table, value in (
            ("actual", options.actual),
            ("estimate", options.estimate),
            ("plan", options.plan),
            ("unmet", options.unmet),
            ("met_count", options.met_count),
            ("recognised", options.recognised),
            ("revoked", options.revoked),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise NtmError.one("one_value_option", None)
    table, value = given[0]
    if table not in TABLES:
        return _record_unit(options, session, table, value)
    assert table in TABLES
    period = period_option(options)
    if period is not None and table == "plan":
        # a plan is the year's; a year-to-date figure is judged against it (SPEC §13)
        raise NtmError.one("usage_period_with", None, option="--plan")
    if period is None and options.year is None:
        raise NtmError.one("usage_missing_option", None, option="--year")
    with editing(options, session) as loaded:  # messages from here on in the file's language
        if any(u.id == options.target_id for u in loaded.doc.unit):
            raise NtmError.one(
                "target_option_for_unit", loaded.shown, option=f"--{table}", id=options.target_id
            )
        if table != "plan" and any(
            t.id == options.target_id and t.rollup is not None for t in loaded.doc.target
        ):
            # its actuals are counted from the units (SPEC §12.1)
            raise NtmError.one("record_rollup", loaded.shown, id=options.target_id)
        parsed = parse_value(value, f"--{table}")
        if period is not None:
            ytd_table: Table = "ytd" if table == "actual" else "ytd_estimate"
            wanted = Wanted(options.target_id, ytd_table, int(period[:4]), parsed, period)
        else:
            assert options.year is not None
            wanted = Wanted(options.target_id, table, options.year, parsed)
        change = record_loaded(loaded, [wanted], options.force)[0]
    lang = session.lang
    params = {
        "id": change.target_id,
        "table": wanted.table,
        "year": wanted.slot,
        "new": exact_value(change.new, lang),
    }
    if change.old is not None and not change.changed:
        # numerically equal: the file keeps the value as written
        line = word(lang, "unchanged", **{**params, "new": exact_value(change.old, lang)})
    else:
        was = (
            word(lang, "was", old=exact_value(change.old, lang))
            if change.old is not None
            else word(session.lang, "was_unset")
        )
        line = word(session.lang, "recorded", **params, was=was)
    write_stdout(line + "\n")
    return 0


def _record_unit(options: RecordOptions, session: Session, table: str, value: str) -> int:
    """`record UNIT --year Y --unmet 13,17 | --met-count K | --recognised STD | --revoked STD`
    (SPEC §12.4), with the rules of §6."""
    from ntm_cli.edit.unit_write import (
        UnitTable,
        UnitWanted,
        parse_count,
        parse_unmet,
        record_units,
        shown_value,
        unit_index,
    )
    from ntm_cli.i18n import word

    option_name = "--" + table.replace("_", "-")
    if period_option(options) is not None:
        raise NtmError.one("usage_period_with", None, option=option_name)
    if options.year is None:
        raise NtmError.one("usage_missing_option", None, option="--year")
    year = options.year
    unit_table: UnitTable
    slot: int | str
    parsed: tuple[int, ...] | int
    if table == "unmet":
        unit_table, slot, parsed = "unmet", year, parse_unmet(value, option_name)
    elif table == "met_count":
        unit_table, slot, parsed = "met_count", year, parse_count(value, option_name)
    elif table == "recognised":
        unit_table, slot, parsed = "recognised", value, year
    else:
        unit_table, slot, parsed = "revoked", value, year
    with editing(options, session) as loaded:
        if unit_index(loaded.doc, options.target_id) is None and any(
            t.id == options.target_id for t in loaded.doc.target
        ):
            raise NtmError.one(
                "unit_option_for_target", loaded.shown, option=option_name, id=options.target_id
            )
        wanted = UnitWanted(options.target_id, unit_table, slot, parsed)
        change = record_units(loaded, [wanted], options.force)[0]
    lang = session.lang
    params = {"id": change.unit_id, "table": change.table, "year": change.slot}
    if change.old is not None and not change.changed:
        line = word(lang, "unchanged", **params, new=shown_value(change.old))
    else:
        was = (
            word(lang, "was", old=shown_value(change.old))
            if change.old is not None
            else word(lang, "was_unset")
        )
        line = word(lang, "recorded", **params, new=shown_value(change.new), was=was)
    write_stdout(line + "\n")
    return 0


COMMAND = Command(
    "record",
    RecordOptions,
    record,
    "Ghi một giá trị vào tệp, giữ nguyên chú thích và cách trình bày (ghi trọn vẹn một lần).",
)
