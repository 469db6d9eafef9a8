"""A paid category waiting for the second officer (issue 8, item 7) or refused by them is not
held: the child list's category filters, the home figures and the figures of children "in a
category" count confirmed spells only; the list and the export show a pending category
marked 待复核 and a refused one not at all."""

from datetime import date

from django.urls import reverse

from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.registry.home import child_file_summary
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.tests.helpers import listed, make_child, row_of
from childwelfare.registry.tests.test_export import export
from childwelfare.testing.factories import CategorySpellFactory

START = date(2025, 1, 1)


def _three(people):
    confirmed = make_child(people, "已认定")
    pending = make_child(people, "待复核者")
    refused = make_child(people, "已不予")
    for child, status in (
        (confirmed, SpellStatus.CONFIRMED),
        (pending, SpellStatus.PENDING),
        (refused, SpellStatus.REFUSED),
    ):
        CategorySpellFactory(
            child=child, category=Category.DE_FACTO_UNSUPPORTED, start_date=START, status=status
        )
    return confirmed, pending, refused


def test_only_confirmed_spells_are_held(people):
    confirmed, _pending, _refused = _three(people)
    on = date(2025, 6, 1)
    assert list(Child.objects.with_category(Category.DE_FACTO_UNSUPPORTED, on)) == [confirmed]
    assert list(Child.objects.in_any_category(on)) == [confirmed]
    assert CategorySpell.objects.held_on(on).count() == 1
    # Pending is still in force (shown, confirmable); refused is not.
    assert set(CategorySpell.objects.active_on(on).values_list("child__name", flat=True)) == {
        "已认定",
        "待复核者",
    }


def test_list_filter_and_marks(client, people):
    _three(people)
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?category=de_facto_unsupported") == ["已认定"]
    assert sorted(listed(client, "?category=none")) == sorted(["待复核者", "已不予"])
    html = client.get(reverse("registry:child_list")).content.decode()
    assert "事实无人抚养儿童（待复核）" in row_of(html, "待复核者")
    assert "事实无人抚养儿童" not in row_of(html, "已不予")
    assert "（待复核）" not in row_of(html, "已认定")


def test_home_figures_count_confirmed(people):
    _three(people)
    summary = child_file_summary(people["officer_xuanwu"], date.today())
    assert summary["in_any_category"] == 1
    by_code = {row["code"]: row["count"] for row in summary["by_category"]}
    assert by_code[Category.DE_FACTO_UNSUPPORTED] == 1


def test_export_marks_pending_and_drops_refused(client, people):
    _three(people)
    client.force_login(people["officer_xuanwu"])
    header, rows = export(client)
    column = header.index("儿童类别")
    by_name = {row[header.index("姓名")]: row[column] for row in rows}
    assert by_name["待复核者"] == "事实无人抚养儿童（待复核）"
    assert by_name["已认定"] == "事实无人抚养儿童"
    assert not by_name["已不予"]
