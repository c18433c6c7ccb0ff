"""The thin typer CLI: options in, pipeline, renderers out, exit codes."""

from __future__ import annotations

import enum
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from roadmap_cli import __version__
from roadmap_cli.errors import Diagnostic, RoadmapError, UsageError

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    name="roadmap",
    help="Plan smart-city and smart-province roadmaps: validate the YAML, order initiatives into phases and a dated, "
    "levelled schedule, show it in the terminal and export it.\n\nExit codes: 0 ok, 1 invalid roadmap, 2 usage error, "
    "3 internal error, 130 interrupted.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
import_app = typer.Typer(help="Turn other formats into roadmaps.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(import_app, name="import")


class ColorChoice(str, enum.Enum):
    """When to use colour."""

    auto = "auto"
    always = "always"
    never = "never"


class ReportFormat(str, enum.Enum):
    """How `validate` reports problems."""

    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


class _State:
    """Options given before the command."""

    debug = False


def _version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        typer.echo(f"roadmap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    """Plan smart-city and smart-province roadmaps."""
    _State.debug = debug or bool(os.environ.get("ROADMAP_DEBUG"))


def _report(diagnostics: list[Diagnostic], color: ColorChoice = ColorChoice.auto) -> None:
    """Print diagnostics to stderr as text."""
    from roadmap_cli.output import make_console
    from roadmap_cli.report import format_text

    console = make_console(stderr=True, color=color.value)
    console.print(format_text(diagnostics), end="", soft_wrap=True)


def _guarded(action: Callable[[], int], color: ColorChoice = ColorChoice.auto) -> None:
    """Run a command body and turn every outcome into an exit code; no traceback unless --debug."""
    try:
        code = action()
    except RoadmapError as error:
        _report(error.diagnostics, color)
        code = EXIT_INVALID
    except UsageError as error:
        typer.echo(f"roadmap: error: {error}", err=True)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        typer.echo("roadmap: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence: users never see a traceback
        if _State.debug:
            traceback.print_exc()
        typer.echo(
            f"roadmap: internal error ({type(error).__name__}: {error}); this is a bug, please report it with the "
            "command and input (run with --debug for the traceback)",
            err=True,
        )
        code = EXIT_INTERNAL
    raise typer.Exit(code)


PathsArgument = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Roadmap files or folders (default: ./roadmaps, else the bundled Kalimantan Utara roadmap).", show_default=False),
]


def _roadmap_paths(paths: list[Path] | None, *, bundled_fallback: bool) -> list[Path]:
    """The paths given, or ./roadmaps, or (where allowed) the bundled default roadmap."""
    if paths:
        return paths
    if Path("roadmaps").is_dir():
        return [Path("roadmaps")]
    if bundled_fallback:
        from roadmap_cli.bundled import bundled_roadmap

        return [bundled_roadmap()]
    raise UsageError("no roadmap given and no ./roadmaps folder here; pass a roadmap file or folder")


@app.command()
def validate(
    paths: PathsArgument = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="text, json, github (annotations) or auto.")] = ReportFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    color: Annotated[ColorChoice, typer.Option("--color", help="Colour: auto, always or never.")] = ColorChoice.auto,
) -> None:
    """Check roadmaps and report every problem with file, line and a fix; for CI."""

    def run() -> int:
        from roadmap_cli.commands import validate_roadmaps

        chosen = format.value
        if chosen == "auto":
            chosen = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
        return validate_roadmaps(_roadmap_paths(paths, bundled_fallback=False), chosen, strict, color.value)

    _guarded(run, color)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a roadmap file (for editors: see docs/format.md)."""

    def run() -> int:
        from roadmap_cli.models import json_schema

        sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n")
        return EXIT_OK

    _guarded(run)


def main() -> None:
    """Console-script entry point."""
    app()
