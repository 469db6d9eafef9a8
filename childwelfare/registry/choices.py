from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Category(models.TextChoices):
    """Categories of children in difficulty and left-behind children (DOMAIN.md §3)."""

    INSTITUTIONAL_ORPHAN = "institutional_orphan", _("机构养育孤儿")
    SCATTERED_ORPHAN = "scattered_orphan", _("社会散居孤儿")
    DE_FACTO_UNSUPPORTED = "de_facto_unsupported", _("事实无人抚养儿童")
    SERIOUSLY_ILL_OR_DISABLED = "seriously_ill_or_disabled", _("重病重残儿童")
    RURAL_LEFT_BEHIND = "rural_left_behind", _("农村留守儿童")
    MIGRANT = "migrant", _("流动儿童")
    DIBAO_FAMILY = "dibao_family", _("低保特困家庭儿童")
    OTHER_IN_DIFFICULTY = "other_in_difficulty", _("其他困境儿童")


# Categories that carry a monthly basic living allowance (DOMAIN.md §2). A child holds at
# most one of them at a time, and only the district (which confirms eligibility) may grant
# one: see registry.services.add_category.
ALLOWANCE_CATEGORIES = [
    Category.INSTITUTIONAL_ORPHAN,
    Category.SCATTERED_ORPHAN,
    Category.DE_FACTO_UNSUPPORTED,
    Category.SERIOUSLY_ILL_OR_DISABLED,
]


# Names seen in district rosters for each category (issue: Foundation, roster import).
CATEGORY_SYNONYMS = {
    Category.INSTITUTIONAL_ORPHAN: ["机构养育孤儿", "机构孤儿", "集中供养孤儿", "机构供养孤儿"],
    Category.SCATTERED_ORPHAN: ["社会散居孤儿", "散居孤儿", "分散供养孤儿"],
    Category.DE_FACTO_UNSUPPORTED: ["事实无人抚养儿童", "事实无人抚养", "事实孤儿"],
    Category.SERIOUSLY_ILL_OR_DISABLED: [
        "重病重残儿童",
        "重病重残",
        "重病儿童",
        "重残儿童",
        "重病或重残儿童",
    ],
    Category.RURAL_LEFT_BEHIND: ["农村留守儿童", "留守儿童"],
    Category.MIGRANT: ["流动儿童"],
    Category.DIBAO_FAMILY: [
        "低保特困家庭儿童",
        "低保家庭儿童",
        "特困家庭儿童",
        "低保儿童",
        "特困儿童",
        "低保、特困家庭儿童",
    ],
    Category.OTHER_IN_DIFFICULTY: ["其他困境儿童", "其他"],
}


class SchoolStatus(models.TextChoices):
    PRESCHOOL = "preschool", _("学龄前")
    IN_SCHOOL = "in_school", _("在校")
    DROPPED_OUT = "dropped_out", _("辍学")
    NOT_ENROLLED = "not_enrolled", _("未入学")


SCHOOL_STATUS_SYNONYMS = {
    SchoolStatus.PRESCHOOL: ["学龄前", "学前", "未到学龄", "幼儿园", "在园"],
    SchoolStatus.IN_SCHOOL: ["在校", "在读", "在学", "就读"],
    SchoolStatus.DROPPED_OUT: ["辍学", "失学"],
    SchoolStatus.NOT_ENROLLED: ["未入学", "未就学", "未上学"],
}


class DisabilityType(models.TextChoices):
    VISUAL = "visual", _("视力残疾")
    HEARING = "hearing", _("听力残疾")
    SPEECH = "speech", _("言语残疾")
    PHYSICAL = "physical", _("肢体残疾")
    INTELLECTUAL = "intellectual", _("智力残疾")
    MENTAL = "mental", _("精神残疾")
    MULTIPLE = "multiple", _("多重残疾")


# Disability certificate grades (残疾人证): 一级 is the most severe.
DISABILITY_GRADES = [(1, _("一级")), (2, _("二级")), (3, _("三级")), (4, _("四级"))]

# The 19th and 20th characters of a second-generation certificate number (20 characters:
# the holder's ID number, then the type digit and the grade digit).
CERTIFICATE_TYPE_DIGITS = {
    "1": DisabilityType.VISUAL,
    "2": DisabilityType.HEARING,
    "3": DisabilityType.SPEECH,
    "4": DisabilityType.PHYSICAL,
    "5": DisabilityType.INTELLECTUAL,
    "6": DisabilityType.MENTAL,
    "7": DisabilityType.MULTIPLE,
}


