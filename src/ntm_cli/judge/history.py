"""One target across its years (`ntm show`): evaluated for every year it has a plan, an actual
or an estimate, with its year-to-date figures. Pure, like `evaluate.py`, and apart from it so
that the other commands do not declare what only `show` needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ntm_cli.judge.evaluate import Record, counted, evaluate_target
from ntm_cli.targets_file.data import Document, Program, Target

if TYPE_CHECKING:
    from ntm_cli.judge.period import PeriodRecord


@dataclass(frozen=True)
class History:
    """One target across its years (`ntm show`)."""

    file: str
    program: Program
    target: Target
    records: list[Record]
    periods: list[PeriodRecord] = field(default_factory=list)  # year-to-date figures (§13)


def history(doc: Document, file: str, index: int) -> History:
    """One target evaluated for every year it has a plan, actual or estimate."""
    doc = counted(doc)
    target = doc.target[index]
    years = sorted({*target.plan, *target.actual, *target.estimate})
    if target.counted is not None:
        from ntm_cli.judge.units import at_year

        records = [evaluate_target(at_year(target, y), index, y, doc.program) for y in years]
    else:
        records = [evaluate_target(target, index, y, doc.program) for y in years]
    periods: list[PeriodRecord | None] = []
    if target.ytd or target.ytd_estimate:  # year-to-date figures (SPEC §13)
        from ntm_cli.judge.period import judge

        periods = [judge(target, index, p) for p in target.periods()]
    return History(
        file,
        doc.program,
        target,
        [r for r in records if r is not None],
        [r for r in periods if r is not None],
    )
