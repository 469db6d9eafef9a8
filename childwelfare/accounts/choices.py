from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles of DOMAIN.md §9."""

    CITY_ADMIN = "city_admin", _("市级管理员")
    DISTRICT_OFFICER = "district_officer", _("区民政干部")
    CHILD_SUPERVISOR = "child_supervisor", _("儿童督导员")
    CHILD_DIRECTOR = "child_director", _("儿童主任")
    STATION_STAFF = "station_staff", _("工作站人员")
    DEPARTMENT_LIAISON = "department_liaison", _("部门联络员")
    REVIEWER = "reviewer", _("评审专家")
    AUDITOR = "auditor", _("审计员")


class Department(models.TextChoices):
    """Partner departments a liaison can belong to (DOMAIN.md §9)."""

    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    EDUCATION = "education", _("教育")
    PUBLIC_SECURITY = "public_security", _("公安")
    HEALTH = "health", _("卫生健康")
    MEDICAL_INSURANCE = "medical_insurance", _("医疗保障")
    JUSTICE = "justice", _("司法行政")
    WOMENS_FEDERATION = "womens_federation", _("妇联")
    PROCURATORATE = "procuratorate", _("检察院")
    COURT = "court", _("法院")
    HUMAN_RESOURCES = "human_resources", _("人力资源和社会保障")
    DISABLED_FEDERATION = "disabled_federation", _("残联")
    YOUTH_LEAGUE = "youth_league", _("共青团")
    OTHER = "other", _("其他")


# Roles that see children in their area subtree. Liaisons and reviewers see only what is
# assigned to them (DOMAIN.md §9), so the child file is closed to them.
CHILD_READER_ROLES = {
    Role.CITY_ADMIN,
    Role.DISTRICT_OFFICER,
    Role.CHILD_SUPERVISOR,
    Role.CHILD_DIRECTOR,
    Role.STATION_STAFF,
    Role.AUDITOR,
}
CHILD_EDITOR_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR}
AREA_MANAGER_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_OFFICER}
# Roster import jobs (their progress and error report): those who import, and the auditor
# who checks what was loaded into the child file (DOMAIN.md §9: auditors read everything).
ROSTER_IMPORT_READER_ROLES = CHILD_EDITOR_ROLES | {Role.AUDITOR}

# One sentence per role on its home page (the "您可以" panel), above the links to its pages.
ROLE_SUMMARIES = {
    Role.CITY_ADMIN: _("您负责全市的儿童福利工作：查看各区的儿童档案和工作进度，管理用户账号和重置密码。"),
    Role.DISTRICT_OFFICER: _(
        "您负责本区的儿童福利工作：确认排查结果、审批保障申请、计算和审核月度发放，督办问题，管理本区的用户账号。"
    ),
    Role.CHILD_SUPERVISOR: _(
        "您负责本乡镇（街道）：核实儿童主任提交的排查记录，走访重点儿童，跟进问题和保障申请。"
    ),
    Role.CHILD_DIRECTOR: _("您负责本村（居）的儿童：排查、定期走访、登记发现的问题，维护儿童档案。"),
    Role.STATION_STAFF: _("您在儿童工作站：查看所辖儿童档案，登记帮扶措施和走访。"),
    Role.DEPARTMENT_LIAISON: _(
        "您负责办理分派给本部门的问题和会商任务。儿童档案不向部门联络员开放，您只能看到分派给本部门的事项。"
    ),
    Role.REVIEWER: _("您负责为评选申报材料打分。评审任务开放后会显示在这里。您不能查看儿童档案。"),
    Role.AUDITOR: _(
        "您可以只读查看所辖区域内的儿童档案，核查修改记录。查看完整身份证号、导出和导入均记入访问日志。您不能修改任何数据。"
    ),
}

# Roles whose home page explains their work instead of showing area figures.
EXPLAINED_ROLES = {Role.DEPARTMENT_LIAISON, Role.REVIEWER, Role.AUDITOR}
# Payrolls (a district's month, its lines and its bank file): the city, the district's
# officers and auditors. Below the district, the payroll pages answer 404 like a missing one.
PAYROLL_READER_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR}
# A child's payment account (收款账户), masked: the city, the district and the township's
# supervisor (who may change it), and auditors; not the village's director or station staff.
ACCOUNT_READER_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR, Role.AUDITOR}
# Who checks the access log and the state changes (DOMAIN.md §9: auditors read everything).
ACCESS_LOG_READER_ROLES = {Role.AUDITOR, Role.DISTRICT_OFFICER, Role.CITY_ADMIN}
