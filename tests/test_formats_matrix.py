"""The matrix of report kinds and formats (formats.FORMATS) is the whole truth: every format
module renders exactly the kinds the registry says, and every format a command offers takes
any generated document and gives output that parses back. The vocabulary comes from the
registry, so a new format or kind is covered here without editing this file."""

from __future__ import annotations

import csv
import html.parser
import importlib
import io
import json
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from ntm_cli import formats
from tests.builders import documents, toml_text
from tests.runner import invoke


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_each_module_renders_exactly_the_kinds_the_registry_lists(fmt: formats.Format) -> None:
    module = importlib.import_module(f"ntm_cli.formats.{fmt.module}")
    renders = {kind for kind in formats.KINDS if callable(getattr(module, kind, None))}
    assert renders == set(fmt.kinds)
    assert not hasattr(module, "render"), "one function per kind, no dispatcher"


@pytest.mark.parametrize("command", sorted(formats.COMMAND_KINDS))
def test_every_command_has_formats_that_render_all_its_kinds(command: str) -> None:
    offered = formats.choices(command)
    assert offered
    for name in offered:
        assert set(formats.COMMAND_KINDS[command]) <= formats.BY_NAME[name].kinds


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_a_format_renders_all_or_none_of_a_commands_kinds(fmt: formats.Format) -> None:
    """A format that renders `status` but not `status_period` would be offered for neither
    (`choices`): say which kind is missing instead of leaving the format unreachable."""
    for command, kinds in formats.COMMAND_KINDS.items():
        rendered = [kind for kind in kinds if kind in fmt.kinds]
        assert rendered in ([], list(kinds)), (
            f"{fmt.name} renders {rendered} of {command}'s {kinds}"
        )


def test_a_format_refuses_a_kind_it_does_not_render() -> None:
    with pytest.raises(ValueError, match="junit"):
        formats.BY_NAME["junit"].render("outlook", object(), formats.View("en"))  # type: ignore[call-overload]


def _parses_back(fmt: formats.Format, data: bytes) -> None:
    """Output of `fmt` read back by what reads its kind of text."""
    if fmt.needs_output:
        assert zipfile.is_zipfile(io.BytesIO(data))  # .xlsx and .docx are zip packages
        return
    text = data.decode("utf-8")
    if fmt.flavour == "json":
        json.loads(text)
    elif fmt.flavour == "xml":
        if text.lstrip().lower().startswith("<!doctype html"):
            assert "<script" not in text.lower()
            html.parser.HTMLParser().feed(text)
        else:
            ET.fromstring(text.encode("utf-8"))
    elif fmt.name == "csv":
        list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    else:
        assert text.strip() or fmt.flavour == "github"


# The commands that report on a whole file (show takes an id, units a file with units).
_FILE_REPORTS = ("status", "compare", "outlook", "check")


@settings(max_examples=25)
@given(document=documents())
def test_every_format_of_every_report_takes_any_document(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_text(toml_text(document), "utf-8")
        for command in _FILE_REPORTS:
            for name in formats.choices(command):
                fmt = formats.BY_NAME[name]
                out = Path(folder) / f"report.{name}"
                args = [command, "--format", name, "-f", str(path)]
                if fmt.needs_output:
                    args += ["-o", str(out)]
                outcome = invoke(args)
                assert "Traceback" not in outcome.err
                # check fails on missed targets; outlook has nothing to say without a plan ahead
                assert outcome.code in (0, 1, 2), (args, outcome.err)
                if outcome.code == 2:
                    assert command == "outlook", (args, outcome.err)
                    continue
                _parses_back(fmt, out.read_bytes() if fmt.needs_output else outcome.out_bytes)
