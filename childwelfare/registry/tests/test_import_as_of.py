"""Issue 8, item 15: a roster can be loaded as of a past date (a city moving its old
spreadsheets in): `import_children --as-of DATE`, and the upload page's date for the city
administrator only. Ages and dates are judged as of that date, the date is recorded on the
job, a date after today is refused, and the categories of a child who has turned 18 since
end the day before the 18th birthday."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.lib.idnumber import make_number
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import RosterImportError, import_roster
from childwelfare.registry.models import CategorySpell, Child, RosterImport
from childwelfare.registry.tasks import run_import
from childwelfare.testing import people as named

from .rosters import HEADER, write_xlsx

pytestmark = pytest.mark.django_db
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

LEAP = make_number("320102", date(2008, 2, 29), 11, "F")  # 18 on 2026-02-28 (common year)
JUNE = make_number("320102", date(2007, 6, 15), 12, "M")  # 18 on 2025-06-15
YOUNG = make_number("320102", date(2012, 5, 10), 13, "M")  # 14 today


def row(seq, name, number, birth, category, since):
    return [seq, name, "", number, birth, "汉族", "南京市玄武区梅园新村街道", "长江路1号", "梅园社区",
            category, since, "在校", "", "", "", "", ""]  # fmt: skip


def history_file(tmp_path):
    return write_xlsx(
        tmp_path / "2019年名册.xlsx",
        [
            HEADER,
            row(1, "陈小雨", LEAP, date(2008, 2, 29), "低保家庭儿童", date(2019, 9, 1)),
            row(2, "林小川", JUNE, date(2007, 6, 15), "农村留守儿童、其他困境儿童", date(2019, 3, 1)),
            row(3, "何小山", YOUNG, date(2012, 5, 10), "其他困境儿童", date(2019, 12, 1)),
        ],
    )


def spells():
    return {
        (s.child.name, s.category): (s.start_date, s.end_date)
        for s in CategorySpell.objects.select_related("child")
    }


def test_without_as_of_children_now_18_are_refused(tmp_path, people):
    result = import_roster(
        read_table(history_file(tmp_path)), people["officer_xuanwu"].area, actor=people["officer_xuanwu"]
    )
    assert [error.code for error in result.errors] == ["adult", "adult"]
    assert Child.objects.count() == 0


def test_command_as_of_judges_as_of_the_date_and_ends_categories_at_18(tmp_path, people):
    out = io.StringIO()
    call_command(
        "import_children",
        str(history_file(tmp_path)),
        "--area",
        named.XUANWU,
        "--as-of",
        "2020-01-01",
        stdout=out,
    )
    assert Child.objects.count() == 3
    assert "2020-01-01" in out.getvalue()
    # Each category ends the day before the 18th birthday; born 29 Feb 2008, the 18th
    # birthday is 28 Feb 2026 (a common year), so the last day is 27 Feb 2026.
    assert spells() == {
        ("陈小雨", "dibao_family"): (date(2019, 9, 1), date(2026, 2, 27)),
        ("林小川", "rural_left_behind"): (date(2019, 3, 1), date(2025, 6, 14)),
        ("林小川", "other_in_difficulty"): (date(2019, 3, 1), date(2025, 6, 14)),
        ("何小山", "other_in_difficulty"): (date(2019, 12, 1), None),  # still a child today
    }
    ended = CategorySpell.objects.get(child__name="陈小雨")
    assert ended.end_reason == "年满18周岁"
    log = AccessLog.objects.get(action=AccessAction.IMPORT)
    assert "2020-01-01" in log.detail


def test_command_refuses_a_date_after_today_and_a_category_after_the_date(tmp_path, people):
    tomorrow = timezone.localdate().toordinal() + 1
    with pytest.raises(CommandError, match="晚于今天"):
        call_command(
            "import_children",
            str(history_file(tmp_path)),
            "--area",
            named.XUANWU,
            "--as-of",
            date.fromordinal(tomorrow).isoformat(),
            stdout=io.StringIO(),
        )
    result = import_roster(
        read_table(history_file(tmp_path)), people["admin_nanjing"].area.__class__.objects.get(code=named.XUANWU),
        actor=people["admin_nanjing"], as_of=date(2019, 10, 1),
    )  # fmt: skip
    # As of 1 Oct 2019, the category dated 1 Dec 2019 lies in the future.
    assert [(error.row, error.code) for error in result.errors] == [(4, "event_in_future")]


def test_only_the_city_administrator_may_import_as_of_a_date(tmp_path, people):
    officer = people["officer_xuanwu"]
    with pytest.raises(RosterImportError) as caught:
        import_roster(read_table(history_file(tmp_path)), officer.area, actor=officer, as_of=date(2020, 1, 1))
    assert caught.value.code == "as_of_not_allowed"


def test_upload_page_as_of_for_the_city_administrator(client, people, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    url = reverse("registry:import_upload")
    client.force_login(people["officer_xuanwu"])
    assert "as_of" not in client.get(url).context["form"].fields
    with override_settings(TASKS=QUEUE_ONLY), open(history_file(tmp_path), "rb") as handle:
        client.post(url, {"file": handle, "area": named.XUANWU, "as_of": "2020-01-01"})
    ignored = RosterImport.objects.get()
    assert ignored.params == {}  # an officer's date is not taken
    ignored.delete()

    client.force_login(people["admin_nanjing"])
    form = client.get(url).context["form"]
    assert "as_of" in form.fields
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1).isoformat()
    with override_settings(TASKS=QUEUE_ONLY), open(history_file(tmp_path), "rb") as handle:
        response = client.post(url, {"file": handle, "area": named.XUANWU, "as_of": tomorrow})
    assert response.status_code == 200 and "as_of" in response.context["form"].errors
    assert not RosterImport.objects.exists()
    with override_settings(TASKS=QUEUE_ONLY), open(history_file(tmp_path), "rb") as handle:
        response = client.post(url, {"file": handle, "area": named.XUANWU, "as_of": "2020-01-01"})
    job = RosterImport.objects.get()
    assert job.params == {"as_of": "2020-01-01"}
    assert run_import.call(job.pk) == RosterImport.Status.SUCCEEDED
    assert Child.objects.count() == 3
    assert spells()[("陈小雨", "dibao_family")] == (date(2019, 9, 1), date(2026, 2, 27))
    assert "2020-01-01" in client.get(response.url).content.decode()
