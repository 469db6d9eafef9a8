"""Records of case conferences (会商, issue 10) for the URL × role matrix
(tests/test_url_matrix.py): in 玄武区 (M, education invited), in 鼓楼区 (N), and one of 玄武区
that invited no education department (M-health: another department's, for the liaison)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.cases.services import conference as services
from childwelfare.cases.services.opening import open_case

from . import people as named
from .factories import ChildFactory


def _pdf() -> bytes:
    """A valid one-page PDF (pages that read downloaded PDFs parse it)."""
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=72, height=72)
    writer.write(out)
    return out.getvalue()


def conference_records(users) -> dict[str, list[tuple[str, int, str]]]:
    """{record kind: [(variant, pk, area code)]} for conference, conference_item,
    conference_decision, conference_action and conference_paper."""
    today = timezone.localdate()
    held_at = timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=9)))
    found: dict[str, dict] = {kind: {} for kind in ("conference", "item", "decision", "action", "paper")}
    setups = (
        ("M", "officer_xuanwu", named.XUANWU, named.MEIYUAN, ("education", "health", "public_security")),
        ("N", "officer_gulou", named.GULOU, named.NINGHAI, ("education", "health", "public_security")),
        ("M-health", "officer_xuanwu", named.XUANWU, named.MEIYUAN, ("health", "public_security", "justice")),
    )
    for label, officer_name, district, community, departments in setups:
        officer = users[officer_name]
        case = open_case(ChildFactory(area_id=community), source="police", worker=officer, actor=officer)
        conference = services.convene_conference(
            actor=officer,
            area=Area.objects.get(code=district),
            title=f"会商{label}",
            held_at=held_at,
            cases=[case],
            departments=departments,
        )
        attendance = {p.pk: (True, "代表") for p in conference.participants.all()}
        conference = services.record_attendance(
            conference, actor=officer, attendance=attendance, expected_version=conference.version
        )
        conference = services.hold_conference(
            conference,
            actor=officer,
            minutes="纪要",
            next_review_on=None,
            expected_version=conference.version,
        )
        item = conference.agenda_cases.get()
        decision = services.record_decision(item, actor=officer, text="落实复学")
        action = services.add_decision_action(
            decision,
            actor=officer,
            title="落实复学",
            owner_kind="department",
            department=departments[0],
            due_on=today + timedelta(days=10),
        )
        paper = services.add_paper(conference, actor=officer, upload=SimpleUploadedFile("材料.pdf", _pdf()))
        found["conference"][label] = (conference.pk, district)
        found["item"][label] = (item.pk, community)
        found["decision"][label] = (decision.pk, community)
        found["action"][label] = (action.pk, community)
        found["paper"][label] = (paper.pk, district)
    return {
        f"conference_{kind}" if kind != "conference" else kind: [
            (label, pk, area) for label, (pk, area) in variants.items()
        ]
        for kind, variants in found.items()
    }


def submit_once_conferences(users) -> dict:
    """For submissions/tests/test_submit_once.py: a case not on any agenda, a planned
    conference, and a held one with an agenda item without a decision, one with a decision
    and an action of it."""
    today = timezone.localdate()
    held_at = timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=9)))
    officer = users["officer_xuanwu"]

    def case():
        return open_case(ChildFactory(area_id=named.MEIYUAN), source="police", worker=officer, actor=officer)

    departments = ("education", "health", "public_security")
    area = Area.objects.get(code=named.XUANWU)
    planned = services.convene_conference(
        actor=officer,
        area=area,
        title="安排中的会商",
        held_at=held_at,
        cases=[case()],
        departments=departments,
    )
    held = services.convene_conference(
        actor=officer,
        area=area,
        title="已召开的会商",
        held_at=held_at,
        cases=[case(), case()],
        departments=departments,
    )
    attendance = {p.pk: (True, "代表") for p in held.participants.all()}
    held = services.record_attendance(
        held, actor=officer, attendance=attendance, expected_version=held.version
    )
    held = services.hold_conference(
        held, actor=officer, minutes="纪要", next_review_on=None, expected_version=held.version
    )
    undecided, decided = held.agenda_cases.order_by("pk")
    decision = services.record_decision(decided, actor=officer, text="落实复学")
    action = services.add_decision_action(
        decision,
        actor=officer,
        title="落实复学",
        owner_kind="department",
        department="education",
        due_on=today + timedelta(days=10),
    )
    return {
        "free_case": case(),
        "planned": planned,
        "undecided": undecided,
        "decided": decided,
        "decision": decision,
        "action": action,
    }
