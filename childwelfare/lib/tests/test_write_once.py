"""Work done once per value (issue 14 item 3): plain mobile numbers judged by libphonenumber's
plan without parse()/format_number(), the same answers as the general path; pinyin keys
cached per name; encrypt_once giving one token per text inside its block only."""

import random

import phonenumbers
import pytest

from childwelfare.lib import phones
from childwelfare.lib.pinyin import name_keys, pinyin_keys
from childwelfare.lib.protected_fields import encrypt_once
from childwelfare.registry.models import Child


def general_path(text: str) -> str | None:
    """parse_phone's answer through phonenumbers.parse for an eleven-digit text, or None."""
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return "not mobile"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")


def test_plain_mobile_numbers_skip_parse_and_format(monkeypatch):
    calls = []
    real_parse = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda *a, **k: calls.append(a) or real_parse(*a, **k))
    assert phones.parse_phone("13912345678") == "13912345678"
    assert phones.phone_hash("13912345678", "k") == phones.phone_hash("139 1234 5678", "k")
    assert len(calls) == 1  # only the spaced spelling went through parse()


def test_the_shortcut_gives_the_general_answer():
    rng = random.Random(14)
    texts = [f"1{rng.randrange(10**10):010d}" for _ in range(3000)]
    for text in texts:
        expected = general_path(text)
        try:
            got = phones.parse_phone(text)
        except phones.PhoneError:
            got = None
        if expected == "not mobile":
            assert got is not None
        else:
            assert got == expected, text
        if expected not in (None, "not mobile"):
            assert phones.normalise_phone(text) == text


def test_pinyin_keys_are_computed_once_per_name():
    name_keys.cache_clear()
    assert pinyin_keys("王小明") == ("wangxiaoming", "wxm")
    assert pinyin_keys("王小明") == ("wangxiaoming", "wxm")
    assert name_keys.cache_info().hits == 1


def test_encrypt_once_shares_a_token_inside_the_block_only():
    field = Child._meta.get_field("id_number")
    history_field = Child.history.model._meta.get_field("id_number")
    outside = field.get_prep_value("320102201503040011")
    assert outside != field.get_prep_value("320102201503040011")  # Fernet: a fresh token each time
    with encrypt_once():
        token = field.get_prep_value("320102201503040011")
        assert history_field.get_prep_value("320102201503040011") == token
        assert field.get_prep_value("13912345678") != token
        assert field.get_prep_value("") is None and field.get_prep_value(None) is None
    assert field.get_prep_value("320102201503040011") != token
    assert field.to_python(token) == "320102201503040011"


@pytest.mark.parametrize("value", ["", "13912345678"])
def test_blank_encrypted_field_inside_the_block(value):
    field = Child._meta.get_field("phone")
    with encrypt_once():
        first = field.get_prep_value(value)
        assert field.get_prep_value(value) == first
    assert field.to_python(first) == value
