"""Reading a criteria matrix for `ntm import --units` (SPEC §12.4): a row per commune, under
district heading rows, and a column per criterion (`TC1`, `Tiêu chí 1`, or its name), or a
count column (`Số tiêu chí đạt`), or a list column (`Tiêu chí chưa đạt`), and optionally
`Năm công nhận` columns.

Pure: a `sheet.Grid` and the file's `Document` in, a `MatrixPlan` out (what each matched row
says about its unit for the year, the units to add, and the rows skipped and why). Every
problem with a cell is a `Problem` naming the sheet cell. No I/O, no typer, no rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ntm_cli.edit.sheet import (
    HEADER_ROWS,
    Cell,
    Grid,
    cell_name,
    closing_words,
    is_blank,
    listed_rows,
)
from ntm_cli.edit.unit_write import UnitChange, UnitWanted, shown_value
from ntm_cli.errors import NtmError, Problem, describe, show_text
from ntm_cli.i18n import Lang, word
from ntm_cli.i18n import slug as ascii_slug
from ntm_cli.targets_file import rules
from ntm_cli.targets_file.data import Document
from ntm_cli.targets_file.rules import RuleError
from ntm_cli.targets_file.unit_data import Criterion, Standard, Unit

T = TypeVar("T")

# --- words ----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text compared as SPEC §9 compares names: NFC, case-folded, white space collapsed; the
    emoji variation selector dropped (`✔️` is `✔`)."""
    text = unicodedata.normalize("NFC", text.replace("\ufe0f", "")).casefold()
    return " ".join(unicodedata.normalize("NFC", text).split())


def squeeze(text: str) -> str:
    """A heading compared as a whole, ignoring case and every white space."""
    return "".join(fold(text).split())


def _cell_text(cell: Cell) -> str:
    if cell is None or isinstance(cell, bool):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


MET_WORDS = frozenset({"x", "✓", "✔", "đạt", "có", "1", "true"})
NOT_MET_WORDS = frozenset({"0", "chưa đạt", "không đạt", "không", "false"})
# A list cell saying that no criterion is unmet.
NO_CRITERIA_WORDS = frozenset({"không", "không có", "0"})

ID_HEADINGS = frozenset({"id", "mã", "mãxã", "mãđơnvị", "mãchỉtiêu"})
NAME_HEADINGS = frozenset(
    {
        "tênxã",
        "xã",
        "tênđơnvị",
        "đơnvị",
        "đơnvịhànhchính",
        "địaphương",
        "tênđịaphương",
        "tên",
        "name",
        "commune",
        "unit",
        "chỉtiêu",
        "tênchỉtiêu",
        "nộidung",
    }
)
COUNT_HEADINGS = frozenset(
    {
        "sốtiêuchíđạt",
        "tổngsốtiêuchíđạt",
        "sốtcđạt",
        "tổngsốtcđạt",
        "sốtiêuchíđạtchuẩn",
        "tổngsốtiêuchíđạtchuẩn",
        "criteriamet",
    }
)
LIST_HEADINGS = frozenset(
    {
        "tiêuchíchưađạt",
        "cáctiêuchíchưađạt",
        "tcchưađạt",
        "tiêuchíchưađạtchuẩn",
        "unmetcriteria",
        "criterianotmet",
    }
)
STT_HEADINGS = frozenset({"stt", "tt", "no", "no."})
_RECOGNITION = re.compile(r"(?:nămcôngnhận|nămđạtchuẩn|yearrecognised)(?P<standard>.*)")
_CRITERION_NUMBER = re.compile(
    r"(?:tc|tiêuchí|tiêuchísố|tcsố|criterion)?[.:#-]?0*(?P<number>[0-9]{1,2})"
)
_CRITERION_WITH_NAME = re.compile(
    r"(?:tc|tiêuchí|tiêuchísố|tcsố|criterion)?[.:#-]?0*(?P<number>[0-9]{1,2})[.:)–—-]*(?P<name>.+)"
)
DISTRICT_PREFIXES = ("huyện ", "thị xã ", "thành phố ", "quận ")
COMMUNE_PREFIX = "xã "


# --- the header row -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatrixHeader:
    """Where things are: `row` is the 0-based index of the last header row."""

    row: int
    id_column: int | None = None
    name_column: int | None = None
    criteria: dict[int, int] = field(default_factory=dict)  # column -> criterion id
    count_column: int | None = None
    list_column: int | None = None
    recognition: dict[int, str] = field(default_factory=dict)  # column -> standard id
    problems: tuple[Problem, ...] = ()  # headings that name what the file does not declare

    @property
    def usable(self) -> bool:
        named = self.id_column is not None or self.name_column is not None
        has_values = bool(self.criteria) or self.count_column is not None
        return named and (has_values or self.list_column is not None)


