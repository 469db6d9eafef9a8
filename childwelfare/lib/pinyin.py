"""Pinyin search keys for Chinese names (pypinyin)."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """王小明 → ("wangxiaoming", "wxm"). Heteronyms take pypinyin's most common reading;
    characters without pinyin (Latin letters, digits) are kept lower-cased."""
    full = lazy_pinyin(name or "", errors=lambda s: list(s.lower()))
    initials = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors=lambda s: list(s.lower()))
    return "".join(full).lower(), "".join(initials).lower()
