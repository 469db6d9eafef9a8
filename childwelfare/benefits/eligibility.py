"""Eligibility rules as code, each result explained (DOMAIN.md §4; 民发〔2019〕62号 as
amended by 民发〔2020〕125号; 国发〔2016〕13号 for left-behind children).

A result lists every rule tried and, for each parent, which situation counted and why, and
what evidence is missing, so a refusal can state its reasons in writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from childwelfare.lib.dates import add_months, age_on
from childwelfare.registry.choices import EIGHT_SITUATIONS, ParentSituation, Relation
from childwelfare.registry.models import Child, ParentCondition

SIX_MONTH_SITUATIONS = {
    ParentSituation.IN_CUSTODY,
    ParentSituation.DRUG_REHABILITATION,
    ParentSituation.OTHER_RESTRICTION,
}
DEAD_OR_MISSING = {ParentSituation.DECEASED, ParentSituation.DECLARED_MISSING}
WITHOUT_CAPACITY = {ParentSituation.SEVERELY_DISABLED, ParentSituation.SERIOUSLY_ILL}


@dataclass
class ParentFinding:
    """What counts about one parent on the date: `qualifying` are situations of the eight
    that meet their conditions; `notes` explain each situation considered."""

    relation: str  # "father" / "mother"
    name: str = ""
    present: bool = False
    qualifying: list[str] = field(default_factory=list)
    dead_or_missing: bool = False
    migrant: bool = False
    without_capacity: bool = False
    notes: list[str] = field(default_factory=list)
    missing_evidence: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "父亲" if self.relation == Relation.FATHER else "母亲"

    @property
    def in_eight(self) -> bool:
        return bool(self.qualifying)


@dataclass
class Eligibility:
    """eligible: the rule is met; rule: which (e.g. "A", "B", "orphan"); reasons: sentences
    in Chinese, in the order checked; missing_evidence: what must still be supplied."""

    kind: str
    eligible: bool
    rule: str = ""
    reasons: list[str] = field(default_factory=list)
    missing_evidence: list[str] = field(default_factory=list)
    parents: list[ParentFinding] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "eligible": self.eligible,
            "rule": self.rule,
            "reasons": self.reasons,
            "missing_evidence": self.missing_evidence,
        }


def _finding(
    relation: str, conditions: list[ParentCondition], on: date, name: str, present: bool
) -> ParentFinding:
    finding = ParentFinding(relation=relation, name=name, present=present)
    for condition in conditions:
        if condition.start_date > on or (condition.end_date and condition.end_date < on):
            continue
        label = ParentSituation(condition.situation).label
        situation = condition.situation
        evidence_missing = not condition.evidence_reference.strip()
        if situation in DEAD_OR_MISSING:
            finding.dead_or_missing = True
            finding.notes.append(f"{finding.label}{label}（{condition.start_date.isoformat()}）")
        elif situation == ParentSituation.MIGRANT_WORKER:
            finding.migrant = True
            finding.notes.append(f"{finding.label}外出务工")
            continue
        elif situation == ParentSituation.OUT_OF_CONTACT:
            # No contact and no support for 6 months or more, counted from the police
            # registration of the missing-person report (start_date).
            six_months = add_months(condition.start_date, 6)
            if on >= six_months:
                finding.qualifying.append(situation)
                finding.notes.append(
                    f"{finding.label}失联，自{condition.start_date.isoformat()}公安机关立案起已满6个月"
                )
            else:
                finding.notes.append(
                    f"{finding.label}失联未满6个月（自{condition.start_date.isoformat()}起，{six_months.isoformat()}满6个月）"
                )
                continue
        elif situation in SIX_MONTH_SITUATIONS:
            # A sentence, custody, rehabilitation or other restriction of 6 months or more,
            # still running on the date.
            if condition.end_date is None:
                finding.qualifying.append(situation)
                finding.notes.append(f"{finding.label}{label}，期限未定（视为6个月以上）")
            elif condition.end_date >= add_months(condition.start_date, 6) - timedelta(days=1):
                finding.qualifying.append(situation)
                finding.notes.append(
                    f"{finding.label}{label}，期限{condition.start_date.isoformat()}至{condition.end_date.isoformat()}，满6个月"
                )
            else:
                finding.notes.append(
                    f"{finding.label}{label}期限{condition.start_date.isoformat()}至{condition.end_date.isoformat()}不足6个月"
                )
                continue
        elif situation in EIGHT_SITUATIONS:
            finding.qualifying.append(situation)
            finding.notes.append(f"{finding.label}{label}")
            if situation in WITHOUT_CAPACITY:
                finding.without_capacity = True
        else:
            continue
        if evidence_missing:
            finding.missing_evidence.append(f"{finding.label}“{label}”的证明材料")
    return finding


def parent_findings(child: Child, on: date) -> tuple[ParentFinding, ParentFinding]:
    """Father and mother as recorded in the child's family (2 queries)."""
    members = {m.relation: m for m in child.family.filter(relation__in=[Relation.FATHER, Relation.MOTHER])}
    conditions: dict[int, list[ParentCondition]] = {}
    for condition in ParentCondition.objects.filter(member__in=members.values()).order_by("start_date"):
        conditions.setdefault(condition.member_id, []).append(condition)
    result = []
    for relation in (Relation.FATHER, Relation.MOTHER):
        member = members.get(relation)
        result.append(
            _finding(
                relation,
                conditions.get(member.pk, []) if member else [],
                on,
                member.name if member else "",
                member is not None,
            )
        )
    return result[0], result[1]


