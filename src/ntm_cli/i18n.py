"""Words and numbers in Vietnamese and English: status labels, column headings, messages,
and number formatting (vi: 1.234,5; en: 1,234.5). No typer, no rich."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any, Literal

from ntm_cli.errors import Problem
from ntm_cli.targets_file.data import PlanValue, Range
from ntm_cli.targets_file.rules import exact

Lang = Literal["vi", "en"]  # the languages of rules.LANGS

# Every badge carries a symbol so that it reads without colour.
SYMBOLS = {
    "exceeded": "▲",
    "met": "✔",
    "near": "≈",
    "missed": "✘",
    "ahead": "»",
    "in-progress": "…",
    "no-plan": "•",
    "no-data": "?",
}

STATUS_LABELS: dict[Lang, dict[str, str]] = {
    "vi": {
        "exceeded": "VƯỢT",
        "met": "ĐẠT",
        "near": "GẦN ĐẠT",
        "missed": "KHÔNG ĐẠT",
        "ahead": "ĐẠT SỚM",
        "in-progress": "ĐANG THỰC HIỆN",
        "no-plan": "THEO DÕI",
        "no-data": "CHƯA CÓ SỐ LIỆU",
    },
    "en": {
        "exceeded": "EXCEEDED",
        "met": "MET",
        "near": "NEAR",
        "missed": "MISSED",
        "ahead": "AHEAD",
        "in-progress": "IN PROGRESS",
        "no-plan": "TRACKED",
        "no-data": "NO DATA",
    },
}

WORDS: dict[Lang, dict[str, str]] = {
    "vi": {
        "target": "Chỉ tiêu",
        "unit": "Đơn vị",
        "plan": "Kế hoạch (KH)",
        "actual": "Thực hiện (TH)",
        "plan_short": "KH",
        "actual_short": "TH",
        "delta": "Chênh lệch",
        "ratio": "TH/KH (%)",
        "status": "Trạng thái",
        "change": "Thay đổi",
        "year": "Năm",
        "milestone": "Mốc kế hoạch",
        "baseline": "Năm gốc",
        "trend": "Xu hướng",
        "points": "điểm %",
        "other_group": "Khác",
        "total": "Tổng",
        "targets": "chỉ tiêu",
        "report_year": "Năm {year}",
        "vs": "so với năm {year}",
        "no_targets": "Không có chỉ tiêu nào có số liệu cho năm {year}.",
        "no_years": "Tệp chưa có số liệu kế hoạch hoặc thực hiện nào.",
        "ahead_by": "sớm {n} năm",
        "passed": "THÔNG QUA: mọi chỉ tiêu đạt yêu cầu kiểm tra",
        "failed": "KHÔNG THÔNG QUA: {n} chỉ tiêu không qua kiểm tra",
        "warnings": "{n} cảnh báo",
        "verdict_fail": "không qua",
        "verdict_warn": "cảnh báo",
        "gate_warn": "chỉ cảnh báo, không làm kiểm tra thất bại",
        "why_missed": "không đạt kế hoạch",
        "why_near": "gần đạt kế hoạch",
        "why_no_data": "chưa có số liệu thực hiện",
        "check_title": "Kiểm tra chỉ tiêu năm {year}",
        "strict": "chế độ nghiêm ngặt",
        "source": "Nguồn",
        "note": "Ghi chú",
        "notes": "Ghi chú",
        "baseline_year": "Năm gốc {year}",
        "vs_year": "So với năm {year}",
        "ratio_short": "TH/KH %",
        "direction_increase": "càng cao càng tốt",
        "direction_decrease": "càng thấp càng tốt",
        "none": "—",
        "valid": "hợp lệ",
        "recorded": "{id}: {table} {year} = {new} ({was})",
        "was": "trước đó {old}",
        "was_unset": "trước đó chưa có",
        "unchanged": "{id}: {table} {year} = {new} (không đổi)",
        "wrote": "đã ghi {path}",
        "milestones": "Mốc kế hoạch",
        "overview": "{n} chỉ tiêu: tóm tắt theo nhóm; --all để xem từng chỉ tiêu",
        "group": "Nhóm",
        "count": "Số chỉ tiêu",
        "attention": "Cần chú ý",
        "more_attention": "… và {n} chỉ tiêu khác cần chú ý (--all để xem tất cả)",
        "estimate_mark": "ước",
        "counted_legend": "∑ đếm từ các đơn vị",
        "unit_commune": "Xã",
        "unit_district": "Huyện",
        "unit_in": "thuộc {parent}",
        "unit_exists": "tồn tại {span}",
        "unit_recognised": "Công nhận",
        "unit_not_recognised": "chưa được công nhận",
        "unit_revoked": "thu hồi năm {year}",
        "unit_criteria_met": "Số tiêu chí đạt",
        "unit_unmet": "Tiêu chí chưa đạt",
        "unit_maintained": "Duy trì",
        "unit_no_assessment": "Chưa có năm nào được đánh giá.",
        "unit_unknown": "không rõ",
        "start": "Xuất phát",
        "period_target": "Mục tiêu",
        "progress": "Tiến độ",
        "outlook": "Khả năng đạt",
        "at_this_pace": "Theo tốc độ hiện nay",
        "expected_in": "dự kiến đạt năm {year}",
        "not_at_this_pace": "không đạt với tốc độ này",
        "toward_year": "mục tiêu năm {year}",
        "no_outlook": "Không có chỉ tiêu nào có kế hoạch từ năm {year} trở đi.",
        "import_none": "Không có thay đổi.",
        "import_unmatched": 'dòng {row}: "{text}": không khớp chỉ tiêu nào, bỏ qua',
        "import_ambiguous": 'dòng {row}: "{text}": khớp nhiều chỉ tiêu ({ids}), bỏ qua',
        "import_more": "… và {n} dòng khác bị bỏ qua",
        "matrix_unmatched": 'dòng {row}: "{text}": không khớp xã nào, bỏ qua',
        "matrix_ambiguous": 'dòng {row}: "{text}": khớp nhiều xã ({ids}), bỏ qua',
        "matrix_not_assessed": 'dòng {row}: "{text}": không có ô tiêu chí nào được ghi, chưa '
        "đánh giá, bỏ qua",
        "estimate_short": "Ước TH",
        "id": "id",
        "delta_pct": "Chênh lệch (%)",
        "milestone_year": "Năm mốc",
        "chart_title": "{name}: kế hoạch và thực hiện qua các năm",
        "progress_toward": "Tiến độ đến mục tiêu {year} (TH so với KH {year})",
        "ratio_year": "TH/KH năm {year} (%)",
        "legend": "Chú giải",
        "legend_plan": "Kế hoạch",
        "legend_range": "Kế hoạch dạng khoảng",
        "legend_actual": "Thực hiện",
        "legend_estimate": "Ước thực hiện",
        "html_overview": "{n} chỉ tiêu: tóm tắt theo nhóm, biểu đồ cho các chỉ tiêu cần chú ý",
        "other_targets": "Các chỉ tiêu còn lại",
        "more_charts": "… và {n} chỉ tiêu khác cần chú ý, liệt kê ở bảng dưới",
        "summary": "Tóm tắt",
        "start_year": "Năm xuất phát",
        "progress_pct": "Tiến độ (%)",
        "outlook_ratio": "TH/mục tiêu (%)",
        "method": "Phương pháp",
        "method_cagr": "tăng trưởng bình quân (CAGR)",
        "method_linear": "tuyến tính",
        "pace": "Tốc độ (thực tế/cần thiết)",
        "growth": "Tăng trưởng bình quân năm",
        "projected": "Dự báo năm mục tiêu",
        "reach_year": "Năm dự kiến đạt",
        "current": "Hiện tại",
        "outlook_progress": "Tiến độ từ xuất phát đến mục tiêu {year}",
        "outlook_ratio_year": "TH so với mục tiêu {year} (%)",
        "legend_goal": "Mục tiêu cuối kỳ",
        "html_outlook_overview": (
            "{n} chỉ tiêu: tóm tắt theo nhóm, biểu đồ cho các chỉ tiêu chưa đạt"
            " và chưa đúng tiến độ"
        ),
        "goal_desc": "Mục tiêu {year}: {plan}.",
        "warning_prefix": "cảnh báo",
        "invalid_file_title": "ntm: tệp chỉ tiêu không hợp lệ",
        "invalid_file": "không hợp lệ, {n} lỗi",
        "missing_file": "không đọc được tệp chỉ tiêu",
        # --format docx (SPEC §14)
        "stt": "STT",
        "docx_title_status": "Kết quả thực hiện các chỉ tiêu",
        "docx_title_compare": "Kết quả thực hiện so với kế hoạch",
        "docx_title_outlook": "Khả năng đạt mục tiêu các chỉ tiêu",
        "docx_title_period": "Kết quả thực hiện các chỉ tiêu từ đầu năm",
        "docx_title_units": "Kết quả xây dựng nông thôn mới theo xã, huyện",
        "docx_item": "Nội dung",
        "docx_value": "Kết quả",
        "year_note": "{file}: đã kiểm tra năm {year}, năm mới nhất có số liệu trong tệp; "
        "để cố định năm, dùng --year {year} hoặc ghi year = {year} trong [program]",
    },
    "en": {
        "target": "Target",
        "unit": "Unit",
        "plan": "Plan",
        "actual": "Actual",
        "plan_short": "Plan",
        "actual_short": "Actual",
        "delta": "Delta",
        "ratio": "Actual/Plan (%)",
        "status": "Status",
        "change": "Change",
        "year": "Year",
        "milestone": "Milestone",
        "baseline": "Baseline",
        "trend": "Trend",
        "points": "pp",
        "other_group": "Other",
        "total": "Total",
        "targets": "targets",
        "report_year": "Year {year}",
        "vs": "vs {year}",
        "no_targets": "No target has figures for {year}.",
        "no_years": "The file has no plan or actual values yet.",
        "ahead_by": "{n} yr ahead",
        "passed": "PASSED: no target failed",
        "failed": "FAILED: {n} targets failed",
        "failed_one": "FAILED: 1 target failed",
        "warnings": "{n} warnings",
        "warnings_one": "1 warning",
        "verdict_fail": "fail",
        "verdict_warn": "warning",
        "gate_warn": "a warning only, not a failure",
        "why_missed": "plan not reached",
        "why_near": "close to plan",
        "why_no_data": "no actual reported",
        "check_title": "Target check for {year}",
        "strict": "strict mode",
        "source": "Source",
        "note": "Note",
        "notes": "Notes",
        "baseline_year": "Baseline {year}",
        "vs_year": "vs {year}",
        "ratio_short": "A/P %",
        "direction_increase": "higher is better",
        "direction_decrease": "lower is better",
        "none": "—",
        "valid": "valid",
        "recorded": "{id}: {table} {year} = {new} ({was})",
        "was": "was {old}",
        "was_unset": "was not set",
        "unchanged": "{id}: {table} {year} = {new} (unchanged)",
        "wrote": "wrote {path}",
        "milestones": "Milestones",
        "overview": "{n} targets: an overview by group; --all lists every target",
        "group": "Group",
        "count": "Targets",
        "attention": "Needs attention",
        "more_attention": "… and {n} more that need attention (--all lists every target)",
        "estimate_mark": "est.",
        "counted_legend": "∑ counted from the units",
        "unit_commune": "Commune",
        "unit_district": "District",
        "unit_in": "in {parent}",
        "unit_exists": "exists {span}",
        "unit_recognised": "Recognised",
        "unit_not_recognised": "not recognised",
        "unit_revoked": "withdrawn in {year}",
        "unit_criteria_met": "Criteria met",
        "unit_unmet": "Not met",
        "unit_maintained": "Maintained",
        "unit_no_assessment": "No year is assessed yet.",
        "unit_unknown": "unknown",
        "start": "Start",
        "period_target": "Plan",
        "progress": "Progress",
        "outlook": "Outlook",
        "at_this_pace": "At the current pace",
        "expected_in": "expected in {year}",
        "not_at_this_pace": "not at this pace",
        "toward_year": "plans for {year}",
        "no_outlook": "No target has a plan for {year} or later.",
        "import_none": "No change.",
        "import_unmatched": 'row {row}: "{text}": matches no target; skipped',
        "import_ambiguous": 'row {row}: "{text}": matches several targets ({ids}); skipped',
        "import_more": "… and {n} more rows skipped",
        "matrix_unmatched": 'row {row}: "{text}": matches no commune; skipped',
        "matrix_ambiguous": 'row {row}: "{text}": matches several communes ({ids}); skipped',
        "matrix_not_assessed": 'row {row}: "{text}": no criterion cell filled, not assessed; '
        "skipped",
        "estimate_short": "Estimate",
        "id": "id",
        "delta_pct": "Delta (%)",
        "milestone_year": "Milestone year",
        "chart_title": "{name}: plan and actual by year",
        "progress_toward": "Progress toward the {year} target (actual over the {year} plan)",
        "ratio_year": "Actual/Plan {year} (%)",
        "legend": "Legend",
        "legend_plan": "Plan",
        "legend_range": "Plan range",
        "legend_actual": "Actual",
        "legend_estimate": "Estimate",
        "html_overview": (
            "{n} targets: an overview by group, charts for the targets that need attention"
        ),
        "other_targets": "Other targets",
        "more_charts": "… and {n} more that need attention, listed in the table below",
        "summary": "Summary",
        "start_year": "Start year",
        "progress_pct": "Progress (%)",
        "outlook_ratio": "Actual/Plan (%)",
        "method": "Method",
        "method_cagr": "compound growth (CAGR)",
        "method_linear": "linear",
        "pace": "Pace (observed/required)",
        "growth": "Annual growth",
        "projected": "Projected at the target year",
        "reach_year": "Expected year",
        "current": "Current",
        "outlook_progress": "Progress from the start to the {year} plan",
        "outlook_ratio_year": "Actual over the {year} target (%)",
        "legend_goal": "Period target",
        "html_outlook_overview": (
            "{n} targets: an overview by group, charts for the targets not achieved or on track"
        ),
        "goal_desc": "Plan for {year}: {plan}.",
        "warning_prefix": "warning",
        "invalid_file_title": "ntm: invalid targets file",
        "invalid_file": "invalid, {n} problems",
        "missing_file": "no targets file could be read",
        "invalid_file_one": "invalid, 1 problem",
        # --format docx (SPEC §14)
        "stt": "No.",
        "docx_title_status": "Targets: results",
        "docx_title_compare": "Targets: plan and actual",
        "docx_title_outlook": "Targets: outlook",
        "docx_title_period": "Targets: year to date",
        "docx_title_units": "Communes and districts",
        "docx_item": "Item",
        "docx_value": "Figure",
        "year_note": "{file}: judged {year}, the latest year with figures in the file; "
        "to pin the year, give --year {year} or set year = {year} in [program]",
    },
}


def word(lang: Lang, key: str, **params: Any) -> str:
    text = WORDS[lang][key]
    return text.format(**params) if params else text


def counted(lang: Lang, key: str, count: int) -> str:
    """The message `key` for `count` things, in the singular where English needs it
    (`key` + "_one"), the count with thousands separators."""
    if count == 1 and f"{key}_one" in WORDS[lang]:
        return WORDS[lang][f"{key}_one"]
    return WORDS[lang][key].format(n=number(count, lang))


def targets(lang: Lang, count: int) -> str:
    """ "9 chỉ tiêu", "9 targets", "1 target"."""
    if lang == "en" and count == 1:
        return "1 target"
    return f"{number(count, lang)} {WORDS[lang]['targets']}"


def status_label(status: str, lang: Lang) -> str:
    return STATUS_LABELS[lang][status]


def badge(status: str, lang: Lang) -> str:
    return f"{SYMBOLS[status]} {STATUS_LABELS[lang][status]}"


# Enough digits for any double written out in full (1e308 has 309).
_WIDE = Context(prec=400, rounding=ROUND_HALF_UP)
_SEPARATORS: dict[Lang, tuple[str, str]] = {"vi": (".", ","), "en": (",", ".")}


def number(value: float | int | Decimal, lang: Lang, signed: bool = False, places: int = 2) -> str:
    """At most `places` decimals, half away from zero as in printed reports, trailing zeros
    dropped, grouped thousands. `signed` puts + on positive values; a value that rounds to
    zero has no sign. A figure beyond a double (a percentage of 1e308 × 100 computed in
    floats) has no digits to show: "—", as JSON gives null."""
    if isinstance(value, Decimal):
        written = value
    elif isinstance(value, float) and not math.isfinite(value):
        return WORDS[lang]["none"]
    else:
        written = exact(value if isinstance(value, int) else float(value))
    rounded = written.quantize(Decimal(1).scaleb(-places), context=_WIDE)
    if rounded.is_zero():
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ("+" if signed and rounded > 0 else "")
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    group, point = _SEPARATORS[lang]
    grouped = f"{int(whole):,}".replace(",", group) if len(whole) > 3 else whole
    return sign + grouped + (point + fraction if fraction else "")


def value_text(
    value: PlanValue | None, lang: Lang, total: float | None = None, estimated: bool = False
) -> str:
    """A plan or actual value as a person reads it: 94,45; 36/36; 7,5–8; Có / Yes; an
    estimate marked "96,5 (ước)" / "96.5 (est.)"."""
    if value is None:
        return WORDS[lang]["none"]
    if isinstance(value, bool):
        text = {"vi": ("Có", "Không"), "en": ("Yes", "No")}[lang][0 if value else 1]
    elif isinstance(value, Range):
        text = f"{number(value.low, lang)}–{number(value.high, lang)}"
    else:
        text = number(value, lang)
        if total is not None:
            text += f"/{number(total, lang)}"
    return f"{text} ({WORDS[lang]['estimate_mark']})" if estimated else text


def percent_of(ratio: float) -> Decimal:
    """A ratio as a percentage, exactly: 1e308 is 1e310 %, which no double holds."""
    return exact(ratio) * 100


def exact_value(value: PlanValue | None, lang: Lang) -> str:
    """A value with every digit it has, for messages about what is or will be in the file
    (a change from 88.296 to 88.3 must not read "88,3 → 88,3"): the language's decimal mark
    and thousands grouping (vi 1.234,5; en 1,234.5), a range as 7,5–8, Có / Yes."""
    if isinstance(value, Range):
        return f"{exact_value(value.low, lang)}–{exact_value(value.high, lang)}"
    if value is None or isinstance(value, bool):
        return value_text(value, lang)
    text = f"{exact(value):f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    group, point = _SEPARATORS[lang]
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (point + fraction if fraction else "")


def delta_text(delta: float | int | None, unit: str | None, lang: Lang) -> str:
    """A difference in the target's unit: percentage points for a rate, never %."""
    if delta is None:
        return WORDS[lang]["none"]
    text = number(delta, lang, signed=True)
    if unit == "%":
        return f"{text} {WORDS[lang]['points']}"
    return text


