"""No existence oracle across areas (issue 13 §4): a number held by a child outside the
user's area is refused in words that say nothing about that child, through the roster
import (dry run), the screening's add-child and the profile's ID change; each hit is a task
for the district (RegistrationConflict) and an access-log entry; possible duplicates are
looked for only among children the user may see."""

import json
from datetime import date

import pytest
from django.urls import reverse

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.discovery.services import add_child_during_screening
from childwelfare.discovery.tests.helpers import start
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.models import Child, RegistrationConflict, RosterImport
from childwelfare.registry.services import RegistryError, update_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

from .rosters import write_xlsx

pytestmark = pytest.mark.django_db

REFUSAL = "该儿童不能在此登记，区民政部门将核查"


@pytest.fixture
def others(people):
    """Children of 宁海路社区 (鼓楼区), outside every 玄武区 user's area: 赵小燕, whose number a
    file will carry under another name, and 钱小军, whose name and birth date a file repeats
    on a new number; and 孙小红 of 梅园社区, the director's own, likewise repeated."""
    return {
        "held": ChildFactory(
            name="赵小燕", area_id=named.NINGHAI, id_number=make_number("320106", date(2014, 5, 6), 11, "F")
        ),
        "twin": ChildFactory(
            name="钱小军", area_id=named.NINGHAI, id_number=make_number("320106", date(2013, 7, 8), 21, "M")
        ),
        "own": ChildFactory(
            name="孙小红", area_id=named.MEIYUAN, id_number=make_number("320102", date(2015, 1, 2), 31, "F")
        ),
    }


def _traces(child) -> list[str]:
    """What must not be told about `child`: name, birth date (two spellings), area names and codes."""
    return [
        child.name,
        child.birth_date.isoformat(),
        f"{child.birth_date:%Y%m%d}",
        "宁海路",
        "鼓楼",
        child.area_id,
        child.id_number,
    ]


def test_director_dry_run_learns_nothing_of_children_elsewhere(
    client, people, others, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    director = people["director_meiyuan"]
    held, twin, own = others["held"], others["twin"], others["own"]
    rows = [
        ["姓名", "身份证号"],
        ["张三", held.id_number],  # row 2: 赵小燕's number under another name
        ["钱小军", make_number("320102", twin.birth_date, 41, "M")],  # row 3: 钱小军's name and birth date
        ["孙小红", make_number("320102", own.birth_date, 51, "F")],  # row 4: the director's own 孙小红
    ]
    client.force_login(director)
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import_upload"), {"file": handle, "area": named.MEIYUAN, "dry_run": "on"}
        )
    job = RosterImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    stored = json.dumps([job.summary, job.errors], ensure_ascii=False)

    assert job.status == RosterImport.Status.REJECTED
    assert [(e["row"], e["message"]) for e in job.errors] == [(2, REFUSAL)]
    assert REFUSAL in page
    for text in _traces(held) + _traces(twin):
        assert text not in page, text
        assert text not in stored, text
    # Possible duplicates: the director's own child only, by row and id.
    assert [(d["row"], d.get("child_id")) for d in job.summary["possible_duplicates"]] == [(4, own.pk)]
    assert held.pk not in [d.get("child_id") for d in job.summary["possible_duplicates"]]

    conflict = RegistrationConflict.objects.get()
    assert (
        conflict.actor,
        conflict.area_id,
        conflict.source,
        conflict.row_number,
        conflict.roster_import,
    ) == (
        director,
        named.MEIYUAN,
        RegistrationConflict.Source.ROSTER,
        2,
        job,
    )
    assert conflict.id_hash == held.id_hash and conflict.status == RegistrationConflict.Status.OPEN
    hit = AccessLog.objects.get(action=AccessAction.ID_COLLISION)
    assert (hit.user, hit.area_code, hit.row_count) == (director, named.MEIYUAN, 1)
    # The dry run itself is logged, rejected.
    attempt = AccessLog.objects.get(action=AccessAction.IMPORT)
    assert attempt.user == director and "未导入" in attempt.detail and attempt.area_code == named.MEIYUAN
    assert not Child.objects.filter(name="张三").exists()

    # The district's officers see the task and close it; 鼓楼区's officer does not see it.
    client.force_login(people["officer_gulou"])
    assert list(client.get(reverse("registry:conflict_list")).context["page"].object_list) == []
    assert client.post(reverse("registry:conflict_handle", args=[conflict.pk])).status_code == 404
    client.force_login(people["director_meiyuan"])
    assert client.get(reverse("registry:conflict_list")).status_code == 403
    client.force_login(people["officer_xuanwu"])
    listed = client.get(reverse("registry:conflict_list"))
    assert list(listed.context["page"].object_list) == [conflict]
    assert held.name not in listed.content.decode()
    client.post(
        reverse("registry:conflict_handle", args=[conflict.pk]), {"outcome": "dismiss", "note": "重名误填"}
    )
    conflict.refresh_from_db()
    assert (conflict.status, conflict.handled_by, conflict.note) == (
        RegistrationConflict.Status.DISMISSED,
        people["officer_xuanwu"],
        "重名误填",
    )


def test_screening_add_child_answers_the_same_and_raises_a_task(people, others):
    director = people["director_meiyuan"]
    campaign = start(people, named.XUANWU)
    held = others["held"]
    with pytest.raises(RegistryError) as refused:
        add_child_during_screening(
            campaign, actor=director, name="张三", id_number=held.id_number, area_id=named.MEIYUAN
        )
    assert str(refused.value) == REFUSAL and refused.value.code == "registered_elsewhere"
    for text in _traces(held):
        assert text not in str(refused.value)
    conflict = RegistrationConflict.objects.get()  # kept although the registration was refused
    assert (conflict.source, conflict.area_id, conflict.id_hash) == ("screening", named.MEIYUAN, held.id_hash)
    assert AccessLog.objects.filter(action=AccessAction.ID_COLLISION, user=director).count() == 1

    # A number of the director's own area: the usual answer, no task.
    with pytest.raises(RegistryError) as duplicate:
        add_child_during_screening(
            campaign, actor=director, name="孙小红", id_number=others["own"].id_number, area_id=named.MEIYUAN
        )
    assert duplicate.value.code == "id_number_registered"
    assert RegistrationConflict.objects.count() == 1


def test_profile_id_change_answers_the_same_and_raises_a_task(client, people, others):
    director = people["director_meiyuan"]
    own, held = others["own"], others["held"]
    with pytest.raises(RegistryError) as refused:
        update_child(own, actor=director, reason="更正身份证号", id_number=held.id_number)
    assert str(refused.value) == REFUSAL
    own.refresh_from_db()
    assert own.id_number != held.id_number
    conflict = RegistrationConflict.objects.get()
    assert (conflict.source, conflict.area_id, conflict.actor) == ("profile", named.MEIYUAN, director)
    hit = AccessLog.objects.get(action=AccessAction.ID_COLLISION)
    assert hit.area_code == named.MEIYUAN and hit.user == director
