"""The `ntm` console script: the typer command line (`cli.py`)."""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

# Python collects cyclic garbage every 700 allocations and, every so often, walks every live
# object: a run of ntm builds tens of thousands of objects at start (its modules, typer's,
# Rich's) and, for a national file, millions (the parsed TOML, the units), and frees almost
# no cycles. Collecting every 200,000 allocations instead (mypy's setting) saves about 5 ms of
# a 12-target `status` and about 15 % of `units` on a national file, for the same peak memory
# (README "Performance"). The script also sets aside what it built once the targets file is
# read (`cli.commands.common.FREEZE_AFTER_READ`). Only for the script: a program that calls
# `main` with its own argv (the tests do) keeps its collector as it is.
GC_THRESHOLD = (200_000, 30, 30)


def main(argv: list[str] | None = None) -> NoReturn:
    # Pydantic scans every installed package's metadata for plugins when the first model is
    # built: about 12 ms of a run that needs the models (the README's Performance section),
    # for plugins ntm does not use. The command line sets this, not the core; a user's own
    # setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if argv is None:
        gc.set_threshold(*GC_THRESHOLD)
        from ntm_cli.cli.commands import common

        common.FREEZE_AFTER_READ = True
    from ntm_cli.cli.app import main as cli_main

    cli_main(list(sys.argv[1:] if argv is None else argv))
