"""Issue 13, finding 1: no page or export lets a user without "view full ID" rebuild an ID
number from what it shows.

The attacker is given more than any page shows: every person's true region code (6 digits),
true birth date and gender (the birth date is stored and printed on lists, profiles, payroll
lines and forms; the region follows from the area). What the page adds is its rendering of
the number. From every masked number found on a page or in an export, the test enumerates
the 18-character numbers that agree with the shown characters, the known region, birth date
and gender, and the ISO 7064 check digit, and asserts there are at least MIN_CANDIDATES.
Before issue 13 the mask showed region and last four (`320102********0017`): one candidate.

Every GET page of the URL×role matrix (testing/url_matrix.py) is fetched by every named
user of testing.people with each record of the matrix's fixture (child list, profile,
screening and visit pages, applications, eligibility, payroll detail/line and export,
insurance, the roster export), so a new page is covered as soon as it is in the table.
"""

from __future__ import annotations

import io
import re
from datetime import date
from functools import cache

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from stdnum.cn import ric

from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.lib.idnumber import FEMALE, MALE, make_number, mask, parse
from childwelfare.registry.models import Child, FamilyMember
from childwelfare.testing import people as named
from childwelfare.testing import url_matrix as matrix
from childwelfare.testing.factories import FamilyMemberFactory
from childwelfare.testing.matrix_records import MatrixRecords
from childwelfare.testing.pdf import pdf_text

MIN_CANDIDATES = 100
# A run of 15 to 18 digits, X and * with at least one *: a rendered (masked) ID number.
MASKED = re.compile(r"(?<![0-9X*])[0-9X*]{15,18}(?![0-9X*])")


@cache
def candidates(shown: str, *, region: str, birth: date, gender: str) -> int:
    """How many valid 18-character numbers agree with `shown` (one character per position,
    `*` unknown), the region code, birth date and gender (parity of the 17th digit)."""
    if len(shown) != 18:
        return 0 if "*" not in shown else 1000
    count = 0
    for order in range(1000):
        body = f"{region}{birth:%Y%m%d}{order:03d}"
        if (order % 2 == 1) != (gender == MALE):
            continue
        number = body + ric.calc_check_digit(body + "0")
        if all(s == "*" or s == n for s, n in zip(shown, number, strict=True)):
            count += 1
    return count


def test_the_enumeration_rebuilds_numbers_from_the_old_mask():
    """The check of this module can fail: the pre-issue-13 mask (region + last four) beside
    the birth date leaves exactly one number; the mask of lib.idnumber leaves hundreds."""
    number = make_number("320102", date(2015, 3, 4), 11, MALE)
    old = number[:6] + "*" * 8 + number[-4:]
    assert candidates(old, region="320102", birth=date(2015, 3, 4), gender=MALE) == 1
    last4_only = "*" * 14 + number[-4:]
    assert candidates(last4_only, region="320102", birth=date(2015, 3, 4), gender=MALE) == 1
    assert candidates(mask(number), region="320102", birth=date(2015, 3, 4), gender=MALE) >= 500


def page_text(response) -> str:
    """The page's HTML, the text of every cell of an exported workbook, or a PDF's text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(body)
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        cells = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells.extend("" if value is None else str(value) for value in row)
        return "\n".join(cells)
    return body.decode(errors="replace")


class MaskReconstructionTest(MatrixRecords):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Guardians with ID numbers (shown masked on the profile and in the roster export).
        # The children's allowances are paid to social security cards whose number is the
        # child's ID (MatrixRecords).
        for index, child in enumerate(Child.objects.all()):
            FamilyMemberFactory(
                child=child,
                id_number=make_number(child.area_id[:6], date(1960 + index, 5, 6), 12, FEMALE),
                phone=f"1390000{index:04d}",
            )

    def people_numbers(self) -> list[tuple[str, str]]:
        """(number, tail) of every person of the fixture: the numbers that must not be rebuilt."""
        numbers = [c.id_number for c in Child.objects.exclude(id_number=None)]
        numbers += [m.id_number for m in FamilyMember.objects.exclude(id_number=None)]
        return [(number, number[-4:]) for number in numbers]

    def urls(self):
        """Every GET page of the matrix with each of its record variants."""
        for entry in matrix.TABLE:
            if entry.get is None or entry.public or entry.name.startswith("admin:"):
                continue
            if entry.record is None:
                yield entry.name, reverse(entry.name) + entry.query
                continue
            for label, pk, _area in self.records[entry.record]:
                if not entry.pk_in_path:
                    url = reverse(entry.name) + entry.query.format(pk=pk)
                else:
                    url = reverse(entry.name, kwargs={"pk": pk}) + entry.query.format(pk=pk)
                yield f"{entry.name}[{label}]", url

    def test_no_role_without_the_permission_can_rebuild_a_number(self):
        numbers = self.people_numbers()
        parsed = {number: parse(number, allow_15=True) for number, _tail in numbers}
        pages = list(self.urls())
        failures: list[str] = []
        checked = masked_seen = 0
        for person in named.PEOPLE:
            user = self.users[person.username]
            client = Client()
            client.force_login(user)
            full = can_view_full_id(user)
            for label, url in pages:
                response = client.get(url)
                if response.status_code != 200:
                    continue
                checked += 1
                text = page_text(response)
                if full:
                    continue
                where = f"{person.username} {label}"
                for number, tail in numbers:
                    if number in text:
                        failures.append(f"{where}: full number {number}")
                    # An amount such as "9426.00" is not an ID number's last four (a flake:
                    # the fixture's random numbers once met an uprating page's total).
                    if re.search(rf"(?<![0-9X.,]){tail}(?![0-9X]|[.,][0-9])", text):
                        failures.append(f"{where}: last four {tail} of {number[:6]}…")
                for shown in MASKED.findall(text):
                    masked_seen += 1
                    for number, _tail in numbers:
                        known = parsed[number]
                        if len(shown) == 18 and any(
                            s != "*" and s != n for s, n in zip(shown, number, strict=True)
                        ):
                            continue  # another person's number
                        count = candidates(
                            shown, region=number[:6], birth=known.birth_date, gender=known.gender
                        )
                        if count < MIN_CANDIDATES:
                            failures.append(f"{where}: {shown} leaves {count} candidates for {number}")
        assert checked > 300, checked  # the pages were really fetched
        assert masked_seen > 50, masked_seen  # and showed masked numbers
        assert not failures, "\n".join(sorted(set(failures))[:40])

    def test_the_permission_still_shows_full_numbers_in_the_exports(self):
        client = Client()
        client.force_login(self.users["officer_xuanwu"])
        child = Child.objects.get(pk=next(pk for label, pk, _a in self.records["child"] if label == "M"))
        # Full numbers on explicit request (full=1), logged.
        text = page_text(client.get(reverse("registry:child_export") + "?full=1"))
        assert child.id_number in text
        payroll_pk = next(pk for label, pk, _a in self.records["payroll"] if label == "M")
        text = page_text(client.get(reverse("benefits:payroll_export", kwargs={"pk": payroll_pk})))
        assert child.id_number in text