def percent_text(value: float | None, lang: Lang, signed: bool = False) -> str:
    if value is None:
        return WORDS[lang]["none"]
    return number(value, lang, signed=signed) + "%"


MESSAGES: dict[Lang, dict[str, str]] = {
    "en": {
        "no_file": "no targets.toml in {cwd} or any parent directory; give one with --file",
        "file_missing": "no such file",
        "file_is_dir": "is a directory, not a targets file",
        "file_unreadable": "cannot be read: {reason}",
        "not_utf8": "not UTF-8 text (byte {byte})",
        "toml": "invalid TOML: {detail}",
        "too_deep": "invalid TOML: nested too deeply",
        "extra_forbidden": "unknown key `{key}`",
        "missing": "required, but missing",
        "model_type": "expected a table, got {got}",
        "model_attributes_type": "expected a table, got {got}",
        "dict_type": "expected a table of year = value, got {got}",
        "list_type": "expected [[target]] tables, got {got}",
        "too_short": "the file has no [[target]] or [[unit]]",
        "literal_error": "expected {expected}, got {got}",
        "year_range": "year {year} is outside 1900–2100",
        "year_key": "expected a year of four digits, got {got}",
        "year_type": "expected a year (an integer), got {got}",
        "number_type": "expected a number, got {got}",
        "not_finite": "expected a finite number, got {got}",
        "number_range": "number too large, got {got}",
        "value_type": "expected a number or true/false, got {got}",
        "text_type": "expected a string, got {got}",
        "agency_shape": "expected a string or a list of two strings, got {got}",
        "control_char": "control character U+{code} at position {pos} is not allowed",
        "empty": "must not be empty",
        "id_pattern": "use lowercase ASCII letters, digits, '.', '_' and '-', starting with a "
        "letter or digit; got {got}",
        "near_range": "must be between 0 and 100, got {got}",
        "total_range": "must be greater than 0, got {got}",
        "mixed_kinds": "is {got} but {first} is {first_kind}: use all numbers or all booleans",
        "range_shape": "expected a range [low, high] of two numbers, got {got}",
        "range_order": "a range [low, high] needs low < high, got {got}",
        "range_not_plan": "a range [low, high] is allowed only in plan, got {got}",
        "duplicate_id": 'id "{id}" is already used by target #{first_no}',
        "invalid": "{detail}",
        "unknown_year": (
            "no target has a plan, actual or estimate for {year}; the file has {years}"
        ),
        "no_years_in_file": "the file has no plan, actual or estimate at all",
        "output_is_input": "is the targets file the report is made from; give another -o",
        "unknown_id": 'no target with id "{id}"; did you mean: {ids}',
        "unknown_id_list": 'no target with id "{id}"; the file has: {ids}',
        "bad_env": "{name}={value}: expected {expected}",
        "exists": "already exists; use --force to replace it",
        "value_set": "already {old}; use --force to replace it with {new}",
        "write_failed": "cannot write: {reason}",
        "not_a_value": "expected a number or true/false, got {got}",
        "no_plan_for_year": "no target has a plan for {year}; the file has plans for {years}",
        "no_plans_in_file": "no target has a plan for {year}; the file has no plan values",
        "sheet_format": "expected a .xlsx, .xls, .ods or .csv file, got {got}",
        "sheet_unreadable": "cannot be read as a spreadsheet: {reason}",
        "sheet_unknown": 'no sheet "{sheet}"; the workbook has: {sheets}',
        "sheet_no_header": (
            "no header row in the first {rows} rows: it needs a name or id column (Chỉ tiêu,"
            " Name, id, Mã) and a year column (KH 2020, TH 2020, Ước TH 2020, Plan 2020…)"
        ),
        "sheet_value": "expected a number or yes/no, got {got}",
        "sheet_plan_value": "expected a number, a range (7,5-8) or yes/no, got {got}",
        "sheet_range_not_plan": "a range is allowed in a plan column only, got {got}",
        "sheet_range_order": "a range goes from low to high, got {got}",
        "sheet_duplicate": 'target "{id}": {table}.{year} is also in {first}, with another value',
        "matrix_no_header": (
            "no header row in the first {rows} rows: it needs a name or id column (Tên xã,"
            " Xã, Name, id, Mã) and criterion columns (TC1, Tiêu chí 1, or the criteria's"
            " names), a count column (Số tiêu chí đạt) or a list column (Tiêu chí chưa đạt)"
        ),
        "matrix_criterion_unknown": "the heading names criterion {got}, which the file does "
        "not declare for communes",
        "matrix_standard_unknown": "the heading {got} names no standard of the file",
        "matrix_criteria_missing": "the sheet has no column for criteria {missing}: give a "
        "column to every criterion, or only a count column (Số tiêu chí đạt)",
        "matrix_no_criteria": "the file declares no commune criteria ([[criterion]])",
        "matrix_cell": "expected met (x, ✓, Đạt, 1) or not met (empty, -, 0, Chưa đạt), got {got}",
        "matrix_count": "expected a count of criteria met from 0 to {total}, got {got}",
        "matrix_list": "expected the numbers of declared criteria not met (13, 17), got {got}",
        "matrix_year": "expected a year such as 2020, got {got}",
        "matrix_count_mismatch": "the count says {got}, the row's criteria cells give {counted}",
        "matrix_list_mismatch": "the list says {got}, the row's criteria cells give {counted}",
        "matrix_name_differs": 'the row\'s name "{got}" is not the name of unit "{id}" '
        '("{name}"); the id decides',
        "matrix_duplicate": 'unit "{id}" is also in row {first}, with other cells',
        "output_is_dir": "is a directory; give a file name for the report",
        "one_value_option": "give exactly one of --actual, --estimate and --plan (for a unit: "
        "--unmet, --met-count, --recognised or --revoked)",
        "unmet_option": "{option}: expected criterion numbers such as 13,17 (or none), got {got}",
        "count_option": "{option}: expected a whole number of criteria, got {got}",
        "unit_option_for_target": '{option} is for a unit; "{id}" is a target',
        "record_rollup": 'target "{id}" is counted from the units: record the units instead '
        "(--unmet, --met-count, --recognised, --revoked); its plan may be recorded",
        "target_option_for_unit": '{option} is for a target; "{id}" is a unit: use --unmet, '
        "--met-count, --recognised or --revoked",
        "needs_output": "--format {format} writes a file: give it with -o FILE",
        "value_hint": "expected a number or true/false, got {got}: write 96.5 or 96,5",
        "value_marks": "cannot read {got} as a number: write 96.5 or 96,5, "
        "with one decimal mark and no thousands separator",
        "value_range_not_plan": "{got} is a range, and only a plan may be a range: "
        "write one number such as 96.5 or 96,5",
        "value_range_hint": "cannot read {got} as a range: "
        "write LOW..HIGH, such as 7.5..8 or 7,5..8",
        "value_range_order": "the range's low {low} must be below its high {high}: "
        "write LOW..HIGH, such as 7.5..8",
        "usage_unknown_option": "unknown option {option}",
        "usage_unknown_command": "unknown command {command}",
        "usage_missing_argument": "missing argument {argument}",
        "usage_missing_option": "missing option {option}",
        "usage_bad_choice": "invalid value for {option}: {got}; allowed: {allowed}",
        "usage_bad_year": "invalid value for {option}: {got}; expected a year such as 2020",
        "usage_bad_number": "invalid value for {option}: {got}; expected a number",
        "usage_no_value": "option {option} takes no value",
        "usage_needs_value": "option {option} needs a value",
        "usage_extra_argument": "unexpected extra argument {got}",
        "usage_other": "{detail}",
        "usage_repeated": "option {option} is given more than once; give it once",
        "usage_file_and_files": "give the files either as arguments or with --file, not both",
        "usage_bad_period": "invalid value for --period: {got}; expected a month such as 2024-09",
        "usage_period_with": "--period judges a month's year-to-date figures; it cannot be given "
        "with {option}",
        "unknown_period": "no target has a year-to-date figure for {period}; "
        "the file has {periods}",
        "no_periods_in_file": "no target has a year-to-date figure for {period}; the file has "
        "no ytd or ytd_estimate values",
        "warn_over_total": "{value} is greater than total {total}",
        "warn_boolean_key": "a yes/no target does not use `{key}`; remove it",
        "warn_baseline_late": "baseline year {year} is after every year of the target ({last})",
        "warn_stale_estimate": "estimate for {year} was never replaced by an actual; "
        "the latest actual is for {latest}",
        "period_key": 'expected a period "YYYY-MM" such as "2024-09", got {got}',
        "period_month": "month {month} is outside 01–12",
        "period_dict_type": 'expected a table of "YYYY-MM" = value, got {got}',
        "ytd_yes_no": "a yes/no target has no year-to-date figures: remove {field}",
        "ytd_rate": "a rate (unit %) does not accumulate through the year: remove {field} "
        "(a mid-year estimate of the year's rate goes in estimate)",
        "warn_ytd_over_actual": "year-to-date {period} is {value}, above the actual "
        "of the whole year {year} ({actual})",
        "warn_ytd_shrinks": "year-to-date {period} is {value}, below {earlier} of the "
        "same year ({before}); a year-to-date figure only grows",
        # version 3, units (SPEC §12.1)
        "criterion_id": "expected a criterion number 1–99, got {got}",
        "bool_type": "expected true or false, got {got}",
        "count_type": "expected a whole number of criteria (0 or more), got {got}",
        "unmet_type": "expected a list of criterion numbers such as [13, 17], got {got}",
        "unmet_repeat": "criterion {id} is listed twice",
        "standard_table": "expected a table of standard = year, got {got}",
        "buckets_shape": "expected whole numbers of criteria from 1 up, largest first, "
        "such as [15, 10, 5], got {got}",
        "buckets_edge": "{edge} is not below the number of commune criteria ({n})",
        "district_rule_shape": "expected { <district standard> = { <commune standard> = "
        "percent } }, got {got}",
        "rollup_measure": "give exactly one of standard, criterion, criteria_min and average; "
        "got {got}",
        "rollup_new": "new = true goes with standard",
        "rollup_percent_average": 'as = "percent" does not go with average',
        "rollup_within_kind": 'within goes with of = "commune"',
        "rollup_typed": "a roll-up target's values are counted from the units; remove {key}",
        "rollup_plan_bool": "a roll-up target's plan is a number or a range, got {got}",
        "duplicate_standard": 'standard "{id}" is already declared',
        "duplicate_criterion": 'criterion {id} of kind "{of}" is already declared',
        "duplicate_unit": 'id "{id}" is already used by a {other}',
        "unknown_standard": '"{got}" is not a declared [[standard]]',
        "unknown_criterion": 'criterion {id} is not declared for kind "{of}"',
        "not_a_district": '"{got}" is not a district',
        "district_parent": "a district has no parent",
        "until_before_from": "{until} is before from = {first}",
        "recognised_lower": "recognised at {standard} in {year}, so also at {lower} "
        "in {year} or earlier",
        "revoked_unrecognised": "the unit is not recognised at {standard}",
        "revoked_before": "{year} is before its recognition in {since}",
        "recognised_after_withdrawal": "{year} is after the withdrawal of a lower standard "
        "in {lost}",
        "no_criteria": 'no [[criterion]] of kind "{of}" is declared to assess it against',
        "met_count_range": '{got} is more than the {n} criteria of kind "{of}"',
        "met_count_unmet": "{got} disagrees with unmet.{year}: {n} criteria, {k} not met, "
        "so {expected} met",
        "criteria_min_range": '{got} is more than the {n} criteria of kind "{of}"',
        "year_outside_unit": "{year} is outside the years the unit exists ({span})",
        "year_outside_parent": '{year} is outside the years its district "{parent}" exists '
        "({span})",
        "warn_partial_year": "{year}: {missing} of {of} units in scope are not assessed, "
        "so the year has no counted value",
        "warn_only_met_count": "{year}: {count} of {of} units have only met_count, which does "
        "not say which criteria were met; write unmet to count by criterion",
        "warn_district_empty": "the district has no communes in {years}",
    },
    "vi": {
        "no_file": "không có targets.toml trong {cwd} hay thư mục cha nào; chỉ định bằng --file",
        "file_missing": "không có tệp này",
        "file_is_dir": "là thư mục, không phải tệp chỉ tiêu",
        "file_unreadable": "không đọc được: {reason}",
        "not_utf8": "không phải văn bản UTF-8 (byte {byte})",
        "toml": "TOML không hợp lệ: {detail}",
        "too_deep": "TOML không hợp lệ: lồng nhau quá sâu",
        "extra_forbidden": "khóa không hợp lệ `{key}`",
        "missing": "bắt buộc nhưng còn thiếu",
        "model_type": "cần một bảng, nhận được {got}",
        "model_attributes_type": "cần một bảng, nhận được {got}",
        "dict_type": "cần một bảng năm = giá trị, nhận được {got}",
        "list_type": "cần các bảng [[target]], nhận được {got}",
        "too_short": "tệp không có [[target]] hay [[unit]] nào",
        "literal_error": "cần {expected}, nhận được {got}",
        "year_range": "năm {year} nằm ngoài 1900–2100",
        "year_key": "cần một năm bốn chữ số, nhận được {got}",
        "year_type": "cần một năm (số nguyên), nhận được {got}",
        "number_type": "cần một số, nhận được {got}",
        "not_finite": "cần một số hữu hạn, nhận được {got}",
        "number_range": "số quá lớn, nhận được {got}",
        "value_type": "cần một số hoặc true/false, nhận được {got}",
        "text_type": "cần một chuỗi, nhận được {got}",
        "agency_shape": "cần một chuỗi hoặc danh sách hai chuỗi, nhận được {got}",
        "control_char": "không được có ký tự điều khiển U+{code} (vị trí {pos})",
        "empty": "không được để trống",
        "id_pattern": "chỉ dùng chữ thường không dấu (a–z), chữ số, '.', '_' và '-', bắt đầu "
        "bằng chữ hoặc số; nhận được {got}",
        "near_range": "phải trong khoảng 0 đến 100, nhận được {got}",
        "total_range": "phải lớn hơn 0, nhận được {got}",
        "mixed_kinds": "là {got} nhưng {first} là {first_kind}: dùng toàn số hoặc toàn true/false",
        "range_shape": "khoảng kế hoạch phải là [thấp, cao] gồm hai số, nhận được {got}",
        "range_order": "khoảng [thấp, cao] cần thấp < cao, nhận được {got}",
        "range_not_plan": "chỉ kế hoạch mới được ghi dạng khoảng [thấp, cao], nhận được {got}",
        "duplicate_id": 'id "{id}" đã được dùng ở chỉ tiêu #{first_no}',
        "invalid": "{detail}",
        "unknown_year": (
            "không chỉ tiêu nào có kế hoạch, thực hiện hay ước thực hiện năm {year}; tệp có {years}"
        ),
        "no_years_in_file": "tệp chưa có giá trị kế hoạch, thực hiện hay ước thực hiện nào",
        "output_is_input": "là chính tệp chỉ tiêu đang đọc; hãy ghi báo cáo ra tệp khác",
        "unknown_id": 'không có chỉ tiêu id "{id}"; có phải ý bạn là: {ids}',
        "unknown_id_list": 'không có chỉ tiêu id "{id}"; tệp có: {ids}',
        "bad_env": "{name}={value}: cần {expected}",
        "exists": "đã tồn tại; dùng --force để thay thế",
        "value_set": "đã là {old}; dùng --force để thay bằng {new}",
        "write_failed": "không ghi được: {reason}",
        "not_a_value": "cần một số hoặc true/false, nhận được {got}",
        "no_plan_for_year": "không chỉ tiêu nào có kế hoạch năm {year}; tệp có kế hoạch: {years}",
        "no_plans_in_file": "không chỉ tiêu nào có kế hoạch năm {year}; tệp chưa có kế hoạch nào",
        "sheet_format": "cần tệp .xlsx, .xls, .ods hoặc .csv, nhận được {got}",
        "sheet_unreadable": "không đọc được bảng tính: {reason}",
        "sheet_unknown": 'không có trang "{sheet}"; bảng tính có: {sheets}',
        "sheet_no_header": (
            "không thấy dòng tiêu đề trong {rows} dòng đầu: cần cột tên hoặc mã (Chỉ tiêu,"
            " Name, id, Mã) và cột năm (KH 2020, TH 2020, Ước TH 2020, Plan 2020…)"
        ),
        "sheet_value": "cần một số hoặc có/không, nhận được {got}",
        "sheet_plan_value": "cần một số, một khoảng (7,5-8) hoặc có/không, nhận được {got}",
        "sheet_range_not_plan": "chỉ cột kế hoạch mới được ghi khoảng, nhận được {got}",
        "sheet_range_order": "khoảng phải từ thấp đến cao, nhận được {got}",
        "sheet_duplicate": 'chỉ tiêu "{id}": {table}.{year} đã có ở {first} với giá trị khác',
        "matrix_no_header": (
            "không thấy dòng tiêu đề trong {rows} dòng đầu: cần cột tên hoặc mã (Tên xã, Xã,"
            " Mã) và các cột tiêu chí (TC1, Tiêu chí 1 hoặc tên tiêu chí), cột số tiêu chí"
            " đạt (Số tiêu chí đạt) hoặc cột tiêu chí chưa đạt (Tiêu chí chưa đạt)"
        ),
        "matrix_criterion_unknown": "tiêu đề ghi tiêu chí {got}, tệp không khai báo tiêu chí "
        "này cho xã",
        "matrix_standard_unknown": "tiêu đề {got} không ghi chuẩn nào của tệp",
        "matrix_criteria_missing": "bảng tính thiếu cột của các tiêu chí {missing}: cần đủ "
        "cột cho mọi tiêu chí, hoặc chỉ một cột Số tiêu chí đạt",
        "matrix_no_criteria": "tệp chưa khai báo tiêu chí nào cho xã ([[criterion]])",
        "matrix_cell": "cần ô đạt (x, ✓, Đạt, 1) hoặc chưa đạt (để trống, -, 0, Chưa đạt), "
        "nhận được {got}",
        "matrix_count": "cần số tiêu chí đạt từ 0 đến {total}, nhận được {got}",
        "matrix_list": "cần số thứ tự các tiêu chí chưa đạt (13, 17), nhận được {got}",
        "matrix_year": "cần một năm, ví dụ 2020, nhận được {got}",
        "matrix_count_mismatch": "cột số tiêu chí ghi {got}, các ô tiêu chí của dòng cho {counted}",
        "matrix_list_mismatch": "cột tiêu chí chưa đạt ghi {got}, các ô tiêu chí của dòng "
        "cho {counted}",
        "matrix_name_differs": 'tên "{got}" trên dòng không phải tên của đơn vị "{id}" '
        '("{name}"); lấy theo mã',
        "matrix_duplicate": 'đơn vị "{id}" đã có ở dòng {first} với các ô khác',
        "output_is_dir": "là thư mục; hãy chỉ định tên tệp cho báo cáo",
        "one_value_option": "cần đúng một trong các tùy chọn --actual, --estimate và --plan "
        "(với đơn vị: --unmet, --met-count, --recognised hoặc --revoked)",
        "unmet_option": "{option}: cần các số hiệu tiêu chí như 13,17 (hoặc none), nhận được {got}",
        "count_option": "{option}: cần số tiêu chí là số nguyên, nhận được {got}",
        "unit_option_for_target": '{option} chỉ dùng cho đơn vị; "{id}" là chỉ tiêu',
        "record_rollup": 'chỉ tiêu "{id}" được đếm từ các đơn vị: hãy ghi số liệu của các đơn '
        "vị (--unmet, --met-count, --recognised, --revoked); riêng kế hoạch thì ghi được",
        "target_option_for_unit": '{option} chỉ dùng cho chỉ tiêu; "{id}" là đơn vị: dùng '
        "--unmet, --met-count, --recognised hoặc --revoked",
        "needs_output": "--format {format} ghi ra tệp: hãy chỉ định tệp bằng -o TỆP",
        "value_hint": "cần một số hoặc true/false, nhận được {got}: viết 96,5 hoặc 96.5",
        "value_marks": "không đọc được {got} thành số: viết 96,5 hoặc 96.5, "
        "một dấu thập phân, không có dấu phân cách hàng nghìn",
        "value_range_not_plan": "{got} là một khoảng, chỉ kế hoạch mới được là khoảng: "
        "viết một số như 96,5 hoặc 96.5",
        "value_range_hint": "không đọc được {got} thành khoảng: "
        "viết THẤP..CAO, như 7,5..8 hoặc 7.5..8",
        "value_range_order": "cận dưới {low} của khoảng phải nhỏ hơn cận trên {high}: "
        "viết THẤP..CAO, như 7,5..8",
        "usage_unknown_option": "không có tùy chọn {option}",
        "usage_unknown_command": "không có lệnh {command}",
        "usage_missing_argument": "thiếu tham số {argument}",
        "usage_missing_option": "thiếu tùy chọn {option}",
        "usage_bad_choice": "giá trị không hợp lệ cho {option}: {got}; chỉ được dùng: {allowed}",
        "usage_bad_year": "giá trị không hợp lệ cho {option}: {got}; cần một năm, ví dụ 2020",
        "usage_bad_number": "giá trị không hợp lệ cho {option}: {got}; cần một số",
        "usage_no_value": "tùy chọn {option} không nhận giá trị",
        "usage_needs_value": "tùy chọn {option} cần một giá trị",
        "usage_extra_argument": "thừa tham số {got}",
        "usage_other": "{detail}",
        "usage_repeated": "tùy chọn {option} được cho nhiều lần; chỉ cho một lần",
        "usage_file_and_files": "chỉ định tệp bằng tham số hoặc bằng --file, không dùng cả hai",
        "usage_bad_period": "giá trị không hợp lệ cho --period: {got}; "
        "cần một tháng, ví dụ 2024-09",
        "usage_period_with": "--period đánh giá số lũy kế của một tháng; không dùng cùng {option}",
        "unknown_period": "không chỉ tiêu nào có số lũy kế kỳ {period}; tệp có các kỳ: {periods}",
        "no_periods_in_file": "không chỉ tiêu nào có số lũy kế kỳ {period}; tệp chưa có giá trị "
        "ytd hay ytd_estimate nào",
        "warn_over_total": "{value} lớn hơn tổng số {total}",
        "warn_boolean_key": "chỉ tiêu có/không không dùng `{key}`; hãy bỏ đi",
        "warn_baseline_late": "năm gốc {year} sau mọi năm của chỉ tiêu ({last})",
        "warn_stale_estimate": "số ước năm {year} chưa được thay bằng số thực hiện; "
        "số thực hiện mới nhất là năm {latest}",
        "period_key": 'cần một kỳ dạng "YYYY-MM", ví dụ "2024-09", nhận được {got}',
        "period_month": "tháng {month} nằm ngoài 01–12",
        "period_dict_type": 'cần một bảng "YYYY-MM" = giá trị, nhận được {got}',
        "ytd_yes_no": "chỉ tiêu có/không không có số lũy kế: hãy bỏ {field}",
        "ytd_rate": "chỉ tiêu tỷ lệ (đơn vị %) không cộng dồn trong năm: hãy bỏ {field} "
        "(số ước thực hiện cả năm ghi vào estimate)",
        "warn_ytd_over_actual": "lũy kế {period} là {value}, lớn hơn số thực hiện cả "
        "năm {year} ({actual})",
        "warn_ytd_shrinks": "lũy kế {period} là {value}, nhỏ hơn lũy kế {earlier} cùng "
        "năm ({before}); số lũy kế chỉ tăng dần",
        # version 3, units (SPEC §12.1)
        "criterion_id": "cần số hiệu tiêu chí từ 1 đến 99, nhận được {got}",
        "bool_type": "cần true hoặc false, nhận được {got}",
        "count_type": "cần số tiêu chí là số nguyên từ 0 trở lên, nhận được {got}",
        "unmet_type": "cần danh sách số hiệu tiêu chí, như [13, 17], nhận được {got}",
        "unmet_repeat": "tiêu chí {id} được ghi hai lần",
        "standard_table": "cần một bảng chuẩn = năm, nhận được {got}",
        "buckets_shape": "cần các số tiêu chí nguyên từ 1 trở lên, lớn trước nhỏ sau, "
        "như [15, 10, 5], nhận được {got}",
        "buckets_edge": "{edge} không nhỏ hơn số tiêu chí cấp xã ({n})",
        "district_rule_shape": "cần { <chuẩn cấp huyện> = { <chuẩn cấp xã> = tỷ lệ % } }, "
        "nhận được {got}",
        "rollup_measure": "cần đúng một trong standard, criterion, criteria_min và average; "
        "nhận được {got}",
        "rollup_new": "new = true chỉ dùng cùng standard",
        "rollup_percent_average": 'as = "percent" không dùng cùng average',
        "rollup_within_kind": 'within chỉ dùng cùng of = "commune"',
        "rollup_typed": "chỉ tiêu tổng hợp được đếm từ các đơn vị, không ghi tay; hãy bỏ {key}",
        "rollup_plan_bool": "kế hoạch của chỉ tiêu tổng hợp phải là số hoặc khoảng, "
        "nhận được {got}",
        "duplicate_standard": 'chuẩn "{id}" đã được khai báo',
        "duplicate_criterion": 'tiêu chí {id} loại "{of}" đã được khai báo',
        "duplicate_unit": 'id "{id}" đã được dùng cho một {other}',
        "unknown_standard": '"{got}" không phải chuẩn đã khai báo trong [[standard]]',
        "unknown_criterion": 'tiêu chí {id} chưa được khai báo cho loại "{of}"',
        "not_a_district": '"{got}" không phải đơn vị cấp huyện',
        "district_parent": "đơn vị cấp huyện không có đơn vị cha (parent)",
        "until_before_from": "{until} trước năm bắt đầu from = {first}",
        "recognised_lower": "đạt chuẩn {standard} năm {year} thì cũng phải đạt {lower} "
        "từ năm {year} trở về trước",
        "revoked_unrecognised": "đơn vị chưa được công nhận đạt chuẩn {standard}",
        "revoked_before": "năm {year} trước năm được công nhận {since}",
        "recognised_after_withdrawal": "năm {year} sau khi chuẩn thấp hơn đã bị thu hồi năm {lost}",
        "no_criteria": 'chưa khai báo [[criterion]] nào loại "{of}" để đánh giá',
        "met_count_range": '{got} lớn hơn {n} tiêu chí của loại "{of}"',
        "met_count_unmet": "{got} không khớp unmet.{year}: {n} tiêu chí, {k} chưa đạt, "
        "tức đạt {expected}",
        "criteria_min_range": '{got} lớn hơn {n} tiêu chí của loại "{of}"',
        "year_outside_unit": "năm {year} nằm ngoài thời gian đơn vị tồn tại ({span})",
        "year_outside_parent": 'năm {year} nằm ngoài thời gian huyện "{parent}" tồn tại ({span})',
        "warn_partial_year": "năm {year}: {missing}/{of} đơn vị chưa được đánh giá, "
        "nên năm này chưa có số liệu tổng hợp",
        "warn_only_met_count": "năm {year}: {count}/{of} đơn vị chỉ có met_count, không rõ "
        "đạt những tiêu chí nào; ghi unmet để đếm theo tiêu chí",
        "warn_district_empty": "huyện không có xã nào trong năm {years}",
    },
}

