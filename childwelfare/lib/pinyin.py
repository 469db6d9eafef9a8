"""Pinyin search and sort keys for Chinese names (pypinyin, with the surname readings).

pypinyin reads a character by its most common reading, which for some surnames is not the
surname's reading (曾 ceng, 单 dan, 解 jie, 区 qu). A name's first character (or first two, for
a compound surname such as 欧阳) is read here with its surname reading; the rest of the name
takes pypinyin's reading. Readings from the 《百家姓》 as given in the 现代汉语词典 (7th ed.).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

# Surnames whose reading differs from the character's most common reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "区": ("ou",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge",),
    "繁": ("po",),
    "覃": ("qin",),
    "乐": ("yue",),
    "员": ("yun",),
    "翟": ("zhai",),
    "种": ("chong",),
    "秘": ("bi",),
    "缪": ("miao",),
    "召": ("shao",),
    "折": ("she",),
    "隗": ("wei",),
    "藏": ("zang",),
    "长孙": ("zhang", "sun"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "万俟": ("mo", "qi"),
}

# Two-character surnames: the given name starts after them.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "夏侯", "令狐", "端木", "澹台", "轩辕", "独孤", "南宫", "西门",
        "呼延", "单于", "万俟", "闻人", "申屠", "太史", "东郭", "百里", "司空", "钟离",
    }
)  # fmt: skip

# Joins syllables in the sort key: lower than every letter in every collation we run on
# (SQLite's binary order, PostgreSQL's libc and ICU collations sort digits before letters;
# a space would be ignored by a libc collation), so 李 (li) sorts before 刘 (liu) whatever
# follows: "li0yun" < "liu0ming", although "liyun" > "liuming".
SORT_SEPARATOR = "0"


@dataclass(frozen=True)
class NameKeys:
    """The stored keys of one name: `full` (wangshunuo), `initials` (wsn), `given` (the
    given name's pinyin: shunuo) and `sort` (syllables joined by SORT_SEPARATOR:
    wang0shu0nuo)."""

    full: str
    initials: str
    given: str
    sort: str


def _syllables(text: str) -> list[str]:
    return list(_syllables_of(text or ""))


# Given names repeat far more than whole names (a roster pairs a few hundred surnames with
# them): each is converted once per process.
@lru_cache(maxsize=65536)
def _syllables_of(text: str) -> tuple[str, ...]:
    return tuple(s.lower() for s in lazy_pinyin(text, errors=lambda chars: list(chars)) if s.strip())


# Names repeat (a 100,000-row roster holds a few tens of thousands of distinct names) and the
# conversion is pure: each name is converted once per process.
@lru_cache(maxsize=65536)
def name_keys(name: str) -> NameKeys:
    """The pinyin keys of a person's name (see NameKeys). The surname is the first two
    characters when they are a COMPOUND_SURNAMES entry, else the first character, read by
    SURNAME_READINGS where listed. Characters without pinyin (Latin letters) are kept
    lower-cased; the middle dot of a transliterated name is dropped.
    """
    name = (name or "").strip()
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    given_name = name[len(surname) :]
    surname_syllables = list(SURNAME_READINGS.get(surname, ())) or _syllables(surname)
    given_syllables = _syllables(given_name)
    syllables = [s for s in surname_syllables + given_syllables if s.isalnum()]
    given = [s for s in given_syllables if s.isalnum()]
    return NameKeys(
        full="".join(syllables),
        initials="".join(s[0] for s in syllables),
        given="".join(given),
        sort=SORT_SEPARATOR.join(syllables),
    )


def pinyin_keys(name: str) -> tuple[str, str]:
    """王小明 → ("wangxiaoming", "wxm"): name_keys' full pinyin and initials."""
    keys = name_keys(name)
    return keys.full, keys.initials
