"""Cells of the URL × role matrix where today's code answers differently from the target in
testing.url_matrix.TABLE: the access layer's to-do (issue 7, item 2), one line per cell,
"pattern METHOD role case: expected X, got Y" (case: the record's variant and its relation to
the user's area — M 梅园/玄武, N 宁海路/鼓楼, C 南京市 — or "page" for a page without a record).

The matrix prints these on every run and fails as soon as one is fixed (or answers something
else), so this set only shrinks: delete a line once the code answers as the table says.

Empty since the views use the shared guards of childwelfare.access (issue 7, item 2): every
cell answers as the table says. Add a line only with a comment saying why and until when.
"""

KNOWN_DIVERGENCES: frozenset[str] = frozenset()
