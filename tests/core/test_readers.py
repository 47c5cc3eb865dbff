"""The small text readers written without regular expressions (compiling one costs start-up),
each against the pattern it stands for, on generated texts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eol_check._dates import parse_date
from eol_check.catalog import _numbers
from eol_check.errors import InvalidDate, UnknownName
from eol_check.policy import Severity, load_policy
from eol_check.sla import parse_reported_at

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
NUMBER = r"(?:0|[1-9][0-9]*)"
NUMBERS = {
    1: re.compile(NUMBER, re.ASCII),
    2: re.compile(rf"{NUMBER}\.{NUMBER}", re.ASCII),
    3: re.compile(rf"{NUMBER}\.{NUMBER}\.{NUMBER}", re.ASCII),
}
DATE_TIME_CHARS = re.compile(r"[0-9A-Za-z:.,+\- ]+")

dateish = st.text(alphabet="0123456789-٣/ T", min_size=8, max_size=12) | st.dates().map(
    date.isoformat
)


@settings(max_examples=400, deadline=None)
@given(dateish)
def test_parse_date_takes_exactly_yyyy_mm_dd(text: str) -> None:
    try:
        parse_date(text)
        refused = ""
    except InvalidDate as exc:
        refused = str(exc)
    if not DATE.fullmatch(text):
        assert "expected YYYY-MM-DD" in refused
    else:
        assert "expected YYYY-MM-DD" not in refused


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.x٣", max_size=9), st.sampled_from([1, 2, 3]))
def test_release_numbers_are_what_the_pattern_says(text: str, count: int) -> None:
    numbers = _numbers(text, count)
    assert (numbers is not None) == bool(NUMBERS[count].fullmatch(text))
    if numbers is not None:
        assert ".".join(map(str, numbers)) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789TZ:+-. é_", min_size=0, max_size=30))
def test_a_date_time_with_other_characters_is_refused_before_parsing(text: str) -> None:
    try:
        parse_reported_at(text)
    except InvalidDate:
        return
    assert DATE_TIME_CHARS.fullmatch(text)


@pytest.mark.parametrize(
    ("text", "severity"),
    [("severity2", "S2"), ("Sev 3", "S3"), ("SEV-1", "S1"), ("S4", "S4")],
)
def test_severity_prefixes(text: str, severity: str) -> None:
    assert load_policy().severity(text) is Severity(severity)


@pytest.mark.parametrize("text", ["severe2", "sevx2", "severity", "sev", "sev٤"])
def test_severity_prefix_without_a_number_is_not_a_severity(text: str) -> None:
    with pytest.raises(UnknownName):
        load_policy().severity(text)
