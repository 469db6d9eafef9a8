"""The rules of sites and activities: the kind's level of area, the status moves with a
dated event each, a child outside the station's area refused by name, photos checked by
their bytes, and the figures over a period computed by hand."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from childwelfare.areas.models import Area
from childwelfare.stations import figures, photos, services
from childwelfare.stations.choices import ActivityKind, BuildType, SiteKind, SiteLevel, SiteStatus
from childwelfare.stations.models import Site
from childwelfare.stations.services import StationError
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory
from childwelfare.workflow.models import TransitionEvent


def test_a_workstation_belongs_to_a_township(people):
    with pytest.raises(StationError) as caught:
        services.create_site(
            actor=people["officer_xuanwu"],
            kind=SiteKind.WORKSTATION,
            name="错层级",
            area=Area.objects.get(code=named.MEIYUAN),
        )
    assert caught.value.code == "wrong_area_level" and caught.value.field == "area"


def test_a_livelihood_project_needs_its_year(people):
    with pytest.raises(StationError) as caught:
        services.create_site(
            actor=people["officer_xuanwu"],
            kind=SiteKind.WORKSTATION,
            name="民生",
            area=Area.objects.get(code=named.MEIYUAN_STREET),
            livelihood_project=True,
        )
    assert caught.value.code == "livelihood_year_required"


def test_each_move_is_one_step_with_a_dated_event(people, sites):
    site, officer = sites["meiyuan"], people["officer_xuanwu"]
    Site.objects.filter(pk=site.pk).update(status_on=date(2025, 1, 1))
    site.refresh_from_db()
    with pytest.raises(StationError) as caught:
        services.move_site(site, SiteStatus.OPERATING, actor=officer, on=date(2025, 1, 1))
    assert caught.value.code == "illegal_transition"
    with pytest.raises(StationError) as caught:
        services.move_site(site, SiteStatus.APPROVED, actor=officer, on=date(2024, 12, 31))
    assert caught.value.code == "before_status_date"
    days = [date(2025, 1, 2), date(2025, 2, 1), date(2025, 3, 1), date(2025, 6, 1), date(2025, 7, 1)]
    for to, day in zip(
        [
            SiteStatus.APPROVED,
            SiteStatus.TENDERED,
            SiteStatus.UNDER_CONSTRUCTION,
            SiteStatus.ACCEPTED,
            SiteStatus.OPERATING,
        ],
        days,
        strict=True,
    ):
        site = services.move_site(site, to, actor=officer, on=day)
    assert site.status == SiteStatus.OPERATING and site.opened_on == date(2025, 7, 1)
    events = TransitionEvent.objects.filter(kind="stations.site", object_id=site.pk).order_by("id")
    assert [e.reason for e in events] == [d.isoformat() for d in days]


def test_a_child_outside_the_station_area_is_refused_by_name(people, sites):
    inside = ChildFactory(area_id=named.MEIYUAN, name="王小明")
    outside = ChildFactory(area_id=named.XINJIEKOU, name="李小红")
    officer = people["officer_xuanwu"]
    activity = services.record_activity(
        sites["meiyuan"],
        actor=officer,
        held_on=date(2025, 5, 1),
        kind=ActivityKind.CASE,
        title="个案",
        person_times=1,
        children=[inside],
    )
    assert list(activity.children.all()) == [inside]
    with pytest.raises(StationError) as caught:
        services.record_activity(
            sites["meiyuan"],
            actor=officer,
            held_on=date(2025, 5, 1),
            kind=ActivityKind.CASE,
            title="个案",
            person_times=2,
            children=[inside, outside],
        )
    assert caught.value.code == "child_outside_site"
    assert "李小红" in str(caught.value)


def test_the_activity_shows_on_the_child_timeline(people, sites):
    from childwelfare.registry.timeline import events_for

    child = ChildFactory(area_id=named.MEIYUAN, name="王小明")
    services.record_activity(
        sites["meiyuan"],
        actor=people["officer_xuanwu"],
        held_on=date(2025, 5, 1),
        kind=ActivityKind.VISIT,
        title="端午走访",
        person_times=5,
        children=[child],
    )
    titles = [
        e.title for e in events_for(child, user=people["director_meiyuan"]) if e.kind == "stations.activity"
    ]
    # The director sees the child but not the station: the activity is not shown to them.
    assert titles == []
    titles = [
        e.title for e in events_for(child, user=people["officer_xuanwu"]) if e.kind == "stations.activity"
    ]
    assert titles and "端午走访" in titles[0]


def test_a_project_of_another_site_is_refused(people, sites):
    officer = people["officer_xuanwu"]
    project = services.create_project(
        sites["xinjiekou"],
        actor=officer,
        name="四点半课堂",
        kind="education",
        start_date=date(2025, 1, 1),
        status="running",
    )
    with pytest.raises(StationError) as caught:
        services.record_activity(
            sites["meiyuan"],
            actor=officer,
            held_on=date(2025, 5, 1),
            kind=ActivityKind.INTEREST,
            title="课堂",
            person_times=9,
            project=project,
        )
    assert caught.value.code == "project_of_other_site"


def test_person_times_over_a_period_by_hand(people, sites):
    officer = people["officer_xuanwu"]
    rows = [
        ("meiyuan", date(2025, 1, 31), 10),
        ("meiyuan", date(2025, 2, 1), 7),
        ("meiyuan", date(2025, 2, 28), 5),
        ("meiyuan2", date(2025, 2, 15), 4),
        ("xinjiekou", date(2025, 2, 10), 20),
        ("xinjiekou", date(2025, 3, 1), 100),
        ("ninghai", date(2025, 2, 10), 1000),
    ]
    for key, day, n in rows:
        actor = people["officer_gulou"] if key == "ninghai" else officer
        services.record_activity(
            sites[key], actor=actor, held_on=day, kind=ActivityKind.VISIT, title="走访", person_times=n
        )
    february = (date(2025, 2, 1), date(2025, 2, 28))
    # 梅园新村街道 in February: 7 + 5 (its first station) + 4 (the second) = 16, 3 activities.
    street = figures.figures(named.MEIYUAN_STREET, *february)
    assert (street.activities, street.person_times) == (3, 16)
    # 玄武区: 16 + 20 (新街口) = 36; 鼓楼区's 1000 and March's 100 are outside.
    district = figures.figures(named.XUANWU, *february)
    assert (district.activities, district.person_times) == (4, 36)
    # The city, the whole time: 10 + 7 + 5 + 4 + 20 + 100 + 1000 = 1146.
    assert figures.figures(named.NANJING).person_times == 1146
    # Per township of 玄武区: 梅园 16, 新街口 20.
    by_street = figures.figures_by_area(named.XUANWU, *february, group_length=9)
    assert [(r.code, r.sites, r.activities, r.person_times) for r in by_street] == [
        (named.MEIYUAN_STREET, 2, 3, 16),
        (named.XINJIEKOU_STREET, 1, 1, 20),
    ]
    per_station = {
        r.name: r.person_times for r in figures.figures_by_station(named.MEIYUAN_STREET, *february)
    }
    assert per_station == {"梅园新村街道第二工作站": 4, "梅园新村街道未保工作站": 12}


def test_since_opened_counts_from_the_opening_day(people, sites):
    from childwelfare.stations.models import Site

    officer = people["officer_xuanwu"]
    site = sites["meiyuan"]
    for day, n in ((date(2024, 12, 31), 50), (date(2025, 1, 1), 6), (date(2025, 6, 1), 9)):
        services.record_activity(
            site, actor=officer, held_on=day, kind=ActivityKind.VISIT, title="走访", person_times=n
        )
    Site.objects.filter(pk=site.pk).update(opened_on=date(2025, 1, 1))
    site.refresh_from_db()
    found = figures.since_opened(site, date(2025, 12, 31))
    assert (found.activities, found.person_times) == (2, 15)  # 6 + 9; the day before opening is out


def test_sites_by_level_and_build_type(people):
    officer = people["officer_xuanwu"]
    streets = list(Area.objects.filter(code__startswith=named.XUANWU, level=4).order_by("code")[:4])
    plan = [
        (SiteLevel.PROVINCIAL, BuildType.NEW, True),
        (SiteLevel.PROVINCIAL, BuildType.UPGRADED, True),
        (SiteLevel.CITY, BuildType.EXISTING, False),
        (SiteLevel.ORDINARY, BuildType.EXISTING, False),
    ]
    for street, (level, build, livelihood) in zip(streets, plan, strict=True):
        services.create_site(
            actor=officer,
            kind=SiteKind.WORKSTATION,
            name=street.name + "工作站",
            area=street,
            level=level,
            build_type=build,
            livelihood_project=livelihood,
            livelihood_year=2023 if livelihood else None,
        )
    found = figures.figures(named.XUANWU)
    assert found.by_level == {"provincial": 2, "city": 1, "ordinary": 1}
    assert found.by_build_type == {"new": 1, "upgraded": 1, "existing": 2}
    assert found.by_status == {
        "planned": 4,
        "approved": 0,
        "tendered": 0,
        "under_construction": 0,
        "accepted": 0,
        "operating": 0,
    }
    assert found.livelihood == 2


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_photos_are_checked_by_their_bytes(people, sites, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    officer = people["officer_xuanwu"]
    activity = services.record_activity(
        sites["meiyuan"],
        actor=officer,
        held_on=date(2025, 5, 1),
        kind=ActivityKind.VISIT,
        title="走访",
        person_times=3,
    )
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    with pytest.raises(StationError) as caught:
        photos.add_photo(activity, actor=officer, upload=fake)
    assert caught.value.code == "photo_bad_type"
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG\r\n\x1a\n" + b"0" * photos.PHOTO_MAX_BYTES, content_type="image/png"
    )
    with pytest.raises(StationError) as caught:
        photos.add_photo(activity, actor=officer, upload=big)
    assert caught.value.code == "photo_too_large"
    saved = photos.add_photo(activity, actor=officer, upload=SimpleUploadedFile("x.png", _png()))
    assert saved.content_type == "image/png" and saved.file.name.endswith(".png")


def test_photos_are_served_through_scope(client, people, sites, settings, tmp_path):
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path)
    officer = people["officer_xuanwu"]
    activity = services.record_activity(
        sites["meiyuan2"],
        actor=officer,
        held_on=date(2025, 5, 1),
        kind=ActivityKind.VISIT,
        title="走访",
        person_times=3,
    )
    saved = photos.add_photo(activity, actor=officer, upload=SimpleUploadedFile("x.png", _png()))
    url = reverse("stations:photo", args=[saved.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(people["staff_meiyuan"])  # the other station of her street
    assert client.get(url).status_code == 404
    client.force_login(people["officer_gulou"])
    assert client.get(url).status_code == 404


def test_funding_is_in_yuan_and_positive(people, sites):
    officer = people["officer_xuanwu"]
    funding = services.add_funding(
        sites["meiyuan"],
        actor=officer,
        amount=Decimal("300000.5"),
        allocated_on=date(2025, 3, 1),
        purpose="建设补助",
        document_number="宁民儿〔2025〕1号",
    )
    assert funding.amount == Decimal("300000.50")
    with pytest.raises(StationError):
        services.add_funding(
            sites["meiyuan"], actor=officer, amount=Decimal("0"), allocated_on=date(2025, 3, 1), purpose="x"
        )
