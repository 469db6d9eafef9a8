"""The vocabulary of the URL × role matrix (testing/url_matrix.py): the named roles, the
role sets each app's entries are written with (the target access policy, DOMAIN.md §9),
and `Entry` / `Access` / `A`, which an app's tests/matrix_entries.py builds its entries
from."""

from __future__ import annotations

from dataclasses import dataclass, field

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


ALL_SIGNED_IN = frozenset(ROLES) - SIGNED_OUT
