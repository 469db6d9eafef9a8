from django.contrib.contenttypes.models import ContentType
from django.db import models


class TransitionEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TransitionEventQuerySet":
        """The events of objects in the user's area subtree (by the event's area code);
        nothing for an anonymous or inactive user, everything for a superuser without an
        area. Who may open the events page at all is the view's rule."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if not user.area_id:
            return self if user.is_superuser else self.none()
        return self.filter(area_code__startswith=user.area_id)

    def of(self, obj) -> "TransitionEventQuerySet":
        """The events of one object, oldest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).order_by("at", "id")
