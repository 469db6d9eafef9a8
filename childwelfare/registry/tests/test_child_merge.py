"""Merging two files of one child (issue 9): values chosen field by field, every related
record moved to the survivor (counted per table before and after), the other file kept as
已合并 pointing to the survivor, the merge on both timelines, the merged ID number finding
the survivor; clashing records refuse the merge with a list; cross-scope merges refused."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.access.scope import OutOfScope
from childwelfare.areas.models import Area
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import BankAccount, InsuranceScheme
from childwelfare.benefits.payroll import run_payroll
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import MeasureType, ProviderKind, RecordStatus
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.outreach.tests.helpers import case_about
from childwelfare.registry.choices import Category, FileStatus
from childwelfare.registry.merging import MergeRefused, child_relations, merge_children
from childwelfare.registry.models import Child, ImportedChild, RosterImport
from childwelfare.registry.services import RegistryError
from childwelfare.registry.tests.helpers import detail, listed, make_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import (
    CampaignFactory,
    CategorySpellFactory,
    EligibilityApplicationFactory,
    FamilyMemberFactory,
    ProblemFactory,
    ScreeningRecordFactory,
    VisitFactory,
)
from childwelfare.workflow.models import TransitionEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BIRTH = date(2016, 2, 3)


def _counts(child) -> dict[str, int]:
    """Rows pointing to `child`, per related model (history models included)."""
    return {
        f"{model._meta.label}.{fk}": model._base_manager.filter(**{fk: child.pk}).count()
        for model, fk, _one in child_relations()
    }


def _pair(people):
    keep = make_child(people, "张重复", birth=BIRTH, address="梅园新村1号")
    dup = make_child(people, "张重复", birth=BIRTH, address="")
    return keep, dup


def _station_activity(officer, child):
    """An activity of 梅园新村街道's workstation the child took part in (issue 11)."""
    from childwelfare.stations import services as stations

    site = stations.create_site(
        actor=officer,
        kind="workstation",
        name="梅园新村街道未保工作站",
        area=Area.objects.get(code=named.MEIYUAN_STREET),
    )
    stations.record_activity(
        site, actor=officer, held_on=TODAY, kind="visit", title="走访", person_times=2, children=[child]
    )


def _records(people, dup):
    """At least one record of every kind on the duplicate."""
    call_command("seed_standards", stdout=io.StringIO())
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    FamilyMemberFactory(child=dup, name="张父", relation="father", is_guardian=True)
    roster = RosterImport.objects.create(
        kind="roster", created_by=officer, area=Area.objects.get(code=named.MEIYUAN), filename="名册.xlsx"
    )
    ImportedChild.objects.create(job=roster, child=dup, created=True)
    CategorySpellFactory(child=dup, category=Category.SCATTERED_ORPHAN, start_date=date(2024, 1, 1))
    VisitFactory(child=dup)
    discovery.record_visit(child=dup, actor=director, visited_on=TODAY, mode="home", living_situation="独居")
    ScreeningRecordFactory(child=dup, campaign=CampaignFactory(area_id=named.MEIYUAN_STREET))
    _station_activity(officer, dup)
    ProblemFactory(child=dup)
    discovery.add_care_measure(
        child=dup,
        actor=director,
        measure_type=MeasureType.LIVING,
        provider_kind=ProviderKind.DEPARTMENT,
        provider_name="街道民政科",
        start_date=TODAY,
    )
    EligibilityApplicationFactory(child=dup)
    BankAccount.objects.create(
        child=dup, holder_name="张父", bank_name="南京银行", account_number="6222020200112233445"
    )
    run_payroll(Area.objects.get(code=named.XUANWU), date(2026, 3, 1), actor=officer)
    scheme = InsuranceScheme.objects.create(
        name="意外险", kind="accident", categories=[Category.SCATTERED_ORPHAN], insurer="某保险公司"
    )
    generate_roster(
        scheme,
        year=TODAY.year,
        area=Area.objects.get(code=named.XUANWU),
        as_of=TODAY - timedelta(days=1),
        actor=officer,
    )
    # Case management (issue 10): a case, an intake about the child, a guardianship.
    from django.utils import timezone

    from childwelfare.cases.services.guardianship import register_guardianship
    from childwelfare.cases.services.intake import record_intake
    from childwelfare.cases.services.opening import open_case

    open_case(dup, source="police", worker=officer, actor=officer)
    record_intake(
        actor=officer, source="hotline_12345", received_at=timezone.now(), description="来电", child=dup
    )
    register_guardianship(
        dup,
        actor=officer,
        kind="temporary",
        ground="guardian_unable",
        placement="foster",
        placement_detail="寄养家庭",
        started_on=TODAY,
    )
    case_about(people, dup)  # an excellent-case submission linked to the child (issue 11)


