from datetime import timedelta

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

    def due_within(self, days: int = 7, now=None):
        """Running, not paused, not yet overdue at `now`, due within `days` days (24 h each)
        of it: now < due_at <= now + days. The work list's "7天内到期" and the board's
        "due" column, so the two always agree."""
        now = now or timezone.now()
        return self.running().filter(
            paused_at__isnull=True, due_at__gt=now, due_at__lte=now + timedelta(days=days)
        )

    def paused(self):
        """Running and paused (the clock stands still)."""
        return self.running().filter(paused_at__isnull=False)
