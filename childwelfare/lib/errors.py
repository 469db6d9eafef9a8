"""The one error type of the platform's rules (no models).

Every service, import and command refuses a step by raising a `DomainError`: a stable
`code` for programs and tests, the form `field` it belongs to (or None for the whole
form), and a translatable `message` with named parameters, so the English interface
shows English and a view never has to search the text to know where the error goes.

    raise DiscoveryError(
        _("走访日期早于专项排查开始日期"), code="visit_before_campaign", field="visited_on"
    )
    raise DiscoveryError(
        _("记录当前为“%(status)s”，不能改为“%(to)s”"),
        code="illegal_transition",
        params={"status": record.get_status_display(), "to": RecordStatus(to).label},
    )

`str(error)` renders the message in the active language at the time it is called.
"""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """A step refused by a rule of the platform; nothing was written.

    message: a (lazy) translatable string, optionally with %(name)s placeholders;
    code: a stable snake_case name of the rule (default: the class's `default_code`);
    field: the name of the form field the error belongs to, or None;
    params: values for the placeholders (rendered with str(); lazy strings are fine).
    """

    default_code = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.params = dict(params or {})
        super().__init__(message)

    def __str__(self) -> str:
        text = str(self.message)
        if self.params:
            text = text % {name: str(value) for name, value in self.params.items()}
        return text

    def as_stored(self) -> dict:
        """{message, template, params}, JSON-ready: the message as rendered now, and the
        msgid with its parameters in the default language, so that a stored refusal (of a
        background job) can be shown later in its reader's language
        (lib.tabular.stored_message)."""
        from django.conf import settings
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            template = str(self.message)
            params = {name: str(value) for name, value in self.params.items()}
        return {"message": str(self), "template": template, "params": params, "code": self.code}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r})"


class ConflictError(DomainError):
    """Someone else changed the record first (its version moved on); nothing was written."""

    default_code = "conflict"


def add_to_form(form, error: Exception) -> None:
    """Put `error` (a DomainError, or any exception with a readable message) on `form`:
    beside its field when the form has that field, else at the top. `form` is a bound
    django Form."""
    name = getattr(error, "field", None)
    field = name if name in getattr(form, "fields", {}) else None
    form.add_error(field, str(error))
