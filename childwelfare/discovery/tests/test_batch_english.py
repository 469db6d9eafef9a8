"""The batch steps' summary in English agrees with the number of records: "1 record
verified." (it read "1 records verified."), "2 records verified."; the Chinese is unchanged
(test_batch_steps)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childwelfare.discovery import services
from childwelfare.discovery.tests.helpers import TODAY, as_user, messages_of, record_of

pytestmark = pytest.mark.django_db


def _screened(record, director):
    return services.screen_record(record, actor=director, expected_version=record.version, visited_on=TODAY)


def test_batch_verify_summary_in_english(client, people, kids, xuanwu):
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    wang = _screened(record_of(xuanwu, kids["wang"]), director)
    outside = record_of(xuanwu, kids["xin"])  # another street's: skipped
    response = as_user(client, supervisor).post(
        reverse("discovery:verify_many"),
        {"records": [f"{wang.pk}:{wang.version}", f"{outside.pk}:0"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    notes = messages_of(response)
    assert "1 record verified." in notes
    assert any(
        note.startswith("1 record could not be verified: Missing or outside your area (1): ")
        for note in notes
    )

    li = _screened(record_of(xuanwu, kids["li"]), director)
    zhao = _screened(record_of(xuanwu, kids["zhao"]), people["director_daxinggong"])
    response = as_user(client, supervisor).post(
        reverse("discovery:verify_many"),
        {"records": [f"{li.pk}:{li.version}", f"{zhao.pk}:{zhao.version}"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "2 records verified." in messages_of(response)