# --- SPEC v3 §3 (-o by extension, missing folder), §5 (decimal comma, read-only file), §6
# (writers that wait, failed writes): one block, to ease merges -------------------------------
MESSAGES["en"].update(
    {
        "usage_format_extension": "--format {format} contradicts -o {path}, whose extension "
        "means {named}: leave out --format or change the file name",
        "usage_extension_format": "-o {path}: {command} has no {extension} format; its "
        "formats: {formats}",
        "write_no_folder": "cannot write: the folder {folder} does not exist",
        "write_no_space": "cannot write: the disk is full (no space left on the device)",
        "write_denied": "cannot write: permission denied",
        "write_read_only_fs": "cannot write: the file system is read-only",
        "file_read_only": "is read-only (its owner has no write permission): ntm does not "
        "change it; make it writable (chmod u+w) first",
        "file_busy": "busy: another ntm has been writing this file for {seconds} seconds; "
        "try again when it has finished",
        "toml_decimal_comma": "invalid TOML: {got} has a decimal comma, which TOML does not "
        "read; write {fixed}",
        "range_decimal_comma": "{got} is read as a range from {low} to {high}; for the "
        "number {got_number} write {fixed}",
    }
)
MESSAGES["vi"].update(
    {
        "usage_format_extension": "--format {format} mâu thuẫn với -o {path} (đuôi tệp là "
        "định dạng {named}): bỏ --format hoặc đổi tên tệp",
        "usage_extension_format": "-o {path}: lệnh {command} không có định dạng {extension}; "
        "các định dạng của lệnh: {formats}",
        "write_no_folder": "không ghi được: thư mục {folder} không tồn tại",
        "write_no_space": "không ghi được: ổ đĩa đã đầy (hết dung lượng trống)",
        "write_denied": "không ghi được: không có quyền ghi",
        "write_read_only_fs": "không ghi được: hệ thống tệp chỉ cho phép đọc",
        "file_read_only": "là tệp chỉ đọc (chủ sở hữu không có quyền ghi): ntm không sửa "
        "tệp này; hãy cho phép ghi (chmod u+w) trước",
        "file_busy": "đang bận: một lệnh ntm khác đang ghi tệp này, đã chờ {seconds} giây; "
        "hãy thử lại khi lệnh kia xong",
        "toml_decimal_comma": "TOML không hợp lệ: {got} dùng dấu phẩy thập phân, TOML không "
        "đọc được; hãy viết {fixed}",
        "range_decimal_comma": "{got} được đọc là khoảng từ {low} đến {high}; nếu là số "
        "{got_number} thì hãy viết {fixed}",
    }
)
# --- SPEC v3 §9: an import you can trust (cells named, counts, encodings, --strict) ---------
MESSAGES["en"].update(
    {
        "sheet_not_utf8": "not a UTF-8 CSV ({encoding}): it was saved with a Windows code "
        'page or as Unicode (UTF-16); in Excel use Save As and choose "CSV UTF-8 (Comma '
        'delimited) (*.csv)", then import that file',
        "sheet_not_number": 'target "{id}" holds numbers: {table}.{year} cannot be the '
        "yes/no word {got}",
        "sheet_not_boolean": 'target "{id}" is a yes/no target: {table}.{year} cannot be '
        "the number {got}",
        "sheet_computed_mismatch": 'target "{id}": {table}.{year}: the sheet says {new}, ntm '
        "counts {old} from the units: compared, not written",
        "import_strict": "{n} rows could not be imported and --strict was given: nothing written",
        "import_strict_one": "1 row could not be imported and --strict was given: nothing written",
        "import_nothing_written": "unchanged: because of the problems above, nothing was written",
        "sheet_percent_unread": "{new} is under 1 for a % target, and ntm cannot read the "
        "number formats of {extension} files: if the cell shows it as a percentage, type the "
        "figure (70,5) or save the workbook as .xlsx",
    }
)
MESSAGES["vi"].update(
    {
        "sheet_not_utf8": "không phải tệp CSV UTF-8 ({encoding}): tệp được lưu theo bảng mã "
        'Windows hoặc Unicode (UTF-16); trong Excel hãy chọn Lưu Như (Save As), chọn "CSV '
        'UTF-8 (Comma delimited) (*.csv)" rồi nhập tệp đó',
        "sheet_not_number": 'chỉ tiêu "{id}" là chỉ tiêu số: {table}.{year} không thể là '
        "{got} (có/không)",
        "sheet_not_boolean": 'chỉ tiêu "{id}" là chỉ tiêu có/không: {table}.{year} không thể '
        "là số {got}",
        "sheet_computed_mismatch": 'chỉ tiêu "{id}": {table}.{year}: bảng tính ghi {new}, ntm '
        "đếm được {old} từ các đơn vị: chỉ đối chiếu, không ghi",
        "import_strict": "có {n} dòng không nhập được và đã dùng --strict: không ghi gì vào tệp",
        "import_strict_one": "có 1 dòng không nhập được và đã dùng --strict: không ghi gì vào tệp",
        "import_nothing_written": "không thay đổi: do các lỗi trên, chưa ghi gì vào tệp",
        "sheet_percent_unread": "{new} nhỏ hơn 1 ở chỉ tiêu đơn vị %, mà ntm không đọc được "
        "định dạng số của tệp {extension}: nếu ô hiển thị dạng phần trăm, hãy gõ số (70,5) "
        "hoặc lưu bảng tính thành .xlsx",
    }
)
WORDS["en"].update(
    {
        "import_values": "{n} values",
        "import_values_one": "1 value",
        "import_rows": "{n} rows",
        "import_rows_one": "1 row",
        "import_done": "Import done: {written} written, {unchanged} unchanged, {skipped} skipped.",
        "import_dry": "Dry run: {written} would be written, {unchanged} unchanged, {skipped} "
        "skipped; nothing was written.",
    }
)
WORDS["vi"].update(
    {
        "import_values": "{n} giá trị",
        "import_rows": "{n} dòng",
        "import_done": "Đã nhập xong: ghi {written}, {unchanged} giá trị không đổi, bỏ qua "
        "{skipped}.",
        "import_dry": "Chạy thử: sẽ ghi {written}, {unchanged} giá trị không đổi, bỏ qua "
        "{skipped}; chưa ghi gì vào tệp.",
    }
)
# --- SPEC v3 §12.4: ntm import --units ------------------------------------------------------
MESSAGES["en"].update(
    {
        "units_needs_year": "--units needs --year: the year the matrix assesses",
        "units_option_alone": "--year and --add-units go with --units",
        "unknown_unit": 'no unit with id "{id}"',
    }
)
MESSAGES["vi"].update(
    {
        "units_needs_year": "--units cần --year: năm đánh giá của bảng",
        "units_option_alone": "--year và --add-units chỉ dùng cùng --units",
        "unknown_unit": 'không có đơn vị nào có mã "{id}"',
    }
)
WORDS["en"].update(
    {
        "matrix_added_commune": 'new commune {id}: "{name}" (district {parent})',
        "matrix_added_district": 'new district {id}: "{name}"',
    }
)
WORDS["vi"].update(
    {
        "matrix_added_commune": 'thêm xã {id}: "{name}" (thuộc {parent})',
        "matrix_added_district": 'thêm huyện {id}: "{name}"',
    }
)
# --- end of the block -------------------------------------------------------------------------


