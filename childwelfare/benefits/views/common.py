"""What the benefits pages share: who may open them at all (the shared guards of
childwelfare.access) and the spreadsheet content type."""

from __future__ import annotations

from childwelfare.access.guards import page_for
from childwelfare.accounts.permissions import can_read_children

from ..permissions import can_read_payrolls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Signed in, and a role that reads children in an area (the benefits pages' audience);
# liaisons and reviewers work only on what is assigned to them (DOMAIN.md §9): 403.
reader_required = page_for(can_read_children)
# Payrolls as a whole: the city, district officers and auditors (Payroll.scope).
payroll_reader_required = page_for(can_read_payrolls)
