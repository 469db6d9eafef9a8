from django.db import models


class AreaQuerySet(models.QuerySet):
    def within(self, code: str) -> "AreaQuerySet":
        """The area with this code and everything below it."""
        return self.filter(code__startswith=code)

    def visible_to(self, user) -> "AreaQuerySet":
        """Areas inside the user's own area (superusers: all)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if user.area_id is None:
            return self.none()
        return self.within(user.area_id)
