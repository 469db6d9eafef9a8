"""The demo's stations give the published 2023 figures (DOMAIN.md §2) whatever the load date
from 2026 on: the history up to the end of 2023 is dated in absolute years, the later work
relative to the load date (issue 12: the annual report of 2023 is computed from records)."""

from datetime import date

import pytest

from childwelfare.stations import figures
from childwelfare.testing import people
from childwelfare.testing.demo_stations import seed_stations

END_2023 = date(2023, 12, 31)


@pytest.mark.parametrize("load_date", [date(2026, 1, 5), date(2029, 7, 1)])
def test_the_2023_figures_hold_for_any_later_load_date(db, load_date):
    people.ensure_people()
    seed_stations(today=load_date)
    published = figures.figures(people.NANJING, None, END_2023)
    assert published.projects == 209
    assert published.activities == 3468
    assert published.person_times == 58000
    assert figures.sites_of(people.NANJING).filter(opened_on__lte=END_2023).count() == 95
    # The stations kept working after 2023, up to the load date and not beyond.
    later = figures.figures(people.NANJING, date(2024, 1, 1), load_date)
    assert later.activities > 1000
    assert figures.figures(people.NANJING, load_date + date.resolution, None).activities == 0
