"""Administrative divisions. The code is the primary key and its prefix is the subtree:
everything under 320102 (玄武区) has a code starting with 320102, so scope checks are a
single indexed prefix match on the foreign key column, with no join."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CODE_LENGTH, Level
from .querysets import AreaQuerySet


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

    objects = AreaQuerySet.as_manager()

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

    def contains(self, code: str | None) -> bool:
        """True if `code` is this area or inside it."""
        return bool(code) and code.startswith(self.code)

    @property
    def full_name(self) -> str:
        """Names from the district down, e.g. 玄武区梅园新村街道梅园社区."""
        parts = []
        node = self
        while node is not None and node.level >= Level.DISTRICT:
            parts.append(node.name)
            node = node.parent
        return "".join(reversed(parts)) or self.name

    def ancestor_codes(self) -> list[str]:
        """Codes of this area and every level above it, province first."""
        return [self.code[:n] for n in sorted(set(CODE_LENGTH.values())) if n <= len(self.code)]
