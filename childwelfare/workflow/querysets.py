from django.contrib.contenttypes.models import ContentType

from childwelfare.access.scope import ScopedQuerySet


class TransitionEventQuerySet(ScopedQuerySet):
    """Events of objects in the user's area subtree, by the event's area code
    (TransitionEvent.scope: the access log's readers)."""

    def of(self, obj) -> "TransitionEventQuerySet":
        """The events of one object, oldest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).order_by("at", "id")
