"""Upload readers on in-memory bytes: types, names, limits and located errors."""

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from autonomos_dcl.errors import InvalidSourceFileError, SourceTooLargeError
from autonomos_dcl.sources.files import FileLimits, detect_format, read_file, read_files


def test_csv_columns_get_exact_types_and_codes_keep_their_zeros() -> None:
    data = (
        b"id,name,amount,when,flag,code,price\n"
        b'1,Acme,1.5,2024-01-02,true,007,$1.00\n2,"Glo, bex",2.25,2024-01-03,FALSE,010,$2.00\n'
    )
    table = read_file(data, "things.csv")
    types = dict(zip(table.column_names, map(str, table.schema.types), strict=True))
    assert types == {
        "id": "int64", "name": "string", "amount": "double", "when": "date32[day]",
        "flag": "bool", "code": "string", "price": "string",
    }  # fmt: skip
    assert table.column("name").to_pylist() == ["Acme", "Glo, bex"]
    assert table.column("code").to_pylist() == ["007", "010"]


def test_csv_delimiters_bom_blank_cells_and_quoted_newlines() -> None:
    semicolon = read_file(b"\xef\xbb\xbfa;b\n1;\n2;x\n", "semi.csv")
    assert semicolon.column_names == ["a", "b"]
    assert semicolon.column("b").to_pylist() == [None, "x"]
    tabs = read_file(b"a\tb\n1\t2\n", "t.tsv")
    assert tabs.column("b").to_pylist() == [2]
    quoted = read_file(b'a,b\n1,"two\nlines"\n', "q.csv")
    assert quoted.column("b").to_pylist() == ["two\nlines"]


def test_csv_header_names_are_made_unique_and_never_blank() -> None:
    table = read_file(b"a,A, ,a\n1,2,3,4\n", "dup.csv")
    assert table.column_names == ["a", "A_2", "column_3", "a_3"]


def test_a_ragged_csv_names_the_file_and_line() -> None:
    with pytest.raises(
        InvalidSourceFileError, match=r"ragged\.csv: line 4: expected 3 fields, found 2"
    ):
        read_file(b"a,b,c\n1,2,3\n4,5,6\n7,8\n", "ragged.csv")


def test_non_utf8_text_names_the_file_and_line() -> None:
    with pytest.raises(InvalidSourceFileError, match=r"latin\.csv: line 3: not UTF-8") as raised:
        read_file(b"a,b\n1,2\n3,\xe9t\xe9\n", "latin.csv")
    assert raised.value.status == 400


def test_binary_content_is_refused() -> None:
    with pytest.raises(InvalidSourceFileError, match="line 2: contains NUL"):
        read_file(b"a,b\n1,\x002\n", "bin.csv")


def test_a_header_with_too_many_columns_is_refused_before_parsing() -> None:
    header = ",".join(f"c{i}" for i in range(100_000)).encode()
    with pytest.raises(SourceTooLargeError, match="100000 columns") as raised:
        read_file(header + b"\n", "wide.csv")
    assert raised.value.status == 413


def test_size_and_row_limits() -> None:
    limits = FileLimits(max_bytes=64, max_rows=2)
    with pytest.raises(SourceTooLargeError, match="over the limit of 64 bytes"):
        read_file(b"a\n" + b"1\n" * 100, "big.csv", limits=limits)
    with pytest.raises(SourceTooLargeError, match="3 rows"):
        read_file(b"a\n1\n2\n3\n", "rows.csv", limits=limits)


def test_empty_files_and_unknown_extensions() -> None:
    with pytest.raises(InvalidSourceFileError, match="empty"):
        read_file(b"  \n", "empty.csv")
    with pytest.raises(InvalidSourceFileError, match=r"\.xlsx"):
        detect_format("book.xlsx")
    assert detect_format("x.JSONL") == "json"


