"""Checks on user-supplied occupation ids."""

from __future__ import annotations

import pytest

from api.validation import check_occupation_id

ESCO = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"


@pytest.mark.parametrize("value", [ESCO, "15-1252.00"])
def test_esco_occupation_uris_and_onet_soc_codes_are_accepted(value: str) -> None:
    assert check_occupation_id(value, "from") is None


@pytest.mark.parametrize(
    "value",
    ["15-1252", "http://data.europa.eu/esco/skill/f2b15a0e", "software developer", ""],
)
def test_anything_else_is_rejected_naming_both_expected_forms(value: str) -> None:
    invalid = check_occupation_id(value, "to")
    assert invalid is not None and invalid.argument == "to"
    assert "ESCO occupation URI" in invalid.message and "O*NET-SOC code" in invalid.message
