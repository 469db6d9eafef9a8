"""lib.pinyin.name_keys: surnames by their surname reading, the given name's pinyin and a
sort key that orders syllable by syllable."""

import pytest

from childwelfare.lib.pinyin import name_keys, pinyin_keys


@pytest.mark.parametrize(
    ("name", "full", "initials", "given"),
    [
        ("王舒诺", "wangshunuo", "wsn", "shunuo"),
        ("曾小明", "zengxiaoming", "zxm", "xiaoming"),  # pypinyin alone: ceng
        ("单田芳", "shantianfang", "stf", "tianfang"),  # dan
        ("解晓东", "xiexiaodong", "xxd", "xiaodong"),  # jie
        ("区志强", "ouzhiqiang", "ozq", "zhiqiang"),  # qu
        ("欧阳娜娜", "ouyangnana", "oynn", "nana"),  # compound surname
        ("尉迟恭", "yuchigong", "ycg", "gong"),  # compound surname with its own reading
        ("买买提·艾力", "maimaitiaili", "mmtal", "maitiaili"),  # the middle dot dropped
    ],
)
def test_name_keys(name, full, initials, given):
    keys = name_keys(name)
    assert (keys.full, keys.initials, keys.given) == (full, initials, given)
    assert pinyin_keys(name) == (full, initials)


def test_a_polyphonic_character_keeps_its_common_reading_inside_the_given_name():
    assert name_keys("王曾").given == "ceng"


def test_the_sort_key_orders_syllable_by_syllable():
    names = ["刘明", "李云", "李娜", "林一"]
    # Concatenated letters: "lina" < "linyi" < "liuming" < "liyun", so 李云 would follow 刘明.
    assert sorted(names, key=lambda n: name_keys(n).full) == ["李娜", "林一", "刘明", "李云"]
    assert sorted(names, key=lambda n: name_keys(n).sort) == ["李娜", "李云", "林一", "刘明"]
