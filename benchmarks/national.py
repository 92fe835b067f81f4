"""The criteria matrix of one year for a national units file (SPEC §12.5), laid out as an
office lays it out, for the `import --units` benchmark.

    python benchmarks/national.py national.toml m.xlsx   # generate_units' file, its 2026 matrix
"""

from __future__ import annotations

import random
import sys


def matrix_rows(text: str, year: int, seed: int = 7) -> list[list[object]]:
    """The matrix of `year` for the file `text`, as an office lays it out: a title, a header,
    district heading rows, a row per commune with its id, name, cells `x` or empty, the
    count of criteria met and the year of recognition."""
    import tomllib

    rng = random.Random(seed)
    doc = tomllib.loads(text)
    rows: list[list[object]] = [
        [f"BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}"],
        [],
        [
            "STT",
            "Mã",
            "Tên xã",
            *(f"TC{n}" for n in range(1, 20)),
            "Tổng số tiêu chí đạt",
            "Năm công nhận",
        ],
    ]
    number = 0
    for unit in doc["unit"]:
        if unit["kind"] == "district":
            rows.append(["", "", unit["name"]])
            continue
        number += 1
        unmet = set(rng.sample(range(1, 20), rng.choice([0, 0, 1, 2])))
        cells = ["" if n in unmet else "x" for n in range(1, 20)]
        recognised = unit.get("recognised", {}).get("ntm", "")
        rows.append([number, unit["id"], unit["name"], *cells, 19 - len(unmet), recognised])
    return rows


def write_matrix(rows: list[list[object]], path: str) -> None:
    if path.endswith(".xlsx"):
        import xlsxwriter

        book = xlsxwriter.Workbook(path)
        sheet = book.add_worksheet("Tổng hợp")
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell != "":
                    sheet.write(r, c, cell)
        book.close()
        return
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


if __name__ == "__main__":
    from generate import generate_units

    national = generate_units()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(national)
    write_matrix(matrix_rows(national, 2026), sys.argv[2])
