"""Reading an HTML report back as data, for the tests of `--format html`."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from ntm_cli.i18n import Lang
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.targets_file.data import Document, Program, Target
from tests.runner import rendered

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_UNIT = "<img src=x onerror=alert(1)>"
HOSTILE_GROUP = '"><style>body{display:none}</style>'


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


def program() -> Program:
    return Program(name="Xây dựng nông thôn mới", region="Cần Thơ", name_en="New Rural")


def every_status() -> Document:
    """One target of every status in 2020, and a hostile one."""
    targets = [
        Target("exceeded", "Thu nhập", name_en="Income", group="Kinh tế", group_en="Economy",
               unit="triệu đồng", unit_en="million VND", plan={2020: 88.296}, actual={2020: 94.45}),
        Target("met", "Đạt", group="Kinh tế", group_en="Economy", plan={2020: 5}, actual={2020: 5}),
        Target("near", "Gần", group="Kinh tế", plan={2020: 100}, actual={2020: 97}),
        Target("missed", "Trượt", group="Xã hội", plan={2020: 100}, actual={2020: 50}),
        Target("ahead", "Sớm", group="Xã hội", plan={2021: 36}, actual={2020: 36}, total=36),
        Target("in-progress", "Đang", group="Xã hội", plan={2025: 90}, actual={2020: 70}),
        Target("no-plan", "Theo dõi", group="Xã hội", unit="%", actual={2020: 75}),
        Target("no-data", "Chưa có", group="Xã hội", plan={2020: 3}, estimate={2021: 2.5}),
        Target("hostile", HOSTILE_NAME, name_en=HOSTILE_NAME, group=HOSTILE_GROUP,
               unit=HOSTILE_UNIT, plan={2020: 1}, actual={2020: 2}),
    ]  # fmt: skip
    return Document(targets, program())


def render(doc: Document, lang: Lang = "vi", kind: str = "status", **options: int) -> str:
    return str(rendered("html", kind, evaluate(doc, "targets.toml", **options), lang))
