"""Control characters: invisible, refused by .xlsx (openpyxl's IllegalCharacterError) and
never meant in a name or a note (no models). Tab and line breaks (Alt+Enter in a cell, a
new line in a textarea) are kept."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and line breaks, DEL and C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control(value: Any) -> Any:
    """`value` without control characters when it is text (str in, str out); any other
    value unchanged."""
    if isinstance(value, str) and CONTROL.search(value):
        return CONTROL.sub("", value)
    return value
