"""The validating detectors and redaction: generated valid numbers are found, near misses are not."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from casebook import identifiers as ids
from casebook.redaction import highlight_html, redact, replacements, summary

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DIGIT = st.sampled_from("0123456789")


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def kinds(text: str, kind: str) -> list[str]:
    """The values of the sure hits of ``kind`` (near misses, flagged for a person to look at, are not)."""
    return [h.value for h in ids.scan(text) if h.kind == kind and h.sure]


def details(text: str, detail: str) -> list[str]:
    return [h.value for h in ids.scan(text) if h.detail == detail and h.sure]


# --- strategies --------------------------------------------------------------------------------------

dates_cn = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))
dates_eg = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))


@st.composite
def cn_ids(draw: st.DrawFn) -> str:
    region = f"{draw(st.sampled_from(sorted(ids.CN_REGIONS))):02d}" + draw(digits(4))
    body = region + draw(dates_cn).strftime("%Y%m%d") + draw(digits(3))
    return body + ids.cn_id_check_char(body)


@st.composite
def eg_ids(draw: st.DrawFn) -> str:
    d = draw(dates_eg)
    century = "2" if d.year < 2000 else "3"
    gov = f"{draw(st.sampled_from(sorted(ids.EG_GOVERNORATES))):02d}"
    return century + d.strftime("%y%m%d") + gov + draw(digits(5))


@st.composite
def cards(draw: st.DrawFn) -> str:
    n = draw(st.integers(13, 19))
    body = draw(st.sampled_from("3456")) + draw(digits(n - 2))
    for check in "0123456789":
        if ids.luhn_ok(body + check):
            return body + check
    raise AssertionError("no Luhn digit")


cn_mobiles = st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("3456789"), digits(9))
eg_mobiles = st.builds(lambda third, rest: "01" + third + rest, st.sampled_from("0125"), digits(8))
contexts = st.sampled_from(["{}", "call {} now", "电话：{}。", "رقم {} هنا", "({})", "x\n{}\ny"])


def change_one_digit(draw: Any, value: str, positions: range) -> str:
    i = draw(st.sampled_from(list(positions)))
    new = draw(st.sampled_from([c for c in "0123456789" if c != value[i]]))
    return value[:i] + new + value[i + 1 :]


# --- China resident IDs --------------------------------------------------------------------------------


@given(cn_ids(), contexts)
def test_valid_resident_ids_are_found(value: str, ctx: str) -> None:
    assert details(ctx.format(value), "cn_resident_id") == [value]


@given(st.data(), cn_ids())
def test_a_resident_id_with_one_digit_changed_is_not_an_id(data: st.DataObject, value: str) -> None:
    bad = change_one_digit(data.draw, value, range(17))
    assert kinds(f"ID {bad} ", "id") == []  # MOD 11-2 catches every single-digit change


@given(cn_ids())
def test_a_resident_id_with_a_wrong_check_character_is_a_near_miss(value: str) -> None:
    for c in "0123456789X":
        if c != value[-1]:
            text = f"ID {value[:-1] + c} here"
            assert kinds(text, "id") == []
            (hit,) = ids.scan(text)  # region and birth date are real: flagged for review, and redacted
            assert hit.value == value[:-1] + c
            if hit.kind == "card":  # 18 digits can pass the Luhn check as well: then it is a card number
                assert hit.sure and redact(text) == "ID [CARD 1] here"
            else:
                assert (hit.kind, hit.sure) == ("id", False) and redact(text) == "ID [ID 1] here"


@given(cn_ids(), st.sampled_from([-1, 1]))
def test_a_resident_id_of_the_wrong_length_is_not_an_id(value: str, delta: int) -> None:
    text = value[:-2] + value[-1] if delta < 0 else value[:-1] + "0" + value[-1]
    assert details(text, "cn_resident_id") == []


@given(cn_ids(), st.sampled_from(["1301", "0230", "0000", "0431", "1232"]))
def test_a_resident_id_with_an_impossible_birth_date_is_not_an_id(value: str, mmdd: str) -> None:
    body = value[:10] + mmdd + value[14:17]
    assert kinds(body + ids.cn_id_check_char(body), "id") == []


def test_the_standard_example_and_old_15_digit_ids() -> None:
    assert ids.cn_id_check_char("11010519491231002") == "X"
    assert details("11010519491231002x", "cn_resident_id") == ["11010519491231002x"]
    assert details("old card 110105491231002", "cn_resident_id_15") == ["110105491231002"]
    assert details("old card 110105491331002", "cn_resident_id_15") == []  # month 13


# --- Egyptian national IDs -----------------------------------------------------------------------------


@given(eg_ids(), contexts)
def test_valid_egyptian_ids_are_found(value: str, ctx: str) -> None:
    assert details(ctx.format(value), "eg_national_id") == [value]


@given(eg_ids())
def test_egyptian_ids_in_arabic_indic_digits_are_found(value: str) -> None:
    arabic = value.translate(ARABIC)
    assert details(f"الرقم القومي {arabic}", "eg_national_id") == [arabic]


@given(eg_ids(), st.sampled_from(["13", "00"]), st.sampled_from(["32", "00"]))
def test_an_egyptian_id_with_an_impossible_date_is_not_found(value: str, month: str, day: str) -> None:
    assert details(value[:3] + month + value[5:], "eg_national_id") == []
    assert details(value[:5] + day + value[7:], "eg_national_id") == []


@given(eg_ids(), st.sampled_from(["00", "05", "10", "20", "30", "36", "87", "99"]))
def test_an_egyptian_id_with_an_unknown_governorate_is_not_found(value: str, gov: str) -> None:
    assert details(value[:7] + gov + value[9:], "eg_national_id") == []


@given(eg_ids(), st.sampled_from("014"))
def test_an_egyptian_id_with_a_wrong_century_or_length_is_not_found(value: str, century: str) -> None:
    assert details(century + value[1:], "eg_national_id") == []
    assert details(value[:-1], "eg_national_id") == []
    assert details(value + "7", "eg_national_id") == []


def test_a_birth_date_in_the_future_is_not_an_egyptian_id() -> None:
    assert not ids.valid_eg_national_id("39912310112345")


# --- phones ------------------------------------------------------------------------------------------


def groups(number: str, sep: str) -> str:
    return sep.join([number[:3], number[3:7], number[7:]]) if sep != "none" else number


@given(cn_mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "0086-"]), st.sampled_from(["none", " ", "-"]), contexts)
def test_mainland_mobiles_are_found_in_every_format(number: str, prefix: str, sep: str, ctx: str) -> None:
    written = prefix + groups(number, sep)
    assert details(ctx.format(written), "cn_mobile") == [written]


@given(eg_mobiles, st.sampled_from(["", "+20 ", "0020", "+20-"]), st.sampled_from(["none", " "]), contexts)
def test_egyptian_mobiles_are_found_in_every_format(number: str, prefix: str, sep: str, ctx: str) -> None:
    local = number[1:] if prefix else number
    written = prefix + (local if sep == "none" else f"{local[:3]} {local[3:6]} {local[6:]}")
    assert details(ctx.format(written), "eg_mobile") == [written]


@given(st.one_of(cn_mobiles, eg_mobiles))
def test_mobiles_in_arabic_indic_digits_are_found(number: str) -> None:
    arabic = number.translate(ARABIC)
    assert kinds(f"اتصل على {arabic}", "phone") == [arabic]


@given(cn_mobiles, st.sampled_from([-1, 1]))
def test_mobiles_of_the_wrong_length_are_not_found(number: str, delta: int) -> None:
    text = number[:-1] if delta < 0 else number + "5"
    assert kinds(f"call {text} now", "phone") == []


@given(digits(9), st.sampled_from("012"))
def test_mainland_numbers_with_an_unused_second_digit_are_not_mobiles(rest: str, second: str) -> None:
    assert kinds(f"call 1{second}{rest} now", "phone") == []


@given(digits(8), st.sampled_from("346789"))
def test_egyptian_numbers_with_an_unused_prefix_are_not_mobiles(rest: str, third: str) -> None:
    assert kinds(f"call 01{third}{rest} now", "phone") == []


# --- e-mail and cards ------------------------------------------------------------------------------


emails = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.from_regex(r"[a-z0-9][a-z0-9._+\-]{0,19}", fullmatch=True),
    st.lists(st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True), min_size=1, max_size=3),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)


@given(emails, contexts)
def test_email_addresses_are_found(address: str, ctx: str) -> None:
    assert kinds(ctx.format(address), "email") == [address]


def test_an_email_holding_a_phone_number_is_one_email() -> None:
    hits = ids.scan("write to 13812345678@qq.com")
    assert [(h.kind, h.value) for h in hits] == [("email", "13812345678@qq.com")]


@given(cards(), st.booleans(), contexts)
def test_luhn_valid_card_numbers_are_found(number: str, grouped: bool, ctx: str) -> None:
    assume(not ids.valid_cn_resident_id(number) and not ids.valid_eg_national_id(number))
    written = " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if grouped else number
    assert kinds(ctx.format(written), "card") == [written]


@given(st.data(), cards())
def test_a_card_number_with_one_digit_changed_is_not_a_card(data: st.DataObject, number: str) -> None:
    bad = change_one_digit(data.draw, number, range(len(number)))
    assert kinds(f"card {bad} ", "card") == []  # Luhn catches every single-digit change


@given(digits(12))
def test_twelve_digits_are_never_a_card(number: str) -> None:
    assert kinds(number, "card") == []


# --- redaction -------------------------------------------------------------------------------------


@given(st.lists(st.one_of(cn_mobiles, eg_mobiles, cn_ids(), eg_ids(), emails), min_size=1, max_size=5))
def test_redaction_removes_every_hit_and_numbers_them_consistently(values: list[str]) -> None:
    text = " ; ".join(values + values[:1])
    hits = ids.scan(text)
    out = redact(text)
    for h in hits:
        assert h.value not in out
    reps = replacements(hits)
    assert reps[0] == reps[-1]  # the same value, the same placeholder
    for (a, ra), (b, rb) in zip(zip(hits, reps, strict=True), zip(hits[1:], reps[1:], strict=True), strict=False):
        if a.kind == b.kind and ids.digits(a.value) != ids.digits(b.value) and a.kind != "email":
            assert ra != rb
    masked = redact(text, "mask")
    assert all(h.value not in masked or len(ids.digits(h.value)) < 8 for h in hits if h.kind != "email")


def test_placeholders_and_masks() -> None:
    text = "A: 13812345678, again +86 138 1234 5678; B: 13912345678; ID 11010519491231002X; a.b@example.org"
    assert redact(text) == "A: [PHONE 1], again [PHONE 1]; B: [PHONE 2]; ID [ID 1]; [EMAIL 1]"
    assert (
        redact(text, "mask")
        == "A: 138****5678, again 138****5678; B: 139****5678; ID 11************002X; a***@example.org"
    )
    assert summary(text) == {"email": 1, "id": 1, "phone": 3, "card": 0}


def test_highlight_labels_each_kind_in_words_and_escapes_everything() -> None:
    html = highlight_html("<script>x</script> 13812345678 4111 1111 1111 1111")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert (
        '<mark class="cb-pii cb-pii-phone" data-kind="phone"><span class="cb-pii-label">[phone number]</span>' in html
    )
    assert "[bank card number]" in html
