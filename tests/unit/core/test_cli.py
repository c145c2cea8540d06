from autonomos.cli import main


def test_unknown_command_prints_usage(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["nope"]) == 2
    assert "autonomos dcl match" in capsys.readouterr().err


def test_dcl_subcommand_is_dispatched(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["dcl", "match", "/does/not/exist", "/nor/this"]) == 2
    assert "exist" in capsys.readouterr().err.lower()
