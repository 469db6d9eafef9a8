"""A file merged into another is kept as it was (QA of issue 9: its page still offered
编辑基本信息 and 添加类别, and a category could be added to it)."""

from datetime import date

import pytest
from django.utils import timezone

from childwelfare.registry.choices import Category
from childwelfare.registry.merging import merge_children
from childwelfare.registry.models import CategorySpell
from childwelfare.registry.services import RegistryError, add_category, add_family_member, update_child
from childwelfare.registry.tests.helpers import detail, make_child

pytestmark = pytest.mark.django_db


def _merged(people):
    keep = make_child(people, "黄婷", birth=date(2015, 7, 13))
    dup = make_child(people, "黄婷", birth=date(2015, 7, 13))
    merge_children(keep, dup, actor=people["officer_xuanwu"])
    dup.refresh_from_db()
    return dup


def test_the_services_refuse_to_change_a_merged_file(people):
    dup = _merged(people)
    officer = people["officer_xuanwu"]
    for write in (
        lambda: add_category(
            child=dup, actor=officer, category=Category.MIGRANT, start_date=timezone.localdate()
        ),
        lambda: add_family_member(child=dup, actor=officer, name="黄父", relation="father"),
        lambda: update_child(dup, actor=officer, address="别处"),
    ):
        with pytest.raises(RegistryError) as refused:
            write()
        assert refused.value.code == "file_merged"
    assert not CategorySpell.objects.filter(child=dup).exists()


def test_its_page_offers_no_editing(client, people):
    dup = _merged(people)
    client.force_login(people["officer_xuanwu"])
    survivor_page = client.get(detail(dup.merged_into)).content.decode()
    assert '<input type="hidden" name="form" value="category">' in survivor_page  # the control looked for
    page = client.get(detail(dup)).content.decode()
    assert 'name="form" value="category"' not in page and 'name="form" value="basic"' not in page
    response = client.post(detail(dup), {"form": "category", "category": Category.MIGRANT})
    assert response.status_code == 403
