"""The deadlines app's entries of the URL × role matrix (the work list, the board, approvals
and changes, issue 10).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import (
    AREA_OFFICES,
    AUDITOR,
    EDITORS,
    LIAISON,
    OFFICERS,
    READERS,
    SUPERUSER,
    SUPERVISORS,
    A,
    Entry,
)

DEADLINES_ENTRIES: list[Entry] = [
    # --- deadlines (issue 10): the work list of every role but the reviewer; the board for
    # the city, district officers, liaisons and auditors; approvals for supervisors, officers
    # and the city. An item (an application's check) is read by the child file's readers and
    # changes are asked for by those who work it; a pause asked for by the community's
    # director is decided by the township's supervisor or a district officer (four eyes). ---
    Entry("deadlines:list", get=A(READERS | {LIAISON})),
    Entry("deadlines:export", get=A(READERS | {LIAISON})),
    Entry("deadlines:board", get=A(AREA_OFFICES | {LIAISON, AUDITOR})),
    Entry("deadlines:approvals", get=A(AREA_OFFICES | SUPERVISORS)),
    Entry("deadlines:detail", record="deadline", get=A(READERS)),
    Entry(
        "deadlines:change_request",
        record="deadline",
        post=A(EDITORS),
        post_data={"change-kind": "extend", "change-reason": "等待材料", "change-new_due_on": "2099-12-31"},
    ),
    Entry(
        "deadlines:change_decide",
        record="deadline_change",
        post=A(frozenset({SUPERUSER}) | SUPERVISORS | OFFICERS),
        post_data={"decision-decision": "approve", "decision-comment": "同意"},
    ),
]
