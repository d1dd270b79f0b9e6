"""The README documents every setting and every command (the Datasette rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import COMMANDS, build_parser
from kg.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting) -> None:
    assert f"`{setting.env}`" in README, f"document {setting.env} in the README's settings table"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_is_documented(command: str) -> None:
    assert f"newskg {command}" in README


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:1500]
    assert "make demo" in head and "make check" in head


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make check" in ci


def test_every_command_has_store_and_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[attr-defined]
        options = {o for a in p._actions for o in a.option_strings}
        assert {"--store", "--help"} <= options, name