def _child_checks(child: Child, on: date, result: Eligibility, *, local_prefix: str, max_age: int) -> bool:
    ok = True
    age = age_on(child.birth_date, on)
    if age >= max_age:
        result.reasons.append(f"{on.isoformat()}时已满{max_age}周岁（{age}岁），不符合")
        ok = False
    else:
        result.reasons.append(f"未满{max_age}周岁（{age}岁）")
    if local_prefix:
        if child.hukou_area_id and child.hukou_area_id.startswith(local_prefix):
            result.reasons.append("户籍在本地")
        elif not child.hukou_area_id:
            result.reasons.append("户籍地未登记，无法核对是否为本地户籍")
            result.missing_evidence.append("儿童户口簿")
            ok = False
        else:
            result.reasons.append("户籍不在本地，不符合")
            ok = False
    return ok


def check_orphan(child: Child, on: date, *, local_prefix: str = "") -> Eligibility:
    """Orphan: under 18, both parents dead (or declared dead) or declared missing."""
    father, mother = parent_findings(child, on)
    result = Eligibility(kind="orphan", eligible=False, parents=[father, mother])
    child_ok = _child_checks(child, on, result, local_prefix=local_prefix, max_age=18)
    for parent in (father, mother):
        result.reasons.extend(parent.notes)
        result.missing_evidence.extend(parent.missing_evidence if parent.dead_or_missing else [])
    if father.dead_or_missing and mother.dead_or_missing:
        result.reasons.append("父母均死亡或宣告失踪：符合孤儿条件")
        result.eligible = child_ok
        result.rule = "orphan"
    else:
        result.reasons.append("父母并非均已死亡或宣告失踪：不符合孤儿条件")
    return result


def check_de_facto_unsupported(child: Child, on: date, *, local_prefix: str = "") -> Eligibility:
    """De facto unsupported child (DOMAIN.md §4).

    Rule A: both parents are each in one of the eight situations. Rule B: one parent is dead
    (or declared dead) or declared missing and the other is in one of the eight. The
    6-month thresholds apply to out of contact (from the police registration) and to
    sentences, custody, rehabilitation and other restrictions (their term). A child whose
    parents are both dead or missing is an orphan instead: the two never overlap.
    """
    father, mother = parent_findings(child, on)
    result = Eligibility(kind="de_facto_unsupported", eligible=False, parents=[father, mother])
    child_ok = _child_checks(child, on, result, local_prefix=local_prefix, max_age=18)
    for parent in (father, mother):
        if not parent.present:
            result.reasons.append(f"未登记{parent.label}信息")
        result.reasons.extend(parent.notes)
    if father.dead_or_missing and mother.dead_or_missing:
        result.reasons.append("父母均死亡或宣告失踪：应认定为孤儿，不属于事实无人抚养儿童")
        return result
    if father.in_eight and mother.in_eight:
        result.rule = "A"
        result.reasons.append("规则A：父母双方均符合八种情形之一")
        used = [father, mother]
    elif (father.dead_or_missing and mother.in_eight) or (mother.dead_or_missing and father.in_eight):
        result.rule = "B"
        other = mother if father.dead_or_missing else father
        gone = father if father.dead_or_missing else mother
        result.reasons.append(f"规则B：{gone.label}死亡或宣告失踪，{other.label}符合八种情形之一")
        used = [other]
    else:
        result.reasons.append(
            "不符合规则A（父母双方均在八种情形之内）或规则B（一方死亡或失踪、另一方在八种情形之内）"
        )
        return result
    for parent in used:
        result.missing_evidence.extend(parent.missing_evidence)
    result.eligible = child_ok
    return result


def check_left_behind(child: Child, on: date) -> Eligibility:
    """Rural left-behind child (国发〔2016〕13号): under 16, both parents migrant workers, or
    one a migrant worker and the other without capacity (severely disabled or seriously ill)."""
    father, mother = parent_findings(child, on)
    result = Eligibility(kind="rural_left_behind", eligible=False, parents=[father, mother])
    child_ok = _child_checks(child, on, result, local_prefix="", max_age=16)
    for parent in (father, mother):
        result.reasons.extend(parent.notes)
    if father.migrant and mother.migrant:
        result.rule = "both_migrant"
        result.reasons.append("父母均外出务工")
    elif (father.migrant and mother.without_capacity) or (mother.migrant and father.without_capacity):
        result.rule = "one_migrant_other_unable"
        result.reasons.append("一方外出务工、另一方无监护能力")
    else:
        result.reasons.append("不符合：须父母均外出务工，或一方外出务工、另一方无监护能力")
        return result
    result.eligible = child_ok
    return result
