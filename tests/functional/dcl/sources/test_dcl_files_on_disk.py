"""Reading uploads from paths: the file name is in every error."""

from pathlib import Path

import pytest

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.sources.files import FileLimits, read_file


def test_a_csv_file_is_read_from_its_path(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("AccountId,Revenue\nA-1,10.5\nA-2,\n", encoding="utf-8")
    table = read_file(path)
    assert table.column_names == ["AccountId", "Revenue"]
    assert table.column("Revenue").to_pylist() == [10.5, None]


def test_errors_name_the_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b"a,b\n1,2\n3\n")
    with pytest.raises(InvalidSourceFileError, match=r"broken\.csv: line 3"):
        read_file(path)
    with pytest.raises(InvalidSourceFileError, match=r"missing\.csv: cannot be read"):
        read_file(tmp_path / "missing.csv")


def test_oversized_files_are_refused_from_their_size(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 1000)
    with pytest.raises(SourceTooLargeError, match=r"big\.jsonl: 9000 bytes"):
        read_file(path, limits=FileLimits(max_bytes=1000))
