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
# Work positions (issue 11): read by the city, districts, townships, the station's own staff
# (their station only) and auditors; registered, funded, trained and inspected by the city
# and district offices; projects and activities recorded by those, the township's
# supervisor and the station's staff.
SITE_READERS = frozenset({SUPERUSER, CITY_ADMIN, STAFF, AUDITOR}) | OFFICERS | SUPERVISORS
SITE_MANAGERS = AREA_OFFICES
WORK_RECORDERS = AREA_OFFICES | SUPERVISORS | {STAFF}
# Outreach (issue 11): the city runs campaigns and calls; the call's submissions are read by
# the city, district officers and auditors.
CITY = frozenset({SUPERUSER, CITY_ADMIN})
REPORT_READERS = AREA_OFFICES | SUPERVISORS | DIRECTORS | {AUDITOR}
SUBMISSION_READERS = frozenset({SUPERUSER, CITY_ADMIN, AUDITOR}) | OFFICERS
# Cases (issue 10): opened by the district officer or the street's supervisor; worked by the
# district officer and the case's worker (director_meiyuan for the matrix's case of 梅园社区).
CASE_OPENERS = frozenset({SUPERUSER}) | OFFICERS | SUPERVISORS
CASE_WORKERS = frozenset({SUPERUSER, DIRECTOR_MEIYUAN}) | OFFICERS
# Case conferences (issue 10): the offices that convene them and auditors read the record; a
# liaison of an invited department reads its department's part.
CONFERENCE_RECORD_READERS = AREA_OFFICES | {AUDITOR}
CONFERENCE_READERS = CONFERENCE_RECORD_READERS | {LIAISON}


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
    # --- workflow: the state changes, read by those who read the access log ---------------------
    Entry("workflow:events", get=A(LOG_READERS)),
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

# Django's admin is one group: the matrix requests its index and one change list; every
# other `admin:*` pattern sits behind the same `admin_view` wrapper.
ADMIN_SAMPLES = ("admin:index", "admin:registry_child_changelist")
ADMIN_LOGIN = "admin:login"