class Relation(models.TextChoices):
    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")
    GRANDFATHER = "grandfather", _("祖父")
    GRANDMOTHER = "grandmother", _("祖母")
    MATERNAL_GRANDFATHER = "maternal_grandfather", _("外祖父")
    MATERNAL_GRANDMOTHER = "maternal_grandmother", _("外祖母")
    SIBLING = "sibling", _("兄弟姐妹")
    UNCLE_AUNT = "uncle_aunt", _("叔伯姑舅姨")
    OTHER_RELATIVE = "other_relative", _("其他亲属")
    COMMITTEE = "committee", _("村（居）委会")
    CIVIL_AFFAIRS = "civil_affairs", _("民政部门")
    OTHER = "other", _("其他")


RELATION_SYNONYMS = {
    Relation.FATHER: ["父亲", "父", "父子", "父女", "爸爸"],
    Relation.MOTHER: ["母亲", "母", "母子", "母女", "妈妈"],
    Relation.GRANDFATHER: ["祖父", "爷爷", "祖孙"],
    Relation.GRANDMOTHER: ["祖母", "奶奶"],
    Relation.MATERNAL_GRANDFATHER: ["外祖父", "外公", "姥爷"],
    Relation.MATERNAL_GRANDMOTHER: ["外祖母", "外婆", "姥姥"],
    Relation.SIBLING: ["兄弟姐妹", "哥哥", "姐姐", "兄", "姐", "兄妹", "姐弟"],
    Relation.UNCLE_AUNT: [
        "叔伯姑舅姨",
        "叔叔",
        "伯父",
        "姑姑",
        "舅舅",
        "姨妈",
        "阿姨",
        "叔",
        "伯",
        "姑",
        "舅",
        "姨",
    ],
    Relation.OTHER_RELATIVE: ["其他亲属", "亲属"],
    Relation.COMMITTEE: ["村（居）委会", "村委会", "居委会", "村(居)委会"],
    Relation.CIVIL_AFFAIRS: ["民政部门", "民政"],
    Relation.OTHER: ["其他"],
}


class ParentSituation(models.TextChoices):
    """The eight situations of 民发〔2019〕62号 (DOMAIN.md §4), plus deceased, declared
    missing and migrant worker (needed for orphan and left-behind rules)."""

    SEVERELY_DISABLED = "severely_disabled", _("重残")
    SERIOUSLY_ILL = "seriously_ill", _("重病")
    IN_CUSTODY = "in_custody", _("服刑在押")
    DRUG_REHABILITATION = "drug_rehabilitation", _("强制隔离戒毒")
    OTHER_RESTRICTION = "other_restriction", _("被执行其他限制人身自由的措施")
    OUT_OF_CONTACT = "out_of_contact", _("失联")
    GUARDIANSHIP_REVOKED = "guardianship_revoked", _("被撤销监护资格")
    DEPORTED = "deported", _("被遣送（驱逐）出境")
    DECEASED = "deceased", _("死亡（宣告死亡）")
    DECLARED_MISSING = "declared_missing", _("宣告失踪")
    MIGRANT_WORKER = "migrant_worker", _("外出务工")


EIGHT_SITUATIONS = frozenset(
    {
        ParentSituation.SEVERELY_DISABLED,
        ParentSituation.SERIOUSLY_ILL,
        ParentSituation.IN_CUSTODY,
        ParentSituation.DRUG_REHABILITATION,
        ParentSituation.OTHER_RESTRICTION,
        ParentSituation.OUT_OF_CONTACT,
        ParentSituation.GUARDIANSHIP_REVOKED,
        ParentSituation.DEPORTED,
    }
)

ETHNIC_GROUPS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
    "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 "
    "仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()


class SpellStatus(models.TextChoices):
    """Whether a category spell is confirmed. A spell of a paid category (ALLOWANCE_CATEGORIES)
    written from a roster row or a profile edit waits for a second person of the district
    (benefits.spell_review); other spells, and those from a confirmed application, are
    confirmed as they are written."""

    PENDING = "pending", _("待复核")
    CONFIRMED = "confirmed", _("已确认")
    REFUSED = "refused", _("不予确认")


def initial_spell_status(category: str) -> str:
    """The status a new spell of `category` starts in: pending for a paid category."""
    return SpellStatus.PENDING if category in ALLOWANCE_CATEGORIES else SpellStatus.CONFIRMED


class FileStatus(models.TextChoices):
    """Where a child's file stands (issue 9, the child file over time): open files are on the
    work lists; a closed one stays searchable; a merged one points to the file it was merged
    into."""

    OPEN = "open", _("在档")
    CLOSED = "closed", _("已结档")
    MERGED = "merged", _("已合并")


class CloseReason(models.TextChoices):
    """Why a file was closed; OTHER needs a note."""

    ADULT = "adult", _("年满18周岁")
    MOVED_AWAY = "moved_away", _("迁出本市")
    DIED = "died", _("死亡")
    OTHER = "other", _("其他")


class TransferStatus(models.TextChoices):
    """A proposed move of a child to a community of another area (迁移, issue 9)."""

    PROPOSED = "proposed", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    REFUSED = "refused", _("已拒绝")
    CANCELLED = "cancelled", _("已撤回")
