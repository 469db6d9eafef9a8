"""Model fields that keep personal numbers out of the database in clear (issue 13,
finding 6): an encrypted text field whose empty value stays the empty string, and a keyed
hash field computed from another field of the same row for exact search."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from encrypted_fields.fields import EncryptedCharField

from .idnumber import last4_hash
from .phones import phone_hash

# What a KeyedHashField hashes: purpose → function(value, key) -> hex string ("" for none).
HASHERS = {
    "phone": phone_hash,
    "id_last4": last4_hash,
}


class EncryptedBlankCharField(EncryptedCharField):
    """django-fernet-encrypted-fields' EncryptedCharField for an optional text: a value is
    stored Fernet-encrypted (SECRET_KEY and SALT_KEY), the empty string stays "" (the
    library would store NULL in a NOT NULL column). Historical models of
    django-simple-history copy the field, so their rows are encrypted too."""

    def get_prep_value(self, value):
        if value == "":
            return ""
        return super().get_prep_value(value)


class KeyedHashField(models.CharField):
    """HMAC-SHA256 (64 hex characters) of another field of the row, keyed with
    settings.ID_HASH_KEY, for exact search without decrypting: `source` names the field,
    `purpose` the function of HASHERS ("phone": the normalised number; "id_last4": the last
    four characters of an ID number). Filled by pre_save, which runs on save() and in
    bulk_create; bulk_update does not call it, so callers refresh with
    refresh_keyed_hashes(obj) and list the hash fields. Empty source → ""."""

    def __init__(self, *args, source: str, purpose: str, **kwargs):
        if purpose not in HASHERS:
            raise ValueError(f"unknown purpose {purpose!r}")
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose)
        for key, value in (("max_length", 64), ("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def compute(self, instance) -> str:
        value = getattr(instance, self.source)
        return HASHERS[self.purpose](value, settings.ID_HASH_KEY) if value else ""

    def pre_save(self, model_instance, add):
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def refresh_keyed_hashes(instance) -> list[str]:
    """Recompute every KeyedHashField of `instance` in memory (before a bulk_update);
    returns their names, to add to bulk_update's field list."""
    names = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, KeyedHashField):
            setattr(instance, field.attname, field.compute(instance))
            names.append(field.name)
    return names
