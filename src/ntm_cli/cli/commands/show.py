"""`ntm show`: one target, or one unit, across its years."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Common,
    Session,
    argument,
    format_flag,
    load_file,
    write_report,
)


@dataclass(frozen=True, kw_only=True)
class ShowOptions(Common):
    """The options of `ntm show`."""

    target_id: str = argument("ID", "The target's id.", "Mã của chỉ tiêu.")
    format: str | None = format_flag("show")


def show(options: ShowOptions, session: Session) -> int:
    """One target across all its years: plan, actual, delta, status, and a trend."""
    from ntm_cli.edit.write import target_index
    from ntm_cli.judge.history import history

    loaded, lang = load_file(options, session)
    if loaded.doc.unit and not any(t.id == options.target_id for t in loaded.doc.target):
        from ntm_cli.judge.units import unit_history

        found = unit_history(loaded.doc, loaded.shown, options.target_id)
        if found is not None:  # a unit's recognitions and assessments (SPEC §12.3)
            write_report(options, lang, session, lambda f, view: f.render("show_unit", found, view))
            return 0
    index = target_index(loaded.doc, options.target_id, loaded.shown)
    target = history(loaded.doc, loaded.shown, index)
    write_report(options, lang, session, lambda f, view: f.render("show", target, view))
    return 0


COMMAND = Command(
    "show",
    ShowOptions,
    show,
    "Một chỉ tiêu qua mọi năm: kế hoạch, thực hiện, chênh lệch, tình trạng và xu hướng.",
)
