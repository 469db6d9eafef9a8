"""Four-colour grading (四色管理, DOMAIN.md §5)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .choices import COLOUR_ORDER, Colour
from .models import RiskItem, RiskItemSet


@dataclass(frozen=True)
class Grade:
    score: int
    colour: str
    is_emergency: bool
    by_dimension: dict[str, int]


def current_item_set(on=None) -> RiskItemSet:
    """The newest item set in effect on `on` (default: the newest). Raises
    RiskItemSet.DoesNotExist if none is configured."""
    sets = RiskItemSet.objects.all()
    if on is not None:
        sets = sets.filter(effective_from__lte=on)
    return sets.order_by("-version").first() or RiskItemSet.objects.order_by("-version")[:1].get()


def grade(item_set: RiskItemSet, items: Iterable[RiskItem]) -> Grade:
    """Score the items present (sum of weights) and map the total to a colour with the set's
    thresholds: ≥ red_min_score red, ≥ yellow_min_score yellow, ≥ blue_min_score blue, else
    green. Any emergency item makes the child red whatever the score.

    Raises ValueError if an item belongs to another version (an old assessment must keep
    its own items and thresholds).
    """
    score = 0
    emergency = False
    by_dimension: dict[str, int] = {}
    for item in items:
        if item.item_set_id != item_set.pk:
            raise ValueError(f"指标“{item.label}”不属于评估版本 v{item_set.version}")
        score += item.weight
        by_dimension[item.dimension] = by_dimension.get(item.dimension, 0) + item.weight
        emergency = emergency or item.is_emergency
    if emergency or score >= item_set.red_min_score:
        colour = Colour.RED
    elif score >= item_set.yellow_min_score:
        colour = Colour.YELLOW
    elif score >= item_set.blue_min_score:
        colour = Colour.BLUE
    else:
        colour = Colour.GREEN
    return Grade(score=score, colour=colour, is_emergency=emergency, by_dimension=by_dimension)


def is_lower(colour: str, than: str) -> bool:
    """Whether `colour` is a lower risk than `than` (red > yellow > blue > green)."""
    return COLOUR_ORDER[colour] > COLOUR_ORDER[than]


@dataclass(frozen=True)
class Change:
    """What a new grading changes against the child's current one (issue 8, item 1).

    removed: items of the current assessment whose code is not among the new items (codes
        are compared, so an item keeps its identity across item-set versions);
    lowered: the new colour is a lower risk than the current one;
    needs_statement: lowering the colour, or removing an emergency item, must be stated
        item by item (each removed item "no longer applies") with a reason.
    """

    removed: tuple[RiskItem, ...]
    lowered: bool

    @property
    def ends_emergency(self) -> bool:
        return any(item.is_emergency for item in self.removed)

    @property
    def needs_statement(self) -> bool:
        return self.lowered or self.ends_emergency


def change_from(
    current_colour: str | None, current_items: Iterable[RiskItem], new: Grade, new_items
) -> Change:
    """Compare a new grading (`new`, from `new_items`) with the child's current assessment
    (its colour, None if never assessed, and its items)."""
    codes = {item.code for item in new_items}
    removed = tuple(item for item in current_items if item.code not in codes)
    lowered = current_colour is not None and is_lower(new.colour, current_colour)
    return Change(removed=removed, lowered=lowered)
