from django.db import models

from childwelfare.accounts.choices import Role


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AccessLogQuerySet":
        """Who saw or moved children's data: for auditors, district officers and the city
        administrator, the entries of users whose area lies inside theirs."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser and not user.area_id:
            return self
        if user.role not in (Role.AUDITOR, Role.DISTRICT_OFFICER, Role.CITY_ADMIN) or not user.area_id:
            return self.none()
        return self.filter(user__area__code__startswith=user.area_id)
