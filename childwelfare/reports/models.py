"""The statistics' own tables: the dashboard's pre-aggregated counts (issue 12, "pre-aggregate
where a query cannot get there, and say how the aggregates stay correct").

- `Tally`: one number of a figure for the records of one area — the figure's value for the
  records whose own area code is `area` and whose scope area (the code the records' Scope
  checks, usually the same) is `scope_area`, for one `arg`, as of `TallyState.counted_on`.
- `TallyState`: the day each area's tallies were counted for; missing or another day: stale.
- `TallyChange`: the change log. Database triggers (reports/triggers.py), installed by this
  app's migration, append the area code of every row inserted, updated or deleted in the
  tables the tallied figures count — in the writing transaction, whatever wrote it (a
  service, a bulk load, raw SQL, COPY, the admin). A refresh reads the log first, marks the
  areas it names stale, deletes exactly the rows it read, and recounts every stale area
  from the records (reports/aggregates.py).

None of it is ever the only copy of anything: deleting every row of these tables loses
nothing (`manage.py refresh_statistics` recounts them and reports differences)."""

from django.db import models


class Tally(models.Model):
    figure = models.CharField(max_length=64)
    area = models.CharField(max_length=12)
    scope_area = models.CharField(max_length=12)
    arg = models.CharField(max_length=32, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["figure", "area"], name="reports_tally_figure_area"),
            models.Index(fields=["area"], name="reports_tally_area"),
            models.Index(fields=["scope_area"], name="reports_tally_scope_area"),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.area}/{self.scope_area} {self.arg}={self.value}"


class TallyState(models.Model):
    area = models.CharField(max_length=12, primary_key=True)
    counted_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.area} {self.counted_on}"


class TallyChange(models.Model):
    id = models.BigAutoField(primary_key=True)
    # An area code: every area whose code starts with it is stale ("" is every area).
    code = models.CharField(max_length=12, blank=True)

    def __str__(self) -> str:
        return self.code
