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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .url_matrix_divergences import KNOWN_DIVERGENCES

ANONYMOUS = "anonymous"
INACTIVE = "inactive"
SUPERUSER = "superuser"
CITY_ADMIN = "admin_nanjing"
OFFICER_XUANWU = "officer_xuanwu"
OFFICER_GULOU = "officer_gulou"
SUPERVISOR_MEIYUAN = "supervisor_meiyuan"
SUPERVISOR_XINJIEKOU = "supervisor_xinjiekou"
DIRECTOR_MEIYUAN = "director_meiyuan"
DIRECTOR_DAXINGGONG = "director_daxinggong"
DIRECTOR_NINGHAI = "director_ninghai"
STAFF = "staff_meiyuan"
LIAISON = "liaison_education_xuanwu"
REVIEWER = "reviewer_nanjing"
AUDITOR = "auditor_xuanwu"

ROLES = (
    ANONYMOUS,
    INACTIVE,
    SUPERUSER,
    CITY_ADMIN,
    OFFICER_XUANWU,
    OFFICER_GULOU,
    SUPERVISOR_MEIYUAN,
    SUPERVISOR_XINJIEKOU,
    DIRECTOR_MEIYUAN,
    DIRECTOR_DAXINGGONG,
    DIRECTOR_NINGHAI,
    STAFF,
    LIAISON,
    REVIEWER,
    AUDITOR,
)
SIGNED_OUT = frozenset({ANONYMOUS, INACTIVE})

OFFICERS = frozenset({OFFICER_XUANWU, OFFICER_GULOU})
SUPERVISORS = frozenset({SUPERVISOR_MEIYUAN, SUPERVISOR_XINJIEKOU})
DIRECTORS = frozenset({DIRECTOR_MEIYUAN, DIRECTOR_DAXINGGONG, DIRECTOR_NINGHAI})
NOBODY: frozenset[str] = frozenset()

# Who reads the child file and what hangs off it (DOMAIN.md §9): liaisons and reviewers see
# only what is assigned to them.
READERS = frozenset({SUPERUSER, CITY_ADMIN, STAFF, AUDITOR}) | OFFICERS | SUPERVISORS | DIRECTORS
# Who adds and changes children and imports rosters.
EDITORS = frozenset({SUPERUSER, CITY_ADMIN}) | OFFICERS | SUPERVISORS | DIRECTORS
# Who manages campaigns, standards and insurance over an area: the city and district offices.
AREA_OFFICES = frozenset({SUPERUSER, CITY_ADMIN}) | OFFICERS
# Who reads payrolls: the offices that run and check them, and the auditor.
PAYROLL_READERS = AREA_OFFICES | {AUDITOR}
# Who confirms (step 3, applications, payroll): the district officer.
CONFIRMERS = frozenset({SUPERUSER}) | OFFICERS
# Who screens (step 1) and registers a child found in screening: the community's director.
SCREENERS = frozenset({SUPERUSER}) | DIRECTORS
# Who verifies (step 2): the street's supervisor.
VERIFIERS = frozenset({SUPERUSER}) | SUPERVISORS
# Home visits and problems raised: directors, supervisors, district officers.
VISITORS = frozenset({SUPERUSER}) | OFFICERS | SUPERVISORS | DIRECTORS
# Care measures: visitors and the workstation's staff.
CARERS = VISITORS | {STAFF}
# Eligibility applications are recorded by directors, supervisors or district officers.
APPLICANTS = VISITORS
# A child's payment account: read by the city, the district, the township's supervisor and
# auditors; entered and changed by the district officer and the township's supervisor; the
# full number revealed (logged) to readers holding the per-user "view full ID" permission.
ACCOUNT_READERS = frozenset({SUPERUSER, CITY_ADMIN, AUDITOR}) | OFFICERS | SUPERVISORS
ACCOUNT_EDITORS = frozenset({SUPERUSER}) | OFFICERS | SUPERVISORS
ACCOUNT_REVEALERS = frozenset({SUPERUSER, CITY_ADMIN}) | OFFICERS
# The access log: auditors, district officers and the city.
LOG_READERS = AREA_OFFICES | {AUDITOR}
# A background export's job and file: the person who asked for it, nobody else.
EXPORT_JOB_OWNER = frozenset({OFFICER_XUANWU})
# Issue 10: guardianship by civil affairs is the district officer's; an unknown-identity
# child is registered (and completed) by district officers and the township's supervisors.
GUARDIANS = frozenset({SUPERUSER}) | OFFICERS
UNKNOWN_REGISTRARS = frozenset({SUPERUSER}) | OFFICERS | SUPERVISORS
# Who manages the user accounts of their area (accounts.permissions.can_manage_accounts).
ACCOUNT_MANAGERS = AREA_OFFICES


