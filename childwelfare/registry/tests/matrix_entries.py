"""The registry app's entries of the URL × role matrix (the child file: profiles, imports,
transfers, merges, registration conflicts and the unknown-identity child).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import (
    AREA_OFFICES,
    AUDITOR,
    CITY_ADMIN,
    EDITORS,
    NOBODY,
    OFFICERS,
    READERS,
    SUPERUSER,
    UNKNOWN_REGISTRARS,
    A,
    Entry,
)

REGISTRY_ENTRIES: list[Entry] = [
    # --- registry: the child file ----------------------------------------------------------
    Entry("registry:child_list", get=A(READERS)),
    Entry("registry:child_export", get=A(READERS)),
    Entry(
        "registry:child_detail", record="child", get=A(READERS), post=A(EDITORS), post_data={"form": "member"}
    ),
    Entry("registry:child_full_id", record="child", post=A(AREA_OFFICES)),
    # Printed documents (issue 9 "Paper"): the readers of the page each one prints.
    Entry("registry:child_file_pdf", record="child", get=A(READERS)),
    # Merging duplicate files (issue 9): the district's officers and the city.
    Entry("registry:child_merge", record="child", get=A(AREA_OFFICES), post=A(AREA_OFFICES)),
    Entry("registry:import_upload", get=A(EDITORS), post=A(EDITORS)),
    Entry(
        "registry:import_job", record="roster_import", readers=EDITORS | {AUDITOR}, get=A(EDITORS | {AUDITOR})
    ),
    # 确认导入 of a dry run: its uploader only (the officers upload the fixture's jobs; theirs
    # are no dry runs, so the answer is the job page with a message); others who see it: 403.
    Entry(
        "registry:import_confirm",
        record="roster_import",
        readers=EDITORS | {AUDITOR},
        post=A(OFFICERS, parent=NOBODY),
    ),
    Entry(
        "registry:import_progress",
        record="roster_import",
        readers=EDITORS | {AUDITOR},
        get=A(EDITORS | {AUDITOR}),
    ),
    # The error report: its uploader (the officers upload the fixture's jobs) and those with
    # the full-ID permission over the area; to others it does not exist (issue 13 §5).
    Entry(
        "registry:import_error_report",
        record="roster_import",
        readers=AREA_OFFICES,
        get=A(AREA_OFFICES),
    ),
    # ID numbers registered outside the area of whoever tried them: the district's work list.
    Entry("registry:conflict_list", get=A(AREA_OFFICES)),
    Entry(
        "registry:conflict_handle",
        record="registration_conflict",
        readers=AREA_OFFICES,
        post=A(AREA_OFFICES),
        post_data={"outcome": "resolve"},
    ),
    # Transfers of children between areas (issue 9): read by the child file's readers, acted
    # on by its editors (which transfer, and whether they may decide it, is the service's).
    Entry("registry:transfer_list", get=A(READERS), post=A(EDITORS)),
    # The unknown-identity child (issue 10): registered and completed by district officers and
    # supervisors; a merge is undone by the city only.
    Entry("registry:unknown_child_create", get=A(UNKNOWN_REGISTRARS), post=A(UNKNOWN_REGISTRARS)),
    Entry("registry:child_photo", record="unknown_child", get=A(READERS)),
    Entry(
        "registry:child_complete_identity",
        record="unknown_child",
        get=A(UNKNOWN_REGISTRARS),
        post=A(UNKNOWN_REGISTRARS),
    ),
    Entry("registry:merge_undo", record="merge_record", post=A({SUPERUSER, CITY_ADMIN})),
]
