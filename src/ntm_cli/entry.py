"""The `ntm` console script: the typer command line (`cli.py`)."""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def main(argv: list[str] | None = None) -> NoReturn:
    # Pydantic scans every installed package's metadata for plugins when the first model is
    # built: about 12 ms of a run that needs the models (the README's Performance section),
    # for plugins ntm does not use. The command line sets this, not the core; a user's own
    # setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from ntm_cli.cli.app import main as cli_main

    cli_main(list(sys.argv[1:] if argv is None else argv))
