"""Pinyin search keys for Chinese names (pypinyin)."""

from functools import lru_cache

from pypinyin import lazy_pinyin


# Names repeat (a 100,000-row roster holds a few tens of thousands of distinct names) and the
# conversion is pure: each name is converted once per process.
@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """王小明 → ("wangxiaoming", "wxm"). Heteronyms take pypinyin's most common reading;
    characters without pinyin (Latin letters, digits) are kept lower-cased. One conversion:
    the initials are the first letters of the syllables."""
    syllables = [s.lower() for s in lazy_pinyin(name or "", errors=lambda text: list(text))]
    return "".join(syllables), "".join(s[0] for s in syllables if s)
