"""Measure ntm against its floors, side by side, with the standard library only.

    python benchmarks/run.py [--runs 15] [--targets 10000]

Each figure is the ratio of two medians over interleaved runs (ntm, floor, ntm, floor, …) on
this machine, so that load on the machine affects both alike. Peak memory is the child's
maximum resident set size (ru_maxrss). Nothing here asserts: it reports.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, generate_units
from national import matrix_rows, write_matrix

# The floor of start-up: a typer app of ten commands of six options that parses the same
# command line and does nothing (running a typer app costs more than importing typer).
TYPER_FLOOR = Path(__file__).resolve().parent / "typer_floor.py"

# A child's peak RSS starts from its parent's at fork, and this script holds a 5 MB file and
# its pieces: measure memory from a small wrapper process instead.
PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


# An installed ntm runs from byte-code that pip compiled at install time; with
# PYTHONDONTWRITEBYTECODE set (as some sandboxes and CI images set it) an editable install
# would compile every module of ntm on every run, which no user pays. The children run with
# byte-code caching on, and the warm-up run writes the cache.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(argv: list[str], before: Callable[[], object] | None = None) -> float:
    """Wall time (s) of one run, output discarded; `before` (not timed) sets the stage."""
    if before is not None:
        before()
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=CHILD_ENV
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def peak_kib(argv: list[str], before: Callable[[], object] | None = None) -> int:
    if before is not None:
        before()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], capture_output=True, check=True, env=CHILD_ENV
    )
    return int(done.stdout)


def compare(
    name: str,
    ntm: list[str],
    floor: list[str],
    runs: int,
    goal: float,
    before: Callable[[], object] | None = None,
) -> list[str]:
    """`before` runs ahead of every run of both (a command that writes restores its file)."""
    ntm_times: list[float] = []
    floor_times: list[float] = []
    measure(ntm, before), measure(floor, before)  # warm the disk cache and the .pyc files
    for _ in range(runs):
        ntm_times.append(measure(ntm, before))
        floor_times.append(measure(floor, before))
    ntm_rss = [peak_kib(ntm, before) for _ in range(3)]
    floor_rss = [peak_kib(floor, before) for _ in range(3)]
    a, b = statistics.median(ntm_times), statistics.median(floor_times)
    ratio = a / b
    mark = "ok " if ratio <= goal else "OVER"
    rows = [
        f"{mark} {name:<44} {ratio:5.2f}x (goal <= {goal:.2f}x)   "
        f"ntm {a * 1000:7.1f} ms   floor {b * 1000:7.1f} ms"
    ]
    peak = max(ntm_rss) / max(floor_rss)
    rows.append(
        f"     {'  peak memory':<44} {peak:5.2f}x                "
        f"ntm {max(ntm_rss) / 1024:7.1f} MiB  floor {max(floor_rss) / 1024:7.1f} MiB"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--targets", type=int, default=10_000)
    parser.add_argument(
        "--only",
        choices=("start", "read", "write", "units", "review"),
        help="start-up (the two small-file rows), reading, writing, units (import --units) or"
        " review (ntm units and status on a national file) figures only",
    )
    parser.add_argument("--communes", type=int, default=8_000, help="the national units file")
    args = parser.parse_args()
    ntm = shutil.which("ntm") or str(Path(sys.executable).with_name("ntm"))
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.toml"
        big = Path(folder) / "big.toml"
        small.write_text(generate(12), "utf-8")
        big.write_text(generate(args.targets), "utf-8")
        tomllib_floor = [python, "-c", f"import tomllib; tomllib.load(open({str(big)!r}, 'rb'))"]
        typer_floor = [python, str(TYPER_FLOOR), "check", "-f", str(small), "--format", "json"]
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"{platform.system()} {platform.release()}"
        )
        print(
            f"files: 12 targets ({small.stat().st_size:,} bytes), "
            f"{args.targets:,} targets ({big.stat().st_size:,} bytes); {args.runs} runs each"
        )
        rows: list[str] = []
        if args.only == "review":
            print("\n".join(units_rows(ntm, python, Path(folder), args)))
            return
        if args.only not in ("write", "units"):
            rows += compare(
                "check --format json, 12 targets / typer floor",
                [ntm, "check", "--format", "json", "-f", str(small)],
                typer_floor,
                args.runs,
                1.15,
            )
            rows += compare(
                "status, 12 targets / typer floor",
                [ntm, "status", "-f", str(small)],
                typer_floor,
                args.runs,
                1.30,
            )
        if args.only not in ("write", "start", "units"):
            rows += compare(
                f"check --format json, {args.targets:,} targets / tomllib",
                [ntm, "check", "--format", "json", "-f", str(big)],
                tomllib_floor,
                max(5, args.runs // 3),
                1.30,
            )
            rows += compare(
                f"outlook --format json, {args.targets:,} targets / tomllib",
                [ntm, "outlook", "--format", "json", "-f", str(big)],
                tomllib_floor,
                max(5, args.runs // 3),
                1.50,
            )
            rows += compare(
                f"status (table), {args.targets:,} targets / tomllib",
                [ntm, "status", "-f", str(big)],
                tomllib_floor,
                max(5, args.runs // 3),
                2.00,
            )
        if args.only not in ("read", "start", "units"):
            rows += record_rows(ntm, python, Path(folder), big, args)
        if args.only in (None, "units"):
            rows += units_import_rows(ntm, python, Path(folder), args)
        if args.only is None:
            rows += units_rows(ntm, python, Path(folder), args)
        print("\n".join(rows))
        print("goal for peak memory on the large file: <= 3.00x the tomllib floor's peak")


def record_rows(
    ntm: str,
    python: str,
    folder: Path,
    big: Path,
    args: argparse.Namespace,
) -> list[str]:
    """Writing into the large file: one value (`ntm record`), and a value for every target in
    one write (`ntm import`), each from a fresh copy of the file."""
    written = folder / "written.toml"
    restore = partial(shutil.copyfile, big, written)
    sheet = folder / "sheet.csv"
    sheet.write_text(
        "id,TH 2024\n"
        + "".join(f"xa-{index:05d},{index % 97 + 0.5}\n" for index in range(args.targets)),
        "utf-8",
    )
    runs = max(5, args.runs // 3)
    read_floor = [python, "-c", f"import tomllib; tomllib.load(open({str(written)!r}, 'rb'))"]
    sheet_floor = [
        python,
        "-c",
        f"import csv, tomllib; tomllib.load(open({str(written)!r}, 'rb')); "
        f"list(csv.reader(open({str(sheet)!r}, newline='')))",
    ]
    target = f"xa-{args.targets // 2:05d}"
    rows = compare(
        f"record ID --year Y --actual V, {args.targets:,} targets / tomllib",
        [ntm, "record", target, "--year", "2024", "--actual", "50.5", "-f", str(written)],
        read_floor,
        runs,
        2.00,
        restore,
    )
    rows += compare(
        f"import of {args.targets:,} values from CSV / tomllib + csv",
        [ntm, "import", str(sheet), "-f", str(written)],
        sheet_floor,
        runs,
        3.00,
        restore,
    )
    rows += compare(
        f"import --dry-run {args.targets:,} values / tomllib + csv",
        [ntm, "import", str(sheet), "--dry-run", "-f", str(written)],
        sheet_floor,
        runs,
        2.50,
        restore,
    )
    return rows


def units_import_rows(ntm: str, python: str, folder: Path, args: argparse.Namespace) -> list[str]:
    """`ntm import --units` of a national matrix (a row per commune under district heading
    rows, 19 criteria, a count and a recognition column) into the national file of
    `generate_units` (SPEC §12.5), a new year (2026) for every commune, against
    `tomllib.load` of the file plus python-calamine reading the sheet."""
    text = generate_units(args.communes)
    source = folder / "national.toml"
    source.write_text(text, "utf-8")
    written = folder / "national-written.toml"
    restore = partial(shutil.copyfile, source, written)
    sheet = folder / "matrix.xlsx"
    write_matrix(matrix_rows(text, 2026), str(sheet))
    floor = [
        python,
        "-c",
        f"import tomllib, python_calamine; tomllib.load(open({str(written)!r}, 'rb')); "
        f"python_calamine.CalamineWorkbook.from_path({str(sheet)!r}).get_sheet_by_index(0)"
        ".to_python(skip_empty_area=False)",
    ]
    runs = max(5, args.runs // 3)
    command = [ntm, "import", str(sheet), "--units", "--year", "2026", "-f", str(written)]
    rows = compare(
        f"import --units, {args.communes:,} communes, written / tomllib + calamine",
        command,
        floor,
        runs,
        3.00,
        restore,
    )
    rows += compare(
        f"import --units --dry-run, {args.communes:,} communes / tomllib + calamine",
        [*command, "--dry-run"],
        floor,
        runs,
        3.00,
        restore,
    )
    return rows


def units_rows(ntm: str, python: str, folder: Path, args: argparse.Namespace) -> list[str]:
    """A national file of units (SPEC §12.5): `ntm units --format json` and `ntm status`
    (its roll-up targets counted) against `tomllib.load` of the same file; then the cost of
    `units --format json` as the file grows, 1,000 → 8,000 → 32,000 communes, per 1,000."""
    national = folder / "national-review.toml"
    national.write_text(generate_units(args.communes), "utf-8")
    runs = max(5, args.runs // 3)
    floor = [python, "-c", f"import tomllib; tomllib.load(open({str(national)!r}, 'rb'))"]
    rows = [
        f"national file: {args.communes:,} communes, {national.stat().st_size:,} bytes",
        *compare(
            f"units --format json, {args.communes:,} communes / tomllib",
            [ntm, "units", "--format", "json", "-f", str(national)],
            floor,
            runs,
            1.50,
        ),
        *compare(
            f"status, {args.communes:,} communes, roll-ups counted / tomllib",
            [ntm, "status", "-f", str(national)],
            floor,
            runs,
            2.00,
        ),
    ]
    for communes in (1_000, 8_000, 32_000):
        path = folder / f"units-{communes}.toml"
        path.write_text(generate_units(communes), "utf-8")
        argv = [ntm, "units", "--format", "json", "-f", str(path)]
        measure(argv)  # warm
        times = [measure(argv) for _ in range(max(3, runs // 2))]
        median = statistics.median(times)
        rows.append(
            f"     scaling: units --format json, {communes:>6,} communes "
            f"({path.stat().st_size / 1e6:5.1f} MB): {median * 1000:8.1f} ms, "
            f"{median * 1000 / (communes / 1000):6.1f} ms per 1,000 communes"
        )
    return rows


if __name__ == "__main__":
    main()