# What a heading names: ("id", None), ("name", None), ("criterion", id), ("count", None),
# ("list", None), ("recognition", standard id), ("ignore", None), or what the file does not
# declare: ("unknown_criterion", number), ("unknown_standard", text).
Heading = tuple[str, object]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The file's criteria and standards, keyed for matching headings."""

    criteria: dict[int, Criterion]
    names: dict[str, int]  # squeezed name or name_en -> criterion id
    standards: list[Standard]
    standard_keys: dict[str, str]  # squeezed id, name, name without "đạt chuẩn" -> standard id

    @classmethod
    def of(cls, doc: Document) -> Vocabulary:
        criteria = {c.id: c for c in doc.criterion if c.kind == "commune"}
        names: dict[str, int] = {}
        for criterion in criteria.values():
            for text in (criterion.name, criterion.name_en):
                if text:
                    names.setdefault(squeeze(text), criterion.id)
        keys: dict[str, str] = {}
        for standard in doc.standard:
            for text in (standard.id, standard.name, standard.name_en):
                if text:
                    squeezed = squeeze(text)
                    keys.setdefault(squeezed, standard.id)
                    if squeezed.startswith("đạtchuẩn"):
                        keys.setdefault(squeezed[len("đạtchuẩn") :], standard.id)
        return cls(criteria, names, list(doc.standard), keys)


def classify(cell: Cell, words: Vocabulary) -> Heading | None:
    """What a header cell names, or None for a heading that is not one of the matrix's."""
    if cell is None or isinstance(cell, bool):
        return None
    text = squeeze(_cell_text(cell))
    if not text:
        return None
    if text in ID_HEADINGS:
        return ("id", None)
    if text in NAME_HEADINGS:
        return ("name", None)
    if text in COUNT_HEADINGS:
        return ("count", None)
    if text in LIST_HEADINGS:
        return ("list", None)
    if text in STT_HEADINGS:
        return ("ignore", None)
    recognition = _RECOGNITION.fullmatch(text)
    if recognition is not None:
        wanted = recognition["standard"]
        if not wanted:
            return (
                ("recognition", words.standards[0].id)
                if words.standards
                else (
                    "unknown_standard",
                    _cell_text(cell),
                )
            )
        found = words.standard_keys.get(wanted)
        return ("recognition", found) if found else ("unknown_standard", _cell_text(cell))
    if text in words.names:
        return ("criterion", words.names[text])
    number = _CRITERION_NUMBER.fullmatch(text)
    if number is not None:
        value = int(number["number"])
        if value in words.criteria:
            return ("criterion", value)
        # A bare number may be a column number row's; a written `TC20` is a criterion.
        return ("unknown_criterion", value) if not text[0].isdigit() else None
    with_name = _CRITERION_WITH_NAME.fullmatch(text)
    if with_name is not None:
        value = int(with_name["number"])
        if words.names.get(with_name["name"]) == value:
            return ("criterion", value)
    return None


def _header_at(grid: Grid, row: int, words: Vocabulary) -> MatrixHeader:
    """The header whose last row is `row`: each column's heading is the one in `row`, or,
    where the row above names something and `row` does not, the one above (a heading merged
    down over two rows, or `Tiêu chí` over the numbers)."""
    cells = grid.rows[row]
    above = grid.rows[row - 1] if row > 0 else []
    criteria: dict[int, int] = {}
    recognition: dict[int, str] = {}
    singles: dict[str, int] = {}
    problems: list[Problem] = []
    for column in range(max(len(cells), len(above))):
        lower = cells[column] if column < len(cells) else None
        upper = above[column] if column < len(above) else None
        heading = classify(upper, words) if upper is not None else None
        own = classify(lower, words) if lower is not None else None
        if heading is None or heading[0] == "ignore":
            heading = own
        elif heading[0] in ("id", "name") and not (is_blank(lower) or own == heading):
            # a name under the name heading: `row` is a data row, not a header row
            return MatrixHeader(row)
        if heading is None:
            continue
        kind, value = heading
        if kind == "criterion":
            assert isinstance(value, int)
            if value not in criteria.values():  # the first of two equal columns counts
                criteria[column] = value
        elif kind == "recognition":
            assert isinstance(value, str)
            if value not in recognition.values():
                recognition[column] = value
        elif kind in ("id", "name", "count", "list"):
            singles.setdefault(kind, column)
        elif kind == "unknown_criterion":
            problems.append(_heading_problem("matrix_criterion_unknown", grid, row, column, value))
        elif kind == "unknown_standard":
            problems.append(_heading_problem("matrix_standard_unknown", grid, row, column, value))
    return MatrixHeader(
        row,
        singles.get("id"),
        singles.get("name"),
        criteria,
        singles.get("count"),
        singles.get("list"),
        recognition,
        tuple(problems),
    )


