"""Fill in an admin form the way a browser would: start from what the page renders."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects the submitted values of the first form whose id ends in ``_form``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._add(name, a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_options = name, []
            self._multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._select_options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not self._multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_data(html: str) -> dict:
    """The data a browser would post from the admin page, ready for ``client.post``."""
    reader = _FormReader()
    reader.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}


def admin_post(client, url: str, **changes):
    """GET the admin form at ``url``, change some fields, POST it back."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = form_data(page.content.decode())
    data.update(changes)
    data.pop("_saveasnew", None)
    return client.post(url, data)
