"""``autonomos dcl match`` / ``python -m autonomos_dcl.cli match`` on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autonomos_dcl.cli import main

ROOT = Path(__file__).resolve().parents[4]


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def test_match_prints_matches_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(
        tmp_path / "src",
        "people.csv",
        "cust_id,full_name,e_mail\n1,Ann Lee,ann@x.io\n2,Bob Roe,bob@y.io\n",
    )
    _write(
        tmp_path / "dst",
        "customer.csv",
        "customer_id,name,email\n7,Cid Poe,cid@z.io\n8,Ann Lee,ann@x.io\n",
    )
    code = main(["match", str(tmp_path / "src"), str(tmp_path / "dst")])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    pairs = {(m["source_column"], m["target_column"]) for m in payload["matches"]}
    assert pairs == {("cust_id", "customer_id"), ("full_name", "name"), ("e_mail", "email")}
    assert all(m["method"] == "heuristic" and 0 < m["confidence"] <= 1 for m in payload["matches"])


def test_schema_only_files_are_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = "table,column,qualified,type,column_description,table_description\n"
    _write(
        tmp_path,
        "source_schema.csv",
        header + "account,acc_type,account.acc_type,VARCHAR(20),Type of account,Accounts\n",
    )
    _write(
        tmp_path,
        "target_schema.csv",
        header
        + "account,account_type,account.account_type,VARCHAR(30),Type of the account,Accounts\n",
    )
    code = main(["match", str(tmp_path / "source_schema.csv"), str(tmp_path / "target_schema.csv")])
    assert code == 0
    matches = json.loads(capsys.readouterr().out)["matches"]
    assert [(m["source_column"], m["target_column"]) for m in matches] == [
        ("acc_type", "account_type")
    ]


def test_bad_paths_exit_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["match", str(tmp_path / "missing"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "missing" in err and "no such file or folder" in err
    (tmp_path / "empty").mkdir()
    assert main(["match", str(tmp_path / "empty"), str(tmp_path / "empty")]) == 2
    assert "no .csv file" in capsys.readouterr().err


def test_usage_errors_exit_2() -> None:
    assert main([]) == 2
    assert main(["match", "only-one"]) == 2


def test_module_entry_point_runs(tmp_path: Path) -> None:
    _write(tmp_path / "a", "t.csv", "id,city\n1,Oslo\n")
    _write(tmp_path / "b", "u.csv", "id,town\n2,Oslo\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "layers" / "dcl" / "python")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autonomos_dcl.cli",
            "match",
            str(tmp_path / "a"),
            str(tmp_path / "b"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pairs = {(m["source_column"], m["target_column"]) for m in json.loads(done.stdout)["matches"]}
    assert ("city", "town") in pairs