def _heading_problem(code: str, grid: Grid, row: int, column: int, got: object) -> Problem:
    return Problem(code, {"got": describe(got)}, field=cell_name(grid, row, column))


def find_matrix_header(grid: Grid, words: Vocabulary) -> MatrixHeader | None:
    """The first row (of the first 20) that names the communes (a name or id column) and
    their criteria (criterion columns, a count column or a list column); the next row
    instead when, read under it, it adds criterion columns (numbers under a merged
    `Tiêu chí`)."""
    for row in range(min(HEADER_ROWS, len(grid.rows))):
        header = _header_at(grid, row, words)
        if not header.usable:
            continue
        if row + 1 < len(grid.rows):
            below = _header_at(grid, row + 1, words)
            if below.usable and len(below.criteria) > len(header.criteria):
                return below
        return header
    return None


# --- cells ----------------------------------------------------------------------------------


class Unreadable(ValueError):
    """A cell that means nothing the matrix knows: args are (code, params)."""


# The words of a sheet's criterion cells, each folded once: a national matrix has 150,000
# cells and a handful of distinct texts.
_TEXT_STATES: dict[str, bool | None] = {}


def criterion_cell(cell: Cell) -> bool | None:
    """Met (True), not met (False), or None for a blank cell (not met, and not filled)."""
    if cell is None:
        return None
    if isinstance(cell, str):
        state = _TEXT_STATES.get(cell, _UNKNOWN)
        if state is _UNKNOWN:
            state = _text_state(cell)
            if len(_TEXT_STATES) < 4096:
                _TEXT_STATES[cell] = state
        if state is _UNREADABLE:
            raise Unreadable("matrix_cell", {"got": describe(cell)})
        return None if state is None else bool(state)
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return cell == 1
    raise Unreadable("matrix_cell", {"got": describe(cell)})


_UNKNOWN: Any = object()
_UNREADABLE: Any = object()


def _text_state(text: str) -> Any:
    if is_blank(text):
        return None
    key = fold(text)
    if key in MET_WORDS:
        return True
    if key in NOT_MET_WORDS:
        return False
    return _UNREADABLE


def _whole(cell: Cell, digits: int) -> int | None:
    """A whole number of at most `digits` digits: a numeric cell, or text of digits."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and abs(cell) < 10**digits else None
    if isinstance(cell, str) and re.fullmatch(rf"\s*[0-9]{{1,{digits}}}\s*", cell):
        return int(cell)
    return None


def count_cell(cell: Cell, total: int) -> int | None:
    """A count of criteria met, 0 to `total`; None for a blank cell."""
    if is_blank(cell):
        return None
    value = _whole(cell, 3)
    if value is None or not 0 <= value <= total:
        raise Unreadable("matrix_count", {"got": describe(cell), "total": total})
    return value


_LIST_SEPARATORS = re.compile(r"[,;/\s]+")


def list_cell(cell: Cell, declared: Sequence[int]) -> tuple[int, ...] | None:
    """The criteria listed as not met (`13, 17`, `13; 17`, `TC13, TC17`), ascending; () for
    `Không`; None for a blank cell."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise Unreadable("matrix_list", {"got": describe(cell)})
    if isinstance(cell, int | float):
        if not (float(cell).is_integer() and int(cell) in declared):
            raise Unreadable("matrix_list", {"got": describe(cell)})
        return (int(cell),)
    text = fold(str(cell))
    if text in NO_CRITERIA_WORDS:
        return ()
    found: set[int] = set()
    for token in _LIST_SEPARATORS.split(squeeze_list(text)):
        if not token:
            continue
        number = _CRITERION_NUMBER.fullmatch(token)
        if number is None or int(number["number"]) not in declared:
            raise Unreadable("matrix_list", {"got": describe(cell)})
        found.add(int(number["number"]))
    if not found:
        raise Unreadable("matrix_list", {"got": describe(cell)})
    return tuple(sorted(found))


def squeeze_list(text: str) -> str:
    """`TC 13, Tiêu chí 17` as `tc13, tiêuchí17`: a prefix joined to its number."""
    return re.sub(
        r"(tiêu chí số|tiêu chí|tc số|tc)\s*", lambda m: m.group(1).replace(" ", ""), text
    )


def year_cell(cell: Cell) -> int | None:
    """A recognition year, 1900–2100; None for a blank cell."""
    if is_blank(cell):
        return None
    value = _whole(cell, 4)
    if value is None or not 1900 <= value <= 2100:
        raise Unreadable("matrix_year", {"got": describe(cell)})
    return value


