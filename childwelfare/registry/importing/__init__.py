"""Roster import (名册导入): a district's or street's spreadsheet of children → the child file.

All-or-nothing on the shared engine (childwelfare.lib.tabular): every row is validated
first; one bad row means nothing is written, and the caller gets every bad row (row number
as the spreadsheet shows it, column, value, message). Importing the same file again
updates, never duplicates. Modules: columns (the declared columns and their parsers),
places (communities and hukou areas by name), rows (checks across a row, the row's plan),
writer (set-based writes), roster (import_roster, the steps).
"""

from .columns import COLUMNS, NOTES_MAX, PARENT_COLUMNS, REQUIRED, TEMPLATE_COLUMNS, roster_schema
from .roster import ImportResult, RosterImportError, import_roster

__all__ = [
    "COLUMNS",
    "NOTES_MAX",
    "PARENT_COLUMNS",
    "REQUIRED",
    "TEMPLATE_COLUMNS",
    "ImportResult",
    "RosterImportError",
    "import_roster",
    "roster_schema",
]
