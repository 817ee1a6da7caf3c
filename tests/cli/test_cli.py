"""The command line as users and CI meet it: real processes, real exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import __version__
from claimcheck.cli import app
from clirun import ROOT, claimcheck


def test_version() -> None:
    result = claimcheck("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"claimcheck {__version__}"


def test_validate_defaults_to_claims_folder() -> None:
    result = claimcheck("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "1 file, 14 claims, 26 figures, 11 sources"


def test_validate_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n"
        "  1: {url: https://example.com/a}\n"
        "claims:\n"
        "  - id: a\n"
        "    text: up 5%\n"
        "    sources: [1]\n"
        "  - id: a\n"
        "    text: down 3%\n"
        "    sources: [2]\n"
        "    abuot: margin\n",
        encoding="utf-8",
    )
    result = claimcheck("validate", str(bad))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{bad}:7: duplicate claim id") for line in lines)
    assert any(line.startswith(f"{bad}:9: ") and "not in sources" in line for line in lines)
    assert any(line.startswith(f"{bad}:10: ") and "unknown key 'abuot'" in line for line in lines)
    assert "3 problems" in result.stderr


def test_validate_missing_path_exits_2(tmp_path: Path) -> None:
    result = claimcheck("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "no such file" in result.stdout


def test_unknown_option_is_a_usage_error() -> None:
    result = claimcheck("run", "--no-such-flag")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_bad_config_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "claimcheck.toml").write_text("timeuot = 5\n", encoding="utf-8")
    result = claimcheck("fetch", "--offline", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown setting 'timeuot'" in result.stderr
    assert "did you mean 'timeout'" in result.stderr


def _commands() -> list[list[str]]:
    """Every command path of the app, e.g. ['run'], ['cache', 'list']."""
    import typer.main

    group = typer.main.get_group(app)
    paths: list[list[str]] = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            paths.extend([name, child] for child in sub)
        else:
            paths.append([name])
    return paths


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_is_documented_with_an_example(command: list[str]) -> None:
    result = claimcheck(*command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout, f"`claimcheck {' '.join(command)} --help` shows no example"
    assert f"claimcheck {' '.join(command)}" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"claimcheck {' '.join(command)}" in readme, "command missing from the README"
