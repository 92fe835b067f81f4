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
