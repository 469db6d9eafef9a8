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

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .control_chars import strip_control
from .errors import add_to_form
from .versions import VERSION_FIELD, StaleEdit, changes_since

TEXTAREA_ROWS = 2
# Issue 8 item 16 (a 200,000-character note was accepted): every free-text field has a limit,
# a form's own smaller one wins. A text box (Textarea: notes, descriptions) takes NOTE_MAX,
# a one-line field SHORT_TEXT_MAX characters. Counted with a visible counter
# (static/js/char-counter.js) on every field that has a limit and may take long text.
NOTE_MAX = 2000
SHORT_TEXT_MAX = 200
COUNTED_FROM = 100  # fields allowing fewer characters (a name, a code) show no counter
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


def cap_text_field(field: forms.Field) -> None:
    """Give a plain text field (forms.CharField itself, not a subclass with its own format)
    without a maximum length the site's limit: NOTE_MAX for a Textarea, SHORT_TEXT_MAX for
    a visible one-line input; the field refuses longer text with a message giving both
    lengths and its widget gets maxlength. Hidden inputs are left alone. Mutates `field`
    (a form's own copy)."""
    if type(field) is not forms.CharField or field.max_length is not None or field.widget.is_hidden:
        return
    limit = NOTE_MAX if isinstance(field.widget, forms.Textarea) else SHORT_TEXT_MAX
    field.max_length = limit
    field.validators.append(
        MaxLengthValidator(limit, message=_("最多%(limit_value)s字（现有%(show_value)s字）"))
    )
    field.widget.attrs.setdefault("maxlength", str(limit))


DJANGO_BLANK = "---------"  # Django's empty choice (BLANK_CHOICE_DASH, ModelChoiceField.empty_label)


def name_blank_choice(field: forms.Field) -> None:
    """Give a choice field's empty choice words instead of Django's "---------": 请选择
    (filters name their own "any", e.g. 全部). Mutates `field` (a form's own copy); a label
    the form set itself is kept."""
    if not isinstance(field, forms.ChoiceField):
        return
    label = _("请选择")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = label
        return
    choices = list(field.choices)
    if any(value == "" and text == DJANGO_BLANK for value, text in choices):
        field.choices = [
            (value, label if value == "" and text == DJANGO_BLANK else text) for value, text in choices
        ]


class BootstrapBoundField(BoundField):
    """A bound field whose submitted text loses its control characters and whose widget
    renders with Bootstrap classes (a class the widget sets itself wins), `is-invalid` when
    the field has errors, dates as <input type="date"> with ISO values and textareas two
    rows high. A text field without a limit gets the site's (cap_text_field) before the
    form is cleaned — every form goes through here — and a long one a character counter;
    textareas are marked to keep a local draft (draft_attrs)."""

    def __init__(self, form, field, name):
        if not type(field.widget).__module__.startswith("django.contrib.admin"):
            cap_text_field(field)
            name_blank_choice(field)
        super().__init__(form, field, name)

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
        if isinstance(widget, forms.Textarea):
            if widget.attrs.get("rows") == _DJANGO_TEXTAREA_ROWS:
                attrs.setdefault("rows", TEXTAREA_ROWS)
            attrs.update(draft_attrs())
        limit = getattr(self.field, "max_length", None)
        if limit and limit >= COUNTED_FROM and isinstance(widget, forms.Textarea | forms.TextInput):
            attrs.setdefault("maxlength", str(limit))
            attrs["data-char-counter"] = ""
        return attrs


def draft_attrs() -> dict[str, str]:
    """The mark of a field whose form keeps a local draft in the browser (issue 8, item 5):
    every textarea carries it, so any POST form with a text of some length is kept
    (submissions/static/submissions/forms.js; a form opts out with data-draft="off")."""
    return {"data-draft": ""}


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


