"""ISO 3166-1 alpha-2 country codes: the issuer's country (Annex I)."""

from __future__ import annotations

import pytest

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.model.countries import (
    COUNTRIES,
    ISO_INSTEAD,
    country_name,
    is_country_code,
    parse_country_code,
)

EU_MEMBER_STATES = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip


def test_every_assigned_code_and_kosovo() -> None:
    assert len(COUNTRIES) == 249 + 1
    assert all(len(code) == 2 and code.isupper() for code in COUNTRIES)
    assert set(COUNTRIES) >= EU_MEMBER_STATES
    assert country_name("NL") == "Netherlands"
    assert country_name("XK") == "Kosovo"
    assert country_name("ZZ") is None


@pytest.mark.parametrize(("value", "code"), [("NL", "NL"), ("nl", "NL"), (" Nz ", "NZ")])
def test_codes_are_read_in_upper_case(value: str, code: str) -> None:
    assert parse_country_code(value) == code
    assert is_country_code(code)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Netherlands", "an ISO 3166-1 alpha-2 country code such as 'NL', not 'Netherlands'"),
        ("NLD", "an ISO 3166-1 alpha-2 country code"),
        ("N1", "an ISO 3166-1 alpha-2 country code"),
        ("", "an ISO 3166-1 alpha-2 country code"),
        (31, "not 31"),
        (None, "not None"),
        ("ZZ", "'ZZ' is not an assigned ISO 3166-1 alpha-2 country code"),
        ("EU", "'EU' is not an assigned"),
        ("el", "'EL' is not an ISO 3166-1 code; write 'GR' instead"),
        ("UK", "'UK' is not an ISO 3166-1 code; write 'GB' instead"),
    ],
)
def test_anything_else_is_refused_with_its_own_code(value: object, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_country_code(value, path="organisation.country")
    assert caught.value.code is ErrorCode.INVALID_COUNTRY_CODE
    assert caught.value.detail == {"path": "organisation.country"}
    assert caught.value.message.startswith("organisation.country: ")
    assert message in caught.value.message
    assert not is_country_code(value)


def test_the_eu_abbreviations_name_real_countries() -> None:
    assert all(code not in COUNTRIES and iso in COUNTRIES for code, iso in ISO_INSTEAD.items())
