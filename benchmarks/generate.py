"""Generate a realistic large targets file: Vietnamese names and groups, both directions,
10 plan years and 8 actual years per target.

    python benchmarks/generate.py 10000 > big.toml
"""

from __future__ import annotations

import random
import sys

GROUPS = ["Kinh tế", "Văn hóa - Xã hội", "Môi trường", "Hạ tầng", "Y tế", "Giáo dục"]
INDICATORS = [
    ("Thu nhập bình quân đầu người", "Income per capita", "triệu đồng/người", "increase"),
    ("Tỷ lệ hộ nghèo", "Poor-household rate", "%", "decrease"),
    ("Tỷ lệ lao động qua đào tạo", "Share of trained workers", "%", "increase"),
    ("Tỷ lệ bao phủ bảo hiểm y tế", "Health-insurance coverage", "%", "increase"),
    ("Tỷ lệ dân số dùng nước sạch", "Population with clean water", "%", "increase"),
    ("Số tiêu chí nông thôn mới đạt", "NTM criteria met", "tiêu chí", "increase"),
    ("Tỷ lệ rác thải chưa xử lý", "Untreated waste rate", "%", "decrease"),
    ("Chiều dài đường giao thông nông thôn", "Rural road length", "km", "increase"),
]
COMMUNES = ["Thới Hưng", "Trường Long", "Nhơn Ái", "Giai Xuân", "Mỹ Khánh", "Tân Thới"]


def generate(count: int, seed: int = 2020) -> str:
    rng = random.Random(seed)
    out = [
        "[program]",
        'name = "Xây dựng nông thôn mới (toàn quốc, dữ liệu tổng hợp)"',
        'region = "Việt Nam"',
        'lang = "vi"',
        "",
    ]
    for index in range(count):
        name, name_en, unit, direction = INDICATORS[index % len(INDICATORS)]
        commune = COMMUNES[index % len(COMMUNES)]
        if direction == "decrease":  # a rate falling towards zero
            base, step = rng.uniform(30, 60), -rng.uniform(0.5, 2.5)
        else:
            base, step = rng.uniform(5, 60), rng.uniform(0.5, 3)
        plans = ", ".join(f"{y} = {round(base + step * (y - 2015), 2)}" for y in range(2016, 2026))
        actuals = ", ".join(
            f"{y} = {round(base + step * (y - 2015) * rng.uniform(0.9, 1.1), 2)}"
            for y in range(2016, 2024)
        )
        out += [
            "[[target]]",
            f'id = "xa-{index:05d}"',
            f'name = "{name} – xã {commune} {index}"',
            f'name_en = "{name_en} – {commune} commune {index}"',
            f'group = "{GROUPS[index % len(GROUPS)]}"',
            f'unit = "{unit}"',
            f'direction = "{direction}"',
            f"plan = {{ {plans} }}",
            f"actual = {{ {actuals} }}",
            "",
        ]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))


# --- a national file of units (SPEC §12.5) ----------------------------------------------------

CRITERIA = [
    "Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện", "Trường học",
    "Cơ sở vật chất văn hóa", "Cơ sở hạ tầng thương mại nông thôn", "Thông tin và Truyền thông",
    "Nhà ở dân cư", "Thu nhập", "Nghèo đa chiều", "Lao động",
    "Tổ chức sản xuất và phát triển kinh tế nông thôn", "Giáo dục và Đào tạo", "Y tế",
    "Văn hóa", "Môi trường và an toàn thực phẩm",
    "Hệ thống chính trị và tiếp cận pháp luật", "Quốc phòng và An ninh",
]  # fmt: skip
YEARS = range(2021, 2026)


