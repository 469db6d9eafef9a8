"""One roster row as a whole: the checks across its columns (the number against the gender
and birth date, adulthood, the community, categories against the birth date, the guardian)
and the plan of what the row will write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.dates import age_on
from childwelfare.lib.idnumber import keyed_hash
from childwelfare.lib.tabular import CellError, Row

from ..choices import Gender, Relation
from ..services import category_refusal
from .columns import RELATION_LOOKUP
from .parents import ParentPlan, check_parents
from .places import CommunityFinder


@dataclass
class RosterRow:
    """What one valid row writes. `community` is an area code, or "new:<street>:<name>"
    for a community to create; `categories` [(code, start date or None for today)]."""

    number: int
    child: dict[str, Any]
    id_hash: str
    community: str
    categories: list[tuple[str, date | None]]
    guardian: dict[str, Any] | None
    parents: list[ParentPlan] = field(default_factory=list)


class RowChecker:
    """check_row for SheetSchema.validate: records the row's errors and returns its plan
    (a RosterRow, or None when the number could not be read)."""

    def __init__(self, finder: CommunityFinder, *, actor, today: date):
        self.finder, self.actor, self.today = finder, actor, today

    def __call__(self, row: Row) -> RosterRow | None:
        parsed = row.get("id_number")
        gender = row.get("gender", "")
        if parsed and gender and gender != parsed.gender:
            row.error(
                "gender",
                _("性别与身份证号（第17位）表示的“%(gender)s”不一致"),
                code="gender_mismatch",
                params={"gender": Gender(parsed.gender).label},
            )
        birth = row.get("birth_date")
        if parsed and birth and birth != parsed.birth_date:
            row.error(
                "birth_date",
                _("出生日期与身份证号中的%(date)s不一致"),
                code="birth_date_mismatch",
                params={"date": parsed.birth_date.isoformat()},
            )
        if parsed and age_on(parsed.birth_date, self.today) >= 18:
            row.error(
                "id_number",
                _("按身份证号出生日期%(date)s，已满18周岁，不是儿童"),
                code="adult",
                params={"date": parsed.birth_date.isoformat()},
            )
        community = ""
        if not row.has_error("community"):
            try:
                community = self.finder.community(row.get("community", ""), row.get("street", ""))
            except CellError as exc:
                row.fail("community", exc)
        start = row.get("category_date")
        categories = [(code, start) for code in row.get("category", [])]
        if parsed and not row.has_error("category_date"):
            for code, day in categories:
                refusal = category_refusal(parsed.birth_date, code, day or self.today, None, actor=self.actor)
                if refusal:
                    # A start date refused (before the birth date) is the date's cell's fault.
                    key = "category_date" if refusal.field == "start_date" else "category"
                    row.fail(key, refusal)
        guardian = self._guardian(row)
        parents = check_parents(row, self.today)
        if row.has_error() or parsed is None:
            return None
        hukou = row.get("hukou", "")
        school_status, school_name = row.get("school_status", ("", ""))
        child = {
            "name": row.get("name"),
            "gender": parsed.gender,
            "id_number": parsed.number,
            "birth_date": parsed.birth_date,
            "ethnicity": row.get("ethnicity", ""),
            "hukou_address": hukou,
            "hukou_area_id": self.finder.hukou_area(hukou),
            "address": row.get("address", ""),
            "school_status": school_status,
            "school_name": school_name,
            "notes": row.get("notes", ""),
            "phone": "" if guardian else row.get("guardian_phone", ""),
        }
        id_hash = keyed_hash(parsed.number, settings.ID_HASH_KEY)
        return RosterRow(row.number, child, id_hash, community, categories, guardian, parents)

    def _guardian(self, row: Row) -> dict[str, Any] | None:
        name = row.get("guardian_name", "")
        relation_text = row.get("guardian_relation", "")
        guardian_id = row.get("guardian_id")
        if not (name or relation_text or guardian_id or row.has_error("guardian_id")):
            return None
        if not name and not row.has_error("guardian_name"):
            row.error(
                "guardian_name", _("填写了监护人信息但监护人姓名为空"), value="", code="guardian_without_name"
            )
        return {
            "name": name,
            "relation": RELATION_LOOKUP.get(relation_text, Relation.OTHER),
            "id_number": guardian_id.number if guardian_id else None,
            "phone": row.get("guardian_phone", ""),
            "relation_text": relation_text if relation_text not in RELATION_LOOKUP else "",
        }