class VersionedForm(ServiceForm):
    """An edit form of an existing record (issue 8, item 4): it carries the record's version
    as the page showed it (a hidden `version` field), which the view passes to the service
    as `expected_version` (lib.versions.claim_version). When the service refuses a stale
    save with a ConflictError, `show_conflict` shows the form again with everything typed
    kept, the message above it and, through includes/_conflict.html, what the other person
    changed, who and when (`conflict`, a lib.versions.StaleEdit); its hidden version becomes
    the current one, so saving again after reading overwrites knowingly.

    `record`: the record edited. A form that picks its record from a ModelChoiceField names
    that field in `record_field` instead: the hidden field then carries the version of each
    choice ("pk:version;pk:version"), and `seen_version` is the chosen one's.
    `conflict_fields`: the model fields a conflict compares (default: the form's own field
    names); `conflict_hidden_fields`: those it names without showing their values (an ID
    number)."""

    conflict_fields: tuple[str, ...] = ()
    conflict_hidden_fields: tuple[str, ...] = ()
    record_field = ""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.conflict: StaleEdit | None = None

    def get_initial_for_field(self, field, field_name):
        if field_name != VERSION_FIELD:
            return super().get_initial_for_field(field, field_name)
        return self._versions_shown()

    def _versions_shown(self) -> str:
        if self.record_field:
            rows = self.fields[self.record_field].queryset
            return ";".join(f"{pk}:{version}" for pk, version in rows.values_list("pk", VERSION_FIELD))
        if self.record is not None:
            return str(getattr(self.record, VERSION_FIELD))
        return ""

    @property
    def seen_version(self) -> int:
        """The version the page showed of the record edited (of the chosen one, with
        `record_field`); -1 (which no record has, so the save is refused) when the post
        carries none or no whole number."""
        value = str(self.data.get(self.add_prefix(VERSION_FIELD)) or "").strip()
        if self.record_field:
            chosen = str(self.data.get(self.add_prefix(self.record_field)) or "").strip()
            shown = dict(pair.partition(":")[::2] for pair in value.split(";") if ":" in pair)
            value = shown.get(chosen, "").strip()
        return int(value) if value.isdigit() else -1

    def show_conflict(self, error, record=None) -> None:
        """Put a ConflictError from the service on the form, with the other people's changes
        to this form's fields since the version the page showed (`record`: the record
        edited, when the form was made without it)."""
        self.record = record if record is not None else self.record
        self.conflict = changes_since(
            self.record,
            self.seen_version,
            self.conflict_fields or self.fields,
            hidden=self.conflict_hidden_fields,
        )
        add_to_form(self, error)
        data = self.data.copy()
        shown = self._versions_shown() if self.record_field else str(self.conflict.current_version)
        data[self.add_prefix(VERSION_FIELD)] = shown
        # A field this user left as the page showed it takes the other person's value, so
        # saving again keeps both edits instead of silently reverting theirs (QA of issue 8,
        # item 4); a field both changed keeps what this user typed.
        for change in self.conflict.changes:
            key = self.add_prefix(change.name)
            if change.name not in self.fields or key not in data or isinstance(change.raw_after, bool):
                continue
            if (data.get(key) or "").strip() == _as_posted(change.raw_before):
                data[key] = _as_posted(change.raw_after)
        self.data = data


def _as_posted(value) -> str:
    """A stored value as a form posts it back: "" for none, ISO dates, text otherwise."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def posted_version(request, name: str = "version") -> int:
    """The version of a record as the page that posted it showed it (a hidden field). Views
    of a step pass it to the service as `expected_version`, so a step taken from a stale
    page is a conflict; a post without a whole-number version gets -1, which no record has,
    so it is refused the same way rather than acting on whatever the record is now."""
    value = (request.POST.get(name) or "").strip()
    return int(value) if value.isdigit() else -1


class PeriodFilterForm(forms.Form):
    """The filter bar of the logs (state changes, access log): the person who acted (user
    name or full name, contains) and a range of whole local days. A subclass names the
    person's path (`person_path`, e.g. "actor" or "user") and adds its own fields, filtering
    them in `filter` after calling super().filter(rows)."""

    compact = True  # small controls, like every filter bar
    person_path = "actor"
    person = forms.CharField(label=_("操作人"), required=False, max_length=50)
    date_from = forms.DateField(label=_("起始日期"), required=False)
    date_to = forms.DateField(label=_("截止日期"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.attrs["placeholder"] = _("用户名或姓名")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期早于起始日期"))
        return data

    def filter(self, rows):
        """`rows` (a QuerySet with an `at` timestamp) narrowed by person and days (call after
        is_valid()). Whole local days as a datetime range, so the index on `at` serves it."""
        data = self.cleaned_data
        person = data.get("person", "").strip()
        if person:
            path = self.person_path
            rows = rows.filter(
                Q(**{f"{path}__username__icontains": person}) | Q(**{f"{path}__full_name__icontains": person})
            )
        if data.get("date_from"):
            rows = rows.filter(at__gte=_day_start(data["date_from"]))
        if data.get("date_to"):
            rows = rows.filter(at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        return rows


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
