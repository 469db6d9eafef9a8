"""The insurance pages: a roster generated for a scheme and a policy-number import that writes
nothing when a row is bad."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.benefits.tests.helpers import TODAY, as_user, csv_file, messages_of, page, payroll_children
from childwelfare.registry.choices import Category
from childwelfare.registry.models import RosterImport
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_insurance_roster_and_policy_import_all_or_nothing(
    client, city, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the upload is kept until its job has run
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险",
        kind=InsuranceKind.ACCIDENT,
        categories=[Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
        insurer="某保险公司",
    )
    _, full, _ = payroll_children()  # 刘小芳 (梅园) and 郑小宁 (鼓楼) hold the category today
    as_user(client, city, "officer_xuanwu")
    scheme_url = reverse("benefits:insurance_scheme", args=[scheme.pk])
    page(client, scheme_url)
    year = TODAY.year
    response = client.post(
        reverse("benefits:insurance_roster", args=[scheme.pk]),
        {"roster-area": named.XUANWU, "roster-year": year, "roster-as_of": TODAY.isoformat()},
        follow=True,
    )
    assert "新增 1 人" in " ".join(messages_of(response))
    enrolment = InsuranceEnrolment.objects.get()
    assert (enrolment.child, enrolment.area_id, enrolment.category) == (
        full,
        named.MEIYUAN,
        "scattered_orphan",
    )
    index = page(client, reverse("benefits:insurance_index") + f"?year={year}")
    assert [(row["district"], row["cells"]) for row in index.context["districts"]] == [("玄武区", [1])]

    # A bad row: every error listed, nothing written.
    bad = csv_file(
        [("公民身份号码", "保单号"), (full.id_number, "PA-0001"), ("320102201401010000", "PA-0002")]
    )
    # Imported by a background job (run here at once, TASKS_IMMEDIATE): its page shows the errors.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("benefits:insurance_policies", args=[scheme.pk]),
            {"policy-year": year, "policy-file": bad},
        )
    job = RosterImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("registry:import_job", args=[job.pk])
    html = client.get(response.url).content.decode()
    assert job.kind == "policies" and "保单号导入" in html and "未导入任何数据" in html
    assert "发现 1 处错误" in html and '<td data-label="行号">3</td>' in html
    assert job.status == RosterImport.Status.REJECTED and not job.file
    assert InsuranceEnrolment.objects.get().policy_number == ""
    # Every attempt is logged, the refused one too (issue 13 §9).
    assert "未导入" in AccessLog.objects.get(action=AccessAction.IMPORT).detail
    good = csv_file([("公民身份号码", "保单号"), (full.id_number, "PA-0001")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("benefits:insurance_policies", args=[scheme.pk]),
            {"policy-year": year, "policy-file": good},
        )
    response = client.get(response.url)
    assert "已导入保单号：共 1 行，更新 1 人" in response.content.decode()
    assert response.context["back_url"].endswith(f"?year={year}")
    assert InsuranceEnrolment.objects.get().policy_number == "PA-0001"
    assert AccessLog.objects.filter(action=AccessAction.IMPORT).latest("pk").row_count == 1
    # A file in a format that is not a spreadsheet.
    text = io.BytesIO(b"x")
    text.name = "policies.txt"
    response = client.post(
        reverse("benefits:insurance_policies", args=[scheme.pk]), {"policy-year": year, "policy-file": text}
    )
    assert "不支持的文件格式" in response.content.decode()

    # Scope: 鼓楼区 does not see 玄武区's enrolment; a director may read but not generate.
    as_user(client, city, "officer_gulou")
    assert page(client, scheme_url + f"?year={year}").context["total"] == 0
    as_user(client, city, "director_meiyuan")
    assert page(client, scheme_url + f"?year={year}").context["total"] == 1
    response = client.post(
        reverse("benefits:insurance_roster", args=[scheme.pk]),
        {"roster-area": named.XUANWU, "roster-year": year, "roster-as_of": TODAY.isoformat()},
    )
    assert response.status_code == 403
