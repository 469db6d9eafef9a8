from childwelfare.access.scope import ScopedQuerySet


class AccessLogQuerySet(ScopedQuerySet):
    """Who saw or moved children's data: for auditors, district officers and the city
    administrator, the entries of users whose area lies inside theirs (AccessLog.scope)."""