# --- names and ids --------------------------------------------------------------------------


def name_key(text: str) -> str:
    """A commune's name as rows are matched: folded, without a leading `Xã`."""
    key = fold(text)
    if key.startswith(COMMUNE_PREFIX) and len(key) > len(COMMUNE_PREFIX):
        key = key[len(COMMUNE_PREFIX) :]
    return key


def district_heading(text: str) -> bool:
    """Whether a name reads as a district's (`Huyện`, `Thị xã`, `Thành phố`, `Quận`)."""
    key = fold(text)
    return any(key.startswith(p) and len(key) > len(p) for p in DISTRICT_PREFIXES)


def district_key(text: str) -> str:
    """A district's name without its prefix."""
    key = fold(text)
    for prefix in DISTRICT_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def slug(text: str) -> str:
    """The ASCII slug of a name (`Xã Nhơn Ái` → `nhon-ai`, `Huyện Phong Điền` →
    `phong-dien`): the `Xã` or district prefix dropped, then `i18n.slug`; `unit` when
    nothing is left."""
    key = fold(text)
    for prefix in (COMMUNE_PREFIX, *DISTRICT_PREFIXES):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
            break
    return ascii_slug(key) or "unit"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first not in `taken` (which it joins)."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assessment:
    """What one row says about its commune for the year."""

    unmet: tuple[int, ...] | None = None
    met_count: int | None = None
    recognised: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """A matched (or added) commune's row: sheet row from 1, the unit's id, what it says."""

    row: int
    unit_id: str
    assessment: Assessment
    cell: str  # the cell that names the row (`Sheet1!B7`)
    # The cell each value came from, where one cell gives it: "met_count" (the count column),
    # "unmet" (the list column, when there are no criterion columns), "recognised.<standard>"
    # (its year column). Values read from the criterion columns are named by `cell`.
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A unit `--add-units` adds: a commune from an unmatched row, or the district of its
    heading."""

    id: str
    name: str
    kind: str
    parent: str | None
    row: int


@dataclass
class MatrixPlan:
    rows: list[MatrixRow] = field(default_factory=list)
    new_units: list[NewUnit] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    ambiguous: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    not_assessed: list[tuple[int, str]] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.unmatched) + len(self.ambiguous) + len(self.not_assessed)


@dataclass
class _Index:
    """The file's units keyed for matching rows."""

    by_id: dict[str, Unit]
    communes: dict[str, list[Unit]]  # name_key -> communes
    districts: dict[str, list[Unit]]  # district_key -> districts
    taken: set[str]

    @classmethod
    def of(cls, doc: Document) -> _Index:
        communes: dict[str, list[Unit]] = {}
        districts: dict[str, list[Unit]] = {}
        for unit in doc.unit:
            texts = {unit.name, unit.name_en or ""} - {""}
            if unit.kind == "commune":
                for key in {name_key(t) for t in texts}:
                    communes.setdefault(key, []).append(unit)
            else:
                for key in {district_key(t) for t in texts}:
                    districts.setdefault(key, []).append(unit)
        taken = {u.id for u in doc.unit} | {t.id for t in doc.target}
        return cls({u.id: u for u in doc.unit}, communes, districts, taken)


