"""The outreach app's entries of the URL × role matrix (publicity, the excellent case/project
call and the casebook, issue 11).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import (
    ALL_SIGNED_IN,
    AREA_OFFICES,
    CITY,
    LIAISON,
    READERS,
    REVIEWER,
    SUBMISSION_READERS,
    A,
    Entry,
)

OUTREACH_ENTRIES: list[Entry] = [
    # --- outreach: publicity, the excellent case/project call, the casebook (issue 11) ----------
    # Campaigns are the city's (read upward by the child file's readers); events are recorded by
    # district officers and the city. The call is read by the city, district officers and
    # auditors; reviewers reach only their assigned submissions; the casebook is every staff
    # user's but the reviewers'. Pages checking the role before the record answer 403.
    Entry("outreach:campaign_list", get=A(READERS)),
    Entry("outreach:campaign_create", get=A(CITY), post=A(CITY)),
    Entry("outreach:publicity_figures", get=A(READERS)),
    Entry("outreach:campaign_detail", record="publicity_campaign", readers=ALL_SIGNED_IN, get=A(READERS)),
    Entry("outreach:event_create", record="publicity_campaign", get=A(AREA_OFFICES), post=A(AREA_OFFICES)),
    Entry("outreach:event_export", record="publicity_campaign", readers=ALL_SIGNED_IN, get=A(READERS)),
    Entry("outreach:call_list", get=A(SUBMISSION_READERS)),
    Entry("outreach:call_create", get=A(CITY), post=A(CITY)),
    Entry("outreach:call_detail", record="call", readers=ALL_SIGNED_IN, get=A(SUBMISSION_READERS)),
    Entry("outreach:criterion_add", record="call", readers=SUBMISSION_READERS, get=A(CITY), post=A(CITY)),
    Entry(
        "outreach:call_move",
        record="call",
        readers=SUBMISSION_READERS,
        post=A(CITY),
        post_data={"to": "published"},
    ),
    Entry(
        "outreach:submission_create",
        record="call",
        readers=SUBMISSION_READERS,
        get=A(AREA_OFFICES),
        post=A(AREA_OFFICES),
    ),
    Entry("outreach:submission_export", record="call", readers=ALL_SIGNED_IN, get=A(SUBMISSION_READERS)),
    Entry("outreach:results", record="published_call", readers=ALL_SIGNED_IN, get=A(SUBMISSION_READERS)),
    Entry("outreach:results_pdf", record="published_call", readers=ALL_SIGNED_IN, get=A(SUBMISSION_READERS)),
    Entry(
        "outreach:submission_detail",
        record="submission",
        readers=SUBMISSION_READERS | {REVIEWER},
        get=A(SUBMISSION_READERS | {REVIEWER}),
    ),
    Entry(
        "outreach:submission_send",
        record="submission",
        readers=SUBMISSION_READERS | {REVIEWER},
        post=A(AREA_OFFICES),
    ),
    Entry(
        "outreach:assign",
        record="submission",
        readers=SUBMISSION_READERS | {REVIEWER},
        get=A(CITY),
        post=A(CITY),
    ),
    Entry(
        "outreach:attachment_download",
        record="attachment",
        readers=SUBMISSION_READERS | {REVIEWER},
        get=A(SUBMISSION_READERS | {REVIEWER}),
    ),
    Entry("outreach:my_reviews", get=A({REVIEWER})),
    Entry(
        "outreach:score",
        record="assignment",
        readers=frozenset({REVIEWER}),
        get=A({REVIEWER}),
        post=A({REVIEWER}),
    ),
    Entry("outreach:casebook", get=A(READERS | {LIAISON})),
    Entry(
        "outreach:casebook_entry", record="casebook_entry", readers=ALL_SIGNED_IN, get=A(READERS | {LIAISON})
    ),
]
