"""The benefits app's entries of the URL × role matrix (standards, applications, payment
accounts, payroll and insurance).

Part of testing/url_matrix.py TABLE, which testing/tests/test_url_matrix.py reads: a new URL
pattern of this app gets its entry here, with the answers expected of each role (the rule and
the role sets: testing/url_matrix.py, testing/url_matrix_roles.py)."""

from __future__ import annotations

from childwelfare.testing.url_matrix_roles import (
    ACCOUNT_EDITORS,
    ACCOUNT_READERS,
    ACCOUNT_REVEALERS,
    APPLICANTS,
    AREA_OFFICES,
    CONFIRMERS,
    NOBODY,
    PAYROLL_READERS,
    READERS,
    ROLES,
    VERIFIERS,
    A,
    Entry,
)

BENEFITS_ENTRIES: list[Entry] = [
    # The section's front door only redirects to the application list (which checks).
    Entry("benefits:index", get=A(ROLES), public=True),
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
]
