"""HTML inspections shared by the trust tests."""

from html.parser import HTMLParser

# <script type="application/json"> holds data, which a CSP without 'unsafe-inline' allows.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self.found.append(f"inline <script> {attributes}")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler {name}= on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    """Everything in the page that a CSP without 'unsafe-inline' would block."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder.found
