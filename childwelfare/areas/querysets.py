from django.db import models

from childwelfare.accounts.policy import area_prefix


class AreaQuerySet(models.QuerySet):
    def within(self, code: str) -> "AreaQuerySet":
        """The area with this code and everything below it."""
        return self.filter(code__startswith=code)

    def visible_to(self, user) -> "AreaQuerySet":
        """Areas inside the user's own area (the system user: all; no area: none), by the rule
        of childwelfare.accounts.policy."""
        prefix = area_prefix(user)
        if prefix is None:
            return self.none()
        return self.within(prefix) if prefix else self