def plan_matrix(
    grid: Grid, doc: Document, shown: str, year: int, add_units: bool = False
) -> MatrixPlan:
    """Every row of the matrix matched to a commune of `doc`, read for `year`."""
    words = Vocabulary.of(doc)
    header = find_matrix_header(grid, words)
    if header is None:
        raise NtmError.one("matrix_no_header", shown, rows=HEADER_ROWS)
    if header.problems:
        raise NtmError([_located(p, shown) for p in header.problems])
    declared = sorted(words.criteria)
    if header.criteria:
        missing = [c for c in declared if c not in header.criteria.values()]
        if missing:
            raise NtmError.one(
                "matrix_criteria_missing", shown, missing=", ".join(map(str, missing))
            )
    if (header.criteria or header.count_column is not None or header.list_column is not None) and (
        not declared
    ):
        raise NtmError.one("matrix_no_criteria", shown)
    index = _Index.of(doc)
    plan = MatrixPlan()
    seen: dict[str, tuple[int, Assessment]] = {}
    added: dict[tuple[str, str | None], str] = {}  # (name, parent) -> id of a commune added
    district: Unit | NewUnit | None = None
    district_text, district_row = "", 0
    for row in range(header.row + 1, len(grid.rows)):
        cells = grid.rows[row]
        id_text = _text_at(cells, header.id_column)
        name_text = _text_at(cells, header.name_column)
        value_columns = [*header.criteria, header.count_column, header.list_column]
        filled = any(
            not is_blank(_at(cells, column)) for column in value_columns if column is not None
        )
        if not filled and name_text and district_heading(name_text):
            district_text, district_row = name_text, row
            district = _district(index, id_text, name_text)
            continue
        recognised_filled = any(not is_blank(_at(cells, c)) for c in header.recognition)
        if not filled and not recognised_filled:
            if (id_text or name_text) and _match(index, id_text, name_text, None)[0] is not None:
                plan.not_assessed.append((row + 1, id_text or name_text))
            continue
        unit, candidates = _match(index, id_text, name_text, district)
        if unit is None and candidates:
            plan.ambiguous.append((row + 1, name_text, candidates))
            continue
        if unit is None and not add_units:
            plan.unmatched.append((row + 1, id_text or name_text))
            continue
        try:
            assessment = _assessment(grid, row, header, declared, shown)
        except NtmError as error:
            plan.unreadable.extend(error.problems)
            continue
        if assessment.unmet is None and assessment.met_count is None:
            plan.not_assessed.append((row + 1, id_text or name_text))
            continue
        if unit is None:
            if not name_text:
                plan.unmatched.append((row + 1, id_text))
                continue
            refused = [
                _bad_name(text, cell_name(grid, at, _row_column(header)), shown)
                for text, at in ((district_text, district_row), (name_text, row))
                if text and (at == row or district is None)
            ]
            if any(refused):
                plan.unreadable += [p for p in refused if p and p not in plan.unreadable]
                continue
            parent = _new_district(plan, index, district, district_text, row)
            key = (name_key(name_text), parent)
            unit_id = added.get(key, "")
            if not unit_id:  # a second row of a commune added from an earlier one is that one
                unit_id = _new_id(id_text, name_text, index.taken)
                added[key] = unit_id
                plan.new_units.append(NewUnit(unit_id, name_text, "commune", parent, row + 1))
        else:
            unit_id = unit.id
            if id_text and name_text and name_key(name_text) not in _keys(unit):
                plan.warnings.append(
                    Problem(
                        "matrix_name_differs",
                        {"id": unit.id, "name": unit.name, "got": name_text},
                        file=shown,
                        field=cell_name(grid, row, _row_column(header)),
                    )
                )
        first = seen.setdefault(unit_id, (row + 1, assessment))
        if first[0] != row + 1:
            if first[1] != assessment:
                plan.unreadable.append(
                    Problem(
                        "matrix_duplicate",
                        {"id": unit_id, "first": first[0]},
                        file=shown,
                        field=cell_name(grid, row, _row_column(header)),
                    )
                )
            continue
        plan.rows.append(
            MatrixRow(
                row + 1,
                unit_id,
                assessment,
                cell_name(grid, row, _row_column(header)),
                _value_cells(grid, row, header),
            )
        )
    return plan


def _value_cells(grid: Grid, row: int, header: MatrixHeader) -> dict[str, str]:
    """The cell each of the row's values comes from, where one cell gives it (MatrixRow)."""
    found: dict[str, str] = {}
    if header.count_column is not None:
        found["met_count"] = cell_name(grid, row, header.count_column)
    if header.list_column is not None and not header.criteria:
        found["unmet"] = cell_name(grid, row, header.list_column)
    for column, standard in header.recognition.items():
        found[f"recognised.{standard}"] = cell_name(grid, row, column)
    return found


def _located(problem: Problem, shown: str) -> Problem:
    return Problem(problem.code, problem.params, file=shown, field=problem.field)


def _row_column(header: MatrixHeader) -> int:
    """The column that names a row: its name, else its id."""
    found = header.name_column if header.name_column is not None else header.id_column
    assert found is not None
    return found


def _at(cells: Sequence[Cell], column: int) -> Cell:
    return cells[column] if column < len(cells) else None


def _text_at(cells: Sequence[Cell], column: int | None) -> str:
    if column is None:
        return ""
    cell = _at(cells, column)
    if is_blank(cell) or isinstance(cell, bool):
        return ""
    return " ".join(unicodedata.normalize("NFC", _cell_text(cell)).split())


def _keys(unit: Unit) -> set[str]:
    return {name_key(t) for t in (unit.name, unit.name_en) if t}


