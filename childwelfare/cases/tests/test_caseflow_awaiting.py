"""QA: the supervisor's home line "待我审批的个案事项" opened the whole case list; it now opens
the cases whose assessment, plan or closure waits for a decision this user may take, and the
list says the same number."""

import pytest
from django.urls import reverse

from childwelfare.cases.choices import ApprovalStage
from childwelfare.cases.services import caseflow as flow
from childwelfare.cases.tests.caseflow_world import new_case, walk

pytestmark = pytest.mark.django_db


def test_the_home_line_opens_the_cases_awaiting_the_supervisors_decision(client, people):
    waiting = walk(new_case(people), "assessment", people)
    waiting.assessment = "监护缺失"
    waiting.save()
    flow.request_approval(waiting, ApprovalStage.ASSESSMENT, actor=people["director_meiyuan"])
    other = new_case(people)  # in intake: nothing to decide
    client.force_login(people["supervisor_meiyuan"])
    home = client.get(reverse("home"))
    panel = home.context["cases_panel"]["items"]
    line = next(item for item in panel if "待我审批" in str(item.label))
    assert line.count == 1 and line.url.endswith("?awaiting=on")
    listed = client.get(line.url).context["page"].object_list
    assert [case.pk for case in listed] == [waiting.pk] and other.pk not in [c.pk for c in listed]
    # the worker who asked sees nothing to decide under the same filter
    client.force_login(people["director_meiyuan"])
    assert list(client.get(line.url).context["page"].object_list) == []
