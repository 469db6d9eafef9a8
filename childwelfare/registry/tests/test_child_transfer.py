"""Moving a child to another area (迁移, issue 9): the sending side proposes, the receiving
district's officer accepts or refuses with a reason. Until accepted the child stays in the
sending area's scope; on acceptance its area changes and the timeline keeps both; a refusal
keeps the child where it was. The receiving officer sees incoming transfers on a list (with
the child's basic file) and on the home page."""

import pytest
from django.urls import reverse

from childwelfare.accounts.home import render_panels
from childwelfare.areas.models import Area
from childwelfare.registry.choices import Category, TransferStatus
from childwelfare.registry.models import Child, ChildTransfer
from childwelfare.registry.services import RegistryError
from childwelfare.registry.tests.helpers import detail, make_child
from childwelfare.registry.transfers import (
    accept_transfer,
    cancel_transfer,
    incoming_transfers,
    propose_transfer,
    refuse_transfer,
)
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, FamilyMemberFactory

pytestmark = pytest.mark.django_db


def _proposed(people, name="王迁移"):
    child = make_child(people, name)
    CategorySpellFactory(child=child, category=Category.RURAL_LEFT_BEHIND, start_date=child.birth_date)
    FamilyMemberFactory(child=child, name="王祖母", relation="grandmother", is_guardian=True)
    transfer = propose_transfer(
        child,
        actor=people["director_meiyuan"],
        to_area=Area.objects.get(code=named.NINGHAI),
        reason="随祖母搬家",
    )
    return child, transfer


def _visible(user, child) -> bool:
    return Child.objects.visible_to(user).filter(pk=child.pk).exists()


def test_pending_transfer_keeps_the_scope(people):
    child, transfer = _proposed(people)
    assert transfer.status == TransferStatus.PROPOSED
    assert _visible(people["director_meiyuan"], child)
    assert not _visible(people["officer_gulou"], child)
    assert not _visible(people["director_ninghai"], child)
    # The receiving officer reads the transfer (and through it the basic file), nothing more.
    assert list(incoming_transfers(people["officer_gulou"])) == [transfer]
    assert list(incoming_transfers(people["officer_xuanwu"])) == []
    with pytest.raises(RegistryError) as refused:
        propose_transfer(
            child,
            actor=people["director_meiyuan"],
            to_area=Area.objects.get(code=named.XINJIEKOU),
            reason="again",
        )
    assert refused.value.code == "transfer_pending"


def test_accept_moves_the_child_and_keeps_the_history(client, people):
    child, transfer = _proposed(people)
    with pytest.raises(RegistryError) as refused:
        accept_transfer(transfer, actor=people["director_ninghai"])
    assert refused.value.code == "cannot_decide"
    with pytest.raises(RegistryError):
        accept_transfer(transfer, actor=people["officer_xuanwu"])  # the sending district
    accept_transfer(transfer, actor=people["officer_gulou"])
    child.refresh_from_db()
    assert child.area_id == named.NINGHAI
    assert _visible(people["director_ninghai"], child)
    assert not _visible(people["director_meiyuan"], child)
    client.force_login(people["officer_gulou"])
    page = client.get(detail(child)).content.decode()
    assert "提出迁移" in page and "迁移已接收" in page and "随祖母搬家" in page
    assert "梅园社区" in page and "宁海路社区" in page  # the area before and after


def test_refuse_keeps_the_child_where_it_was(people):
    child, transfer = _proposed(people)
    with pytest.raises(RegistryError) as refused:
        refuse_transfer(transfer, actor=people["officer_gulou"], reason=" ")
    assert refused.value.code == "reason_missing"
    transfer = refuse_transfer(transfer, actor=people["officer_gulou"], reason="查无此人住址")
    child.refresh_from_db()
    assert (transfer.status, transfer.decision_note, child.area_id) == (
        TransferStatus.REFUSED,
        "查无此人住址",
        named.MEIYUAN,
    )
    # A refused transfer can be proposed again; a withdrawn one too.
    again = propose_transfer(
        child,
        actor=people["director_meiyuan"],
        to_area=Area.objects.get(code=named.NINGHAI),
        reason="再次申请",
    )
    cancel_transfer(again, actor=people["director_meiyuan"])
    assert ChildTransfer.objects.get(pk=again.pk).status == TransferStatus.CANCELLED


def test_receiving_officer_sees_incoming_on_the_list_and_home(client, people):
    child, transfer = _proposed(people)
    client.force_login(people["officer_gulou"])
    page = client.get(reverse("registry:transfer_list")).content.decode()
    assert "王迁移" in page and "随祖母搬家" in page and "王祖母" in page and "农村留守儿童" in page
    assert child.masked_id in page and child.id_number not in page
    request = client.get(reverse("home")).wsgi_request
    assert any("待接收的迁入" in html for html in render_panels(request, transfer.proposed_at.date()))
    response = client.post(
        reverse("registry:transfer_list"),
        {"transfer": transfer.pk, "action": "refuse", "version": transfer.version},
    )
    assert response.status_code == 200 and "请填写拒绝原因" in response.content.decode()
    response = client.post(
        reverse("registry:transfer_list"),
        {"transfer": transfer.pk, "action": "accept", "version": transfer.version},
    )
    assert response.status_code == 302
    assert Child.objects.get(pk=child.pk).area_id == named.NINGHAI


def test_propose_through_the_profile(client, people):
    child = make_child(people, "李页面")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child), {"form": "transfer", "transfer-to_area": named.NINGHAI, "transfer-reason": "搬家"}
    )
    assert response.status_code == 302
    transfer = ChildTransfer.objects.get(child=child)
    assert (transfer.from_area_id, transfer.to_area_id, transfer.proposed_by) == (
        named.MEIYUAN,
        named.NINGHAI,
        people["director_meiyuan"],
    )
    assert "迁移待接收" in client.get(detail(child)).content.decode()
    # The sibling district cannot act on it through the list: it is not theirs to see.
    client.force_login(people["director_daxinggong"])
    response = client.post(reverse("registry:transfer_list"), {"transfer": transfer.pk, "action": "cancel"})
    assert response.status_code == 404
