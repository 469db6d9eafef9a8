"""QA of issue 8: the work list's community filter listed same-named communities of different
streets without telling them apart (龙江社区 ×2, 新河社区 ×3) for a district officer."""

import pytest

from childwelfare.areas.models import Area
from childwelfare.areas.services import create_community
from childwelfare.discovery.forms import WorkFilterForm
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_a_district_officer_tells_same_named_communities_apart(people):
    streets = Area.objects.filter(code__startswith=named.XUANWU, level=4).order_by("code")[:2]
    for street in streets:
        create_community(street=street, name="龙江社区", code=street.code + "901")
    form = WorkFilterForm({}, campaigns=[], user=people["officer_xuanwu"])
    labels = [label for code, label in form.fields["area"].choices if code]
    assert len(labels) == len(set(labels))
    assert sum("龙江社区" in label for label in labels) == 2
    # A street's supervisor sees the short names of their own communities.
    supervisor = WorkFilterForm({}, campaigns=[], user=people["supervisor_meiyuan"])
    assert "梅园社区" in [label for _code, label in supervisor.fields["area"].choices]
