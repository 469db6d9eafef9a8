import pytest

from .objects import build_one_of_each


@pytest.fixture
def one_of_each(people):
    """{machine kind: an object in its default status} (objects.build_one_of_each)."""
    return build_one_of_each(people)
