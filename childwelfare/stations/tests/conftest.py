"""Sites in 玄武区 and 鼓楼区 for the stations tests: the 梅园新村街道 workstation (staff_meiyuan
is its staff), a second workstation in the same street (not hers), one in 新街口街道 and one in
宁海路街道 (鼓楼区)."""

from datetime import date

import pytest

from childwelfare.areas.models import Area
from childwelfare.stations import services
from childwelfare.stations.choices import SiteKind
from childwelfare.testing import people as named


@pytest.fixture
def sites(people):
    officer_x, officer_g = people["officer_xuanwu"], people["officer_gulou"]

    def site(actor, code, name):
        return services.create_site(
            actor=actor, kind=SiteKind.WORKSTATION, name=name, area=Area.objects.get(code=code)
        )

    made = {
        "meiyuan": site(officer_x, named.MEIYUAN_STREET, "梅园新村街道未保工作站"),
        "meiyuan2": site(officer_x, named.MEIYUAN_STREET, "梅园新村街道第二工作站"),
        "xinjiekou": site(officer_x, named.XINJIEKOU_STREET, "新街口街道未保工作站"),
        "ninghai": site(officer_g, named.NINGHAI_STREET, "宁海路街道未保工作站"),
    }
    services.add_member(
        made["meiyuan"], actor=officer_x, user=people["staff_meiyuan"], since=date(2024, 1, 1)
    )
    return made
