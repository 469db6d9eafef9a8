from django.db import models


class AreaQuerySet(models.QuerySet):
    def within(self, code: str) -> "AreaQuerySet":
        """The area with this code and everything below it."""
        return self.filter(code__startswith=code)

    def visible_to(self, user) -> "AreaQuerySet":
        """Areas inside the user's own area (the system user: all; no area: none). The rule
        of childwelfare.access.policy, which this module cannot import (areas sits below)."""
        from childwelfare.access.policy import area_prefix

        prefix = area_prefix(user)
        if prefix is None:
            return self.none()
        return self.within(prefix) if prefix else self
