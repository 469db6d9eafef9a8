"""Steps posted from a page that no longer shows the record as it is (QA, issue 7): a payroll
recomputed in another tab, a campaign changed since the page was loaded, a post with no or a
malformed version. Each is refused as a conflict and changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.benefits.choices import PayrollStatus
from childwelfare.benefits.models import Payroll
from childwelfare.benefits.tests.helpers import as_user, messages_of, payroll_children
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def run_march(client):
    client.post(reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU})
    return Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 3, 1))


def test_a_payroll_recomputed_after_the_page_was_loaded_is_not_approved(client, city):
    payroll_children()
    as_user(client, city, "officer_xuanwu")
    seen = run_march(client)
    # The second officer (four eyes) opens the payroll to approve it …
    as_user(client, city, "officer2_xuanwu")
    page = client.get(reverse("benefits:payroll_detail", args=[seen.pk])).content.decode()
    assert f'name="version" value="{seen.version}"' in page
    # … while the first recomputes it.
    as_user(client, city, "officer_xuanwu")
    recomputed = run_march(client)
    assert recomputed.version == seen.version + 1
    as_user(client, city, "officer2_xuanwu")
    response = client.post(
        reverse("benefits:payroll_approve", args=[seen.pk]), {"version": seen.version}, follow=True
    )
    assert Payroll.objects.get(pk=seen.pk).status == PayrollStatus.DRAFT
    assert any("他人" in message for message in messages_of(response))


@pytest.mark.parametrize("posted", [{}, {"version": "zz"}])
def test_an_approval_without_a_whole_number_version_changes_nothing(client, city, posted):
    payroll_children()
    as_user(client, city, "officer_xuanwu")
    payroll = run_march(client)
    as_user(client, city, "officer2_xuanwu")
    client.post(reverse("benefits:payroll_approve", args=[payroll.pk]), posted)
    assert Payroll.objects.get(pk=payroll.pk).status == PayrollStatus.DRAFT
    # The same second person with the version the page showed does approve it.
    client.post(reverse("benefits:payroll_approve", args=[payroll.pk]), {"version": payroll.version})
    assert Payroll.objects.get(pk=payroll.pk).status == PayrollStatus.APPROVED
