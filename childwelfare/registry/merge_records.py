"""The record of a merge of two files of one child (registry.merging), kept so that the
city administrator can undo it (registry.unmerging). Part of the registry's models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ScopedQuerySet


class MergeRecord(models.Model):
    """One merge of a file into another (registry.merging), kept so that the city
    administrator can undo it (registry.unmerging): which rows of which model moved
    (`moved`: {"app_label.model_name.fk_field": [pk, …]}, history rows included), the
    survivor's values the merge replaced (`replaced`: {field: [before, after]}, as stored
    JSON values), and the merged file's state before (`merged_before`: status, id_hash).
    `folded` names the models whose clashing rows a registered fold rewrote or deleted: such
    a merge cannot be undone."""

    survivor = models.ForeignKey(
        "registry.Child", verbose_name=_("保留档案"), on_delete=models.PROTECT, related_name="merges_absorbed"
    )
    merged = models.ForeignKey(
        "registry.Child", verbose_name=_("被合并档案"), on_delete=models.PROTECT, related_name="merges_given"
    )
    merged_at = models.DateTimeField(_("合并时间"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("合并人"), on_delete=models.PROTECT, related_name="+"
    )
    moved = models.JSONField(_("转入的记录"), default=dict)
    replaced = models.JSONField(_("替换的信息"), default=dict)
    merged_before = models.JSONField(_("被合并档案原状态"), default=dict)
    folded = models.JSONField(_("已归并的记录"), default=list)
    # {"app_label.model_name.fk_field": the highest pk of that model at the merge}: a row
    # added to the survivor since then means work was recorded on the merged file.
    marks = models.JSONField(_("合并时记录位置"), default=dict)
    # The survivor's history row just before the merge: the values (ID number included,
    # encrypted there) an undo restores.
    survivor_history_id = models.PositiveBigIntegerField(_("合并前保留档案历史"), null=True, blank=True)
    survivor_version = models.PositiveIntegerField(_("合并后保留档案版本"), default=0)
    reversed_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverse_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    scope = Scope(("survivor__area__code", "merged__area__code"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("档案合并记录")
        verbose_name_plural = _("档案合并记录")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.survivor_id}"

    @property
    def moved_count(self) -> int:
        return sum(len(ids) for key, ids in self.moved.items() if ".historical" not in key)
