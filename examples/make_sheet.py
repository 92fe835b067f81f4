"""Writes examples/bao-cao-2020.xlsx: a report sheet laid out as offices lay theirs out, for
`ntm import` (README, "From and to Excel"). Names and ids are those of the shipped
targets.toml; the 2020 figures are the file's, the 2021 estimate is ILLUSTRATIVE only.

    python examples/make_sheet.py
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
ROWS = [
    ("I", "KINH TẾ", None, None, None, None),
    ("1", "Thu nhập bình quân đầu người", "triệu đồng/người", 88.296, 94.45, 96.5),
    ("II", "XÃ HỘI", None, None, None, None),
    ("2", "Số xã đạt chuẩn nông thôn mới nâng cao", "xã", 5, 8, None),
    ("3", "Tỷ lệ hộ nghèo", "%", None, "0,29", None),
    ("4", "Tỷ lệ bao phủ bảo hiểm y tế", "%", None, 90, None),
    ("5", "Số hộ dùng điện (chưa có trong tệp)", "hộ", None, 1000, None),
]


def main() -> None:
    book = xlsxwriter.Workbook(HERE / "bao-cao-2020.xlsx")
    sheet = book.add_worksheet("Báo cáo")
    bold = book.add_format({"bold": True, "align": "center", "border": 1})
    sheet.write_string(0, 0, "BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI (số liệu minh họa)")
    for column, heading in enumerate(("STT", "Chỉ tiêu", "Đơn vị")):
        sheet.merge_range(2, column, 3, column, heading, bold)
    sheet.merge_range(2, 3, 2, 4, "Năm 2020", bold)
    sheet.write_string(2, 5, "Năm 2021", bold)
    for column, heading in enumerate(("KH", "TH", "Ước TH"), start=3):
        sheet.write_string(3, column, heading, bold)
    for offset, row in enumerate(ROWS, start=4):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(offset, column, value)
            elif value is not None:
                sheet.write_number(offset, column, value)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 18)
    book.close()


if __name__ == "__main__":
    main()
