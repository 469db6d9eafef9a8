"""The casebook (案例库): the selected cases and projects of each call and collections such as
the seed's 50 worked children-in-difficulty cases (困境儿童个案 50 例)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.discovery.choices import MeasureType, ProblemKind
from childwelfare.registry.choices import Category

from ..choices import SubmissionKind


class Collection(models.Model):
    """A named group of casebook entries (a call's winners, a book of worked cases)."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    description = models.TextField(_("说明"), blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("案例集")
        verbose_name_plural = _("案例集")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class CasebookEntry(models.Model):
    """One case or project of the casebook: anonymised text with what it is about.

    Readable by every staff user (choices.CASEBOOK_READER_ROLES, checked by the pages): the
    texts are anonymised, so the scope admits everyone and the pages keep reviewers out."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("案例集"), on_delete=models.PROTECT, related_name="entries"
    )
    submission = models.OneToOneField(
        "outreach.Submission",
        verbose_name=_("申报材料"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="casebook_entry",
    )
    number = models.PositiveSmallIntegerField(_("编号"), default=0)
    kind = models.CharField(_("类型"), max_length=20, choices=SubmissionKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices, blank=True)
    problem = models.CharField(_("主要问题"), max_length=40, choices=ProblemKind.choices, blank=True)
    measure = models.CharField(_("主要措施"), max_length=40, choices=MeasureType.choices, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    text = models.TextField(_("正文"))

    scope = Scope("collection__name", everyone=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("案例库条目")
        verbose_name_plural = _("案例库条目")
        ordering = ["-year", "collection", "number", "pk"]

    def __str__(self) -> str:
        return self.title
