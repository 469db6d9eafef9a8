"""The unknown-identity child (issue 10): a provisional file, completed with an ID number
through the normal checks, or merged into the registered child — every record moved, the
merge recorded and visible from both files, undone by the city administrator only (every
row and value back), refused once work was recorded on the combined file; left out of the
payroll."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import run_payroll
from childwelfare.cases.models import Case, Guardianship
from childwelfare.cases.services.guardianship import register_guardianship
from childwelfare.cases.services.opening import open_case
from childwelfare.discovery import services as discovery
from childwelfare.registry.choices import Category, FileStatus
from childwelfare.registry.merging import MERGED, child_relations, merge_children
from childwelfare.registry.models import CategorySpell, Child, MergeRecord
from childwelfare.registry.services import RegistryError
from childwelfare.registry.unknown_identity import complete_identity, register_unknown_child
from childwelfare.registry.unmerging import UnmergeRefused, merges_of, unmerge
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, child_id_number

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def found(people, **extra):
    fields = dict(
        actor=people["officer_xuanwu"],
        area=Area.objects.get(code=named.MEIYUAN),
        gender="M",
        estimated_birth_year=TODAY.year - 6,
        found_place="南京站北广场",
        found_on=TODAY - timedelta(days=10),
        descriptors="身高约115厘米，左眉有痣，穿蓝色外套",
    )
    fields.update(extra)
    return register_unknown_child(**fields)


def counts(child) -> dict[str, int]:
    """Rows of every model pointing at `child` (history rows included), by relation."""
    return {
        f"{model._meta.label_lower}.{fk}": model._base_manager.filter(**{fk: child.pk}).count()
        for model, fk, _one in child_relations()
    }


def test_a_provisional_file_has_an_estimated_birth_date_and_no_number(people):
    child = found(people, photo=SimpleUploadedFile("a.png", PNG, content_type="image/png"))
    assert child.identity_unknown and child.birth_date_estimated and child.id_number is None
    assert child.birth_date == date(TODAY.year - 6, 7, 1)
    assert child.name == "身份不明儿童" and child.photo.name.endswith(".png")
    with pytest.raises(RegistryError) as refused:
        found(people, photo=SimpleUploadedFile("a.png", b"GIF89a...", content_type="image/png"))
    assert refused.value.code == "photo_type"
    with pytest.raises(RegistryError) as refused:
        found(people, actor=people["director_meiyuan"])
    assert refused.value.code == "cannot_register_unknown"


def test_completed_with_an_id_number_through_the_normal_checks(people):
    child = found(people)
    officer = people["officer_xuanwu"]
    born = date(TODAY.year - 6, 3, 14)
    good = child_id_number(77, born, "M")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(RegistryError) as refused:
        complete_identity(child, actor=officer, id_number=bad)
    assert refused.value.code == "id_checksum"
    registered = ChildFactory(area_id=named.MEIYUAN, id_number=child_id_number(78, born, "M"))
    with pytest.raises(RegistryError) as refused:
        complete_identity(child, actor=officer, id_number=registered.id_number)
    assert refused.value.code == "id_number_taken"
    with pytest.raises(RegistryError) as refused:
        complete_identity(child, actor=officer, id_number=child_id_number(79, born, "F"))
    assert refused.value.code == "gender_mismatch"
    child.refresh_from_db()
    done = complete_identity(child, actor=officer, id_number=good, name="王小明")
    done.refresh_from_db()
    assert (done.identity_unknown, done.birth_date_estimated, done.birth_date) == (False, False, born)
    assert done.id_number == good and done.name == "王小明"


def _with_records(people):
    """An unknown child with a case, a temporary guardianship and a visit; the registered
    child with a visit of its own."""
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    unknown = found(people)
    registered = ChildFactory(area_id=named.MEIYUAN, birth_date=date(TODAY.year - 6, 3, 14), gender="M")
    open_case(unknown, source="police", worker=officer, actor=officer, key_classes=["runaway_or_begging"])
    register_guardianship(
        unknown,
        actor=officer,
        kind="temporary",
        ground="wandering_or_unknown",
        placement="rescue_institution",
        placement_detail="南京市未成年人救助保护中心",
        started_on=TODAY - timedelta(days=9),
    )
    for child in (unknown, registered):
        discovery.record_visit(
            child=child, actor=director, visited_on=TODAY, mode="home", living_situation="在救助站"
        )
    return unknown, registered


def test_merge_moves_every_record_records_it_and_the_administrator_undoes_it(people):
    unknown, registered = _with_records(people)
    before_u, before_r = counts(unknown), counts(registered)
    assert before_u["cases.case.child"] == 1 and before_u["cases.guardianship.child"] == 1
    old_address = registered.address
    registered.refresh_from_db()
    merge_children(
        registered,
        unknown,
        actor=people["officer_xuanwu"],
        choices={"address": MERGED, "health_notes": MERGED},
    )
    registered.refresh_from_db()
    unknown.refresh_from_db()
    after_r = counts(registered)
    # Nothing lost: every row of both files is the survivor's now.
    for key in before_u:
        assert after_r[key] >= before_u[key] + before_r[key], key
        assert counts(unknown)[key] == 0, key
    assert Case.objects.get(child=registered).source == "police"
    assert Guardianship.objects.get(child=registered).placement == "rescue_institution"
    assert registered.address == unknown.address
    # Recorded and visible from both identities.
    record = MergeRecord.objects.get()
    assert list(merges_of(unknown)) == [record] == list(merges_of(registered))
    assert unknown.status == FileStatus.MERGED and unknown.merged_into == registered
    assert "address" in record.replaced and record.moved["cases.case.child"]
    # Only the city administrator undoes it.
    with pytest.raises(RegistryError) as refused:
        unmerge(record, actor=people["officer_xuanwu"], reason="误合并")
    assert refused.value.code == "cannot_unmerge"
    unmerge(record, actor=people["admin_nanjing"], reason="误合并，身份另查")
    registered.refresh_from_db()
    unknown.refresh_from_db()
    for key in before_u:
        if key.split(".")[1].startswith("historical"):
            continue  # the undo writes history rows of its own
        assert counts(unknown)[key] == before_u[key], key
        assert counts(registered)[key] == before_r[key], key
    assert registered.address == old_address
    assert unknown.status == FileStatus.OPEN and unknown.merged_into is None
    record.refresh_from_db()
    assert record.reversed_by == people["admin_nanjing"]


def test_undo_is_refused_once_work_was_recorded_on_the_combined_file(people):
    unknown, registered = _with_records(people)
    merge_children(registered, unknown, actor=people["officer_xuanwu"])
    discovery.record_visit(
        child=registered,
        actor=people["director_meiyuan"],
        visited_on=TODAY,
        mode="home",
        living_situation="已回家",
    )
    record = MergeRecord.objects.get()
    with pytest.raises(UnmergeRefused) as refused:
        unmerge(record, actor=people["admin_nanjing"], reason="误合并")
    assert any("新增" in reason for reason in refused.value.reasons)
    unknown.refresh_from_db()
    assert unknown.status == FileStatus.MERGED


def test_a_merge_taking_the_id_number_is_undone_with_the_number(people):
    survivor = found(people)
    other = ChildFactory(area_id=named.MEIYUAN, birth_date=date(TODAY.year - 6, 3, 14), gender="M")
    number = other.id_number
    merge_children(
        survivor, other, actor=people["officer_xuanwu"], choices={"id_number": MERGED, "birth_date": MERGED}
    )
    survivor.refresh_from_db()
    assert survivor.id_number == number
    unmerge(MergeRecord.objects.get(), actor=people["admin_nanjing"], reason="误合并")
    survivor.refresh_from_db()
    other.refresh_from_db()
    assert survivor.id_number is None and survivor.birth_date == date(TODAY.year - 6, 7, 1)
    assert other.id_number == number and other.id_hash
    assert Child.objects.filter(id_hash=other.id_hash).get() == other


def test_an_unknown_identity_child_is_not_paid(people):
    call_command("seed_standards", stdout=io.StringIO())
    child = found(people)
    CategorySpell.objects.create(
        child=child, category=Category.INSTITUTIONAL_ORPHAN, start_date=date(2026, 1, 1), status="confirmed"
    )
    paid = ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 1, 1))
    CategorySpell.objects.create(
        child=paid, category=Category.INSTITUTIONAL_ORPHAN, start_date=date(2026, 1, 1), status="confirmed"
    )
    payroll = run_payroll(
        Area.objects.get(code=named.XUANWU), date(2026, 3, 1), actor=people["officer_xuanwu"]
    )
    children = set(PayrollLine.objects.filter(payroll=payroll).values_list("child_id", flat=True))
    assert paid.pk in children and child.pk not in children
