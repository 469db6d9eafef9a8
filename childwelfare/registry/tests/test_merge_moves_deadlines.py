"""A merge moves the merged file's deadlines to the survivor's area, and its undo moves them
back (registry.merging, registry.unmerging → registry.moves → deadlines.moves): a case of the
duplicate file kept in 大行宫社区 shows on 梅园社区's work list once merged into 梅园's file,
and on 大行宫's again once the merge is undone."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.cases.tests.caseflow_world import new_case
from childwelfare.deadlines.models import Deadline
from childwelfare.registry.merging import merge_children
from childwelfare.registry.models import MergeRecord
from childwelfare.registry.tests.helpers import make_child
from childwelfare.registry.unmerging import unmerge
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db
BIRTH = date(2016, 2, 3)


def test_the_merged_files_deadlines_follow_it_and_come_back_when_undone(client, people):
    survivor = make_child(people, "张重复", birth=BIRTH, area=named.MEIYUAN)
    case = new_case(people, area=named.DAXINGGONG, worker="director_daxinggong")
    duplicate = case.child
    duplicate.name, duplicate.birth_date = "张重复", BIRTH
    duplicate.save()
    deadlines = Deadline.objects.filter(subject_id=case.pk, subject_type__model="case")
    assert deadlines.exists() and set(deadlines.values_list("area_code", flat=True)) == {named.DAXINGGONG}

    merge_children(survivor, duplicate, actor=people["officer_xuanwu"])
    assert set(deadlines.values_list("area_code", flat=True)) == {named.MEIYUAN}
    meiyuan = set(Deadline.objects.visible_to(people["director_meiyuan"]).values_list("pk", flat=True))
    daxinggong = set(Deadline.objects.visible_to(people["director_daxinggong"]).values_list("pk", flat=True))
    ids = set(deadlines.values_list("pk", flat=True))
    assert ids <= meiyuan and not ids & daxinggong

    # Each page states the merge the right way round, and by whom (the person, not the login).
    client.force_login(people["officer_xuanwu"])
    survivor_page = client.get(reverse("registry:child_detail", args=[survivor.pk])).content.decode()
    duplicate_page = client.get(reverse("registry:child_detail", args=[duplicate.pk])).content.decode()
    assert f"张重复（#{duplicate.pk}）的档案已并入本档案" in survivor_page
    assert f"已并入 张重复（#{survivor.pk}）的档案" in duplicate_page and "已确认身份" not in duplicate_page
    assert people["officer_xuanwu"].display_name in survivor_page

    unmerge(MergeRecord.objects.get(merged=duplicate), actor=people["admin_nanjing"], reason="误合并")
    assert set(deadlines.values_list("area_code", flat=True)) == {named.DAXINGGONG}
