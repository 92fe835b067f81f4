"""Reading an HTML report back as data, for the tests of `--format html` (the documents they
render are built in tests/builders.py)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from ntm_cli.i18n import Lang
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.targets_file.data import Document
from tests.runner import rendered


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class Parsed(HTMLParser):
    """Every element with its attributes, the text inside each open element, and the page's
    text as a browser shows it (character references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in ("meta", "br", "rect", "line", "circle", "polyline"):
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position].tag == tag:
                del self._open[position:]
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for element in self._open:
            element.text += data

    def tags(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


def parse(page: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(page)
    parsed.close()
    return parsed


def render(doc: Document, lang: Lang = "vi", kind: str = "status", **options: int) -> str:
    return str(rendered("html", kind, evaluate(doc, "targets.toml", **options), lang))
