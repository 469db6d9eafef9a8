"""Issue 13, finding 6: no clear part of an ID number and no clear phone number in the
database. Child.id_last4 becomes a keyed hash (id_last4_hash); the phone numbers of
children and family members, in their tables and in their history tables, are encrypted
(Fernet, like the ID numbers), with a keyed hash for exact search (phone_hash).

Forward: the new columns are added, the hashes filled from the decrypted numbers, every
phone (history rows included) rewritten encrypted, then id_last4 removed. Backward: id_last4
is refilled from the decrypted ID numbers and the phones are written back in clear.
"""

from django.conf import settings
from django.db import migrations, models

import childwelfare.lib.protected_fields
from childwelfare.lib.idnumber import last4_hash
from childwelfare.lib.phones import phone_hash

BATCH = 1000


def _rewrite(model, fields, fill):
    """Call fill(row) on every row (chunks of BATCH) and bulk_update `fields`."""
    batch = []
    for row in model.objects.order_by("pk").iterator(chunk_size=BATCH):
        fill(row)
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)


def encrypt_and_hash(apps, schema_editor):
    key = settings.ID_HASH_KEY

    def child(row):
        # Reading a clear value through the encrypted field returns it unchanged (the
        # library ignores a value that is not a Fernet token); writing it encrypts it.
        row.id_last4_hash = last4_hash(row.id_number, key) if row.id_number else ""
        row.phone = row.phone or ""
        row.phone_hash = phone_hash(row.phone, key)

    def member(row):
        row.phone = row.phone or ""
        row.phone_hash = phone_hash(row.phone, key)

    def history(row):
        row.phone = row.phone or ""

    _rewrite(apps.get_model("registry", "Child"), ["id_last4_hash", "phone", "phone_hash"], child)
    _rewrite(apps.get_model("registry", "FamilyMember"), ["phone", "phone_hash"], member)
    for name in ("HistoricalChild", "HistoricalFamilyMember"):
        _rewrite(apps.get_model("registry", name), ["phone"], history)


def decrypt_and_restore(apps, schema_editor):
    Child = apps.get_model("registry", "Child")
    for row in Child.objects.order_by("pk").iterator(chunk_size=BATCH):
        Child.objects.filter(pk=row.pk).update(id_last4=(row.id_number or "")[-4:])
    for name in ("Child", "FamilyMember", "HistoricalChild", "HistoricalFamilyMember"):
        model = apps.get_model("registry", name)
        for pk, phone in model.objects.values_list("pk", "phone").iterator(chunk_size=BATCH):
            # A Value with a plain CharField bypasses the encrypting field: back in clear.
            model.objects.filter(pk=pk).update(phone=models.Value(phone or "", output_field=models.CharField()))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_prefix_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="child",
            name="id_last4_hash",
            field=childwelfare.lib.protected_fields.KeyedHashField(
                db_index=True, purpose="id_last4", source="id_number"
            ),
        ),
        migrations.AddField(
            model_name="child",
            name="phone_hash",
            field=childwelfare.lib.protected_fields.KeyedHashField(db_index=True, purpose="phone", source="phone"),
        ),
        migrations.AddField(
            model_name="familymember",
            name="phone_hash",
            field=childwelfare.lib.protected_fields.KeyedHashField(db_index=True, purpose="phone", source="phone"),
        ),
        migrations.AlterField(
            model_name="child",
            name="phone",
            field=childwelfare.lib.protected_fields.EncryptedBlankCharField(
                blank=True, max_length=20, verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="familymember",
            name="phone",
            field=childwelfare.lib.protected_fields.EncryptedBlankCharField(
                blank=True, max_length=20, verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="historicalchild",
            name="phone",
            field=childwelfare.lib.protected_fields.EncryptedBlankCharField(
                blank=True, max_length=20, verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="historicalfamilymember",
            name="phone",
            field=childwelfare.lib.protected_fields.EncryptedBlankCharField(
                blank=True, max_length=20, verbose_name="联系电话"
            ),
        ),
        migrations.RunPython(encrypt_and_hash, decrypt_and_restore),
        # A default, so that going back can add the column again before refilling it.
        migrations.AlterField(
            model_name="child",
            name="id_last4",
            field=models.CharField(db_index=True, default="", editable=False, max_length=4),
        ),
        migrations.RemoveField(
            model_name="child",
            name="id_last4",
        ),
    ]
