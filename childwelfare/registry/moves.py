"""What other modules do when a child moves to another area (issue 13, finding 7).

Records about a child are scoped through the child (`Scope("child__area__code")`), so they
follow a move by themselves. Some also keep an area of their own for figures per community
(a screening record counts in the campaign's figures of the community where it is worked).
A module whose records must move with the child registers a handler, usually from its
AppConfig.ready(); `update_child` calls every handler inside its own transaction, so the child
and those records move together or not at all:

    from childwelfare.registry.moves import register_move_handler

    def move_open_records(child, *, old_area_id, new_area_id, actor):
        ...

    register_move_handler(move_open_records)

The registry imports no feature app; this registration is how they hook in (like the timeline
providers in `registry.timeline`).
"""

from __future__ import annotations

from collections.abc import Callable

MoveHandler = Callable[..., object]
_handlers: list[MoveHandler] = []


def register_move_handler(handler: MoveHandler) -> MoveHandler:
    """Add a handler `handler(child, *, old_area_id: str, new_area_id: str, actor)` (once;
    registering the same function again does nothing). Returns it, so it can be a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def move_handlers() -> list[MoveHandler]:
    return list(_handlers)


def child_moved(child, *, old_area_id: str, new_area_id: str, actor) -> None:
    """Run every registered handler. Called by `registry.services.update_child` inside its
    atomic block after the child is saved; an exception from a handler rolls the move back."""
    for handler in _handlers:
        handler(child, old_area_id=old_area_id, new_area_id=new_area_id, actor=actor)