def generate_units(communes: int = 8_000, seed: int = 2025) -> str:
    """A national file: `communes` communes in about communes / 11.5 districts, 19 criteria,
    an assessment (`unmet`) of every commune in 2021–2025, two standards, two roll-up targets
    per district and twenty national ones."""
    rng = random.Random(seed)
    districts = max(1, round(communes / 11.5))
    out = [
        "[program]",
        'name = "Xây dựng nông thôn mới (toàn quốc, dữ liệu tổng hợp)"',
        'region = "Việt Nam"',
        'lang = "vi"',
        "buckets = [15, 10, 5]",
        "district_rule = { ntm = { ntm = 100, advanced = 10 } }",
        "",
        "[[standard]]",
        'id = "ntm"',
        'name = "Đạt chuẩn nông thôn mới"',
        'name_en = "NTM standard"',
        "",
        "[[standard]]",
        'id = "advanced"',
        'name = "Đạt chuẩn nông thôn mới nâng cao"',
        'name_en = "Advanced NTM standard"',
        "",
    ]
    for number, name in enumerate(CRITERIA, start=1):
        out += ["[[criterion]]", f"id = {number}", f'name = "{name}"', ""]
    national = [
        ('rollup = { of = "commune", standard = "ntm" }', "Số xã đạt chuẩn nông thôn mới"),
        ('rollup = { of = "commune", standard = "advanced" }', "Số xã đạt chuẩn nâng cao"),
        ('rollup = { of = "commune", standard = "ntm", new = true }', "Số xã đạt chuẩn mới"),
        ('rollup = { of = "commune", standard = "ntm", as = "percent" }', "Tỷ lệ xã đạt chuẩn"),
        ('rollup = { of = "district", standard = "ntm" }', "Số huyện đạt chuẩn"),
        ('rollup = { of = "commune", average = "criteria" }', "Bình quân tiêu chí/xã"),
        ('rollup = { of = "commune", criteria_min = 15 }', "Số xã đạt từ 15 tiêu chí"),
    ] + [
        (f'rollup = {{ of = "commune", criterion = {c} }}', f"Số xã đạt tiêu chí {c}")
        for c in range(1, 14)
    ]
    for index, (rollup, name) in enumerate(national):
        plans = ", ".join(f"{y} = {communes // 2 + index}" for y in (2023, 2025))
        if "percent" in rollup or "average" in rollup:
            plans = "2025 = 80"
        out += ["[[target]]", f'id = "quoc-gia-{index:02d}"', f'name = "{name}"',
                f"plan = {{ {plans} }}", rollup, ""]  # fmt: skip
    commune_index = 0
    for district in range(districts):
        did = f"huyen-{district:04d}"
        members = communes // districts + (1 if district < communes % districts else 0)
        scope = f'within = "{did}"'
        out += ["[[target]]", f'id = "{did}-ntm"', f'name = "Số xã đạt chuẩn – huyện {district}"',
                f"plan = {{ 2025 = {members} }}",
                f'rollup = {{ of = "commune", standard = "ntm", {scope} }}', "",
                "[[target]]", f'id = "{did}-tc"', f'name = "Bình quân tiêu chí – huyện {district}"',
                "plan = { 2025 = 18 }",
                f'rollup = {{ of = "commune", average = "criteria", {scope} }}', ""]  # fmt: skip
        recognised = "recognised = { ntm = 2024 }" if rng.random() < 0.3 else ""
        out += ["[[unit]]", f'id = "{did}"', f'name = "Huyện {COMMUNES[district % 6]} {district}"',
                'kind = "district"', recognised, ""]  # fmt: skip
        for _ in range(members):
            met = rng.randint(8, 19)
            unmet = []
            for year in YEARS:
                met = min(19, met + rng.choice((0, 0, 1, 1, 2)))
                missing = sorted(rng.sample(range(1, 20), 19 - met))
                unmet.append(f"{year} = {missing}")
            lines = ["[[unit]]", f'id = "xa-{commune_index:05d}"',
                     f'name = "Xã {COMMUNES[commune_index % 6]} {commune_index}"',
                     'kind = "commune"', f'parent = "{did}"']  # fmt: skip
            if met == 19:
                year = rng.choice(YEARS)
                if rng.random() < 0.3:
                    lines.append(f"recognised = {{ ntm = {year}, advanced = 2025 }}")
                else:
                    lines.append(f"recognised = {{ ntm = {year} }}")
            lines.append(f"unmet = {{ {', '.join(unmet)} }}")
            out += [*lines, ""]
            commune_index += 1
    return "\n".join(out)
