"""Generate a national units file (SPEC §12.5) and the criteria matrix of one year for it.

    python benchmarks/national.py > national.toml            # the file
    python benchmarks/national.py --matrix 2025 m.csv        # its 2025 matrix (CSV or .xlsx)

About 8,000 communes in 700 districts, 19 criteria, the two standards, five years of
assessments (2020–2024) and a roll-up target per district. The names are made up.
"""

from __future__ import annotations

import random
import sys

CRITERIA = [
    "Quy hoạch",
    "Giao thông",
    "Thủy lợi và phòng, chống thiên tai",
    "Điện",
    "Trường học",
    "Cơ sở vật chất văn hóa",
    "Cơ sở hạ tầng thương mại nông thôn",
    "Thông tin và Truyền thông",
    "Nhà ở dân cư",
    "Thu nhập",
    "Nghèo đa chiều",
    "Lao động",
    "Tổ chức sản xuất và phát triển kinh tế nông thôn",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Văn hóa",
    "Môi trường và an toàn thực phẩm",
    "Hệ thống chính trị và tiếp cận pháp luật",
    "Quốc phòng và An ninh",
]
SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Mỹ", "Long", "Thạnh", "Đông", "Tây", "Nhơn"]
YEARS = range(2020, 2025)


def national(districts: int = 700, communes: int = 8000, seed: int = 2025) -> str:
    """The file's text: districts, then each district's communes."""
    rng = random.Random(seed)
    out = [
        "[program]",
        'name = "Xây dựng nông thôn mới (toàn quốc, dữ liệu minh họa)"',
        "",
        '[[standard]]\nid = "ntm"\nname = "Đạt chuẩn nông thôn mới"\n',
        '[[standard]]\nid = "advanced"\nname = "Đạt chuẩn nông thôn mới nâng cao"\n',
    ]
    for number, name in enumerate(CRITERIA, start=1):
        out.append(f'[[criterion]]\nid = {number}\nname = "{name}"\n')
    for district in range(districts):
        out.append(
            f'[[target]]\nid = "d{district}-ntm"\nname = "Số xã đạt chuẩn, huyện {district}"\n'
            f'plan = {{ 2025 = 10 }}\nrollup = {{ of = "commune", standard = "ntm", '
            f'within = "d{district}" }}\n'
        )
    per = communes // districts
    extra = communes - per * districts
    for district in range(districts):
        out.append(
            f'[[unit]]\nid = "d{district}"\nname = "Huyện {district_name(district)}"\n'
            'kind = "district"\n'
        )
        for commune in range(per + (1 if district < extra else 0)):
            unit_id = f"d{district}-c{commune}"
            lines = [
                "[[unit]]",
                f'id = "{unit_id}"',
                f'name = "Xã {commune_name(rng)} {commune}"',
                'kind = "commune"',
                f'parent = "d{district}"',
            ]
            if rng.random() < 0.7:
                lines.append(f"recognised = {{ ntm = {rng.choice(YEARS)} }}")
            tables = []
            for year in YEARS:
                unmet = sorted(rng.sample(range(1, 20), rng.choice([0, 0, 1, 2, 3])))
                tables.append(f"{year} = [{', '.join(map(str, unmet))}]")
            lines.append(f"unmet = {{ {', '.join(tables)} }}")
            out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def district_name(number: int) -> str:
    return f"{SYLLABLES[number % len(SYLLABLES)]} {number}"


def commune_name(rng: random.Random) -> str:
    return f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


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
    text = national()
    if len(sys.argv) == 4 and sys.argv[1] == "--matrix":
        write_matrix(matrix_rows(text, int(sys.argv[2])), sys.argv[3])
    else:
        sys.stdout.write(text)