@dataclass(frozen=True)
class Access:
    """Roles allowed for a record of the user's own area subtree and for a record of an area
    above the user's (`parent`; the same as `own` unless given)."""

    own: frozenset[str]
    parent: frozenset[str] | None = None

    def allowed(self, relation: str) -> frozenset[str]:
        if relation == "own":
            return self.own
        if relation == "parent":
            return self.own if self.parent is None else self.parent
        return NOBODY


@dataclass(frozen=True)
class Entry:
    """One URL pattern. `record` names the fixture record its `pk` comes from (None: a page
    without one); `query` is appended to the URL ("{pk}" and "{child}" are filled in).
    `get`/`post` None: that method is not checked (`get` None means GET answers 405)."""

    name: str
    get: Access | None = None
    post: Access | None = None
    record: str | None = None
    readers: frozenset[str] = READERS
    query: str = ""
    post_data: dict = field(default_factory=dict)
    public: bool = False
    pk_in_path: bool = True


def A(own, parent=None) -> Access:
    return Access(frozenset(own), None if parent is None else frozenset(parent))


__all__ = ["KNOWN_DIVERGENCES", "TABLE", "Access", "Entry"]

ALL_SIGNED_IN = frozenset(ROLES) - SIGNED_OUT

TABLE: list[Entry] = [
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
    # The section's front door only redirects to the application list (which checks).
    Entry("benefits:index", get=A(ROLES), public=True),
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
    # --- benefits: standards ------------------------------------------------------------------
    Entry("benefits:standard_list", get=A(READERS)),
    Entry("benefits:uprate", get=A(AREA_OFFICES), post=A(AREA_OFFICES)),
    Entry("benefits:uprating_detail", record="uprating", get=A(READERS)),
    Entry("benefits:uprating_approve", record="uprating", post=A(AREA_OFFICES, parent=NOBODY)),
    Entry("benefits:uprating_cancel", record="uprating", post=A(AREA_OFFICES, parent=NOBODY)),
    # --- benefits: applications -----------------------------------------------------------
    Entry("benefits:application_list", get=A(READERS)),
    Entry("benefits:application_export", get=A(READERS)),
    Entry(
        "benefits:application_create",
        record="child",
        pk_in_path=False,
        query="?child={pk}",
        get=A(APPLICANTS),
        post=A(APPLICANTS),
    ),
    Entry("benefits:application_detail", record="application", get=A(READERS)),
    Entry("benefits:application_approval_pdf", record="application", get=A(READERS)),
    Entry("benefits:application_refusal_pdf", record="refused_application", get=A(READERS)),
    Entry("benefits:application_verify", record="application", post=A(VERIFIERS)),
    Entry("benefits:application_confirm", record="application", post=A(CONFIRMERS)),
    Entry("benefits:application_refuse", record="application", post=A(VERIFIERS | CONFIRMERS)),
    Entry("benefits:application_terminate", record="application", post=A(CONFIRMERS)),
    Entry("benefits:child_search", get=A(READERS), query="?q=a"),
    Entry("benefits:eligibility_check", record="child", get=A(READERS)),
    # Paid categories awaiting the second person's check (issue 8, item 7): district officers.
    # --- benefits: a child's payment account (issue 8, item 9) -------------------------------
    Entry("benefits:bank_account", record="child", get=A(ACCOUNT_READERS)),
    Entry(
        "benefits:bank_account_edit",
        record="child",
        get=A(ACCOUNT_EDITORS),
        post=A(ACCOUNT_EDITORS),
        post_data={"bank_name": "南京银行"},
    ),
    Entry("benefits:bank_account_number", record="child", post=A(ACCOUNT_REVEALERS)),
    Entry("benefits:spell_review", get=A(CONFIRMERS), post=A(CONFIRMERS)),
    # --- benefits: payroll ------------------------------------------------------------------
    Entry("benefits:payroll_month", get=A(PAYROLL_READERS)),
    Entry("benefits:payroll_run", post=A(CONFIRMERS)),
    Entry("benefits:payroll_detail", record="payroll", readers=PAYROLL_READERS, get=A(PAYROLL_READERS)),
    Entry("benefits:payroll_lines_export", record="payroll", readers=PAYROLL_READERS, get=A(PAYROLL_READERS)),
    Entry(
        "benefits:payroll_approve",
        record="payroll",
        readers=PAYROLL_READERS,
        post=A(CONFIRMERS, parent=NOBODY),
    ),
    Entry("benefits:payroll_export", record="payroll", readers=PAYROLL_READERS, get=A(PAYROLL_READERS)),
    Entry("benefits:payroll_sheet_pdf", record="payroll", readers=PAYROLL_READERS, get=A(PAYROLL_READERS)),
    Entry("benefits:payroll_held", record="payroll", readers=PAYROLL_READERS, get=A(PAYROLL_READERS)),
    Entry("benefits:payroll_line", record="payroll_line", readers=PAYROLL_READERS, get=A(PAYROLL_READERS)),
    # --- benefits: insurance (schemes are city-wide: every reader's own) -----------------------
    Entry("benefits:insurance_index", get=A(READERS)),
    Entry("benefits:insurance_scheme", record="insurance_scheme", get=A(READERS)),
    Entry("benefits:insurance_list_export", record="insurance_scheme", get=A(READERS)),
    Entry("benefits:insurance_roster", record="insurance_scheme", post=A(AREA_OFFICES)),
    Entry("benefits:insurance_policies", record="insurance_scheme", post=A(AREA_OFFICES)),
    # The insurer's file: masked by GET, full numbers by a deliberate POST (issue 8, item 10).
    Entry("benefits:insurance_export", record="insurance_scheme", get=A(AREA_OFFICES)),
    Entry("benefits:insurance_export_full", record="insurance_scheme", post=A(AREA_OFFICES)),
    # One child's enrolment: its history for readers, removal and re-enrolment for the offices.
    Entry("benefits:insurance_enrolment", record="insurance_enrolment", get=A(READERS), post=A(AREA_OFFICES)),
    # --- issue 10: guardianship by civil affairs (readers of the child file read; the
    # child's district officer writes) and the unknown-identity child (registered and
    # completed by district officers and supervisors; a merge undone by the city only) ------
    Entry("cases:guardianship_list", get=A(READERS)),
    Entry("cases:guardianship_child", record="child", get=A(READERS)),
    Entry("cases:guardianship_create", record="child", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("cases:guardianship_detail", record="guardianship", get=A(READERS)),
    Entry("cases:guardianship_assess", record="guardianship", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("cases:guardianship_end", record="guardianship", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("cases:guardianship_convert", record="guardianship", get=A(GUARDIANS), post=A(GUARDIANS)),
    Entry("registry:unknown_child_create", get=A(UNKNOWN_REGISTRARS), post=A(UNKNOWN_REGISTRARS)),
    Entry("registry:child_photo", record="unknown_child", get=A(READERS)),
    Entry(
        "registry:child_complete_identity",
        record="unknown_child",
        get=A(UNKNOWN_REGISTRARS),
        post=A(UNKNOWN_REGISTRARS),
    ),
    Entry("registry:merge_undo", record="merge_record", post=A({SUPERUSER, CITY_ADMIN})),
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

# Django's admin is one group: the matrix requests its index and one change list; every
# other `admin:*` pattern sits behind the same `admin_view` wrapper.
ADMIN_SAMPLES = ("admin:index", "admin:registry_child_changelist")
ADMIN_LOGIN = "admin:login"
