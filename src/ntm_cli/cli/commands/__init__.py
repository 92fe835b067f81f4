"""The commands: what each does, given its options. Each command is one module of this
package (`status.py`, `record.py`, …) holding its options (a frozen dataclass whose fields
declare their own flags, help in English and Vietnamese, and allowed values), the function
that carries it out, and its `COMMAND` entry; what they share (options of every command that
reads the file, the session, reading the file, writing a report) is `common.py`. `app.py`
builds the typer commands from these declarations, so an option is declared once.

A run imports only the module of the command it runs (a dataclass costs Python about half a
millisecond to declare, and a `status` run need not declare `record`'s options). Nothing here
imports typer; formats are imported when a command needs them (`formats.FORMATS`). No
arithmetic here either: that is `judge/`."""

from __future__ import annotations

import dataclasses
import importlib
import keyword
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from ntm_cli import formats
from ntm_cli.cli.commands.common import Command, Session, report_problems, write_stderr
from ntm_cli.errors import NtmError

# The commands, in the order `ntm --help` lists them. Each is the module of that name here
# (`import_` for `import`, a Python keyword).
NAMES: tuple[str, ...] = (
    "status",
    "compare",
    "check",
    "outlook",
    "units",
    "validate",
    "show",
    "init",
    "record",
    "import",
    "schema",
)


def command(name: str) -> Command:
    """The command called `name` (one of NAMES), its module imported."""
    module = name + "_" if keyword.iskeyword(name) else name
    found = importlib.import_module(f"{__name__}.{module}").COMMAND
    assert isinstance(found, Command) and found.name == name
    return found


def every_command() -> tuple[Command, ...]:
    """Every command, in the order of NAMES (for `ntm --help` and the tests)."""
    return tuple(command(name) for name in NAMES)


def run(name: str, options: Any) -> int:
    """Carry out the command `name` with `options`: its exit code. A problem with the input
    is reported on standard error in the session's language and gives 2."""
    session = Session.start(getattr(options, "lang", None), os.environ)
    try:
        return command(name).run(_with_format(name, options), session)
    except NtmError as error:
        report_problems(error, session)
        return 2


def _with_format(name: str, options: Any) -> Any:
    """The options with the format the report is written in (SPEC §3: from `--format`, else
    from `-o`'s extension, else the command's default); checked before the file is read, so
    a contradiction is a usage error in the language of usage errors."""
    from ntm_cli.cli.options import report_format

    output = getattr(options, "output", None)
    if not hasattr(options, "format"):
        if output is not None:
            report_format(name, None, output, ("json",))  # `schema` writes JSON only
        return options
    chosen = report_format(name, options.format, output, formats.choices(name))
    return dataclasses.replace(options, format=chosen)


def guarded(action: Callable[[], int | None]) -> NoReturn:
    """Run `action` and exit: every outcome is an exit code, never a traceback (SPEC §4)."""
    try:
        code = action()
    except NtmError as error:  # raised outside a command, e.g. while parsing
        report_problems(error, Session.start(None, os.environ))
        raise SystemExit(2) from None
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        # The reader went away (`ntm status | head`): nothing more to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as error:
        session = Session.start(None, os.environ)
        write_stderr(f"ntm: internal error: {type(error).__name__}: {error}\n", session)
        raise SystemExit(3) from None
    raise SystemExit(code or 0)
