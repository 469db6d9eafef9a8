"""The stations app's entries of the URL × role matrix (the guidance centre, workstations and
their work, issue 11).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import SITE_MANAGERS, SITE_READERS, WORK_RECORDERS, A, Entry

STATIONS_ENTRIES: list[Entry] = [
    # --- stations: the guidance centre, workstations, their work (issue 11) -------------------
    Entry("stations:site_list", get=A(SITE_READERS)),
    Entry("stations:site_create", get=A(SITE_MANAGERS), post=A(SITE_MANAGERS)),
    Entry("stations:site_detail", record="site", readers=SITE_READERS, get=A(SITE_READERS)),
    Entry(
        "stations:site_edit", record="site", readers=SITE_READERS, get=A(SITE_MANAGERS), post=A(SITE_MANAGERS)
    ),
    Entry("stations:site_move", record="site", readers=SITE_READERS, post=A(SITE_MANAGERS)),
    *(
        Entry(
            f"stations:{name}",
            record="site",
            readers=SITE_READERS,
            get=A(SITE_MANAGERS),
            post=A(SITE_MANAGERS),
        )
        for name in (
            "site_funding_add",
            "site_training_add",
            "site_inspection_add",
            "site_change_add",
            "site_member_add",
        )
    ),
    *(
        Entry(
            f"stations:{name}",
            record="site",
            readers=SITE_READERS,
            get=A(WORK_RECORDERS),
            post=A(WORK_RECORDERS),
        )
        for name in ("project_create", "activity_create", "activity_import")
    ),
    Entry("stations:activity_list", get=A(SITE_READERS)),
    Entry("stations:activity_export", get=A(SITE_READERS)),
    Entry(
        "stations:activity_detail",
        record="station_activity",
        readers=SITE_READERS,
        get=A(SITE_READERS),
        post=A(WORK_RECORDERS),
    ),
    Entry("stations:photo", record="station_photo", readers=SITE_READERS, get=A(SITE_READERS)),
    Entry("stations:figures", get=A(SITE_READERS)),
]
