"""Administrative divisions. The code is the primary key and its prefix is the subtree:
everything under 320102 (玄武区) has a code starting with 320102, so scope checks are a
single indexed prefix match on the foreign key column, with no join."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CODE_LENGTH, Level
from .querysets import AreaQuerySet


def compose_full_name(name: str, level: int, parent_full_name: str | None, parent_level: int | None) -> str:
    """An area's name from the district down: the parent's full name followed by this name
    when both are at district level or below (玄武区 + 梅园新村街道), else just the name
    (江苏省, 南京市, 玄武区)."""
    if level > Level.DISTRICT and parent_level is not None and parent_level >= Level.DISTRICT:
        return f"{parent_full_name}{name}"
    return name


def fill_full_names(areas: Iterable["Area"]) -> list["Area"]:
    """Set `full_name` on unsaved areas (e.g. before a bulk_create, which skips save()).

    Parents may be in `areas` or already in the database; those are read in one query.
    Returns the areas as a list, in their order.
    """
    areas = list(areas)
    known = {area.code: area for area in areas}
    missing = {area.parent_id for area in areas if area.parent_id and area.parent_id not in known}
    stored = {
        code: (level, full_name)
        for code, level, full_name in Area.objects.filter(code__in=missing).values_list(
            "code", "level", "full_name"
        )
    }
    for area in sorted(areas, key=lambda area: len(area.code)):
        parent = known.get(area.parent_id)
        if parent is not None:
            parent_level, parent_full = parent.level, parent.full_name
        else:
            parent_level, parent_full = stored.get(area.parent_id, (None, None))
        area.full_name = compose_full_name(area.name, area.level, parent_full, parent_level)
    return areas


class AreaManager(models.Manager.from_queryset(AreaQuerySet)):
    def bulk_create(self, objs, *args, **kwargs):
        """bulk_create skips save(), so the stored full names are filled here."""
        return super().bulk_create(fill_full_names(objs), *args, **kwargs)


class Area(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Stored so that a page listing many areas needs no query per level (issue 7); kept by
    # save() and bulk_create (AreaManager), and for descendants by rename_descendants().
    full_name = models.CharField(_("全称"), max_length=300, blank=True, editable=False)

    objects = AreaManager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_under_parent"),
        ]
        indexes = [
            models.Index(fields=["code"], name="area_code_prefix_idx", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Stores the full name (names from the district down, e.g. 玄武区梅园新村街道梅园社区;
        above district just the name) and, when the name changed, the descendants' too."""
        parent = self.parent if self.parent_id else None
        old = type(self).objects.filter(pk=self.pk).values_list("full_name", flat=True).first()
        self.full_name = compose_full_name(
            self.name,
            self.level,
            parent.full_name if parent else None,
            parent.level if parent else None,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "parent", "parent_id", "level"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "full_name"}
        super().save(*args, **kwargs)
        if old is not None and old != self.full_name:
            self.rename_descendants()

    def contains(self, code: str | None) -> bool:
        """True if `code` is this area or inside it."""
        return bool(code) and code.startswith(self.code)

    def rename_descendants(self) -> int:
        """Recompute the stored full names of every area below this one, one query per
        level; returns the number of areas updated."""
        updated = 0
        parents = {self.code: self}
        while parents:
            below = list(type(self).objects.filter(parent_id__in=list(parents)))
            for area in below:
                parent = parents[area.parent_id]
                area.full_name = compose_full_name(area.name, area.level, parent.full_name, parent.level)
            type(self).objects.bulk_update(below, ["full_name"], batch_size=1000)
            updated += len(below)
            parents = {area.code: area for area in below}
        return updated

    def ancestor_codes(self) -> list[str]:
        """Codes of this area and every level above it, province first."""
        return [self.code[:n] for n in sorted(set(CODE_LENGTH.values())) if n <= len(self.code)]
