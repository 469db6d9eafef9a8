"""Fixtures of the benefits tests."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def city(people):
    """The named users with Nanjing's 2022 and 2023 standards (2,760 / 2,300 / 2,300 / 1,150
    from July 2023) and the dibao standard (1,100 from July 2023)."""
    call_command("seed_standards", stdout=io.StringIO())
    return people
