"""Fixtures of the discovery page tests: five children in four communities and a running
district-wide campaign."""

import pytest

from childwelfare.discovery.tests.helpers import register, start
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named


@pytest.fixture
def kids(people):
    """Scattered orphans unless said: 王小明 and 李小红 (de facto unsupported, a girl) of 梅园社区,
    赵安安 of 大行宫社区 (梅园新村街道), 孙新新 of 新街口社区 (新街口街道, 玄武区), 钱多多 of
    宁海路社区 (鼓楼区)."""
    return {
        "wang": register("王小明", named.MEIYUAN),
        "li": register("李小红", named.MEIYUAN, category=Category.DE_FACTO_UNSUPPORTED, gender="F"),
        "zhao": register("赵安安", named.DAXINGGONG),
        "xin": register("孙新新", named.XINJIEKOU),
        "qian": register("钱多多", named.NINGHAI),
    }


@pytest.fixture
def xuanwu(people, kids):
    """A running district-wide campaign over 玄武区, no sample."""
    return start(people, named.XUANWU)
