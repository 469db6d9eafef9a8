"""django-import-export's side of bench/import_children.py: a ModelResource for Child with
the roster columns that map onto Child fields, in the modes the benchmark compares.
Imported after django.setup()."""

from __future__ import annotations

from tqdm import tqdm

DISTRICT = "320102"  # 玄武区

IE_MODES = {
    # name: (use_bulk, tuned per the "Performance tuning" section of its docs)
    "bulk": (True, True),
    "per_row": (False, True),
    "defaults": (False, False),
}


def child_resource(mode: str):
    """A django-import-export ModelResource for Child with the roster columns that map onto
    Child fields. Its own work: column → field mapping, widgets (text, date, foreign key by
    name), then save() or bulk_create(). What it needs to create a valid row at all and
    cannot do by itself is added here, and no more: 男/女 → M/F, school status by prefix,
    communities looked up within 玄武区, the keyed hash and pinyin keys (the table's unique
    id_hash), dropping the 合计 row."""
    from django.db.models.expressions import DatabaseDefault, Value
    from import_export import fields, resources, widgets

    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.registry.choices import SCHOOL_STATUS_SYNONYMS
    from childwelfare.registry.models import Child
    from childwelfare.registry.services import derived_child_fields

    bulk_mode, tuned = IE_MODES[mode]
    db_defaults = [
        (field.attname, field.db_default.value)
        for field in Child._meta.concrete_fields
        if isinstance(field.db_default, Value)
    ]
    school_prefixes = sorted(
        ((alias, code) for code, aliases in SCHOOL_STATUS_SYNONYMS.items() for alias in aliases),
        key=lambda pair: -len(pair[0]),
    )

    class GenderWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            text = super().clean(value, row, **kwargs)
            return {"男": "M", "女": "F"}.get(text, text)

    class SchoolStatusWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            text = super().clean(value, row, **kwargs)
            return next((code for alias, code in school_prefixes if text.startswith(alias)), "")

    class CommunityWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return Area.objects.filter(code__startswith=DISTRICT, level=Level.COMMUNITY)

    class CachedCommunityWidget(CommunityWidget):
        """Its docs (Bulk imports, caveats): ForeignKeyWidget reads the database for each
        row; subclass it to cache the queryset instead."""

        cache: dict | None = None

        def clean(self, value, row=None, **kwargs):
            if self.cache is None:
                self.cache = {area.name: area for area in self.get_queryset(value, row)}
            return self.cache[value] if value else None

    class ChildResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名", widget=widgets.CharWidget())
        gender = fields.Field(attribute="gender", column_name="性别", widget=GenderWidget())
        id_number = fields.Field(
            attribute="id_number", column_name="公民身份号码", widget=widgets.CharWidget()
        )
        birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget())
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=widgets.CharWidget())
        hukou_address = fields.Field(
            attribute="hukou_address", column_name="户籍地", widget=widgets.CharWidget()
        )
        address = fields.Field(attribute="address", column_name="现住址", widget=widgets.CharWidget())
        area = fields.Field(
            attribute="area",
            column_name="所属社区",
            widget=(CachedCommunityWidget if tuned else CommunityWidget)(Area, field="name"),
        )
        school_status = fields.Field(
            attribute="school_status", column_name="就学状况", widget=SchoolStatusWidget()
        )
        notes = fields.Field(attribute="notes", column_name="备注", widget=widgets.CharWidget())

        class Meta:
            model = Child
            fields = ("id", "name", "gender", "id_number", "birth_date", "ethnicity", "hukou_address")
            fields += ("address", "area", "school_status", "notes")
            use_transactions = True
            use_bulk = bulk_mode
            batch_size = 1000
            force_init_instance = tuned  # creating only: no lookup of an existing row
            skip_diff = tuned

        def __init__(self, bar: tqdm | None = None):
            super().__init__()
            self.bar = bar

        def before_import(self, dataset, **kwargs):
            if len(dataset) and str(dataset[-1][0] or "").startswith("合计"):
                del dataset[-1]

        def before_save_instance(self, instance, row, **kwargs):
            for key, value in derived_child_fields(instance.name, instance.id_number).items():
                setattr(instance, key, value)
            if tuned:
                # A field left at its db_default is sent as the SQL DEFAULT expression, which
                # keeps Django 5.2 from inserting a batch on PostgreSQL as one UNNEST of
                # arrays (its fast path): the constants are set here instead.
                for field, constant in db_defaults:
                    if isinstance(getattr(instance, field), DatabaseDefault):
                        setattr(instance, field, constant)

        def after_import_row(self, row, row_result, **kwargs):
            if self.bar is not None:
                self.bar.update()

    return ChildResource
