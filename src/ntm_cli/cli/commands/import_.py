"""`ntm import`: a sheet's values, or a criteria matrix, recorded in one write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ntm_cli.cli.commands.common import (
    Command,
    Session,
    argument,
    editing,
    file_flag,
    lang_flag,
    option,
    write_stderr,
    write_stdout,
)
from ntm_cli.errors import NtmError, Problem

if TYPE_CHECKING:
    from ntm_cli.edit.matrix import MatrixPlan
    from ntm_cli.targets_file.data import Document


@dataclass(frozen=True, kw_only=True)
class ImportOptions:
    """The options of `ntm import`."""

    source: str = argument(
        "SHEET", "The sheet: .xlsx, .xls, .ods or .csv.", "Tệp biểu: .xlsx, .xls, .ods hoặc .csv."
    )
    sheet: str | None = option(
        "--sheet",
        help="The worksheet's name. Default: the first.",
        vi="Tên trang tính. Mặc định: trang đầu tiên.",
    )
    dry_run: bool = option(
        "--dry-run",
        help="Show what would change; write nothing.",
        vi="Chỉ hiện những gì sẽ thay đổi; không ghi gì.",
        default=False,
    )
    force: bool = option(
        "--force",
        help="Replace existing different values.",
        vi="Ghi đè các giá trị khác đã có.",
        default=False,
    )
    strict: bool = option(
        "--strict",
        help="Skipped rows (unmatched, ambiguous, mismatching) refuse the whole import.",
        vi="Có dòng bị bỏ qua (không khớp chỉ tiêu nào, khớp nhiều chỉ tiêu, hoặc số tổng hợp "
        "khác số tính được) thì không nhập gì cả.",
        default=False,
    )
    units: bool = option(
        "--units",
        help="The sheet is a criteria matrix: a row per commune (needs --year).",
        vi="Bảng tính là ma trận tiêu chí: mỗi xã một dòng (cần --year).",
        default=False,
    )
    year: int | None = option(
        "--year",
        "-y",
        help="With --units: the year assessed.",
        vi="Dùng với --units: năm đánh giá.",
    )
    add_units: bool = option(
        "--add-units",
        help="With --units: rows that match no unit become units.",
        vi="Dùng với --units: dòng không khớp đơn vị nào được thêm thành đơn vị mới.",
        default=False,
    )
    file: str | None = file_flag()
    lang: str | None = lang_flag()


def import_sheet(options: ImportOptions, session: Session) -> int:
    """Record the values of a spreadsheet or CSV report into the file, in one write."""
    from ntm_cli.cli.batch import warning_line
    from ntm_cli.edit import sheet
    from ntm_cli.edit.write import record_loaded

    source = options.source
    if options.units or options.year is not None or options.add_units:
        return import_units(options, session)
    with editing(options, session, lock=not options.dry_run) as loaded:
        lang = session.lang
        computed = None
        if any(target.rollup is not None for target in loaded.doc.target):
            from ntm_cli.judge.evaluate import counted
            from ntm_cli.judge.units import counted_cells

            # roll-up rows: TH cells are compared with the count, never written (SPEC §9)
            computed = counted_cells(counted(loaded.doc))
        plan = sheet.read_plan(Path(source), source, options.sheet, loaded.doc, computed)
        skipped = sheet.describe_skipped(plan, lang)
        if options.strict and plan.skipped:
            # SPEC §9: --strict refuses the whole import; the rows say why.
            write_stderr("".join(line + "\n" for line in skipped), session)
            code = "import_strict_one" if plan.skipped == 1 else "import_strict"
            strict = Problem(code, {"n": plan.skipped}, file=source)  # says "nothing written"
            raise NtmError([*plan.unreadable, strict])  # unreadable cells are named too
        # A refused import ends saying so: the last line says what happened (SPEC §9).
        nothing = Problem("import_nothing_written", {}, file=loaded.shown)
        try:
            wanted = sheet.import_values(plan)
            changes = record_loaded(loaded, wanted, options.force, options.dry_run)
        except NtmError as error:
            raise NtmError([*sheet.at_cells(error, plan, source).problems, nothing]) from None
    if options.dry_run:
        write_stdout(sheet.describe_changes(changes, lang, plan))
    else:
        if skipped:
            write_stderr("".join(line + "\n" for line in skipped), session)
        write_stdout(sheet.describe_changes(changes, lang))
    caused = sheet.unread_percent_warnings(plan, loaded.doc, Path(source), source)
    caused += sheet.import_warnings(loaded.doc, changes, plan, source, loaded.shown)
    if caused:
        write_stderr("".join(warning_line(w, lang) + "\n" for w in caused), session)
    write_stdout(sheet.closing_line(changes, plan, lang, options.dry_run) + "\n")
    # SPEC §4 (version 3): rows skipped end in 1, so that a script or CI job notices.
    return 1 if plan.skipped else 0


def _matrix_plan(options: ImportOptions, doc: Document, year: int) -> MatrixPlan:
    """The matrix read from `--sheet`, else from the first worksheet whose header has
    criterion columns, else the first with a matrix's header at all (the workbook of `ntm
    units --format xlsx` has its matrix after the summary sheets). The grid goes once read:
    a national matrix need not stay beside the edit."""
    from ntm_cli.edit import matrix, sheet

    path, source = Path(options.source), options.source
    names: list[str | None] = [options.sheet]
    if options.sheet is None and path.suffix.lower() in sheet.WORKBOOK_SUFFIXES:
        names = list(sheet.sheet_names(path, source))
    words = matrix.Vocabulary.of(doc)
    chosen: str | None = names[0]
    fallback: str | None = None
    for name in names if len(names) > 1 else ():
        header = matrix.find_matrix_header(sheet.read_grid(path, source, name), words)
        if header is not None and header.criteria:
            chosen = name
            break
        if header is not None and fallback is None:
            fallback = name
    else:
        chosen = fallback if fallback is not None else names[0]
    grid = sheet.read_grid(path, source, chosen)
    return matrix.plan_matrix(grid, doc, source, year, options.add_units)


def import_units(options: ImportOptions, session: Session) -> int:
    """`import --units`: a criteria matrix, a row per commune (SPEC §12.4)."""
    from ntm_cli.cli.batch import warning_line
    from ntm_cli.edit import matrix, unit_write

    if not options.units:
        raise NtmError.one("units_option_alone", None)
    if options.year is None:
        raise NtmError.one("units_needs_year", None)
    source = options.source
    with editing(options, session, lock=not options.dry_run) as loaded:
        lang = session.lang
        plan = _matrix_plan(options, loaded.doc, options.year)
        if plan.unreadable:
            raise NtmError(plan.unreadable)
        skipped = matrix.describe_skipped(plan, lang)
        if options.strict and plan.skipped:
            write_stderr("".join(line + "\n" for line in skipped), session)
            code = "import_strict_one" if plan.skipped == 1 else "import_strict"
            raise NtmError.one(code, source, n=plan.skipped)
        writing = matrix.to_write(plan, loaded.doc, options.year)
        try:
            changes = unit_write.record_units(
                loaded, writing.values, options.force, options.dry_run, writing.added
            )
        except NtmError as error:
            raise matrix.at_cells(error, writing, source) from None
    if options.dry_run:
        write_stdout(matrix.describe_changes(changes, writing.added, lang, plan))
    else:
        if skipped:
            write_stderr("".join(line + "\n" for line in skipped), session)
        write_stdout(matrix.describe_changes(changes, writing.added, lang, None))
    caused = [*plan.warnings]
    caused += matrix.import_warnings(loaded.doc, changes, writing.added, plan, source, options.year)
    if caused:
        write_stderr("".join(warning_line(w, lang) + "\n" for w in caused), session)
    write_stdout(matrix.closing_line(changes, writing.added, plan, lang, options.dry_run) + "\n")
    # SPEC §4 (version 3): rows skipped end in 1, so that a script or CI job notices.
    return 1 if plan.skipped else 0


COMMAND = Command(
    "import",
    ImportOptions,
    import_sheet,
    "Ghi số liệu của một bảng tính hoặc báo cáo CSV vào tệp, trong một lần ghi.",
)
