"""The cases app's entries of the URL × role matrix (guardianship, intake and mandatory
reports, casework and case conferences, issue 10).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import (
    AREA_OFFICES,
    CASE_OPENERS,
    CASE_WORKERS,
    CONFERENCE_READERS,
    CONFERENCE_RECORD_READERS,
    CONFIRMERS,
    DIRECTORS,
    EDITORS,
    GUARDIANS,
    LIAISON,
    NOBODY,
    READERS,
    STAFF,
    SUPERVISORS,
    A,
    Entry,
)

CASES_ENTRIES: list[Entry] = [
    # --- guardianship by civil affairs (issue 10): readers of the child file read; the
    # child's district officer writes ---------------------------------------------------------
    Entry("cases:guardianship_list", get=A(READERS)),
    Entry("cases:guardianship_child", record="child", get=A(READERS)),
    Entry("cases:guardianship_create", record="child", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("cases:guardianship_detail", record="guardianship", get=A(READERS)),
    Entry("cases:guardianship_assess", record="guardianship", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("cases:guardianship_end", record="guardianship", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("cases:guardianship_convert", record="guardianship", get=A(GUARDIANS), post=A(GUARDIANS)),
    # --- cases: intake and mandatory reports (issue 10, part "intake") -------------------------
    # Read by the child file's readers; recorded by its editors; acknowledged, decided and
    # answered (outcome) by the district officer of the area only (not the city: parent NOBODY).
    Entry("cases:intake_list", get=A(READERS)),
    Entry("cases:intake_export", get=A(READERS)),
    Entry("cases:intake_create", get=A(EDITORS), post=A(EDITORS)),
    Entry("cases:report_create", get=A(EDITORS), post=A(EDITORS)),
    Entry("cases:intake_detail", record="intake", get=A(READERS)),
    Entry("cases:intake_open_case", record="intake", post=A(CONFIRMERS, parent=NOBODY)),
    Entry("cases:intake_decline", record="intake", post=A(CONFIRMERS, parent=NOBODY)),
    Entry("cases:report_acknowledge", record="intake", post=A(CONFIRMERS, parent=NOBODY)),
    Entry("cases:report_outcome", record="intake", post=A(CONFIRMERS, parent=NOBODY)),
    Entry("cases:intake_attach", record="intake", post=A(EDITORS)),
    # An intake that already has its child: refused with a message on its page (a redirect).
    Entry("cases:intake_attach_child", record="intake", post=A(EDITORS), post_data={"child": "0"}),
    Entry("cases:attachment_download", record="intake_attachment", get=A(READERS)),
    # --- cases (issue 10, caseflow): the case of 梅园社区 is worked by director_meiyuan, the
    # one of 宁海路社区 by officer_gulou; moves and edits by the worker or the district officer,
    # approvals by the street's supervisor or the district officer, reopening by the officer,
    # notes by whoever records in the area; liaisons only their department's actions.
    Entry("cases:case_list", get=A(READERS)),
    Entry("cases:case_export", get=A(READERS)),
    Entry("cases:case_open", record="child", get=A(CASE_OPENERS), post=A(CASE_OPENERS)),
    Entry("cases:case_detail", record="case", get=A(READERS)),
    Entry("cases:case_edit", record="case", get=A(CASE_WORKERS), post=A(CASE_WORKERS)),
    *(
        Entry(f"cases:{name}", record="case", post=A(CASE_WORKERS))
        for name in (
            "case_start_assessment",
            "case_begin_review",
            "case_finish_review",
            "case_request_approval",
            "case_request_closure",
            "case_goal_add",
            "case_goal_achieved",
            "case_action_add",
        )
    ),
    Entry("cases:case_decide", record="case", post=A(CONFIRMERS | SUPERVISORS)),
    Entry("cases:case_reopen", record="case", post=A(CONFIRMERS)),
    Entry("cases:case_note_add", record="case", post=A(CONFIRMERS | SUPERVISORS | DIRECTORS | {STAFF})),
    Entry("cases:department_actions", get=A({LIAISON})),
    Entry(
        "cases:action_detail", record="case_action", readers=READERS | {LIAISON}, get=A(READERS | {LIAISON})
    ),
    *(
        Entry(
            f"cases:{name}",
            record="case_action",
            readers=READERS | {LIAISON},
            post=A(CASE_WORKERS | {LIAISON}),
        )
        for name in ("action_progress", "action_complete")
    ),
    Entry("cases:action_reopen", record="case_action", readers=READERS | {LIAISON}, post=A(CASE_WORKERS)),
    # --- cases: conferences (会商, issue 10) ----------------------------------------------------
    # Read by the offices that convene them, auditors and the liaisons of invited departments
    # (their part only); kept by the convening office (the district's officers, the city).
    Entry("cases:conference_list", get=A(CONFERENCE_READERS)),
    Entry("cases:conference_create", get=A(AREA_OFFICES), post=A(AREA_OFFICES)),
    Entry(
        "cases:conference_detail", record="conference", readers=CONFERENCE_READERS, get=A(CONFERENCE_READERS)
    ),
    *(
        Entry(
            name, record="conference", readers=CONFERENCE_READERS, get=A(AREA_OFFICES), post=A(AREA_OFFICES)
        )
        for name in ("cases:conference_attendance", "cases:conference_minutes")
    ),
    Entry(
        "cases:conference_minutes_pdf",
        record="conference",
        readers=CONFERENCE_READERS,
        get=A(CONFERENCE_RECORD_READERS),
    ),
    Entry("cases:conference_cancel", record="conference", readers=CONFERENCE_READERS, post=A(AREA_OFFICES)),
    Entry(
        "cases:conference_paper_upload", record="conference", readers=CONFERENCE_READERS, post=A(AREA_OFFICES)
    ),
    Entry(
        "cases:conference_paper",
        record="conference_paper",
        readers=CONFERENCE_READERS,
        get=A(CONFERENCE_READERS),
    ),
    Entry(
        "cases:conference_decision",
        record="conference_item",
        readers=CONFERENCE_RECORD_READERS,
        get=A(AREA_OFFICES),
        post=A(AREA_OFFICES),
    ),
    Entry(
        "cases:conference_action_add",
        record="conference_decision",
        readers=CONFERENCE_RECORD_READERS,
        get=A(AREA_OFFICES),
        post=A(AREA_OFFICES),
    ),
    # 督办: the convening office; the liaison sees the action (their department's) but may not.
    Entry(
        "cases:conference_remind",
        record="conference_action",
        readers=CONFERENCE_RECORD_READERS | {LIAISON},
        get=A(AREA_OFFICES),
        post=A(AREA_OFFICES),
    ),
]