def _match(
    index: _Index, id_text: str, name_text: str, district: Unit | NewUnit | None
) -> tuple[Unit | None, tuple[str, ...]]:
    """The commune a row names (by id where the row has one, else by name, the heading's
    district deciding between namesakes), or None and the ids of several that match."""
    if id_text:
        unit = index.by_id.get(id_text) or index.by_id.get(id_text.casefold())
        return (unit, ()) if unit is not None and unit.kind == "commune" else (None, ())
    if not name_text:
        return None, ()
    found = index.communes.get(name_key(name_text), [])
    if len(found) > 1 and district is not None:
        inside = [u for u in found if u.parent == district.id]
        if inside:
            found = inside
    if len(found) == 1:
        return found[0], ()
    return None, tuple(u.id for u in found)


def _district(index: _Index, id_text: str, name_text: str) -> Unit | None:
    if id_text:
        unit = index.by_id.get(id_text)
        if unit is not None and unit.kind == "district":
            return unit
    found = index.districts.get(district_key(name_text), [])
    return found[0] if len(found) == 1 else None


def _bad_name(text: str, where: str, shown: str) -> Problem | None:
    """Why `text` cannot be a new unit's name (a control character, …), named by its cell."""
    try:
        rules.name(text)
    except RuleError as error:
        return Problem(error.kind, dict(error.context), file=shown, field=where)
    return None


def _new_district(
    plan: MatrixPlan,
    index: _Index,
    district: Unit | NewUnit | None,
    text: str,
    row: int,
) -> str | None:
    """The parent of a commune added under the heading `text`: the district it names, added
    the first time a commune under it is."""
    if district is not None:
        return district.id
    if not text:
        return None
    key = district_key(text)
    for new in plan.new_units:
        if new.kind == "district" and district_key(new.name) == key:
            return new.id
    added = NewUnit(unique_id(slug(text), index.taken), text, "district", None, row + 1)
    plan.new_units.append(added)
    return added.id


_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def _new_id(id_text: str, name_text: str, taken: set[str]) -> str:
    if id_text and _ID.fullmatch(id_text) and id_text not in taken:
        taken.add(id_text)
        return id_text
    return unique_id(slug(name_text), taken)


def _assessment(
    grid: Grid, row: int, header: MatrixHeader, declared: list[int], shown: str
) -> Assessment:
    """What the row's cells say; NtmError listing every unreadable cell."""
    cells = grid.rows[row]
    problems: list[Problem] = []

    def read(column: int, reader: Callable[[Cell], T]) -> T | None:
        try:
            return reader(_at(cells, column))
        except Unreadable as error:
            code, params = error.args
            problems.append(Problem(code, params, file=shown, field=cell_name(grid, row, column)))
            return None

    total = len(declared)
    unmet: tuple[int, ...] | None = None
    if header.criteria:
        filled = False
        not_met: list[int] = []
        width = len(cells)
        for column, criterion in header.criteria.items():
            try:
                state = criterion_cell(cells[column] if column < width else None)
            except Unreadable as error:
                code, params = error.args
                problems.append(
                    Problem(code, params, file=shown, field=cell_name(grid, row, column))
                )
                continue
            if state is not None:
                filled = True
            if not state:
                not_met.append(criterion)
        if filled:
            unmet = tuple(sorted(not_met))
    count: int | None = None
    if header.count_column is not None:
        count = read(header.count_column, lambda cell: count_cell(cell, total))
    listed: tuple[int, ...] | None = None
    if header.list_column is not None:
        listed = read(header.list_column, lambda cell: list_cell(cell, declared))
    recognised: dict[str, int] = {}
    for column, standard in header.recognition.items():
        found = read(column, year_cell)
        if found is not None:
            recognised[standard] = found
    if problems:
        raise NtmError(problems)
    if unmet is not None:
        if listed is not None and set(listed) != set(unmet):
            assert header.list_column is not None
            problems.append(
                _mismatch(
                    "matrix_list_mismatch", grid, row, header.list_column, shown, listed, unmet
                )
            )
        if count is not None and count != total - len(unmet):
            assert header.count_column is not None
            problems.append(
                _mismatch(
                    "matrix_count_mismatch",
                    grid,
                    row,
                    header.count_column,
                    shown,
                    count,
                    total - len(unmet),
                )
            )
        if problems:
            raise NtmError(problems)
        return Assessment(unmet, None, recognised)
    if listed is not None:
        if count is not None and count != total - len(listed):
            assert header.count_column is not None
            raise NtmError(
                [
                    _mismatch(
                        "matrix_count_mismatch",
                        grid,
                        row,
                        header.count_column,
                        shown,
                        count,
                        total - len(listed),
                    )
                ]
            )
        return Assessment(listed, None, recognised)
    return Assessment(None, count, recognised)


def _mismatch(
    code: str, grid: Grid, row: int, column: int, shown: str, got: object, counted: object
) -> Problem:
    def text(value: object) -> str:
        if isinstance(value, tuple):
            return ", ".join(map(str, value)) or "—"
        return str(value)

    return Problem(
        code,
        {"got": text(got), "counted": text(counted)},
        file=shown,
        field=cell_name(grid, row, column),
    )


