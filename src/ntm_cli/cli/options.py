"""Settings that come from the environment as well as the command line: the output language
and whether to use colour. Pure functions of their inputs, so tests need no environment."""

from __future__ import annotations

from collections.abc import Mapping

from ntm_cli.errors import NtmError, show_text
from ntm_cli.i18n import Lang
from ntm_cli.targets_file.rules import LANGS


def _lang_of(value: str) -> Lang | None:
    """ "vi", "en", or a locale-style value such as vi_VN.UTF-8."""
    head = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    if head == "vi":
        return "vi"
    if head == "en":
        return "en"
    return None


def env_lang(option: str | None, env: Mapping[str, str]) -> Lang | None:
    """--lang, else $NTM_LANG (an unusable value is an error rather than silently ignored)."""
    if option:
        found = _lang_of(option)
        if found:
            return found
    value = env.get("NTM_LANG", "")
    if value:
        found = _lang_of(value)
        if found is None:
            raise NtmError.one("bad_env", None, name="NTM_LANG", value=value, expected="vi or en")
        return found
    return None


def locale_lang(env: Mapping[str, str]) -> Lang:
    """vi when $LC_ALL, $LC_MESSAGES or $LANG starts with "vi" (SPEC §3: any of them), else en."""
    if any(
        env.get(name, "").lower().startswith("vi") for name in ("LC_ALL", "LC_MESSAGES", "LANG")
    ):
        return "vi"
    return "en"


def resolve_lang(option: str | None, env: Mapping[str, str], program_lang: str | None) -> Lang:
    """--lang; else $NTM_LANG; else [program].lang; else the locale (SPEC §3)."""
    chosen = env_lang(option, env)
    if chosen:
        return chosen
    if program_lang in LANGS:
        return program_lang  # type: ignore[return-value]
    return locale_lang(env)


def message_lang(option: str | None, env: Mapping[str, str]) -> Lang:
    """The language of error messages, decided before (or without) a valid file."""
    try:
        chosen = env_lang(option, env)
    except NtmError:
        chosen = None
    return chosen or locale_lang(env)


def use_color(no_color_flag: bool, env: Mapping[str, str], is_terminal: bool) -> bool:
    """Colour only on a terminal, and never with --no-color or a non-empty $NO_COLOR."""
    return is_terminal and not no_color_flag and not env.get("NO_COLOR")


# `-o` names the format by its extension (SPEC §3, version 3). By format name, not module, so
# that a format registered later (docx) is chosen by its extension as soon as it exists.
OUTPUT_EXTENSIONS: Mapping[str, str] = {
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
}


def report_format(
    command: str, given: str | None, output: str | None, offered: tuple[str, ...]
) -> str:
    """The format a report is written in: `--format` as given (None when not given), else
    the one `-o`'s extension names (SPEC §3), else the command's default (`offered[0]`).
    A `--format` that contradicts the extension, or an extension naming a format the
    command does not offer, is a usage error: a workbook named .xlsx holding a text table
    is a file Excel refuses to open."""
    import os

    named: str | None = None
    if output is not None and output != "-":
        extension = os.path.splitext(output)[1].lower()
        named = OUTPUT_EXTENSIONS.get(extension)
        if named is not None and given is not None and given != named:
            raise NtmError.one(
                "usage_format_extension", None, format=given, path=show_text(output), named=named
            )
        if named is not None and named not in offered:
            raise NtmError.one(
                "usage_extension_format",
                None,
                command=command,
                path=show_text(output),
                extension=extension,
                formats=", ".join(offered),
            )
    if given is not None:
        return given
    return named or offered[0]


# Human tables where the output is not a terminal (a pipe, a file): SPEC §3.
PIPE_WIDTH = 120


def report_width(env: Mapping[str, str], terminal_columns: int | None) -> int:
    """The width human tables fit: `$COLUMNS` where it holds a positive number; else the
    terminal's width (`terminal_columns`, None when the output is not a terminal); else 120."""
    value = env.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    if terminal_columns:
        return terminal_columns
    return PIPE_WIDTH
