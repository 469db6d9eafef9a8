from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Administrative level; the code length of each level is fixed (DOMAIN data README)."""

    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    DISTRICT = 3, _("区县")
    STREET = 4, _("乡镇街道")
    COMMUNITY = 5, _("村居")


CODE_LENGTH = {Level.PROVINCE: 2, Level.CITY: 4, Level.DISTRICT: 6, Level.STREET: 9, Level.COMMUNITY: 12}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTH.items()}


def ancestor_codes(code: str) -> list[str]:
    """Codes of the area `code` and of every level above it, province first:
    ancestor_codes("320102002001") == ["32", "3201", "320102", "320102002", "320102002001"]."""
    return [code[:n] for n in sorted(set(CODE_LENGTH.values())) if n <= len(code)]
