"""A case submission is anonymised (issue 11): the child's and the family's names, ID
numbers, phones and addresses, and any ID number, mobile or landline number or house
address, are refused with the offending spans highlighted; a clean text is accepted; a
closed case written up as a draft has them replaced."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.outreach.anonymise import AnonymisationError, anonymise, find_identifying
from childwelfare.outreach.choices import SubmissionKind, SubmissionStatus
from childwelfare.outreach.models import Submission
from childwelfare.outreach.services.calls import draft_case_submission, submit
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory, child_id_number

from .helpers import make_call

CHILD_ID = child_id_number(321, date(2014, 5, 6), "M")
GRANDMOTHER_ID = child_id_number(322, date(1958, 2, 3), "F")


@pytest.fixture
def world(people):
    child = ChildFactory(
        area_id=named.MEIYUAN,
        name="王小明",
        id_number=CHILD_ID,
        address="梅园新村长江路12号3室",
        phone="13912345678",
    )
    FamilyMemberFactory(
        child=child, relation="grandmother", name="李桂英", id_number=GRANDMOTHER_ID, phone="025-84451234"
    )
    return {"child": child, "officer": people["officer_xuanwu"], "call": make_call(people["admin_nanjing"])}


def _case(world, text, *, child=True):
    return submit(
        world["call"],
        actor=world["officer"],
        kind=SubmissionKind.CASE,
        title="一名留守儿童的监护支持",
        area=Area.objects.get(code=named.XUANWU),
        text=text,
        child=world["child"] if child else None,
    )


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("王小明今年九岁，与祖母同住。", "name", "王小明"),
        ("社工称小明性格内向。", "name", "小明"),  # the given name alone
        ("祖母李桂英年迈多病。", "name", "李桂英"),
        (f"儿童身份证号{CHILD_ID}，已登记。", "id_number", CHILD_ID),
        ("另一名儿童32010220150101123X也在帮扶中。", "id_number", "32010220150101123X"),
        ("联系电话139 1234 5678。", "phone", "139 1234 5678"),
        ("祖母座机025-84451234。", "phone", "025-84451234"),
        ("家住梅园新村长江路12号3室。", "address", "梅园新村长江路12号3室"),
        ("搬到中山路88号502室后情况好转。", "address", "中山路88号502室"),
    ],
)
def test_identifying_text_is_refused_with_the_span(world, text, kind, found):
    with pytest.raises(AnonymisationError) as refused:
        _case(world, text)
    spans = refused.value.findings["text"]
    assert any(span.kind == kind and found in span.text for span in spans), spans
    assert refused.value.code == "not_anonymised"
    assert not Submission.objects.exists()


def test_the_marked_spans_are_below_the_message_that_points_down_to_them(client, world):
    """The refusal beside the field says the spans are marked below (已在下方标出): the
    marked copies follow the fields, not above the form."""
    client.force_login(world["officer"])
    data = {"kind": "case", "title": "监护支持案例", "area": named.XUANWU, "text": "王小明与祖母同住。"}
    data["child"] = str(world["child"].pk)
    html = client.post(reverse("outreach:submission_create", args=[world["call"].pk]), data).content.decode()
    assert html.index("已在下方标出") < html.index('id="anonymisation-findings"')
    assert html.index('name="text"') < html.index('id="anonymisation-findings"')


def test_patterns_apply_without_a_linked_child(world):
    with pytest.raises(AnonymisationError):
        _case(world, "联系电话13812345678。", child=False)


def test_a_clean_text_is_accepted(world):
    text = "某某（9岁）与祖母同住，父母在外务工。依据国发〔2016〕36号文件，社工每月走访2次，联系学校落实课后服务。"
    assert find_identifying(text, child=world["child"]) == []
    submission = _case(world, text)
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_refused_form_keeps_every_value_and_marks_the_spans(client, world):
    client.force_login(world["officer"])
    data = {
        "kind": "case",
        "title": "监护支持案例",
        "area": named.XUANWU,
        "child": str(world["child"].pk),
        "category": "rural_left_behind",
        "summary": "留守儿童的监护支持。",
        "text": "王小明与祖母同住，电话13912345678。",
    }
    response = client.post(reverse("outreach:submission_create", args=[world["call"].pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="bg-warning" title="姓名">王小明</mark>' in html
    assert '<mark class="bg-warning" title="电话">13912345678</mark>' in html
    assert "留守儿童的监护支持。" in html and 'value="监护支持案例"' in html
    assert not Submission.objects.exists()


def test_a_closed_case_written_up_as_a_draft_is_anonymised(world):
    text = f"王小明（身份证号{CHILD_ID}）住梅园新村长江路12号3室，祖母李桂英电话025-84451234。"
    draft = draft_case_submission(
        world["call"], title="王小明个案", text=text, child=world["child"], actor=world["officer"]
    )
    assert draft.status == SubmissionStatus.DRAFT and draft.area_id == named.XUANWU
    assert draft.title == "某某个案"
    assert "王小明" not in draft.text and CHILD_ID not in draft.text and "李桂英" not in draft.text
    assert "X" * 18 in draft.text and "某地址" in draft.text
    assert find_identifying(draft.text, child=world["child"]) == []
    assert anonymise("无需修改的文字") == "无需修改的文字"
