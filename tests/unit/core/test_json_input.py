"""Strict JSON for request bodies: finite numbers only, bounded nesting, one 400."""

import pytest

from autonomos.errors import BadRequest
from autonomos.json_input import MAX_JSON_DEPTH, depth, parse_json, refuse_nul


def test_plain_documents_parse() -> None:
    assert parse_json(b'{"a": [1, 2.5, {"b": null}]}') == {"a": [1, 2.5, {"b": None}]}
    assert depth({"a": [1, {"b": []}]}) == 4 and depth(7) == 0


@pytest.mark.parametrize("text", [b'{"a": NaN}', b"[Infinity]", b"[-Infinity]", b"[1e999]"])
def test_non_finite_numbers_are_refused(text: bytes) -> None:
    with pytest.raises(BadRequest, match="not valid JSON"):
        parse_json(text)


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 900, 200_000])
def test_deep_nesting_is_refused(levels: int) -> None:
    with pytest.raises(BadRequest, match=f"deeper than {MAX_JSON_DEPTH}") as caught:
        parse_json("[" * levels + "]" * levels)
    assert caught.value.status == 400


def test_the_limit_itself_is_accepted() -> None:
    assert depth(parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)) == MAX_JSON_DEPTH


def test_bad_bytes_name_what_was_read() -> None:
    with pytest.raises(BadRequest, match=r"^the upload is not valid JSON"):
        parse_json(b"\xff{", what="the upload")


@pytest.mark.parametrize("text", [b'{"a": "x\\u0000y"}', b'{"k\\u0000": 1}', b'[["\\u0000"]]'])
def test_nul_characters_are_refused(text: bytes) -> None:
    with pytest.raises(BadRequest, match="NUL"):
        parse_json(text)


def test_refuse_nul_in_plain_text() -> None:
    assert refuse_nul("fine", "q") == "fine"
    with pytest.raises(BadRequest, match=r"^q contains a NUL"):
        refuse_nul("a\x00", "q")
