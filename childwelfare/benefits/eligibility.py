"""Eligibility rules as code, each result explained (DOMAIN.md §4; 民发〔2019〕62号 as
amended by 民发〔2020〕125号; 国发〔2016〕13号 for left-behind children).

A result lists every condition of the rule with a pass/fail mark and what was found (codes
and parameters, rendered in the reader's language by benefits.explanations), and the
evidence still missing, so a refusal can quote exactly the conditions that failed. A rule
("A", "B", "orphan", …) is named only when the result is eligible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from childwelfare.lib.dates import add_months, age_on
from childwelfare.registry.choices import EIGHT_SITUATIONS, DisabilityType, ParentSituation, Relation
from childwelfare.registry.models import Child, ParentCondition

SIX_MONTH_SITUATIONS = {
    ParentSituation.IN_CUSTODY,
    ParentSituation.DRUG_REHABILITATION,
    ParentSituation.OTHER_RESTRICTION,
}
DEAD_OR_MISSING = {ParentSituation.DECEASED, ParentSituation.DECLARED_MISSING}
WITHOUT_CAPACITY = {ParentSituation.SEVERELY_DISABLED, ParentSituation.SERIOUSLY_ILL}
# Grades 3 and 4 count as severe only for these types (民发〔2019〕62号).
SEVERE_AT_ANY_GRADE = {DisabilityType.MENTAL, DisabilityType.INTELLECTUAL}


def severe_disability(disability_type: str, grade: int | None) -> bool:
    """Whether a disability certificate makes a parent severely disabled (重残): grade 1 or 2
    of any type, or grade 3 or 4 of a mental (精神) or intellectual (智力) disability
    (民发〔2019〕62号, DOMAIN.md §4). False without a type or grade."""
    if not disability_type or grade is None:
        return False
    return grade in (1, 2) or (grade in (3, 4) and disability_type in SEVERE_AT_ANY_GRADE)


@dataclass
class Note:
    """One finding: a code of benefits.explanations.NOTE_TEXTS (or EVIDENCE_TEXTS) and its
    parameters (JSON-ready; choice codes, ISO dates, numbers)."""

    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params}


@dataclass
class Condition:
    """One condition of a rule: code (benefits.explanations.CONDITION_LABELS), passed, its
    parameters and the notes of what was found."""

    code: str
    passed: bool
    params: dict = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "passed": self.passed,
            "params": self.params,
            "notes": [note.as_dict() for note in self.notes],
        }


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
    notes: list[Note] = field(default_factory=list)
    missing_evidence: list[Note] = field(default_factory=list)

    @property
    def in_eight(self) -> bool:
        return bool(self.qualifying)

    def note(self, code: str, **params) -> None:
        self.notes.append(Note(code, {"parent": str(self.relation), **params}))

    def missing(self, code: str, **params) -> None:
        self.missing_evidence.append(Note(code, {"parent": str(self.relation), **params}))

    def all_notes(self) -> list[Note]:
        """The notes, or one saying nothing was recorded."""
        if not self.present:
            return [Note("parent_not_recorded", {"parent": str(self.relation)})]
        return self.notes or [Note("no_situation", {"parent": str(self.relation)})]


@dataclass
class Eligibility:
    """eligible: every condition passed; rule: which rule was met ("A", "B", "orphan",
    "both_migrant", "one_migrant_other_unable"), "" when not eligible; conditions: every
    condition in the order checked; missing_evidence: Notes of what must still be
    supplied. `reasons` and `failing` are the conditions rendered in the active language."""

    kind: str
    eligible: bool
    rule: str = ""
    conditions: list[Condition] = field(default_factory=list)
    missing_evidence: list[Note] = field(default_factory=list)
    parents: list[ParentFinding] = field(default_factory=list)

    def add(self, code: str, passed: bool, notes=(), **params) -> None:
        self.conditions.append(Condition(code, passed, params, list(notes)))

    def as_dict(self) -> dict:
        """JSON-ready, as stored on applications (codes and parameters, no sentences)."""
        return {
            "kind": self.kind,
            "eligible": self.eligible,
            "rule": self.rule if self.eligible else "",
            "conditions": [condition.as_dict() for condition in self.conditions],
            "missing_evidence": [note.as_dict() for note in self.missing_evidence],
        }

    @property
    def reasons(self) -> list[str]:
        from .explanations import render_result

        return render_result(self.as_dict())["reasons"]

    def failing_text(self):
        """The failing conditions as one (lazy) string for a refusal message."""
        from .explanations import failing_text

        return failing_text(self.as_dict())

    def _finish(self, rule: str) -> Eligibility:
        self.eligible = all(condition.passed for condition in self.conditions)
        self.rule = rule if self.eligible else ""
        return self


def _term(finding: ParentFinding, condition: ParentCondition, on: date) -> bool:
    """A sentence, custody, rehabilitation or other restriction counts when its term is 6
    months or more (start to end inclusive), or — with no end date recorded — once six
    months from its start have actually passed by `on` (then the term document is missing
    until they have)."""
    situation, start = condition.situation, condition.start_date
    six_months = add_months(start, 6)
    if condition.end_date is None:
        if on >= six_months:
            finding.note("term_open_ok", situation=situation, start=start.isoformat(), on=on.isoformat())
            return True
        finding.note(
            "term_open_short",
            situation=situation,
            start=start.isoformat(),
            on=on.isoformat(),
            six_months=six_months.isoformat(),
        )
        finding.missing("term_document", situation=situation)
        return False
    params = {"situation": situation, "start": start.isoformat(), "end": condition.end_date.isoformat()}
    if condition.end_date >= six_months - timedelta(days=1):
        finding.note("term_ok", **params)
        return True
    finding.note("term_short", **params)
    return False


def _disability(finding: ParentFinding, condition: ParentCondition) -> bool:
    """重残 counts only with a certificate of a severe type and grade (severe_disability);
    without a type or grade the certificate is missing."""
    kind, grade = condition.disability_type, condition.disability_grade
    if not kind or grade is None:
        finding.note("disability_ungraded")
        finding.missing("disability_certificate")
        return False
    if not severe_disability(kind, grade):
        finding.note("disability_not_severe", disability_type=kind, grade=grade)
        return False
    finding.note("disability_severe", disability_type=kind, grade=grade)
    return True


def _finding(
    relation: str, conditions: list[ParentCondition], on: date, name: str, present: bool
) -> ParentFinding:
    finding = ParentFinding(relation=relation, name=name, present=present)
    for condition in conditions:
        if condition.start_date > on or (condition.end_date and condition.end_date < on):
            continue
        situation = condition.situation
        evidence_missing = not condition.evidence_reference.strip()
        if situation in DEAD_OR_MISSING:
            finding.dead_or_missing = True
            finding.note("dead_or_missing", situation=situation, start=condition.start_date.isoformat())
        elif situation == ParentSituation.MIGRANT_WORKER:
            finding.migrant = True
            finding.note("migrant")
            continue
        elif situation == ParentSituation.OUT_OF_CONTACT:
            # No contact and no support for 6 months or more, counted from the police
            # registration of the missing-person report (start_date).
            six_months = add_months(condition.start_date, 6)
            if on < six_months:
                finding.note(
                    "out_of_contact_short",
                    start=condition.start_date.isoformat(),
                    six_months=six_months.isoformat(),
                )
                continue
            finding.qualifying.append(situation)
            finding.note("out_of_contact_ok", start=condition.start_date.isoformat())
        elif situation in SIX_MONTH_SITUATIONS:
            if not _term(finding, condition, on):
                continue
            finding.qualifying.append(situation)
        elif situation == ParentSituation.SEVERELY_DISABLED:
            if not _disability(finding, condition):
                continue
            finding.qualifying.append(situation)
            finding.without_capacity = True
            # The certificate is the evidence: its number, or a reference to it.
            evidence_missing = evidence_missing and not condition.certificate_number.strip()
        elif situation in EIGHT_SITUATIONS:
            finding.qualifying.append(situation)
            finding.note("situation", situation=situation)
            if situation in WITHOUT_CAPACITY:
                finding.without_capacity = True
        else:
            continue
        if evidence_missing:
            finding.missing("evidence", situation=situation)
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


def _child_checks(child: Child, on: date, result: Eligibility, *, local_prefix: str, max_age: int) -> None:
    age = age_on(child.birth_date, on)
    result.add("age", age < max_age, [Note("age", {"on": on.isoformat(), "age": age})], max_age=max_age)
    if local_prefix:
        if child.hukou_area_id and child.hukou_area_id.startswith(local_prefix):
            result.add("hukou", True)
        elif not child.hukou_area_id:
            result.add("hukou", False, [Note("hukou_unknown")])
            result.missing_evidence.append(Note("child_hukou"))
        else:
            result.add("hukou", False, [Note("hukou_elsewhere")])


def check_orphan(child: Child, on: date, *, local_prefix: str = "") -> Eligibility:
    """Orphan: under 18, both parents dead (or declared dead) or declared missing."""
    father, mother = parent_findings(child, on)
    result = Eligibility(kind="orphan", eligible=False, parents=[father, mother])
    _child_checks(child, on, result, local_prefix=local_prefix, max_age=18)
    for parent in (father, mother):
        result.add("orphan_parent", parent.dead_or_missing, parent.all_notes(), parent=str(parent.relation))
        if parent.dead_or_missing:
            result.missing_evidence.extend(parent.missing_evidence)
    return result._finish("orphan")


def check_de_facto_unsupported(child: Child, on: date, *, local_prefix: str = "") -> Eligibility:
    """De facto unsupported child (DOMAIN.md §4).

    Rule A: both parents are each in one of the eight situations. Rule B: one parent is dead
    (or declared dead) or declared missing and the other is in one of the eight. Checked as
    the equivalent conditions: each parent is in the eight or dead/missing, and not both
    dead/missing (that child is an orphan instead: the two never overlap). The 6-month
    thresholds apply to out of contact (from the police registration) and to sentences,
    custody, rehabilitation and other restrictions (their term, or six months passed when
    no end is recorded); severe disability needs a certificate of grade 1–2, or 3–4 mental
    or intellectual.
    """
    father, mother = parent_findings(child, on)
    result = Eligibility(kind="de_facto_unsupported", eligible=False, parents=[father, mother])
    _child_checks(child, on, result, local_prefix=local_prefix, max_age=18)
    for parent in (father, mother):
        result.add(
            "parent",
            parent.in_eight or parent.dead_or_missing,
            parent.all_notes(),
            parent=str(parent.relation),
        )
    both_gone = father.dead_or_missing and mother.dead_or_missing
    result.add("not_orphan", not both_gone, [Note("both_dead_or_missing")] if both_gone else [])
    for parent in (father, mother):
        if parent.in_eight:
            result.missing_evidence.extend(parent.missing_evidence)
        else:
            # A situation that does not count yet may count with its document.
            result.missing_evidence.extend(n for n in parent.missing_evidence if n.code != "evidence")
    rule = "A" if father.in_eight and mother.in_eight else "B"
    return result._finish(rule)


def check_left_behind(child: Child, on: date) -> Eligibility:
    """Rural left-behind child (国发〔2016〕13号): under 16, both parents migrant workers, or
    one a migrant worker and the other without capacity (severely disabled at a grade of
    severe_disability, or seriously ill)."""
    father, mother = parent_findings(child, on)
    result = Eligibility(kind="rural_left_behind", eligible=False, parents=[father, mother])
    _child_checks(child, on, result, local_prefix="", max_age=16)
    notes = father.all_notes() + mother.all_notes()
    if father.migrant and mother.migrant:
        rule = "both_migrant"
    elif (father.migrant and mother.without_capacity) or (mother.migrant and father.without_capacity):
        rule = "one_migrant_other_unable"
    else:
        rule = ""
    result.add("left_behind_parents", bool(rule), notes)
    return result._finish(rule)
