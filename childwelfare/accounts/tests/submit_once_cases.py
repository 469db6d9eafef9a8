"""The accounts' creating forms for submissions/tests/test_submit_once.py: the city
administrator's password reset of director_meiyuan, as keyword arguments of that test's Case."""

from __future__ import annotations

from django.urls import reverse

from childwelfare.accounts.models import PasswordReset

ACCOUNT_CASES = ["password reset"]


def account_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the accounts' creating forms."""
    return {
        "password reset": dict(
            url=reverse("account_list") + "?q=director_meiyuan",
            username="admin_nanjing",
            count=lambda: PasswordReset.objects.count(),
            post_url=reverse("account_reset_password", args=[world["people"]["director_meiyuan"].pk]),
        ),
    }
