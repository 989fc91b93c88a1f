"""Structural accessibility checks that need no browser: every field has a label, tables
label their header cells' scope, headings do not skip a level, and nothing inline (style
attributes or scripts) that the CSP would block."""

from __future__ import annotations

from html.parser import HTMLParser

FIELDS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.problems: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "style" in attributes:
            self.problems.append(f"inline style on <{tag}>")
        if tag == "script" and not attributes.get("src"):
            self.problems.append("inline <script>")
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if tag in FIELDS and attributes.get("type", "") not in UNLABELLED_TYPES:
            self.fields.append({**attributes, "_wrapped": "1" if self.open_labels else ""})
        if tag == "th" and "scope" not in attributes:
            self.problems.append("<th> without scope")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels = max(self.open_labels - 1, 0)


def structural_problems(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    problems = list(collector.problems)
    for field in collector.fields:
        labelled = (
            field.get("id", "") in collector.label_for
            or field["_wrapped"]
            or field.get("aria-label")
        )
        if not labelled:
            problems.append(f"field {field.get('name')!r} has no label")
    previous = 0
    for level in collector.headings:
        if level > previous + 1:
            problems.append(f"heading h{level} follows h{previous}")
        previous = level
    if collector.headings[:1] != [1]:
        problems.append("the page does not start with an h1")
    return problems
