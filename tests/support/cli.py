"""Running the CLI in-process."""

from __future__ import annotations

from typer.testing import CliRunner

from roadmap_cli.cli import app


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr
