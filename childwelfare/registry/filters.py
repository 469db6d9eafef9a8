"""Filters of the child list and export: one form reads the query string, `apply` narrows a
queryset that already went through `Child.objects.visible_to(user)`, and `describe` says in
words what was asked for (kept in the access log of an export)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.filters import area_choices, user_area_root
from childwelfare.areas.models import Area

from .choices import Category, FileStatus, Gender, SchoolStatus
from .models import CategorySpell, Child, ImportedChild

ANY_CATEGORY = "any"
NO_CATEGORY = "none"
# The file-status filter: open files by default, closed ones on request (issue 9).
FILES_CLOSED = "closed"
FILES_ALL = "all"

# Age bands of the list (completed years on the "as of" date), inclusive at both ends.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-2": (0, 2),
    "3-5": (3, 5),
    "6-11": (6, 11),
    "12-15": (12, 15),
    "16-17": (16, 17),
}


# The people search (ChildQuerySet.search): a longer query is refused with QUERY_TOO_LONG
# (params limit_value, show_value), never cut short or ignored (issue 9).
SEARCH_MAX_LENGTH = 50
QUERY_TOO_LONG = _("搜索内容过长（最多 %(limit_value)d 个字，现有 %(show_value)d 个字），请缩短后再搜索。")


class ChildFilterForm(forms.Form):
    """The query string of the child list. All fields are optional; an invalid value is
    reported on the form and ignored by `apply`."""

    compact = True  # a filter bar: small controls

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": QUERY_TOO_LONG},
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("姓名、拼音、首字母、身份证后四位或监护人电话")}
        ),
    )
    area = forms.ChoiceField(label=_("区划"), required=False)
    on = forms.DateField(label=_("截至日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(label=_("儿童类别"), required=False)
    age = forms.ChoiceField(label=_("年龄段"), required=False)
    school_status = forms.ChoiceField(label=_("就学状况"), required=False)
    gender = forms.ChoiceField(label=_("性别"), required=False)
    dup = forms.BooleanField(label=_("仅看可能重复"), required=False)
    # 身份不明: the provisional files of children of unknown identity (issue 10)
    identity = forms.BooleanField(label=_("身份不明"), required=False)
    files = forms.ChoiceField(
        label=_("档案状态"),
        required=False,
        choices=[("", _("在档")), (FILES_CLOSED, _("已结档")), (FILES_ALL, _("全部（含已结档）"))],
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        selected = (data or {}).get("area", "") if data is not None else ""
        choices = area_choices(user, selected)
        if selected and choices and selected not in {code for code, _label in choices}:
            # A code typed into the query string: allowed when it lies inside the user's area.
            extra = Area.objects.filter(code=selected, code__startswith=user_area_root(user)).first()
            if extra is not None:
                choices.append((extra.code, extra.name))
        self.fields["area"].choices = [("", gettext("全部区划"))] + choices
        self.fields["category"].choices = [
            ("", gettext("全部儿童")),
            (ANY_CATEGORY, gettext("任一困境类别")),
            (NO_CATEGORY, gettext("无类别")),
            *Category.choices,
        ]
        self.fields["age"].choices = [("", gettext("全部年龄"))] + [
            (key, gettext("%(low)s–%(high)s岁") % {"low": low, "high": high})
            for key, (low, high) in AGE_BANDS.items()
        ]
        self.fields["school_status"].choices = [("", gettext("全部"))] + list(SchoolStatus.choices)
        self.fields["gender"].choices = [("", gettext("全部"))] + list(Gender.choices)
        # ?import=<job id>: the children an import created or changed (its job page links here).
        self.fields["import"] = forms.IntegerField(
            label=_("导入批次"), required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
        )
        self.is_valid()

    def _value(self, name: str):
        """The cleaned value, or the empty value when the field (or the form) has errors."""
        if name in self.errors:
            return None
        return getattr(self, "cleaned_data", {}).get(name)

    @property
    def on_date(self) -> date:
        return self._value("on") or timezone.localdate()

    def apply(self, queryset: QuerySet[Child]) -> QuerySet[Child]:
        """Narrow a visible-children queryset by every valid filter."""
        on = self.on_date
        qs = queryset.born_by(on)  # as of a date: nobody not yet born (issue 8 item 16)
        files = self._value("files")
        if files == FILES_CLOSED:
            qs = qs.filter(status=FileStatus.CLOSED)
        elif files != FILES_ALL:
            qs = qs.open_files()
        if area := self._value("area"):
            qs = qs.in_area(area)
        category = self._value("category")
        if category == ANY_CATEGORY:
            qs = qs.filter(pk__in=children_holding(on))
        elif category == NO_CATEGORY:
            qs = qs.exclude(pk__in=children_holding(on))
        elif category:
            qs = qs.filter(pk__in=children_holding(on, category))
        if age := self._value("age"):
            low, high = AGE_BANDS[age]
            qs = qs.aged(on, low, high)
        if school_status := self._value("school_status"):
            # A child past 18 on `on` is no pupil of the list any more (issue 8 item 16).
            qs = qs.filter(school_status=school_status).minors_on(on)
        if gender := self._value("gender"):
            qs = qs.filter(gender=gender)
        if self._value("dup"):
            twins = Child.objects.visible_to(self.user).filter(
                name=OuterRef("name"), birth_date=OuterRef("birth_date")
            )
            qs = qs.filter(Exists(twins.exclude(pk=OuterRef("pk"))))
        if self._value("identity"):
            qs = qs.filter(identity_unknown=True)
        if job := self._value("import"):
            qs = qs.filter(pk__in=ImportedChild.objects.filter(job_id=job).values("child_id"))
        if "q" in self.errors:
            return qs.none()  # an over-long query finds nothing and says so, never the full list
        if q := self._value("q"):
            qs = qs.search(q)
        return qs

    def describe(self) -> str:
        """The filters in words, in Chinese whatever the page language (for the access log)."""
        with translation.override("zh-hans"):
            return "；".join(self.describe_parts())

    def describe_parts(self) -> list[str]:
        """The filters in words, one per filter, in the active language (the export's
        title row; describe() for the log)."""
        parts = []
        for name in ("area", "category", "age", "school_status", "gender", "files", "import", "q"):
            value = self._value(name)
            if not value:
                continue
            shown = (
                dict(self.fields[name].choices).get(value, value) if name not in ("q", "import") else value
            )
            parts.append(f"{self.fields[name].label}：{str(shown).strip()}")
        if self._value("dup"):
            parts.append(str(self.fields["dup"].label))
        if self._value("identity"):
            parts.append(str(self.fields["identity"].label))
        parts.append(f"{self.fields['on'].label}：{self.on_date.isoformat()}")
        return parts

    def export_query(self) -> str:
        """The query string of the current filters without the page number."""
        if not hasattr(self.data, "urlencode"):
            return ""
        data = self.data.copy()
        data.pop("page", None)
        return data.urlencode()


def children_holding(on: date, category: str = ""):
    """Ids of the children holding `category` (any category when empty) on `on`, as a
    subquery for `pk__in`.

    Spells of children past 18 on `on` do not count (CategorySpellQuerySet.current_on).
    Same rule as ChildQuerySet.with_category / in_any_category (both IN subqueries: a
    correlated EXISTS made SQLite walk the spell index once per child, 1.8 s for 5,000).
    """
    spells = CategorySpell.objects.held_on(on)
    if category:
        spells = spells.filter(category=category)
    return spells.order_by().values("child_id")


def duplicate_pairs(visible: QuerySet[Child]):
    """(name, birth_date, n) rows for pairs held by more than one visible child: possible
    duplicates entered under different ID numbers (one number is one child). One GROUP BY."""
    return visible.order_by().values("name", "birth_date").annotate(n=Count("id")).filter(n__gt=1)


def with_active_categories(queryset: QuerySet[Child], on: date) -> QuerySet[Child]:
    """Prefetch the category spells current on `on` (none for a child past 18 on `on`) into
    `child.active_spells`, in the order of Category (one query per page or export chunk)."""
    in_category_order = Case(
        *(When(category=code, then=Value(index)) for index, code in enumerate(Category.values)),
        default=Value(len(Category.values)),
    )
    spells = CategorySpell.objects.current_on(on).order_by(in_category_order, "start_date")
    return queryset.prefetch_related(Prefetch("categories", queryset=spells, to_attr="active_spells"))
