"""The reports app's entries of the URL × role matrix (statistics, issue 12).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import AUDITOR, REPORT_READERS, A, Entry

REPORTS_ENTRIES: list[Entry] = [
    # --- reports: statistics (issue 12) ------------------------------------------------------
    # The list behind a number: the area's statistics readers (the figure's records are then
    # limited to the user's scope; another area's list is a 404, checked in reports/tests).
    Entry("reports:dashboard", get=A(REPORT_READERS)),
    Entry(
        "reports:figure",
        get=A(REPORT_READERS),
        query="?figure=children.by_category&arg=de_facto_unsupported",
    ),
    # The annual work report (a year and area of the user's scope) and its files, written by an
    # export job (POST: starts the job, then its page; not the auditor, who never POSTs).
    Entry("reports:annual", get=A(REPORT_READERS)),
    Entry("reports:annual_export", post=A(REPORT_READERS - {AUDITOR}), post_data={"format": "xlsx"}),
]
