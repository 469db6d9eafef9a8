"""Menu entries, home panel, timeline and import kind of the stations app (from ready())."""


def register() -> None:
    pass