def test_merge_moves_every_related_record(client, people):
    keep, dup = _pair(people)
    _records(people, dup)
    before_keep, before_dup = _counts(keep), _counts(dup)
    empty = sorted(
        name for name, n in before_dup.items() if n == 0 and not name.split(".")[1].startswith("historical")
    )
    assert empty == ["registry.ChildTransfer.child"], empty  # every other kind of record is there to move
    merge_children(
        keep, dup, actor=people["officer_xuanwu"], choices={"id_number": "merged", "address": "survivor"}
    )
    after_keep, after_dup = _counts(keep), _counts(dup)
    assert all(n == 0 for n in after_dup.values()), after_dup
    assert after_keep == {name: before_keep[name] + before_dup[name] for name in before_keep}
    dup.refresh_from_db()
    keep.refresh_from_db()
    assert (dup.status, dup.merged_into_id, dup.id_hash) == (FileStatus.MERGED, keep.pk, None)
    assert keep.id_number == dup.id_number and keep.address == "梅园新村1号"
    # The merge is recorded on both files.
    events = TransitionEvent.objects.filter(kind="registry.child")
    assert events.filter(object_id=dup.pk, to_status="merged").exists()
    assert events.filter(object_id=keep.pk, step="absorb").exists()
    client.force_login(people["officer_xuanwu"])
    assert "已合并至" in client.get(detail(dup)).content.decode()
    assert f"#{dup.pk}" in client.get(detail(keep)).content.decode()


def test_merged_id_number_finds_the_survivor(client, people):
    keep, dup = _pair(people)
    merge_children(keep, dup, actor=people["officer_xuanwu"])  # the survivor keeps its number
    client.force_login(people["officer_xuanwu"])
    assert listed(client, f"?q={dup.id_number}") == ["张重复"]
    response = client.get(reverse("registry:child_list") + f"?q={dup.id_number}")
    assert [c.pk for c in response.context["page"].object_list] == [keep.pk]
    assert f"已合并的档案 #{dup.pk}" in response.content.decode()
    assert listed(client) == ["张重复"]  # the merged file is on no list


def test_clashing_records_refuse_the_merge(people):
    keep, dup = _pair(people)
    campaign = CampaignFactory(area_id=named.MEIYUAN_STREET)
    for child in (keep, dup):
        ScreeningRecordFactory(child=child, campaign=campaign)
        CategorySpellFactory(child=child, category=Category.RURAL_LEFT_BEHIND, start_date=date(2024, 1, 1))
    before = _counts(dup)
    with pytest.raises(MergeRefused) as refused:
        merge_children(keep, dup, actor=people["officer_xuanwu"])
    kinds = sorted(conflict.what for conflict in refused.value.conflicts)
    # Two records of one campaign fold into one (discovery.merge); two open spells of one
    # category do not.
    assert kinds == ["儿童类别"]
    assert _counts(dup) == before and Child.objects.get(pk=dup.pk).status == FileStatus.OPEN


def test_two_records_of_one_campaign_fold_into_the_one_further_along(people):
    """QA: a child registered again during a campaign has a record under each file; the
    merge was refused for ever. The record further along survives, with the other's problems."""
    keep, dup = _pair(people)
    campaign = CampaignFactory(area_id=named.MEIYUAN_STREET)
    pending = ScreeningRecordFactory(child=keep, campaign=campaign)
    screened = ScreeningRecordFactory(child=dup, campaign=campaign, status=RecordStatus.SCREENED)
    problem = ProblemFactory(child=keep, record=pending)
    merge_children(keep, dup, actor=people["officer_xuanwu"])
    records = list(ScreeningRecord.objects.filter(campaign=campaign))
    assert [(r.pk, r.child_id, r.status) for r in records] == [(screened.pk, keep.pk, RecordStatus.SCREENED)]
    problem.refresh_from_db()
    assert (problem.record_id, problem.child_id) == (screened.pk, keep.pk)


def test_chosen_values_must_agree_and_scope_holds(client, people):
    keep, dup = _pair(people)
    with pytest.raises(RegistryError) as refused:
        merge_children(keep, dup, actor=people["director_meiyuan"])
    assert refused.value.code == "cannot_merge"
    other = make_child(people, "张重复", birth=BIRTH, area=named.NINGHAI)
    with pytest.raises(OutOfScope):
        merge_children(keep, other, actor=people["officer_xuanwu"])
    boy = make_child(people, "张另一", birth=date(2016, 2, 4), gender="F")
    with pytest.raises(RegistryError) as refused:
        merge_children(keep, boy, actor=people["officer_xuanwu"], choices={"id_number": "merged"})
    assert refused.value.code in {"birth_date_mismatch", "gender_mismatch"}
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("registry:child_merge", args=[keep.pk]) + f"?other={dup.pk}").content.decode()
    assert "梅园新村1号" in page and 'name="choice_address"' in page
    response = client.post(
        reverse("registry:child_merge", args=[keep.pk]),
        {
            "other": dup.pk,
            "choice_name": "merged",
            "survivor_version": keep.version,
            "merged_version": dup.version,
        },
    )
    assert response.status_code == 302
    assert (
        client.get(reverse("registry:child_merge", args=[keep.pk]) + f"?other={other.pk}").status_code == 404
    )
