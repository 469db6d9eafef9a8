"""Benefits (保障, DOMAIN.md §2, §4, §10): allowance standards raised with the dibao
standard, eligibility applications with statutory working-day deadlines, monthly payrolls
and insurance rosters. Money is Decimal yuan with two places; every payroll line keeps the
inputs it was computed from."""

from .applications import BankAccount, EligibilityApplication
from .insurance import InsuranceEnrolment, InsuranceScheme
from .payroll import Payroll, PayrollLine
from .standards import AllowanceStandard, DibaoStandard, HolidayOverride, Uprating, UpratingLine

__all__ = [
    "AllowanceStandard",
    "BankAccount",
    "DibaoStandard",
    "EligibilityApplication",
    "HolidayOverride",
    "InsuranceEnrolment",
    "InsuranceScheme",
    "Payroll",
    "PayrollLine",
    "Uprating",
    "UpratingLine",
]
