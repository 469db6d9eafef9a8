"""Names that look or sound alike: a place name typed by hand against the names on record
(梅圆社区 for 梅园社区). No models."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from .pinyin import pinyin_keys

# What most community names end with: compared without it, 新甲社区 and 新河社区 are not near.
_SUFFIX = re.compile(r"(社区居委会|社区居民委员会|村民委员会|居委会|村委会|社区|村|居)$")
NEAR = 0.6


def _core(name: str) -> str:
    core = _SUFFIX.sub("", name.strip())
    return core or name.strip()


def similarity(a: str, b: str) -> float:
    """How alike two place names are, 0..1: the larger of the normalised Levenshtein
    similarity of their characters and of their pinyin (rapidfuzz), compared without the
    common suffix (社区, 村, 居委会…). 梅圆社区 ~ 梅园社区 is 1.0 (same pinyin meiyuan)."""
    core_a, core_b = _core(a), _core(b)
    by_characters = Levenshtein.normalized_similarity(core_a, core_b)
    by_sound = Levenshtein.normalized_similarity(pinyin_keys(core_a)[0], pinyin_keys(core_b)[0])
    return max(by_characters, by_sound)


def nearest_names(name: str, known: Iterable[str], *, limit: int = 3, threshold: float = NEAR) -> list[str]:
    """Up to `limit` of the `known` names most alike `name` (similarity() at least
    `threshold`), the most alike first, ties in the order given; `name` itself excluded."""
    scored = []
    for index, candidate in enumerate(dict.fromkeys(known)):
        if candidate == name:
            continue
        score = similarity(name, candidate)
        if score >= threshold:
            scored.append((-score, index, candidate))
    return [candidate for _score, _index, candidate in sorted(scored)[:limit]]
