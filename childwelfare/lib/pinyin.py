"""Pinyin search keys for Chinese names (pypinyin)."""

from pypinyin import lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """王小明 → ("wangxiaoming", "wxm"). Heteronyms take pypinyin's most common reading;
    characters without pinyin (Latin letters, digits) are kept lower-cased. One conversion:
    the initials are the first letters of the syllables."""
    syllables = [s.lower() for s in lazy_pinyin(name or "", errors=lambda text: list(text))]
    return "".join(syllables), "".join(s[0] for s in syllables if s)