def test_json_arrays_are_flattened_and_mixed_columns_become_text() -> None:
    data = json.dumps(
        [
            {"id": 1, "address": {"city": "Paris", "geo": {"lat": 1.5}}, "tags": ["a"], "v": 1},
            {"id": 2, "address": {"city": "Rome"}, "v": "two", "extra": True},
        ]
    ).encode()
    table = read_file(data, "people.json")
    assert table.column_names == ["id", "address.city", "address.geo.lat", "tags", "v", "extra"]
    assert table.column("id").type == pa.int64()
    assert table.column("tags").to_pylist() == ['["a"]', None]
    assert table.column("v").to_pylist() == ["1", "two"]
    assert table.column("extra").to_pylist() == [None, True]


def test_json_lines_errors_name_the_line() -> None:
    good = read_file(b'{"a": 1}\n\n{"a": 2, "b": "x"}\n', "ok.jsonl")
    assert good.column("a").to_pylist() == [1, 2]
    with pytest.raises(InvalidSourceFileError, match=r"bad\.jsonl: line 3, column 9"):
        read_file(b'{"a": 1}\n{"a": 2}\n{"a": 3,}\n', "bad.jsonl")
    with pytest.raises(InvalidSourceFileError, match=r"line 2: expected a JSON object"):
        read_file(b'{"a": 1}\n[1, 2]\n', "list.jsonl")
    with pytest.raises(InvalidSourceFileError, match=r"arr\.json: line 3, column 1"):
        read_file(b'[\n{"a": 1},\n]\n', "arr.json")


def test_hostile_json_nesting_is_refused() -> None:
    nested = b"[" + b'{"a":' * 40 + b"1" + b"}" * 40 + b"]"
    with pytest.raises(InvalidSourceFileError, match="nested deeper than 16"):
        read_file(nested, "deep.json")
    with pytest.raises(InvalidSourceFileError, match="nested too deeply"):
        read_file(b"[" * 200_000, "bomb.json")
    lists = b'[{"a": ' + b"[" * 30 + b"]" * 30 + b"}]"
    with pytest.raises(InvalidSourceFileError, match="arrays nested deeper"):
        read_file(lists, "lists.json")


def test_json_with_too_many_fields_is_refused() -> None:
    record = {f"f{i}": i for i in range(20)}
    with pytest.raises(SourceTooLargeError, match="more than 10 distinct fields"):
        read_file(json.dumps([record]).encode(), "wide.json", limits=FileLimits(max_columns=10))


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_parquet_is_read_and_structs_are_flattened() -> None:
    table = pa.table({"id": [1, 2], "geo": [{"lat": 1.0, "lon": 2.0}, {"lat": 3.0, "lon": 4.0}]})
    read = read_file(_parquet(table), "geo.parquet")
    assert read.column_names == ["id", "geo.lat", "geo.lon"]
    assert read.column("geo.lon").to_pylist() == [2.0, 4.0]


def test_bad_parquet_and_parquet_over_the_limits() -> None:
    with pytest.raises(InvalidSourceFileError, match=r"x\.parquet: not a readable Parquet"):
        read_file(b"PAR1 this is not parquet", "x.parquet")
    wide = pa.table({f"c{i}": [i] for i in range(12)})
    with pytest.raises(SourceTooLargeError, match="12 columns"):
        read_file(_parquet(wide), "wide.parquet", limits=FileLimits(max_columns=10))


def test_read_files_names_tables_after_their_files() -> None:
    tables = read_files({"a.csv": b"x\n1\n", "dir/a.json": b'[{"y": 2}]', "b.csv": b"z\n3\n"})
    assert list(tables) == ["a", "a_2", "b"]
    assert tables["a_2"].column("y").to_pylist() == [2]


def test_a_single_pretty_printed_object_is_one_record() -> None:
    table = read_file(b'{\n  "a": 1,\n  "b": {"c": "x\xe2\x80\xa8y"}\n}\n', "one.json")
    assert table.to_pylist() == [{"a": 1, "b.c": "x\u2028y"}]
    with pytest.raises(InvalidSourceFileError, match=r"one\.json: line 3, column 7"):
        read_file(b'{\n  "a": 1,\n  "b" 2\n}\n', "one.json")
