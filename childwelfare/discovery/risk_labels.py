"""The wording the platform ships for the grading items of version 1 (migration 0002) and its
item set, as translatable strings: an English page shows them in English (RiskItem.__str__
translates the stored label), while an item an administrator adds or renames keeps the words
typed — it has no translation, so gettext gives it back unchanged. The data stay editable."""

from django.utils.translation import gettext_noop

SHIPPED_LABELS = (
    gettext_noop("监护人无监护能力或监护能力不足"),
    gettext_noop("父母长期外出或失联，委托照料不落实"),
    gettext_noop("隔代照料且照料人年老体弱"),
    gettext_noop("家庭关系紧张或监护人不良嗜好"),
    gettext_noop("家庭经济困难，基本生活保障不足"),
    gettext_noop("患重病或需长期治疗"),
    gettext_noop("重度残疾"),
    gettext_noop("营养不良或发育迟缓"),
    gettext_noop("有明显心理或情绪问题"),
    gettext_noop("未参加医疗保险或就医困难"),
    gettext_noop("辍学或长期不到校"),
    gettext_noop("有不良行为或与不良人员交往"),
    gettext_noop("遭受欺凌"),
    gettext_noop("居住环境存在安全隐患"),
    gettext_noop("无户籍或户籍问题影响保障"),
    gettext_noop("遭受家庭暴力或虐待（紧急）"),
    gettext_noop("被遗弃（紧急）"),
    gettext_noop("独自居住、无人照料（紧急）"),
    gettext_noop("流浪乞讨或离家出走（紧急）"),
    gettext_noop("家庭遭遇重大变故（紧急）"),
    gettext_noop("江苏四色管理（默认）"),
)
