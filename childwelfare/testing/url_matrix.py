"""The URL × role matrix (issue 7, item 3): for every URL pattern the project serves, who may
open it (GET) and who may act through it (POST), written out by hand as the target access
policy — never computed from the permission functions it checks.

Outcomes: "ok" (2xx, or a redirect that is not to a login page), "login" (redirect to the
login page), "403" (the Chinese no-access page), "404" (byte for byte the page of a missing
id), "405" (the method is not served).

The rule the table is read with (testing/tests/test_url_matrix.py, `expected`):
- a public pattern is "ok" for everyone; anyone not signed in (or inactive) gets "login";
- `admin:*` is one group: a superuser gets in, everyone else is sent to the admin login;
- a record outside the user's area subtree ("sibling") or of another department (a
  liaison's "foreign" problem) is "404";
- a role listed for the relation (own / parent) of the record to the user is "ok";
- a record page the role cannot read at all (not in `readers`) is "404": the role may not
  learn the record exists; any other refusal is "403".

Roles are the named users of testing.people plus three made by the test: "anonymous",
"inactive" (a deactivated director of 梅园社区) and "superuser" (no area).

The table is assembled here from each app's tests/matrix_entries.py (the site-wide patterns
of the shared layer are listed below); the roles and role sets are in url_matrix_roles.py and
are read from this module as before (matrix.ROLES, matrix.AUDITOR…).
"""

from __future__ import annotations

from childwelfare.benefits.tests.matrix_entries import BENEFITS_ENTRIES
from childwelfare.cases.tests.matrix_entries import CASES_ENTRIES
from childwelfare.deadlines.tests.matrix_entries import DEADLINES_ENTRIES
from childwelfare.discovery.tests.matrix_entries import DISCOVERY_ENTRIES
from childwelfare.outreach.tests.matrix_entries import OUTREACH_ENTRIES
from childwelfare.registry.tests.matrix_entries import REGISTRY_ENTRIES
from childwelfare.reports.tests.matrix_entries import REPORTS_ENTRIES
from childwelfare.stations.tests.matrix_entries import STATIONS_ENTRIES

from .url_matrix_divergences import KNOWN_DIVERGENCES
from .url_matrix_roles import (
    ACCOUNT_MANAGERS,
    ALL_SIGNED_IN,
    ANONYMOUS,
    AUDITOR,
    CITY_ADMIN,
    DIRECTOR_DAXINGGONG,
    DIRECTOR_MEIYUAN,
    DIRECTOR_NINGHAI,
    EXPORT_JOB_OWNER,
    INACTIVE,
    LIAISON,
    LOG_READERS,
    NOBODY,
    OFFICER_GULOU,
    OFFICER_XUANWU,
    REPORT_READERS,
    REVIEWER,
    ROLES,
    SIGNED_OUT,
    STAFF,
    SUPERUSER,
    SUPERVISOR_MEIYUAN,
    SUPERVISOR_XINJIEKOU,
    A,
    Access,
    Entry,
)

# What other modules read from here (the other role sets are in url_matrix_roles).
__all__ = [
    "A",
    "ADMIN_LOGIN",
    "ADMIN_SAMPLES",
    "ALL_SIGNED_IN",
    "ANONYMOUS",
    "AUDITOR",
    "Access",
    "CITY_ADMIN",
    "DIRECTOR_DAXINGGONG",
    "DIRECTOR_MEIYUAN",
    "DIRECTOR_NINGHAI",
    "Entry",
    "INACTIVE",
    "KNOWN_DIVERGENCES",
    "LIAISON",
    "OFFICER_GULOU",
    "OFFICER_XUANWU",
    "REPORT_READERS",
    "REVIEWER",
    "ROLES",
    "SIGNED_OUT",
    "STAFF",
    "SUPERUSER",
    "SUPERVISOR_MEIYUAN",
    "SUPERVISOR_XINJIEKOU",
    "TABLE",
]

# The shared layer's patterns: signing in, accounts, sessions.
SITE_ENTRIES: list[Entry] = [
    # --- public and accounts -------------------------------------------------------------
    Entry("login", get=A(ROLES), post=A(ROLES), public=True),
    Entry("logout", post=A(ROLES), public=True),
    Entry("set_language", get=A(ROLES), post=A(ROLES), public=True, post_data={"language": "zh-hans"}),
    Entry("home", get=A(ALL_SIGNED_IN)),
    # User accounts of one's area and the administrator's password reset (issue 9): the city
    # administrator and district officers; an account outside one's area does not exist.
    Entry("account_list", get=A(ACCOUNT_MANAGERS)),
    Entry("account_reset_password", record="account", readers=ALL_SIGNED_IN, post=A(ACCOUNT_MANAGERS)),
    Entry("account_reset_done", record="account", readers=ALL_SIGNED_IN, get=A(ACCOUNT_MANAGERS)),
    # One's own password. Its POST is every signed-in user's, the auditor's too (an account
    # action, not a write to the data the auditor only reads), so it is left out of the
    # table's read-only auditor rule and checked in accounts/tests/test_hardening.py.
    Entry("password_change", get=A(ALL_SIGNED_IN)),
    # The session warning's 继续工作 (issue 8, item 5): POST only; like the password, every
    # signed-in user's own session (the auditor's too), so its POST is checked in
    # submissions/tests/test_session_and_csrf.py rather than under the read-only rule.
    Entry("submissions:keep_alive"),
]

# The logs and export jobs, last: the pages that read the access log are visited after the
# pages whose exports write it (test_page_languages reads the log those visits left).
LOG_ENTRIES: list[Entry] = [
    # --- audit --------------------------------------------------------------------------------
    Entry("audit:access_log", get=A(LOG_READERS)),
    Entry("exports:access_log", get=A(LOG_READERS)),
    # --- a large export's job: its owner's only (officer_xuanwu's job); anyone else 404 ----
    *(
        Entry(name, record="export_job", readers=EXPORT_JOB_OWNER, get=A(EXPORT_JOB_OWNER, parent=NOBODY))
        for name in ("exports:job", "exports:job_progress", "exports:job_download")
    ),
    # --- workflow: the state changes, read by those who read the access log ---------------------
    Entry("workflow:events", get=A(LOG_READERS)),
]

TABLE: list[Entry] = [
    *SITE_ENTRIES,
    *REGISTRY_ENTRIES,
    *DISCOVERY_ENTRIES,
    *BENEFITS_ENTRIES,
    *OUTREACH_ENTRIES,
    *CASES_ENTRIES,
    *REPORTS_ENTRIES,
    *STATIONS_ENTRIES,
    *DEADLINES_ENTRIES,
    *LOG_ENTRIES,
]


# Django's admin is one group: the matrix requests its index and one change list; every
# other `admin:*` pattern sits behind the same `admin_view` wrapper.
ADMIN_SAMPLES = ("admin:index", "admin:registry_child_changelist")
ADMIN_LOGIN = "admin:login"
