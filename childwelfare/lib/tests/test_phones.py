"""Phone numbers: the normal form exact search compares, and its keyed hash."""

from childwelfare.lib.idnumber import keyed_hash, last4_hash
from childwelfare.lib.phones import normalise_phone, phone_hash


def test_normal_form_keeps_digits_and_drops_the_country_code_of_a_mobile():
    assert normalise_phone("025-8300 1234") == "02583001234"
    assert normalise_phone("+86 139 1234 5678") == "13912345678"
    assert normalise_phone("0086-13912345678") == "13912345678"
    assert normalise_phone("８６１３９１２３４５６７８") == "13912345678"  # full-width
    assert normalise_phone("86-25-83001234") == "02583001234"  # +86, a Nanjing landline
    assert normalise_phone("12345") == "12345"  # no valid number: its digits
    assert normalise_phone("") == normalise_phone(None) == normalise_phone("—") == ""


def test_hashes_are_keyed_exact_and_never_equal_across_kinds():
    assert phone_hash("139 1234 5678", "k") == phone_hash("+8613912345678", "k")
    assert phone_hash("13912345678", "k") != phone_hash("13912345679", "k")
    assert phone_hash("13912345678", "k") != phone_hash("13912345678", "other")
    assert phone_hash("", "k") == last4_hash("", "k") == ""
    assert last4_hash("32010220150304371x", "k") == last4_hash("371X", "k")
    # The same digits as a phone, a last four and a full number hash differently.
    assert len({phone_hash("0017", "k"), last4_hash("0017", "k"), keyed_hash("0017", "k")}) == 3
