"""The discovery app's entries of the URL × role matrix (campaigns, screening records, the
child's page, visits and problems).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import (
    AREA_OFFICES,
    CARERS,
    CONFIRMERS,
    DIRECTORS,
    LIAISON,
    NOBODY,
    READERS,
    SCREENERS,
    SUPERUSER,
    SUPERVISORS,
    VERIFIERS,
    VISITORS,
    A,
    Entry,
)

DISCOVERY_ENTRIES: list[Entry] = [
    # --- discovery: campaigns and screening records ----------------------------------------
    Entry("discovery:campaign_list", get=A(READERS)),
    Entry("discovery:campaign_create", get=A(AREA_OFFICES), post=A(AREA_OFFICES)),
    Entry("discovery:campaign_detail", record="campaign", get=A(READERS)),
    Entry("discovery:campaign_start", record="draft_campaign", post=A(AREA_OFFICES, parent=NOBODY)),
    Entry("discovery:campaign_close", record="campaign", post=A(AREA_OFFICES, parent=NOBODY)),
    # Screening results are the directors' step 1, imported for their communities.
    Entry(
        "discovery:campaign_import",
        record="campaign",
        get=A({SUPERUSER}, DIRECTORS),
        post=A({SUPERUSER}, DIRECTORS),
    ),
    Entry("discovery:record_list", record="campaign", get=A(READERS)),
    Entry("discovery:record_export", record="campaign", get=A(READERS)),
    Entry(
        "discovery:add_child",
        record="campaign",
        get=A({SUPERUSER}, DIRECTORS),
        post=A({SUPERUSER}, DIRECTORS),
    ),
    Entry("discovery:record_detail", record="screening_record", get=A(READERS)),
    Entry("discovery:record_screen", record="screening_record", get=A(SCREENERS), post=A(SCREENERS)),
    Entry("discovery:record_verify", record="screening_record", post=A(VERIFIERS)),
    Entry("discovery:record_return", record="screening_record", post=A(VERIFIERS)),
    Entry(
        "discovery:record_revisit",
        record="screening_record",
        get=A(CONFIRMERS | SUPERVISORS),
        post=A(CONFIRMERS | SUPERVISORS),
    ),
    Entry("discovery:record_confirm", record="screening_record", post=A(CONFIRMERS)),
    # The district decides a sample re-visit that disagrees with the screening (issue 8).
    Entry("discovery:record_resolve", record="screening_record", post=A(CONFIRMERS)),
    Entry("discovery:grade_preview", get=A(READERS)),
    Entry("discovery:work", get=A(READERS)),
    Entry("discovery:confirm_many", post=A(CONFIRMERS)),
    Entry("discovery:verify_many", post=A(VERIFIERS)),
    Entry("discovery:visit_list", get=A(READERS)),
    Entry("discovery:visit_export", get=A(READERS)),
    Entry("discovery:attention", get=A(READERS)),
    # --- discovery: the child's page, visits, problems --------------------------------------
    Entry("discovery:child", record="child", get=A(READERS), post=A(CARERS), post_data={"form": "care"}),
    Entry("discovery:child_visit", record="child", get=A(VISITORS), post=A(VISITORS)),
    Entry("discovery:visit_form_pdf", record="child", get=A(VISITORS)),
    Entry("discovery:visit_record_pdf", record="visit", get=A(READERS)),
    Entry("discovery:problem_list", get=A(READERS | {LIAISON})),
    Entry("discovery:problem_export", get=A(READERS | {LIAISON})),
    Entry(
        "discovery:problem_detail", record="problem", readers=READERS | {LIAISON}, get=A(READERS | {LIAISON})
    ),
    Entry(
        "discovery:problem_action",
        record="problem",
        readers=READERS | {LIAISON},
        post=A({SUPERUSER, LIAISON}),
    ),
    Entry(
        "discovery:problem_solve", record="problem", readers=READERS | {LIAISON}, post=A({SUPERUSER, LIAISON})
    ),
    Entry("discovery:problem_close", record="problem", readers=READERS | {LIAISON}, post=A(CONFIRMERS)),
    Entry("discovery:problem_reopen", record="problem", readers=READERS | {LIAISON}, post=A(CONFIRMERS)),
    # Transfer and deadline extension: the district officer; 催办: the officer or the supervisor.
    Entry("discovery:problem_transfer", record="problem", readers=READERS | {LIAISON}, post=A(CONFIRMERS)),
    Entry("discovery:problem_extend", record="problem", readers=READERS | {LIAISON}, post=A(CONFIRMERS)),
    Entry(
        "discovery:problem_remind",
        record="problem",
        readers=READERS | {LIAISON},
        post=A(CONFIRMERS | SUPERVISORS),
    ),
]
