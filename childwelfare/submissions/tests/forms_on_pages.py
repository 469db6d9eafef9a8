"""What a browser would post from a page: the default values of one of its forms (test helper).

`form_data(html, marker)` finds the POST form holding a `form_token` and, if given, the
field `marker` (a name, or a (name, value) pair such as ("form", "care")), and returns what
submitting it unchanged sends: text and hidden inputs, ticked boxes, the selected (or first)
option of each select, textareas. File inputs and buttons are left out.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields.append((name, attrs.get("value", "on")))
            elif kind not in {"file", "submit", "button", "reset", "image"}:
                fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "multiple": "multiple" in attrs}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self._form["fields"].extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea["name"], self._textarea["text"].lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def post_forms(html: str) -> list[dict]:
    """Every <form> of the page: {"attrs": {...}, "fields": [(name, value), ...]}."""
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if (form["attrs"].get("method") or "").lower() == "post"]


def form_data(html: str, marker=None) -> dict[str, list[str]]:
    """The fields of the tokened POST form holding `marker`, as {name: [values]}. Raises
    AssertionError (with the forms found) when there is no such form."""
    candidates = []
    for form in post_forms(html):
        names = {name for name, _value in form["fields"]}
        if "form_token" not in names:
            continue
        if marker is None or (marker in names if isinstance(marker, str) else marker in form["fields"]):
            candidates.append(form)
    assert len(candidates) == 1, (marker, [form["fields"] for form in post_forms(html)])
    data: dict[str, list[str]] = {}
    for name, value in candidates[0]["fields"]:
        data.setdefault(name, []).append(value)
    return data