# --- what to write, and words ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Writing:
    """What the plan asks of the file: values to set, units to add, and the cell each value
    came from (`Sheet1!C7`), to name it in a refusal."""

    values: list[UnitWanted]
    added: list[Unit]
    cells: dict[tuple[str, str, int | str], str]


def to_write(plan: MatrixPlan, doc: Document, year: int) -> Writing:
    """The values of every matched row and the units `--add-units` adds. An `unmet` list
    where the file has a different `met_count` for the year sets that count too (the file
    holds both only when they agree); a count where the file has an `unmet` list that agrees
    with it is not written again."""
    total = sum(1 for c in doc.criterion if c.kind == "commune")
    by_id = {unit.id: unit for unit in doc.unit}
    new = {unit.id: unit for unit in plan.new_units}
    values: list[UnitWanted] = []
    cells: dict[tuple[str, str, int | str], str] = {}
    assessed: dict[str, Assessment] = {}
    for row in plan.rows:
        found = row.assessment
        if row.unit_id in new:
            assessed[row.unit_id] = found
            continue
        unit = by_id[row.unit_id]
        wanted: list[UnitWanted] = []
        if found.unmet is not None:
            wanted.append(UnitWanted(unit.id, "unmet", year, found.unmet))
            count = unit.met_count.get(year)
            if count is not None and count != total - len(found.unmet):
                wanted.append(UnitWanted(unit.id, "met_count", year, total - len(found.unmet)))
        elif found.met_count is not None:
            listed = unit.unmet.get(year)
            if listed is None or total - len(listed) != found.met_count:
                wanted.append(UnitWanted(unit.id, "met_count", year, found.met_count))
        for standard, when in found.recognised.items():
            wanted.append(UnitWanted(unit.id, "recognised", standard, when))
        for one in wanted:
            named = f"recognised.{one.slot}" if one.table == "recognised" else one.table
            cells[(one.unit_id, one.table, one.slot)] = row.cells.get(named, row.cell)
        values += wanted
    added: list[Unit] = []
    for new_unit in plan.new_units:
        found = assessed.get(new_unit.id, Assessment())
        added.append(
            Unit(
                new_unit.id,
                new_unit.name,
                new_unit.kind,
                parent=new_unit.parent,
                recognised=dict(found.recognised),
                unmet={year: found.unmet} if found.unmet is not None else {},
                met_count={year: found.met_count} if found.met_count is not None else {},
            )
        )
    return Writing(values, added, cells)


def at_cells(error: NtmError, writing: Writing, sheet_shown: str) -> NtmError:
    """The refusals of `unit_write.decide` and of the file's rules after the change, each named
    by the sheet cell its value came from, not by the line of the targets file:
    `m.xlsx: Sheet1!C7: unit "nhon-ai": unmet.2024: already [13]; …`."""
    located = []
    for problem in error.problems:
        table, _, slot = (problem.field or "").partition(".")
        cell = writing.cells.get((problem.target_id or "", table, _slot(slot)))
        located.append(
            problem if cell is None else replace(problem, file=f"{sheet_shown}: {cell}", line=None)
        )
    return NtmError(located)


