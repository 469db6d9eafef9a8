"""How every form of the site renders (no models): Bootstrap 5 classes on the widgets, the
browser's date picker for dates, invalid fields marked, one field template and one base
class for forms whose data goes to a service function.

Settings: FORM_RENDERER = "childwelfare.lib.forms.FormRenderer" (with "django.forms" in
INSTALLED_APPS so that Django's own widget templates are found). Templates:

    {% include "forms/field.html" with field=form.name col="col-12 col-md-6" %}
    {% include "includes/_errors.html" with form=form %}      (errors not tied to a field)

`forms/field.html` is also the renderer's field template, so `{{ form.name.as_field_group }}`
gives the same markup. Pass `compact=True` for the small-label style of the discovery pages.
A form sets `compact = True` for small controls (filter bars).
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from .control_chars import strip_control
from .errors import add_to_form

TEXTAREA_ROWS = 2
# Django's Textarea sets rows="10" unless told otherwise; a form that sets its own keeps it.
_DJANGO_TEXTAREA_ROWS = "10"


def widget_css(widget: forms.Widget, *, compact: bool = False) -> str:
    """The Bootstrap class of a widget: form-select, form-check-input or form-control, with
    the small variant when `compact`. Empty for hidden inputs and for radio and checkbox
    groups, whose templates place their own."""
    if widget.is_hidden or isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select form-select-sm" if compact else "form-select"
    return "form-control form-control-sm" if compact else "form-control"


class BootstrapBoundField(BoundField):
    """A bound field whose submitted text loses its control characters and whose widget
    renders with Bootstrap classes (a class the widget sets itself wins), `is-invalid` when
    the field has errors, dates as <input type="date"> with ISO values and textareas two
    rows high."""

    @property
    def data(self):
        """The submitted value without control characters (text and lists of text): every
        form of the site is cleaned here once, so a note with \\x0b can no longer break an
        .xlsx export (issue 13 finding 8). Files and other values unchanged."""
        value = super().data
        if isinstance(value, list | tuple):
            return type(value)(strip_control(item) for item in value)
        return strip_control(value)

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if type(widget).__module__.startswith("django.contrib.admin"):
            return attrs  # the admin site styles its own widgets (and its calendar)
        css = (
            attrs.get("class")
            or widget.attrs.get("class")
            or widget_css(widget, compact=getattr(self.form, "compact", False))
        )
        if self.errors and css and "is-invalid" not in css:
            css += " is-invalid"
        if css:
            attrs["class"] = css
        if isinstance(widget, forms.DateInput) and not isinstance(widget, forms.DateTimeInput):
            # The form's own deep copy of the widget: the native picker needs type="date"
            # and an ISO value whatever the language's date format.
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.Textarea) and widget.attrs.get("rows") == _DJANGO_TEXTAREA_ROWS:
            attrs.setdefault("rows", TEXTAREA_ROWS)
        return attrs


class FormRenderer(TemplatesSetting):
    """The site's form renderer: project templates (templates/forms/) may override
    Django's, every field is a BootstrapBoundField."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BootstrapBoundField


class ServiceForm(forms.Form):
    """A form whose data goes to a service function. `form_name`, when set, is the form's
    prefix and tells a page with several forms which one was posted."""

    form_name = ""

    def __init__(self, *args, **kwargs):
        if self.form_name:
            kwargs.setdefault("prefix", self.form_name)
        super().__init__(*args, **kwargs)

    def add_service_error(self, error) -> None:
        """Show a service's error beside its field (`error.field`, as lib.errors.DomainError
        carries) when this form has that field, else above the form."""
        add_to_form(self, error)
