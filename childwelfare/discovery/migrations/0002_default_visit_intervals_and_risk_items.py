"""Default settings of four-colour management (DOMAIN.md §5): visit intervals per colour and
version 1 of the grading items and thresholds. Administrators change them in the admin; a
changed item list is a new version, so assessments made with v1 keep their meaning."""

import datetime

from django.db import migrations

INTERVALS = {"red": 7, "yellow": 15, "blue": 30, "green": 90}

# (dimension, code, label, weight, emergency)
ITEMS = [
    ("guardianship", "guardian_unable", "监护人无监护能力或监护能力不足", 3, False),
    ("guardianship", "guardian_absent", "父母长期外出或失联，委托照料不落实", 3, False),
    ("guardianship", "elderly_carer", "隔代照料且照料人年老体弱", 2, False),
    ("guardianship", "family_conflict", "家庭关系紧张或监护人不良嗜好", 2, False),
    ("guardianship", "economic_hardship", "家庭经济困难，基本生活保障不足", 1, False),
    ("health", "serious_illness", "患重病或需长期治疗", 3, False),
    ("health", "severe_disability", "重度残疾", 3, False),
    ("health", "malnutrition", "营养不良或发育迟缓", 2, False),
    ("health", "mental_health", "有明显心理或情绪问题", 2, False),
    ("health", "no_medical_cover", "未参加医疗保险或就医困难", 1, False),
    ("behaviour_safety", "out_of_school", "辍学或长期不到校", 2, False),
    ("behaviour_safety", "bad_behaviour", "有不良行为或与不良人员交往", 2, False),
    ("behaviour_safety", "bullied", "遭受欺凌", 2, False),
    ("behaviour_safety", "unsafe_housing", "居住环境存在安全隐患", 1, False),
    ("behaviour_safety", "no_hukou", "无户籍或户籍问题影响保障", 1, False),
    ("behaviour_safety", "domestic_violence", "遭受家庭暴力或虐待（紧急）", 0, True),
    ("behaviour_safety", "abandoned", "被遗弃（紧急）", 0, True),
    ("behaviour_safety", "living_alone", "独自居住、无人照料（紧急）", 0, True),
    ("behaviour_safety", "runaway_begging", "流浪乞讨或离家出走（紧急）", 0, True),
    ("behaviour_safety", "family_disaster", "家庭遭遇重大变故（紧急）", 0, True),
]


def forwards(apps, schema_editor):
    VisitInterval = apps.get_model("discovery", "VisitInterval")
    RiskItemSet = apps.get_model("discovery", "RiskItemSet")
    RiskItem = apps.get_model("discovery", "RiskItem")
    for colour, days in INTERVALS.items():
        VisitInterval.objects.get_or_create(colour=colour, defaults={"interval_days": days})
    item_set, created = RiskItemSet.objects.get_or_create(
        version=1,
        defaults={
            "name": "江苏四色管理（默认）",
            "effective_from": datetime.date(2020, 1, 1),
            "red_min_score": 8,
            "yellow_min_score": 5,
            "blue_min_score": 2,
            "notes": "得分≥8红色，5–7黄色，2–4蓝色，0–1绿色；任一紧急情形直接红色。",
        },
    )
    if created:
        RiskItem.objects.bulk_create(
            RiskItem(item_set=item_set, dimension=d, code=c, label=l, weight=w, is_emergency=e, position=i)
            for i, (d, c, l, w, e) in enumerate(ITEMS)
        )


def backwards(apps, schema_editor):
    apps.get_model("discovery", "RiskItem").objects.filter(item_set__version=1).delete()
    apps.get_model("discovery", "RiskItemSet").objects.filter(version=1).delete()
    apps.get_model("discovery", "VisitInterval").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("discovery", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