def _slot(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def describe_changes(
    changes: Sequence[UnitChange], added: Sequence[Unit], lang: Lang, plan: MatrixPlan | None
) -> str:
    """One line per change (`nhon-ai: unmet.2024: — → [13, 17]`), then each unit added, then
    the rows skipped. Ends with a newline."""
    lines = [
        f"{c.unit_id}: {c.table}.{c.slot}: {shown_value(c.old) or '—'} → {shown_value(c.new)}"
        for c in changes
        if c.changed
    ]
    for unit in added:
        lines.append(
            word(
                lang,
                "matrix_added_" + unit.kind,
                id=unit.id,
                name=show_text(unit.name),
                parent=unit.parent or "—",
            )
        )
        for table in ("recognised", "unmet", "met_count"):
            values: dict[Any, Any] = getattr(unit, table)
            lines += [f"{unit.id}: {table}.{k}: — → {shown_value(v)}" for k, v in values.items()]
    if not lines:
        lines.append(word(lang, "import_none"))
    if plan is not None:
        lines += describe_skipped(plan, lang)
    return "\n".join(lines) + "\n"


def describe_skipped(plan: MatrixPlan, lang: Lang) -> list[str]:
    """One line per skipped row, in sheet order; past `LISTED_ROWS` lines, a count."""
    skipped = [
        (row, word(lang, "matrix_ambiguous", row=row, text=show_text(text), ids=", ".join(ids)))
        for row, text, ids in plan.ambiguous
    ]
    skipped += [
        (row, word(lang, "matrix_unmatched", row=row, text=show_text(text)))
        for row, text in plan.unmatched
    ]
    skipped += [
        (row, word(lang, "matrix_not_assessed", row=row, text=show_text(text)))
        for row, text in plan.not_assessed
    ]
    return listed_rows(skipped, lang)


def written_count(changes: Sequence[UnitChange], added: Sequence[Unit]) -> tuple[int, int]:
    """(values written, values unchanged): a unit added counts its values."""
    new = sum(1 for c in changes if c.changed)
    for unit in added:
        new += len(unit.recognised) + len(unit.unmet) + len(unit.met_count)
    return new, sum(1 for c in changes if not c.changed)


def closing_line(
    changes: Sequence[UnitChange],
    added: Sequence[Unit],
    plan: MatrixPlan,
    lang: Lang,
    dry_run: bool,
) -> str:
    """The last line of an import (SPEC §9): values written (or that would be, and that
    nothing was), unchanged, rows skipped."""
    new, unchanged = written_count(changes, added)
    return closing_words(lang, dry_run, new, unchanged, plan.skipped)


def import_warnings(
    doc: Document,
    changes: Sequence[UnitChange],
    added: Sequence[Unit],
    plan: MatrixPlan,
    sheet_shown: str,
    year: int,
) -> list[Problem]:
    """The warnings of SPEC §5 about units (targets_file.lint.unit_warnings) that the import
    causes: there after, not before (a year already partly assessed stays unmentioned). Each
    is named by the row of the one changed unit that caused it (`m.xlsx: Sheet1!B7`: for a
    roll-up's year, the one unit in scope added, or changed in that year), else by the sheet
    (`m.xlsx: Sheet1`, or `m.csv`)."""
    from ntm_cli.edit.unit_write import updated
    from ntm_cli.judge.units import Units
    from ntm_cli.targets_file.lint import unit_warnings
    from ntm_cli.targets_file.load import LineIndex

    wanted = [change for change in changes if change.changed]
    if not wanted and not added:
        return []
    after = updated(doc, wanted, added)
    if not added:  # only `year` changed, and a year's warnings read that year alone
        after = _year_only(after, year)
        assessed = any(year in u.unmet or year in u.met_count for u in doc.unit)
        doc = _year_only(doc, year) if assessed else replace(doc, unit=[])  # a new year

    def key(problem: Problem) -> tuple[Any, ...]:
        # Not the counts: the same partly assessed year with fewer missing is no news.
        params = problem.params
        return (problem.code, problem.target_id, params.get("year"), params.get("years"))

    before = {key(p) for p in unit_warnings(doc, LineIndex([]), "")}
    caused = {change.unit_id for change in wanted} | {unit.id for unit in added}
    # The years each changed unit changed in: an assessment's year, a recognition's year. A
    # unit added changes every year (it is in scope where it was not).
    new_ids = {unit.id for unit in added}
    changed_in = {(c.unit_id, c.slot if isinstance(c.slot, int) else c.new) for c in wanted}
    cells = {row.unit_id: row.cell for row in plan.rows if row.unit_id in caused}
    first = next(iter(cells.values()), "")
    sheet = f"{sheet_shown}: {first.rpartition('!')[0]}" if "!" in first else sheet_shown
    units = Units(after)
    targets = {target.id: target for target in after.target}
    found = []
    for problem in unit_warnings(after, LineIndex([]), ""):
        if key(problem) in before or (not added and problem.code == "warn_district_empty"):
            continue  # without units added, no district lost its communes
        target = targets.get(problem.target_id or "") if problem.table != "unit" else None
        rows = [problem.target_id or ""]
        if target is not None and target.rollup is not None:
            rollup, when = target.rollup, problem.params["year"]
            rows = [
                u.id
                for u in units.in_scope(rollup.of, when, rollup.within)
                if u.id in new_ids or (u.id, when) in changed_in
            ]
        named = [cells[unit_id] for unit_id in rows if unit_id in cells]
        file = f"{sheet_shown}: {named[0]}" if len(named) == 1 else sheet
        found.append(replace(problem, file=file, line=None, target_index=None))
    return found


def _year_only(doc: Document, year: int) -> Document:
    """`doc` with the units' assessments of `year` alone: a national file has 8,000 units
    and years of them, and the warnings of a year read no other."""

    def only(values: dict[int, Any]) -> dict[int, Any]:
        return {year: values[year]} if year in values else {}

    units = [replace(u, unmet=only(u.unmet), met_count=only(u.met_count)) for u in doc.unit]
    return replace(doc, unit=units)
