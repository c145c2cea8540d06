import datetime as dt
import uuid

import pytest

from autonomos.errors import ValidationFailed
from autonomos.pagination import Cursor


def test_cursor_round_trip() -> None:
    cursor = Cursor(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), uuid.uuid4())
    assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize("token", ["", "%%%", "bm90LWpzb24", "eyJhdCI6IDF9"])
def test_bad_cursor_is_a_validation_error(token: str) -> None:
    with pytest.raises(ValidationFailed):
        Cursor.decode(token)
