"""The anonymisation check of a case submission (issue 11): no child's name, ID number,
address or phone may appear in a case's title, summary or text. No models are written.

Two sources of findings:
- the linked child's and family's own data (decrypted through the model's fields): the
  child's and every family member's name (and a child's given name of two or more
  characters), ID numbers, phones, the child's current and hukou addresses;
- patterns, whoever they belong to: an 18-digit ID number (the last character may be X),
  a mobile number (1[3-9] and nine digits, with optional spaces or hyphens), a landline
  number (a 0-prefixed area code and 7–8 digits, or a number after 电话/座机/联系方式), an
  address with a house or room number (a road, street, lane, village or estate word followed
  by a number and 号, or a number with 室).

`find_identifying(text, child=…)` returns the findings as spans; `check_anonymised(fields,
child=…)` raises AnonymisationError with them; `anonymise(text, child=…)` replaces each
finding (names by 某某, numbers by X of the same length, addresses by 某地址) and is what
writes a closed case up as a draft submission (services.draft_case_submission).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError


class FindingKind:
    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    ADDRESS = "address"


KIND_LABELS = {
    FindingKind.NAME: _("姓名"),
    FindingKind.ID_NUMBER: _("身份证号"),
    FindingKind.PHONE: _("电话"),
    FindingKind.ADDRESS: _("地址"),
}

ID_NUMBER_PATTERN = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<![0-9])1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])")
LANDLINE_PATTERN = re.compile(
    r"(?<![0-9])[(（]?0[1-9][0-9]{1,2}[)）]?[ -－]?[2-9][0-9]{6,7}(?![0-9])"
    r"|(?:电话|座机|联系方式|手机)[:： ]*[0-9]{7,8}(?![0-9])"
)
ADDRESS_PATTERN = re.compile(
    r"[\u4e00-\u9fa5]{0,8}(?:路|街|巷|弄|道|村|组|里|苑|园|小区|公寓|大厦|新村)"
    r" ?[0-9一二三四五六七八九十百]+ ?号(?:楼)?(?: ?[0-9]+ ?(?:栋|幢|单元|号楼))*(?: ?[0-9]+ ?室)?"
    r"|(?<![0-9])[0-9]+ ?(?:栋|幢|号楼|单元)? ?[0-9]* ?室"
)
PATTERNS = (
    (FindingKind.ID_NUMBER, ID_NUMBER_PATTERN),
    (FindingKind.PHONE, MOBILE_PATTERN),
    (FindingKind.PHONE, LANDLINE_PATTERN),
    (FindingKind.ADDRESS, ADDRESS_PATTERN),
)
REPLACEMENTS = {FindingKind.NAME: "某某", FindingKind.ADDRESS: "某地址"}


@dataclass(frozen=True)
class Finding:
    """A span of `text[start:end]` that identifies someone, of `kind` (FindingKind)."""

    start: int
    end: int
    kind: str
    text: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


class AnonymisationError(DomainError):
    """A case names its child: `findings` is {field name: [Finding]} for every field that
    does (the page highlights them)."""

    default_code = "not_anonymised"

    def __init__(self, message, *, findings: dict[str, list[Finding]], **kwargs):
        super().__init__(message, **kwargs)
        self.findings = findings


def _child_terms(child) -> list[tuple[str, str]]:
    """[(kind, literal)] of the child's and the family's identifying data (decrypted)."""
    if child is None:
        return []
    terms: list[tuple[str, str]] = []

    def add(kind, value):
        value = (value or "").strip()
        if len(value) >= 2:
            terms.append((kind, value))

    add(FindingKind.NAME, child.name)
    if len(child.name or "") >= 3:
        add(FindingKind.NAME, child.name[1:])  # the given name (名) of a three-character name
    add(FindingKind.ID_NUMBER, child.id_number)
    add(FindingKind.PHONE, child.phone)
    add(FindingKind.ADDRESS, child.address)
    add(FindingKind.ADDRESS, child.hukou_address)
    for member in child.family.all():
        add(FindingKind.NAME, member.name)
        add(FindingKind.ID_NUMBER, member.id_number)
        add(FindingKind.PHONE, member.phone)
    return terms


def find_identifying(text: str, *, child=None, terms: list[tuple[str, str]] | None = None) -> list[Finding]:
    """The spans of `text` that identify the child or anyone (see the module docstring),
    sorted and merged where they overlap (the longer kind wins). `terms` saves reading the
    child's data again for several fields. Never raises."""
    if not text:
        return []
    if terms is None:
        terms = _child_terms(child)
    raw: list[tuple[int, int, str]] = []
    for kind, literal in terms:
        start = text.find(literal)
        while start != -1:
            raw.append((start, start + len(literal), kind))
            start = text.find(literal, start + 1)
    for kind, pattern in PATTERNS:
        raw.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    raw.sort(key=lambda span: (span[0], -span[1]))
    merged: list[list] = []
    for start, end, kind in raw:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
            continue
        merged.append([start, end, kind])
    return [Finding(start, end, kind, text[start:end]) for start, end, kind in merged]


def check_anonymised(fields: dict[str, str], *, child=None) -> None:
    """Raise AnonymisationError when any of `fields` ({form field name: text}) identifies
    someone; otherwise return None."""
    terms = _child_terms(child)
    findings = {
        name: found for name, value in fields.items() if (found := find_identifying(value, terms=terms))
    }
    if findings:
        kinds = sorted({f.label for spans in findings.values() for f in spans})
        raise AnonymisationError(
            _("案例材料须匿名：不得出现儿童的姓名、身份证号、住址或电话。发现：%(kinds)s，已在下方标出。"),
            code="not_anonymised",
            field=next(iter(findings)),
            params={"kinds": "、".join(kinds)},
            findings=findings,
        )


def anonymise(text: str, *, child=None, terms: list[tuple[str, str]] | None = None) -> str:
    """`text` with every finding replaced: names by 某某, ID numbers and phones by X of the
    same length, addresses by 某地址. The result passes check_anonymised."""
    findings = find_identifying(text, child=child, terms=terms)
    out, last = [], 0
    for finding in findings:
        out.append(text[last : finding.start])
        out.append(REPLACEMENTS.get(finding.kind) or "X" * len(finding.text))
        last = finding.end
    out.append(text[last:])
    return "".join(out)


def highlighted(text: str, findings: list[Finding]):
    """`text` as safe HTML with each finding in <mark title="kind">…</mark>, the rest
    escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    out, last = [], 0
    for finding in findings:
        out.append(escape(text[last : finding.start]))
        out.append(f'<mark class="bg-warning" title="{escape(finding.label)}">{escape(finding.text)}</mark>')
        last = finding.end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
