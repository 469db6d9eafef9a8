"""Form helpers shared by the apps' pages (no models)."""

from django import forms


def bootstrap(form: forms.Form, *, textarea_rows: int = 2) -> None:
    """Bootstrap 5 classes on every widget of `form`; dates as the browser's native date
    picker (easy on a phone); textareas `textarea_rows` high. Checkbox groups keep theirs."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.Textarea):
            widget.attrs["rows"] = textarea_rows
