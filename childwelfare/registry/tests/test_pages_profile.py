"""The child's profile: its sections, and the edit forms (basic information, family members,
parents' situations, categories) with the services' errors shown next to the field."""

from datetime import date

from django.utils import timezone

from childwelfare.registry.choices import Category, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import end_category
from childwelfare.registry.tests.helpers import detail, make_child
from childwelfare.testing.factories import CategorySpellFactory, FamilyMemberFactory, ParentConditionFactory
from childwelfare.testing.people import DAXINGGONG, MEIYUAN

TODAY = timezone.localdate()


def test_profile_sections(client, people):
    officer = people["officer_xuanwu"]
    child = make_child(people, "王小明", school_status=SchoolStatus.IN_SCHOOL, school_name="梅园小学")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER, name="王强")
    ParentConditionFactory(member=father, situation=ParentSituation.IN_CUSTODY, evidence_reference="判决书")
    old = CategorySpellFactory(child=child, category=Category.MIGRANT, start_date=date(2020, 1, 1))
    end_category(old, actor=officer, end_date=date(2021, 1, 1), reason="回户籍地")
    CategorySpellFactory(child=child, category=Category.DE_FACTO_UNSUPPORTED, start_date=date(2024, 2, 1))
    client.force_login(people["director_meiyuan"])
    response = client.get(detail(child))
    html = response.content.decode()
    assert response.context["age"] == child.age_on(TODAY)
    for text in (
        "梅园小学",
        "王强",
        "服刑在押",
        "判决书",
        "事实无人抚养儿童",
        "曾有类别",
        "回户籍地",
        "档案变更记录",
    ):
        assert text in html


def test_edit_basic_info(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "basic",
            "basic-version": child.version,
            "basic-name": "王晓明",
            "basic-gender": "M",
            "basic-birth_date": "2015-03-04",
            "basic-area": MEIYUAN,
            "basic-school_status": "in_school",
            "basic-phone": "13800001111",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.name, child.school_status, child.phone, child.name_initials) == (
        "王晓明",
        "in_school",
        "13800001111",
        "wxm",
    )
    assert "基本信息已保存" in client.get(detail(child)).content.decode()


def test_service_error_is_shown_next_to_the_field(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "basic",
            "basic-version": child.version,
            "basic-name": "王小明",
            "basic-gender": "F",
            "basic-birth_date": "2015-03-04",
            "basic-area": MEIYUAN,
        },
    )
    assert response.status_code == 200
    form = response.context["forms"]["basic"]
    assert "与身份证号" in form.errors["gender"][0]
    assert response.context["open_form"] == "basic"
    child.refresh_from_db()
    assert child.gender == "M"
    assert response.context["child"].gender == "M"  # the page shows what is stored


def test_moving_a_child_outside_the_directors_community_is_refused(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "basic",
            "basic-version": child.version,
            "basic-name": "王小明",
            "basic-gender": "M",
            "basic-birth_date": "2015-03-04",
            "basic-area": DAXINGGONG,
        },
    )
    assert response.status_code == 200
    assert "area" in response.context["forms"]["basic"].errors
    assert Child.objects.get(pk=child.pk).area_id == MEIYUAN


def test_add_member_condition_and_categories(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "member",
            "member-relation": "father",
            "member-name": "王强",
            "member-id_number": "320102720101001",  # a 15-digit old card, upgraded
            "member-phone": "13912345678",
            "member-is_guardian": "on",
        },
    )
    assert response.status_code == 302
    father = child.family.get()
    assert len(father.id_number) == 18 and father.is_guardian
    response = client.post(
        detail(child),
        {
            "form": "condition",
            "condition-member": father.pk,
            "condition-situation": "in_custody",
            "condition-start_date": "2024-01-01",
            "condition-evidence_reference": "判决书",
        },
    )
    assert response.status_code == 302
    assert father.conditions.get().situation == "in_custody"
    # A category that carries an allowance is the district's to grant, after confirmation.
    paid = {
        "form": "category",
        "category-category": "de_facto_unsupported",
        "category-start_date": "2024-02-01",
    }
    response = client.post(detail(child), paid)
    assert response.status_code == 200
    assert "须经认定申请" in response.context["forms"]["category"].errors["category"][0]
    category = {
        "form": "category",
        "category-category": "dibao_family",
        "category-start_date": "2024-02-01",
    }
    assert client.post(detail(child), category).status_code == 302
    # The same category over the same period again: refused, message next to the field.
    response = client.post(detail(child), category)
    assert response.status_code == 200
    assert "已有同一类别" in response.context["forms"]["category"].errors["category"][0]
    spell = child.categories.get()
    response = client.post(
        detail(child),
        {
            "form": "end_category",
            "end_category-spell": spell.pk,
            "end_category-version": spell.version,
            "end_category-end_date": "2023-01-01",
            "end_category-end_reason": "父亲刑满释放",
        },
    )
    assert response.status_code == 200  # before the start date
    assert "早于认定日期" in response.content.decode()
    assert response.context["open_spell"] == spell.pk
    response = client.post(
        detail(child),
        {
            "form": "end_category",
            "end_category-spell": spell.pk,
            "end_category-version": spell.version,
            "end_category-end_date": "2025-01-01",
            "end_category-end_reason": "父亲刑满释放",
        },
    )
    assert response.status_code == 302
    spell.refresh_from_db()
    assert (spell.end_date, spell.end_reason) == (date(2025, 1, 1), "父亲刑满释放")


def test_invalid_member_id_number_is_shown_on_the_field(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {"form": "member", "member-relation": "mother", "member-name": "赵芳", "member-id_number": "12345"},
    )
    assert response.status_code == 200
    assert response.context["forms"]["member"].errors["id_number"]
    assert not child.family.exists()


def test_readers_without_edit_right_cannot_post(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    assert 'name="form"' in client.get(detail(child)).content.decode()  # the editor's forms
    for username in ("staff_meiyuan", "auditor_xuanwu"):
        client.force_login(people[username])
        page = client.get(detail(child))
        assert page.status_code == 200
        assert 'name="form"' not in page.content.decode()
        response = client.post(
            detail(child),
            {"form": "category", "category-category": "migrant", "category-start_date": "2024-01-01"},
        )
        assert response.status_code == 403
    assert not CategorySpell.objects.exists()


def test_unknown_form_is_a_bad_request(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    assert client.post(detail(child), {"form": "nonsense"}).status_code == 400


def test_ending_another_childs_category_is_refused(client, people):
    child = make_child(people, "王小明")
    other = make_child(people, "李小红", gender="F")
    spell = CategorySpellFactory(child=other, category=Category.MIGRANT)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "end_category",
            "end_category-spell": spell.pk,
            "end_category-version": spell.version,
            "end_category-end_date": "2025-01-01",
            "end_category-end_reason": "x",
        },
    )
    assert response.status_code == 200
    spell.refresh_from_db()
    assert spell.end_date is None