_SUGGESTING = frozenset(
    {"extra_forbidden", "usage_unknown_option", "usage_unknown_command", "id_pattern"}
)


def slug(text: str) -> str:
    """An id from a name or a mistyped id: ASCII without diacritics ("xã-ntm" -> "xa-ntm";
    NFD takes the marks off, đ has none to take), lowercase, any other run of characters
    as "-". Empty when nothing is left."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_only).lstrip("._-").rstrip("-")


def _id_suggestion(got: str) -> str | None:
    """The slug of a refused id, as `describe` showed it; none when it was cut short."""
    # A value cut short or with characters escaped for the message is not the one typed.
    if len(got) < 2 or not (got.startswith('"') and got.endswith('"')) or "\\" in got:
        return None
    found = slug(got[1:-1])
    return found or None


_SUGGEST = {"en": " (did you mean `{s}`?)", "vi": " (có phải ý bạn là `{s}`?)"}
# An id of the file named where another is meant (SPEC §12.1's example words it so).
_SUGGESTING_ID = frozenset({"unknown_standard", "not_a_district"})
_SUGGEST_ID = {"en": ' (did you mean "{s}"?)', "vi": ' (có phải ý bạn là "{s}"?)'}
_KIND = {
    "en": {"a number": "a number", "a boolean": "a boolean"},
    "vi": {"a number": "một số", "a boolean": "true/false"},
}


def problem_message(problem: Problem, lang: Lang) -> str:
    """The problem as one line: `targets.toml:14: target "income": plan.2020: expected …`."""
    params: dict[str, Any] = dict(problem.params)
    params.setdefault("got", "")
    if "first" in params and isinstance(params["first"], int):
        params["first_no"] = params["first"] + 1
    if problem.code == "literal_error" and lang == "vi":
        params["expected"] = str(params.get("expected", "")).replace(" or ", " hoặc ")
    if "other" in params and lang == "vi":
        params["other"] = {"target": "chỉ tiêu", "unit": "đơn vị"}.get(params["other"], "")
    if "first_kind" in params:
        params["first_kind"] = _KIND[lang].get(params["first_kind"], params["first_kind"])
    for key in ("old", "new"):  # values about to be written: every digit, in the language
        if key in params and not isinstance(params[key], str):
            params[key] = exact_value(params[key], lang)
    if problem.code == "warn_over_total":  # the numbers as the language writes them
        for key in ("value", "total"):
            if not isinstance(params.get(key), str):
                params[key] = exact_value(params[key], lang)
    template = MESSAGES[lang].get(problem.code, MESSAGES["en"].get(problem.code, problem.code))
    try:
        text = template.format_map(_Defaulting(params))
    except (ValueError, IndexError):
        text = template
    if problem.code == "id_pattern":
        params["suggestion"] = _id_suggestion(str(params.get("got", "")))
    if problem.code in _SUGGESTING and params.get("suggestion"):
        text += _SUGGEST[lang].format(s=params["suggestion"])
    if problem.code in _SUGGESTING_ID and params.get("suggestion"):
        text += _SUGGEST_ID[lang].format(s=params["suggestion"])
    location = problem.location()
    return f"{location}: {text}" if location else text


class _Defaulting(dict[str, Any]):
    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__(values)

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# `ntm outlook` (SPEC §8). Arrows read as the pace does: ⇈ fast enough, ↑ rising too slowly,
# → hardly moving, ↓ going the wrong way.
OUTLOOK_SYMBOLS = {
    "achieved": "✔",
    "on-track": "⇈",
    "acceleration-needed": "↑",
    "limited-progress": "→",
    "deterioration": "↓",
    "missed": "✘",
    "insufficient-data": "?",
    "no-target": "–",
}

# "missed" here is a deadline that passed short of the target: "KHÔNG HOÀN THÀNH" is how
# end-of-period reviews say it, and it stays apart from the one-year "KHÔNG ĐẠT" of `status`.
OUTLOOK_LABELS: dict[Lang, dict[str, str]] = {
    "vi": {
        "achieved": "ĐÃ ĐẠT",
        "on-track": "ĐÚNG TIẾN ĐỘ",
        "acceleration-needed": "CẦN ĐẨY NHANH",
        "limited-progress": "CHẬM TIẾN ĐỘ",
        "deterioration": "THỤT LÙI",
        "missed": "KHÔNG HOÀN THÀNH",
        "insufficient-data": "CHƯA ĐỦ SỐ LIỆU",
        "no-target": "CHƯA CÓ MỤC TIÊU",
    },
    "en": {
        "achieved": "ACHIEVED",
        "on-track": "ON TRACK",
        "acceleration-needed": "ACCELERATION NEEDED",
        "limited-progress": "LIMITED PROGRESS",
        "deterioration": "DETERIORATION",
        "missed": "MISSED",
        "insufficient-data": "INSUFFICIENT DATA",
        "no-target": "NO TARGET",
    },
}

# How a target without a period target moves on its own (SPEC §8 and §15).
TREND_SYMBOLS = {
    "substantial-progress": "⇈",
    "moderate-progress": "↑",
    "limited-progress": "→",
    "deterioration": OUTLOOK_SYMBOLS["deterioration"],
    "insufficient-data": OUTLOOK_SYMBOLS["insufficient-data"],
}
TREND_LABELS: dict[Lang, dict[str, str]] = {
    "vi": {
        "substantial-progress": "TIẾN BỘ RÕ",
        "moderate-progress": "TIẾN BỘ VỪA",
        "limited-progress": "TIẾN BỘ ÍT",
        "deterioration": OUTLOOK_LABELS["vi"]["deterioration"],
        "insufficient-data": OUTLOOK_LABELS["vi"]["insufficient-data"],
    },
    "en": {
        "substantial-progress": "SUBSTANTIAL PROGRESS",
        "moderate-progress": "MODERATE PROGRESS",
        "limited-progress": "LIMITED PROGRESS",
        "deterioration": OUTLOOK_LABELS["en"]["deterioration"],
        "insufficient-data": OUTLOOK_LABELS["en"]["insufficient-data"],
    },
}


def trend_badge(trend: str, lang: Lang) -> str:
    return f"{TREND_SYMBOLS[trend]} {TREND_LABELS[lang][trend]}"


def outlook_badge(outlook: str, lang: Lang, trend: str | None = None) -> str:
    """ "↑ CẦN ĐẨY NHANH"; for a target without a period target, its trend after the class:
    "– CHƯA CÓ MỤC TIÊU · ⇈ TIẾN BỘ RÕ"."""
    text = f"{OUTLOOK_SYMBOLS[outlook]} {OUTLOOK_LABELS[lang][outlook]}"
    return text if trend is None else f"{text} · {trend_badge(trend, lang)}"


# Figures since the start of the year (SPEC §13, labels of §15); `no-plan` and `no-data` as §2.
PERIOD_SYMBOLS = {
    "completed": "✔",
    "on-pace": "✓",
    "behind": "✗",
    "above-pace": "✗",
    "over-limit": "✗",
    "no-plan": SYMBOLS["no-plan"],
    "no-data": SYMBOLS["no-data"],
}

PERIOD_LABELS: dict[Lang, dict[str, str]] = {
    "vi": {
        "completed": "HOÀN THÀNH KH NĂM",
        "on-pace": "ĐÚNG TIẾN ĐỘ",
        "behind": "CHẬM TIẾN ĐỘ",
        "above-pace": "VƯỢT NHỊP TRẦN",
        "over-limit": "VƯỢT MỨC TRẦN",
        "no-plan": STATUS_LABELS["vi"]["no-plan"],
        "no-data": STATUS_LABELS["vi"]["no-data"],
    },
    "en": {
        "completed": "COMPLETED",
        "on-pace": "ON PACE",
        "behind": "BEHIND",
        "above-pace": "ABOVE CEILING PACE",
        "over-limit": "OVER LIMIT",
        "no-plan": STATUS_LABELS["en"]["no-plan"],
        "no-data": STATUS_LABELS["en"]["no-data"],
    },
}


PERIOD_STATUSES_ORDER = tuple(PERIOD_SYMBOLS)  # as period.PERIOD_STATUSES


def period_badge(status: str, lang: Lang) -> str:
    return f"{PERIOD_SYMBOLS[status]} {PERIOD_LABELS[lang][status]}"


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_heading(period: str, lang: Lang) -> str:
    """The year-to-date column as reports head it: "Lũy kế 9 tháng 2024" / "Jan–Sep 2024"
    ("Lũy kế tháng 1/2024" / "Jan 2024" for January alone)."""
    year, month = int(period[:4]), int(period[5:])
    if lang == "vi":
        return f"Lũy kế tháng 1/{year}" if month == 1 else f"Lũy kế {month} tháng {year}"
    months = _MONTHS_EN[0] if month == 1 else f"{_MONTHS_EN[0]}–{_MONTHS_EN[month - 1]}"
    return f"{months} {year}"


PERIOD_WORDS: dict[Lang, dict[str, str]] = {
    "vi": {
        "plan_year": "KH năm {year}",
        "plan_pct": "% KH năm",
        "same_period": "Cùng kỳ năm trước",
        "same_period_short": "Cùng kỳ {year}",
        "vs_same_period": "So với cùng kỳ",
        "elapsed": "đã qua {pct} thời gian của năm",
        "check_title": "Kiểm tra tiến độ thực hiện {heading}",
        "finding": "{label}: {value} ({plan_pct} kế hoạch năm, {elapsed} thời gian của năm)",
        "same_period_ratio": "So với cùng kỳ (%)",
        "period": "Kỳ",
        "ytd": "Lũy kế",
    },
    "en": {
        "plan_year": "Plan {year}",
        "plan_pct": "% of plan",
        "same_period": "Same period last year",
        "same_period_short": "{heading}",
        "vs_same_period": "vs same period",
        "elapsed": "{pct} of the year elapsed",
        "check_title": "Year-to-date check, {heading}",
        "finding": "{label}: {value} ({plan_pct} of the year's plan, {elapsed} of the year)",
        "same_period_ratio": "vs same period (%)",
        "period": "Period",
        "ytd": "Year to date",
    },
}


def period_word(lang: Lang, key: str, **params: Any) -> str:
    text = PERIOD_WORDS[lang][key]
    return text.format(**params) if params else text


def period_estimate_heading(period: str, lang: Lang) -> str:
    """The heading of estimated year-to-date figures, as `ntm import` reads it back:
    "Ước 9 tháng 2024" ("Ước tháng 1/2024"); "Estimate Jan–Sep 2024"."""
    year, month = int(period[:4]), int(period[5:])
    if lang == "vi":
        return f"Ước tháng 1/{year}" if month == 1 else f"Ước {month} tháng {year}"
    return f"Estimate {period_heading(period, lang)}"


# --- `ntm units` (SPEC §12.3): the words of its human formats --------------------------------

_UNITS_WORDS: dict[Lang, dict[str, str]] = {
    "vi": {
        "units_title": "Kết quả theo xã, huyện",
        "units_summary": "Tóm tắt",
        "units_by_district": "Theo huyện",
        "units_by_criterion": "Theo tiêu chí (tiêu chí ít xã đạt nhất xếp trước)",
        "units_by_unit": "Theo xã",
        "units_matrix": "Ma trận tiêu chí",
        "units_no_district": "Xã không thuộc huyện",
        "units_communes": "Số xã",
        "units_districts": "Số huyện",
        "units_assessed": "Số xã được đánh giá năm {year}",
        "units_new": "trong đó đạt chuẩn năm {year}",
        "units_withdrawn": "bị thu hồi quyết định năm {year}",
        "units_districts_recognised": "số huyện đạt chuẩn",
        "units_average": "Bình quân tiêu chí/xã năm {year}",
        "units_buckets": "Số xã theo số tiêu chí đạt năm {year}",
        "units_bucket": "đạt {span} tiêu chí",
        "units_bucket_below": "dưới {n} tiêu chí",
        "units_not_maintained": "Xã đã đạt chuẩn nhưng chưa duy trì đủ tiêu chí",
        "units_not_assessed": "Số xã chưa đánh giá năm {year}",
        "units_district": "Huyện",
        "units_communes_short": "Số xã",
        "units_average_short": "Bình quân TC/xã",
        "units_own_criteria": "TC của huyện",
        "units_own": "Huyện đạt chuẩn",
        "units_eligible": "Đủ điều kiện về số xã",
        "units_eligible_lower": "đủ điều kiện về số xã",
        "units_rule_condition": "≥ {pct}% số xã {name}",
        "units_rule_note": "chỉ xét điều kiện về xã; tiêu chí của huyện không tính",
        "units_criterion": "Tiêu chí",
        "units_met_in": "Số xã đạt năm {year}",
        "units_unit": "Đơn vị",
        "units_met": "Số TC đạt",
        "units_unmet": "Tiêu chí chưa đạt",
        "units_recognitions": "Đạt chuẩn",
        "units_maintained": "Duy trì",
        "units_yes": "✔ Có",
        "units_no": "✘ Chưa",
        "units_revoked": "thu hồi {name} ({year})",
        "units_none": "Tệp chưa có xã, huyện nào.",
        "units_met_cell": "Đạt",
        "units_count": "Số lượng",
        "units_chart_criteria": "Số xã đạt từng tiêu chí năm {year}",
        "units_chart_buckets": "Số xã theo số tiêu chí đạt năm {year}",
        "units_grid_legend": "✔ đạt · ✘ chưa đạt · trống: chưa đánh giá từng tiêu chí",
    },
    "en": {
        "units_title": "By commune and district",
        "units_summary": "Summary",
        "units_by_district": "By district",
        "units_by_criterion": "By criterion (the fewest communes first)",
        "units_by_unit": "By commune",
        "units_matrix": "Criteria matrix",
        "units_no_district": "Communes without a district",
        "units_communes": "Communes",
        "units_districts": "Districts",
        "units_assessed": "Communes assessed in {year}",
        "units_new": "of which recognised in {year}",
        "units_withdrawn": "withdrawn in {year}",
        "units_districts_recognised": "districts recognised",
        "units_average": "Average criteria met per commune, {year}",
        "units_buckets": "Communes by criteria met, {year}",
        "units_bucket": "{span} criteria met",
        "units_bucket_below": "below {n} criteria",
        "units_not_maintained": "Recognised communes not meeting every criterion",
        "units_not_assessed": "Communes not assessed in {year}",
        "units_district": "District",
        "units_communes_short": "Communes",
        "units_average_short": "Avg criteria",
        "units_own_criteria": "District criteria",
        "units_own": "District recognised",
        "units_eligible": "Commune conditions met",
        "units_eligible_lower": "commune conditions met",
        "units_rule_condition": "≥ {pct}% of communes at {name}",
        "units_rule_note": (
            "conditions on communes only; the district's own criteria are not included"
        ),
        "units_criterion": "Criterion",
        "units_met_in": "Communes {year}",
        "units_unit": "Unit",
        "units_met": "Met",
        "units_unmet": "Criteria not met",
        "units_recognitions": "Recognised",
        "units_maintained": "Maintained",
        "units_yes": "✔ yes",
        "units_no": "✘ no",
        "units_revoked": "{name} withdrawn ({year})",
        "units_none": "The file has no communes or districts.",
        "units_met_cell": "Đạt",
        "units_count": "Count",
        "units_chart_criteria": "Communes meeting each criterion, {year}",
        "units_chart_buckets": "Communes by criteria met, {year}",
        "units_grid_legend": "✔ met · ✘ not met · blank: criteria not assessed one by one",
    },
}
for _lang, _words in _UNITS_WORDS.items():
    WORDS[_lang].update(_words)
MESSAGES["en"]["within_not_district"] = '--within: "{got}" is not a district'
MESSAGES["vi"]["within_not_district"] = '--within: "{got}" không phải đơn vị cấp huyện'
_SUGGESTING_ID = _SUGGESTING_ID | {"within_not_district"}
