"""QA: a roster row with a paid category (事实无人抚养儿童) is imported pending a second person's
review, and until then the child is in neither the visit plan nor the statistics — but the
import only said "新增 N 人". The outcome now says how many categories wait for review."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import SpellStatus
from childwelfare.registry.models import CategorySpell, RosterImport

from .rosters import HEADER
from .test_import_confirm import media, upload  # noqa: F401 (the media fixture)

pytestmark = pytest.mark.django_db


def row(seq: int, name: str, category: str) -> list:
    cells = dict.fromkeys(HEADER, "")
    cells.update(
        {
            "序号": seq,
            "姓名": name,
            "身份证号": make_number("320102", date(2015, 3, seq), seq, "M"),
            "所属社区": "梅园社区",
            "儿童类别": category,
            "类别认定日期": "2026-01-05",
        }
    )
    return [cells[column] for column in HEADER]


def test_the_outcome_says_how_many_paid_categories_wait_for_review(client, people, media, tmp_path):  # noqa: F811
    client.force_login(people["officer_xuanwu"])
    rows = [
        row(1, "王小明", "事实无人抚养儿童"),
        row(2, "李小红", "事实无人抚养儿童"),
        row(3, "赵安安", "农村留守儿童"),
    ]
    job = upload(client, tmp_path, rows, dry_run=False)
    assert job.status == RosterImport.Status.SUCCEEDED
    pending = CategorySpell.objects.filter(status=SpellStatus.PENDING).count()
    assert pending == 2 and job.summary["pending_spells"] == 2
    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "其中 2 个发放补贴的类别待区县民政部门另一人复核" in page

    only_unpaid = upload(client, tmp_path, [row(4, "钱多多", "农村留守儿童")], dry_run=False)
    page = client.get(reverse("registry:import_job", args=[only_unpaid.pk])).content.decode()
    assert "import-pending-spells" not in page
