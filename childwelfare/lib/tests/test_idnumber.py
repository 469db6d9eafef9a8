"""ID numbers: checksum, embedded birth date, gender, normalisation, abolished region codes,
15 → 18 digit upgrade (GB 11643-1999, ISO 7064 MOD 11-2)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childwelfare.lib.idnumber import (
    FEMALE,
    MALE,
    IDNumberError,
    keyed_hash,
    make_number,
    mask,
    parse,
    upgrade_15,
)

TODAY = date(2026, 11, 29)


def test_published_example_number_is_valid():
    # The worked example of GB 11643-1999: 11010519491231002X, a woman born 1949-12-31.
    parsed = parse("11010519491231002X", today=TODAY)
    assert (parsed.birth_date, parsed.gender) == (date(1949, 12, 31), FEMALE)


def test_check_digit_by_hand():
    # 32010220150304001?: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    # 3*7+2*9+0*10+1*5+0*8+2*4+2*2+0*1+1*6+5*3+0*7+3*9+0*10+4*5+0*8+0*4+1*2
    # = 21+18+0+5+0+8+4+0+6+15+0+27+0+20+0+0+2 = 126; 126 mod 11 = 5 → check "7" (1 0 X 9 8 7 …)
    assert parse("320102201503040017", today=TODAY).number == "320102201503040017"
    with pytest.raises(IDNumberError, match="校验码错误（末位应为7）"):
        parse("320102201503040018", today=TODAY)


def test_impossible_and_future_birth_dates():
    impossible = make_number("320102", date(2015, 2, 28), 0, MALE).replace("20150228", "20150230")
    with pytest.raises(IDNumberError, match="不是有效日期"):
        parse(impossible, today=TODAY)
    tomorrow = make_number("320102", date(2026, 11, 30), 0, MALE)
    with pytest.raises(IDNumberError, match="晚于今天"):
        parse(tomorrow, today=TODAY)
    assert parse(make_number("320102", TODAY, 0, MALE), today=TODAY).birth_date == TODAY


def test_gender_from_seventeenth_digit():
    assert parse(make_number("320102", date(2015, 3, 4), 12, MALE), today=TODAY).gender == MALE
    assert parse(make_number("320102", date(2015, 3, 4), 12, FEMALE), today=TODAY).gender == FEMALE


def test_abolished_region_code_stays_valid():
    # 320124 was 溧水县 until 2013; numbers issued there never change.
    number = make_number("320124", date(2009, 5, 6), 3, FEMALE)
    assert parse(number, today=TODAY).region_code == "320124"
    with pytest.raises(IDNumberError, match="地区码"):
        parse(make_number("990101", date(2009, 5, 6), 3, FEMALE), today=TODAY)


def test_normalisation_of_typed_numbers():
    number = make_number("320102", date(2013, 1, 1), 0, MALE)
    body = number[:-1]
    x_number = next(
        make_number("320102", date(2013, 1, d), s, MALE)
        for d in range(1, 29)
        for s in range(100)
        if make_number("320102", date(2013, 1, d), s, MALE).endswith("X")
    )
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in body) + number[-1]
    assert parse(f"  {fullwidth} ", today=TODAY).number == number
    assert parse(x_number.lower(), today=TODAY).number == x_number
    assert parse(x_number[:6] + " " + x_number[6:14] + "-" + x_number[14:], today=TODAY).number == x_number


def test_wrong_length_and_characters():
    with pytest.raises(IDNumberError, match="应为18位"):
        parse("3201022015030400", today=TODAY)
    with pytest.raises(IDNumberError, match="第15位不是数字"):  # which one, the number being masked
        parse("32010220150304A017", today=TODAY)
    with pytest.raises(IDNumberError) as long_paste:
        parse("3" * 200, today=TODAY)
    assert long_paste.value.params["number"] == "3" * 20 + "…" and long_paste.value.params["length"] == 200
    with pytest.raises(IDNumberError, match="为空"):
        parse("   ", today=TODAY)


def test_fifteen_digit_numbers_upgrade_for_adults_only():
    # 320102 750101 123 → 320102 19750101 123 + check digit.
    # 3*7+2*9+0+1*5+0+2*4+1*2+9*1+7*6+5*3+0+1*9+0+1*5+1*8+2*4+3*2
    # = 21+18+5+8+2+9+42+15+9+5+8+8+6 = 156; 156 mod 11 = 2 → check "X"
    assert upgrade_15("320102750101123") == "32010219750101123X"
    parsed = parse("320102750101123", allow_15=True, today=TODAY)
    assert parsed.upgraded_from_15 and parsed.gender == MALE and parsed.birth_date == date(1975, 1, 1)
    with pytest.raises(IDNumberError, match="15位旧号码"):
        parse("320102750101123", today=TODAY)


def test_mask_and_hash():
    # Region only: the last four are the number's only secret (issue 13; see mask's docstring).
    assert mask("320102201503040017") == "320102************"
    assert mask("32010220150304") == "320102********"
    assert mask("1234") == "****"
    assert mask("") == ""
    assert keyed_hash("320102201503040017", "k") == keyed_hash(" 320102201503040017 ", "k")
    assert keyed_hash("320102201503040017", "k") != keyed_hash("320102201503040017", "other")


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=99),
    gender=st.sampled_from([MALE, FEMALE]),
    region=st.sampled_from(["110105", "320102", "320124", "440305", "650102"]),
)
def test_every_generated_number_round_trips(birth, sequence, gender, region):
    number = make_number(region, birth, sequence, gender)
    parsed = parse(number, today=TODAY)
    assert (parsed.number, parsed.birth_date, parsed.gender) == (number, birth, gender)


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_any_single_digit_change_is_caught(text):
    # MOD 11-2 detects every single-character substitution: change one digit of a valid number.
    number = make_number("320102", date(2015, 3, 4), 7, MALE)
    position = int(text[0]) if text[0].isdigit() else 0
    replacement = text[1] if text[1].isdigit() else "0"
    changed = number[:position] + replacement + number[position + 1 :]
    if changed != number and changed[6:14] == number[6:14]:
        with pytest.raises(IDNumberError):
            parse(changed, today=TODAY)
