"""The registry's creating forms for submissions/tests/test_submit_once.py: `registry_world`
builds their records once (in the test's world fixture), `registry_cases` describes each
form as the keyword arguments of that test's Case. `csv_upload` is the small roster file the
import forms of every app post."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.registry.models import (
    CategorySpell,
    Child,
    ChildTransfer,
    FamilyMember,
    ParentCondition,
    RosterImport,
)
from childwelfare.registry.transfers import propose_transfer
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

TODAY = timezone.localdate()

REGISTRY_CASES = [
    "family member",
    "parent situation",
    "category",
    "roster import",
    "import confirm",
    "transfer proposal",
    "transfer acceptance",
    "merge of duplicate files",
    "unknown-identity child",
]


def csv_upload(text: str = "姓名\n") -> SimpleUploadedFile:
    """A CSV upload named 名册.csv holding `text` (UTF-8)."""
    return SimpleUploadedFile("名册.csv", text.encode(), content_type="text/csv")


def registry_world(people) -> dict:
    """A dry run that passed, waiting for its 确认导入 (issue 9); a transfer of a child of
    梅园社区 to 大行宫社区 waiting for officer_xuanwu; two files of one child to merge."""
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    dry_run = RosterImport.objects.create(
        kind="roster",
        created_by=officer,
        area=Area.objects.get(code=named.MEIYUAN),
        filename="名册.csv",
        file=csv_upload(),
        dry_run=True,
        status=RosterImport.Status.CHECKED,
        finished_at=timezone.now(),
    )
    moving = ChildFactory(area_id=named.MEIYUAN, name="赵迁入")
    transfer = propose_transfer(
        moving, actor=director, to_area=Area.objects.get(code=named.DAXINGGONG), reason="搬家"
    )
    twins = [
        ChildFactory(area_id=named.MEIYUAN, name="钱重复", birth_date=date(2016, 2, 3)) for _ in range(2)
    ]
    return {"dry_run": dry_run, "transfer": transfer, "twins": twins}


def registry_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the registry's creating forms (the child's
    profile page: world["child"] with its father world["father"])."""
    profile = reverse("registry:child_detail", args=[world["child"].pk])
    return {
        "family member": dict(
            url=profile,
            username="director_meiyuan",
            count=lambda: FamilyMember.objects.count(),
            marker=("form", "member"),
            typed={"member-relation": "mother", "member-name": "赵芳", "member-phone": "13912345678"},
        ),
        "parent situation": dict(
            url=profile,
            username="director_meiyuan",
            count=lambda: ParentCondition.objects.count(),
            marker=("form", "condition"),
            typed={
                "condition-member": str(world["father"].pk),
                "condition-situation": "migrant_worker",
                "condition-start_date": "2024-01-01",
            },
        ),
        "category": dict(
            url=profile,
            username="director_meiyuan",
            count=lambda: CategorySpell.objects.count(),
            marker=("form", "category"),
            typed={"category-category": "rural_left_behind", "category-start_date": "2024-01-01"},
        ),
        "roster import": dict(
            url=reverse("registry:import_upload"),
            username="officer_xuanwu",
            count=lambda: RosterImport.objects.count(),
            typed={"area": named.MEIYUAN},
            files={"file": csv_upload},
        ),
        "import confirm": dict(
            url=reverse("registry:import_job", args=[world["dry_run"].pk]),
            username="officer_xuanwu",
            count=lambda: RosterImport.objects.filter(confirmed_from__isnull=False).count(),
            post_url=reverse("registry:import_confirm", args=[world["dry_run"].pk]),
        ),
        "transfer proposal": dict(
            url=profile,
            username="director_meiyuan",
            count=lambda: ChildTransfer.objects.count(),
            marker=("form", "transfer"),
            typed={"transfer-to_area": named.NINGHAI, "transfer-reason": "随父母迁居"},
        ),
        "transfer acceptance": dict(
            url=reverse("registry:transfer_list"),
            username="officer_xuanwu",
            count=lambda: ChildTransfer.objects.filter(status="accepted").count(),
            marker=("action", "accept"),
        ),
        "merge of duplicate files": dict(
            url=reverse("registry:child_merge", args=[world["twins"][0].pk])
            + f"?other={world['twins'][1].pk}",
            username="officer_xuanwu",
            count=lambda: Child.objects.filter(status="merged").count(),
            marker="other",
        ),
        "unknown-identity child": dict(
            url=reverse("registry:unknown_child_create"),
            username="officer_xuanwu",
            count=lambda: Child.objects.filter(identity_unknown=True).count(),
            marker="found_place",
            typed={
                "gender": "F",
                "estimated_birth_year": str(TODAY.year - 5),
                "area": named.MEIYUAN,
                "found_place": "南京站",
                "found_on": TODAY.isoformat(),
            },
        ),
    }
