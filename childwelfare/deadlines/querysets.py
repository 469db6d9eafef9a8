from django.utils import timezone

from childwelfare.access.scope import ScopedQuerySet


class DeadlineQuerySet(ScopedQuerySet):
    def running(self):
        """Neither met nor cancelled (paused ones included)."""
        return self.filter(met_at__isnull=True, cancelled_at__isnull=True)

    def overdue(self, now=None):
        """Running, not paused, past due at `now` (default: the current time)."""
        return self.running().filter(paused_at__isnull=True, due_at__lte=now or timezone.now())

    def due_between(self, start, end):
        """Running, not paused, due in [start, end)."""
        return self.running().filter(paused_at__isnull=True, due_at__gte=start, due_at__lt=end)
