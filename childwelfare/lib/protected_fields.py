"""Model fields that keep personal numbers out of the database in clear (issue 13,
finding 6): an encrypted text field whose empty value stays the empty string, and a keyed
hash field computed from another field of the same row for exact search."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from encrypted_fields.fields import EncryptedCharField, EncryptedFieldMixin

from .idnumber import last4_hash
from .phones import phone_hash

# What a KeyedHashField hashes: purpose → function(value, key) -> hex string ("" for none).
HASHERS = {
    "phone": phone_hash,
    "id_last4": last4_hash,
}


# plaintext -> Fernet token while encrypt_once() is active (None otherwise).
_ONCE: ContextVar[dict[str, str] | None] = ContextVar("encrypt_once", default=None)
_library_prep_value = EncryptedFieldMixin.get_prep_value


def _prep_value_once(self, value):
    memo = _ONCE.get()
    if memo is None or not isinstance(value, str) or not value:
        return _library_prep_value(self, value)
    token = memo.get(value)
    if token is None:
        token = memo[value] = _library_prep_value(self, value)
    return token


# Every encrypted field (the library's and ours, in tables and their history) goes through
# the memo when one is active; outside encrypt_once() this is the library's own method.
EncryptedFieldMixin.get_prep_value = _prep_value_once


@contextmanager
def encrypt_once() -> Iterator[None]:
    """Within the block each distinct text is Fernet-encrypted once: a row and its history
    row (django-simple-history copies the field) store the same token instead of encrypting
    the value twice (issue 14 item 3: a bulk import's CPU). Only for a set-based write of
    rows whose encrypted values all carry a keyed hash (ID numbers: id_hash, phones:
    phone_hash), which already tells equal values apart, so a shared token reveals nothing
    more. Every token still decrypts with the same keys; nothing outlives the block."""
    marker = _ONCE.set({})
    try:
        yield
    finally:
        _ONCE.reset(marker)


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
