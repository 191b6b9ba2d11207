"""The one parser of the DfE code lists."""

from __future__ import annotations

import pytest

from continuum.core import codes


def test_cin_codes_come_from_the_spec_file():
    assert codes.cin("ReferralSource")[:4] == ("1A", "1B", "1C", "1D")
    assert set(codes.cin("PrimaryNeedCode")) == {f"N{i}" for i in range(10)}
    assert codes.cin("ReasonForClosure") == tuple(f"RC{i}" for i in range(1, 10))
    assert codes.cin("InitialCategoryOfAbuse") == ("NEG", "PHY", "SAB", "EMO", "MUL")
    assert "AUT" in codes.cin("Disability")  # Disability sits inside Disabilities
    assert "21" in codes.cin("AssessmentFactors")  # inside FactorsIdentifiedAtAssessment


def test_ssda903_codes_come_from_the_spec_file():
    assert codes.ssda903("episodes", "RNE") == ("S", "L", "P", "T", "B", "U")
    assert "U6" in codes.ssda903("episodes", "PLACE")
    assert codes.ssda903("reviews", "REVIEW_CODE") == tuple(f"PN{i}" for i in range(8))
    assert codes.ssda903("missing", "MISSING") == ("M", "A")


def test_upn_pattern_is_read_from_the_spec():
    assert codes.cin_pattern("UPN") == r"[A-Za-z]\d{11}(\d|[A-Za-z])"


def test_labels_and_choices():
    assert codes.label("PrimaryNeedCode", "N1") == "Abuse or neglect"
    assert codes.label("ReasonForClosure", "RC8") == "Case closed after assessment, no further action"
    assert codes.label("episodes.LS", "C2") == "Full care order"
    assert codes.label("episodes.PLACE", "Z11") == "Z11"  # no label held: shown as itself
    assert ("RC2", "RC2 Died") in codes.choices("ReasonForClosure")
    assert codes.is_valid("ReferralSource", "5D")
    assert not codes.is_valid("ReferralSource", "5E")


def test_every_label_is_for_a_real_code():
    for code_set, labels in codes.LABELS.items():
        assert set(labels) <= set(codes.codes_of(code_set)), code_set


def test_unknown_names_are_programming_errors():
    with pytest.raises(codes.CodeSetError):
        codes.cin("NoSuchElement")
    with pytest.raises(codes.CodeSetError):
        codes.ssda903("episodes", "NOPE")
