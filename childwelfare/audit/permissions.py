"""Who may read the access log (and the state-change log): auditors, district officers and
the city administrator (DOMAIN.md §9), each over their own area."""

from childwelfare.accounts.choices import ACCESS_LOG_READER_ROLES
from childwelfare.accounts.policy import has_role


def can_read_access_log(user) -> bool:
    return has_role(user, ACCESS_LOG_READER_ROLES)
