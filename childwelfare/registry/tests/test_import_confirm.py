"""The import flow (issue 9): a dry run that passed is imported by 确认导入 from the file it
uploaded (no second upload), once however often it is confirmed, by its uploader only; the
import links to the children it created or changed; a community name not yet registered is
listed with the nearest registered names and created only when ticked; dry runs are labelled
试运行; a long value in an error row is cut, its full text on hover."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.models import Child, ImportedChild, RosterImport
from childwelfare.registry.tasks import expire_dry_run_files, run_import
from childwelfare.testing import people as named

from .rosters import HEADER, WRITERS, with_title_and_total

pytestmark = pytest.mark.django_db
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def row(seq: int, name: str, community: str) -> list:
    number = make_number("320102", date(2015, 3, seq), seq, "M")
    cells = dict.fromkeys(HEADER, "")
    cells.update({"序号": seq, "姓名": name, "身份证号": number, "所属社区": community})
    return [cells[column] for column in HEADER]


ROWS = [row(1, "王小明", "梅园社区"), row(2, "李小红", "梅圆社区"), row(3, "赵安安", "梅园社区")]


def upload(client, tmp_path, rows, *, dry_run=True, writer="xlsx", area=named.MEIYUAN_STREET) -> RosterImport:
    path = WRITERS[writer](tmp_path / f"roster-{RosterImport.objects.count()}", with_title_and_total(rows))
    data = {"area": area}
    if dry_run:
        data["dry_run"] = "on"
    with override_settings(TASKS=QUEUE_ONLY), open(path, "rb") as handle:
        response = client.post(reverse("registry:import_upload"), {**data, "file": handle})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = RosterImport.objects.latest("pk")
    run_import.call(job.pk)
    job.refresh_from_db()
    return job


def confirm(client, job, ticked=()) -> "tuple":
    with override_settings(TASKS=QUEUE_ONLY):
        response = client.post(
            reverse("registry:import_confirm", args=[job.pk]), {"create_community": list(ticked)}
        )
    return response


def run_latest() -> RosterImport:
    job = RosterImport.objects.latest("pk")
    run_import.call(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("writer", ["xlsx", "xls", "csv-gbk"])
def test_confirm_imports_the_dry_runs_own_file_once(client, people, media, tmp_path, writer):
    client.force_login(people["officer_xuanwu"])
    rows = [ROWS[0], ROWS[2]]
    dry = upload(client, tmp_path, rows, writer=writer)
    assert (dry.status, dry.created_count) == (RosterImport.Status.CHECKED, 2)
    assert dry.file and not Child.objects.exists()
    stored = dry.file.name
    page = client.get(reverse("registry:import_job", args=[dry.pk])).content.decode()
    assert "确认导入" in page and "试运行" in page

    first = confirm(client, dry)
    made = RosterImport.objects.get(confirmed_from=dry)
    assert first.status_code == 302 and first.url == reverse("registry:import_job", args=[made.pk])
    assert (made.file.name, made.filename, made.dry_run) == (stored, dry.filename, False)
    dry.refresh_from_db()
    assert not dry.file  # the file went with the import

    assert run_latest().status == RosterImport.Status.SUCCEEDED
    assert sorted(Child.objects.values_list("name", flat=True)) == ["王小明", "赵安安"]

    # A second confirm (a double click, another tab) imports nothing and leads to the import.
    second = confirm(client, dry)
    assert second.status_code == 302 and second.url == reverse("registry:import_job", args=[made.pk])
    assert "该试运行已确认导入，不会重复导入" in [str(m) for m in get_messages(second.wsgi_request)]
    assert RosterImport.objects.filter(dry_run=False).count() == 1 and Child.objects.count() == 2


def test_the_import_links_to_the_children_it_created_or_changed(client, people, media, tmp_path):
    client.force_login(people["officer_xuanwu"])
    Child.objects.all().delete()
    upload(client, tmp_path, [ROWS[0]], dry_run=False)
    other = Child.objects.get()
    changed = [ROWS[0][:], ROWS[2]]
    changed[0][HEADER.index("现住址")] = "中山路99号"
    job = upload(client, tmp_path, changed, dry_run=False)
    assert job.status == RosterImport.Status.SUCCEEDED
    assert set(ImportedChild.objects.filter(job=job).values_list("child__name", "created")) == {
        ("王小明", False),
        ("赵安安", True),
    }

    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    link = reverse("registry:child_list") + f"?import={job.pk}"
    assert f'href="{link}"' in page
    listed = client.get(link)
    assert [child.name for child in listed.context["page"].object_list] == ["王小明", "赵安安"]
    assert "仅显示导入批次" in listed.content.decode()
    # An unchanged re-import changes nobody: no link.
    again = upload(client, tmp_path, changed, dry_run=False)
    assert not ImportedChild.objects.filter(job=again).exists()
    assert "?import=" not in client.get(reverse("registry:import_job", args=[again.pk])).content.decode()
    assert other.pk in ImportedChild.objects.filter(job=job).values_list("child_id", flat=True)


def test_a_typo_community_is_listed_with_the_nearest_name_and_not_created_without_a_tick(
    client, people, media, tmp_path
):
    client.force_login(people["officer_xuanwu"])
    dry = upload(client, tmp_path, ROWS)
    assert dry.status == RosterImport.Status.CHECKED
    assert dry.summary["new_communities"] == ["梅圆社区"]
    assert dry.summary["community_suggestions"] == {"梅圆社区": ["梅园社区"]}
    assert dry.summary["new_community_rows"] == {"梅圆社区": [5]}
    page = client.get(reverse("registry:import_job", args=[dry.pk])).content.decode()
    assert 'name="create_community" value="梅圆社区"' in page
    assert "相近的已登记村（居）：梅园社区" in page

    # Confirmed without the tick: refused, naming the row; nothing written, nothing created.
    confirm(client, dry)
    refused = run_latest()
    assert refused.status == RosterImport.Status.REJECTED
    assert [(e["row"], e["column"]) for e in refused.errors] == [(5, "所属社区")]
    message = refused.errors[0]["message"]
    assert "“梅圆社区”（第5行）不是已登记的村（居），未自动新增" in message and "梅园社区" in message
    assert not Area.objects.filter(name="梅圆社区").exists() and not Child.objects.exists()


def test_a_ticked_new_community_is_created(client, people, media, tmp_path):
    client.force_login(people["officer_xuanwu"])
    dry = upload(client, tmp_path, [ROWS[0], row(2, "李小红", "新甲社区")])
    confirm(client, dry, ticked=["新甲社区"])
    assert run_latest().status == RosterImport.Status.SUCCEEDED
    community = Area.objects.get(name="新甲社区")
    assert community.parent_id == named.MEIYUAN_STREET
    assert Child.objects.get(name="李小红").area == community


def test_a_name_the_dry_run_did_not_list_cannot_be_ticked(client, people, media, tmp_path):
    client.force_login(people["officer_xuanwu"])
    dry = upload(client, tmp_path, [ROWS[0]])
    response = confirm(client, dry, ticked=["新乙社区"])
    assert response.url == reverse("registry:import_job", args=[dry.pk])
    assert not RosterImport.objects.filter(confirmed_from=dry).exists()


def test_only_the_uploader_confirms_and_an_expired_dry_run_asks_for_a_new_upload(
    client, people, media, tmp_path, settings
):
    client.force_login(people["officer_xuanwu"])
    dry = upload(client, tmp_path, [ROWS[0]])
    client.force_login(people["officer2_xuanwu"])  # same district, sees the job
    assert client.get(reverse("registry:import_job", args=[dry.pk])).status_code == 200
    assert "confirm-import" not in client.get(reverse("registry:import_job", args=[dry.pk])).content.decode()
    assert confirm(client, dry).status_code == 403

    client.force_login(people["officer_xuanwu"])
    RosterImport.objects.filter(pk=dry.pk).update(finished_at=timezone.now() - timedelta(hours=25))
    assert expire_dry_run_files() == 1
    response = confirm(client, dry)
    assert response.url == reverse("registry:import_job", args=[dry.pk])
    assert any("已过期" in str(m) for m in get_messages(response.wsgi_request))
    assert not RosterImport.objects.filter(confirmed_from=dry).exists()


def test_dry_runs_are_labelled_and_long_values_do_not_push_the_explanation_away(
    client, people, media, tmp_path
):
    client.force_login(people["officer_xuanwu"])
    long_name = row(1, "王" * 300, "梅园社区")
    job = upload(client, tmp_path, [long_name])
    assert job.status == RosterImport.Status.REJECTED
    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert 'class="table table-sm table-striped table-responsive-cards import-errors"' in page
    assert f'<span title="{job.errors[0]["value"]}">' in page
    recent = client.get(reverse("registry:import_upload")).content.decode()
    assert "试运行" in recent[recent.index("最近的导入") :]


def test_a_user_who_cannot_add_communities_is_told_the_nearest_name(client, people, media, tmp_path):
    client.force_login(people["supervisor_meiyuan"])
    job = upload(client, tmp_path, ROWS, area=named.MEIYUAN_STREET)
    assert job.status == RosterImport.Status.REJECTED
    assert [e["row"] for e in job.errors] == [5]
    assert "是否应为“梅园社区”" in job.errors[0]["message"]
