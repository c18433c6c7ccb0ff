"""The thin typer CLI: options in, pipeline, renderers out, exit codes.

No `from __future__ import annotations` here: typer reads every command's annotations when it builds the
command line, and string annotations made it parse and evaluate 190 of them on every start (a sixth of `--help`).
"""

import atexit
import enum
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from roadmap_cli import __version__
from roadmap_cli.cli_language import (
    LANGUAGE_HELP,
    LANGUAGE_OPTION,
    LanguageChoice,
    RoadmapTyper,
)
from roadmap_cli.errors import Diagnostic, RoadmapError, UsageError
from roadmap_cli.i18n import N_, _
from roadmap_cli.vocabulary import MAX_EFFORT, ExportFormat, Period, PhaseMode

if TYPE_CHECKING:
    from roadmap_cli.commands import PlanView

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = RoadmapTyper(
    name="roadmap",
    help=N_(
        "Plan smart-city and smart-province roadmaps: validate the YAML, order initiatives into phases and a dated, "
        "levelled schedule, show it in the terminal and export it.\n\nExit codes: 0 ok, 1 invalid roadmap, 2 usage error, "
        "3 internal error, 130 interrupted."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
import_app = RoadmapTyper(help=N_("Turn other formats into roadmaps."), no_args_is_help=True, rich_markup_mode=None)
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


LanguageOption = Annotated[
    Optional[LanguageChoice],
    typer.Option(LANGUAGE_OPTION, help=LANGUAGE_HELP, expose_value=False, show_default=False),
]
"""`--lang`, accepted by every command; the language itself is chosen from the whole command line before parsing."""


@app.callback()
def main_options(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))] = None,
    debug: Annotated[bool, typer.Option("--debug", help=N_("Show a traceback on internal errors."))] = False,
    lang: LanguageOption = None,
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
        typer.echo(_("roadmap: error: {message}").format(message=error), err=True)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        typer.echo(_("roadmap: interrupted"), err=True)
        code = EXIT_INTERRUPTED
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence: users never see a traceback
        if _State.debug:
            traceback.print_exc()
        typer.echo(
            _("roadmap: internal error ({kind}: {error}); this is a bug, please report it with the command and input (run with --debug for the traceback)").format(
                kind=type(error).__name__, error=error
            ),
            err=True,
        )
        code = EXIT_INTERNAL
    raise typer.Exit(code)


PathsArgument = Annotated[
    Optional[list[Path]],
    typer.Argument(help=N_("Roadmap files or folders (default: ./roadmaps, else the bundled Kalimantan Utara roadmap)."), show_default=False),
]


def _roadmap_paths(paths: list[Path] | None, *, bundled_fallback: bool) -> list[Path]:
    """The paths given, or ./roadmaps, or (where allowed) the bundled default roadmap."""
    if paths:
        return paths
    if Path("roadmaps").is_dir():
        return [Path("roadmaps")]
    if bundled_fallback:
        from roadmap_cli.bundled import bundled_roadmap
        from roadmap_cli.output import make_console

        make_console(stderr=True).print(_("no ./roadmaps here: showing the bundled Kalimantan Utara example"), style="dim", soft_wrap=True)
        return [bundled_roadmap()]
    raise UsageError(_("no roadmap given and no ./roadmaps folder here; pass a roadmap file or folder"))


AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", help=N_("Status date, YYYY-MM-DD: what is done and active is true on this day (default: the roadmap's `status_date`, else today).")),
]


def _as_of(text: str | None) -> date | None:
    """Parse `--as-of`."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("--as-of: `{text}` is not a date; write YYYY-MM-DD").format(text=text)) from None


@app.command()
def validate(
    paths: PathsArgument = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help=N_("text, json, github (annotations) or auto."))] = ReportFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Fail on warnings too."))] = False,
    color: Annotated[ColorChoice, typer.Option("--color", help=N_("Colour: auto, always or never."))] = ColorChoice.auto,
    as_of: AsOfOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=N_("Show long cycles and region lists in full."))] = False,
    lang: LanguageOption = None,
) -> None:
    """Check roadmaps and report every problem with file, line and a fix; for CI."""

    def run() -> int:
        from roadmap_cli.commands import validate_roadmaps

        chosen = format.value
        if chosen == "auto":
            chosen = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
        return validate_roadmaps(_roadmap_paths(paths, bundled_fallback=False), chosen, strict, color.value, verbose=verbose, as_of=_as_of(as_of))

    _guarded(run, color)


class CsvDelimiter(str, enum.Enum):
    """CSV field separators."""

    comma = ","
    semicolon = ";"


class GroupBy(str, enum.Enum):
    """How the timeline groups initiatives."""

    region = "region"
    category = "category"
    phase = "phase"


RegionOption = Annotated[Optional[list[str]], typer.Option("--region", "-r", help=N_("Only this region's subtree (repeatable)."))]
CategoryOption = Annotated[Optional[list[str]], typer.Option("--category", "-c", help=N_("Only this category (repeatable)."))]
StatusOption = Annotated[Optional[list[str]], typer.Option("--status", "-s", help=N_("Only this status: planned, active, done or dropped (repeatable)."))]
ColorOption = Annotated[ColorChoice, typer.Option("--color", help=N_("Colour: auto, always or never."))]
NoLevelOption = Annotated[bool, typer.Option("--no-level", help=N_("Ignore resource capacities (dependencies only)."))]
EffortOption = Annotated[
    Optional[int],
    typer.Option(
        "--effort", min=0, max=MAX_EFFORT, help=N_("Levelling search effort, 0 to 1000 (default: `levelling.effort` in the roadmap header, else 10); the same effort always gives the same plan.")
    ),
]
WidthOption = Annotated[
    Optional[int], typer.Option("--width", "-w", min=40, max=1000, help=N_("Output width in columns (default: the terminal's; svg and html: 8 pixels a column, default 1200 pixels)."))
]
ExportFormatsOption = Annotated[
    list[ExportFormat], typer.Option("--format", "-f", help=N_("markdown, mermaid, mermaid-flowchart, csv, json, svg (Gantt chart), terminal-svg, html or xlsx (repeatable)."))
]
GroupByOption = Annotated[GroupBy, typer.Option("--group-by", "-g", help=N_("Group the timeline by region, category or phase."))]
PeriodOption = Annotated[Optional[Period], typer.Option("--period", "-p", help=N_("Timeline columns: year, half, quarter or month."))]
PhasesOption = Annotated[
    Optional[PhaseMode],
    typer.Option("--phases", help=N_("Phases as dependency stages, or as calendar windows (the header's named phases, else its periods); default: the header's `phases`, else stages.")),
]
NoPagerOption = Annotated[bool, typer.Option("--no-pager", help=N_("Print straight to the terminal, without a pager (output to a pipe or file is never paged)."))]


class Labels(str, enum.Enum):
    """What the timeline's label column shows."""

    name = "name"
    id = "id"
    both = "both"


def _view(
    region: list[str] | None,
    category: list[str] | None,
    status: list[str] | None,
    color: ColorChoice,
    no_level: bool,
    *,
    effort: int | None = None,
    group_by: GroupBy = GroupBy.region,
    period: Period | None = None,
    width: int | None = None,
    as_of: str | None = None,
    phases: PhaseMode | None = None,
) -> "PlanView":
    """The plan view the options ask for."""
    from roadmap_cli.commands import PlanView

    return PlanView(
        phases=phases,
        regions=tuple(region or ()),
        categories=tuple(category or ()),
        statuses=tuple(status or ()),
        group_by=group_by.value,
        period=period.value if period else None,
        width=width,
        color=color.value,
        level=not no_level,
        effort=effort,
        as_of=_as_of(as_of),
    )


@app.command()
def plan(
    paths: PathsArgument = None,
    region: RegionOption = None,
    category: CategoryOption = None,
    status: StatusOption = None,
    group_by: GroupByOption = GroupBy.region,
    period: PeriodOption = None,
    width: WidthOption = None,
    color: ColorOption = ColorChoice.auto,
    no_level: NoLevelOption = False,
    effort: EffortOption = None,
    format: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", help=N_("Print this export format instead (same as `roadmap export`)."))] = None,
    as_of: AsOfOption = None,
    phases: PhasesOption = None,
    labels: Annotated[Labels, typer.Option("--labels", help=N_("Timeline labels: the initiative's name (its id only where cut names collide), its id, or both."))] = Labels.name,
    detail: Annotated[bool, typer.Option("--detail", help=N_("Under the phase table, what each phase holds per region."))] = False,
    summary: Annotated[bool, typer.Option("--summary", help=N_("Only the header, the phases and the summary, without the timeline."))] = False,
    no_pager: NoPagerOption = False,
    baseline: Annotated[Optional[str], typer.Option("--baseline", metavar="REF", help=N_("Show each initiative's shift against this plan: a roadmap path, a JSON export or git:REV[:PATH]."))] = None,
    lang: LanguageOption = None,
) -> None:
    """Show the plan: timeline by region, phases and summary (default: ./roadmaps, else the bundled Kaltara roadmap)."""

    def run() -> int:
        from dataclasses import replace

        from roadmap_cli.commands import export_roadmap, plan_roadmaps

        chosen = _roadmap_paths(paths, bundled_fallback=True)
        view = replace(
            _view(region, category, status, color, no_level, effort=effort, group_by=group_by, period=period, width=width, as_of=as_of, phases=phases),
            labels=labels.value,
            detail=detail,
            summary_only=summary,
            pager=not no_pager,
        )
        if format is not None:
            if baseline is not None:
                raise UsageError(_("--baseline shows in the terminal view; for a report of the change, use `roadmap diff`"))
            return export_roadmap(chosen, [format.value], None, view)
        return plan_roadmaps(chosen, view, baseline)

    _guarded(run, color)


@app.command()
def export(
    paths: PathsArgument = None,
    format: ExportFormatsOption = [ExportFormat.MARKDOWN],  # noqa: B006
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=N_("Write to this file (with several formats: its stem plus each format's suffix)."))] = None,
    region: RegionOption = None,
    category: CategoryOption = None,
    status: StatusOption = None,
    group_by: GroupByOption = GroupBy.region,
    period: PeriodOption = None,
    width: WidthOption = None,
    color: ColorOption = ColorChoice.auto,
    no_level: NoLevelOption = False,
    effort: EffortOption = None,
    delimiter: Annotated[CsvDelimiter, typer.Option("--delimiter", help=N_("CSV field separator: `,`, or `;` for Excel set to Indonesian (decimal comma)."))] = CsvDelimiter.comma,
    as_of: AsOfOption = None,
    phases: PhasesOption = None,
    lang: LanguageOption = None,
) -> None:
    """Export one roadmap's plan to Markdown, Mermaid, CSV, JSON or SVG; nothing is written if any format fails."""

    def run() -> int:
        from dataclasses import replace

        from roadmap_cli.commands import export_roadmap

        view = replace(
            _view(region, category, status, color, no_level, effort=effort, group_by=group_by, period=period, width=width, as_of=as_of, phases=phases),
            delimiter=delimiter.value,
        )
        return export_roadmap(_roadmap_paths(paths, bundled_fallback=True), [f.value for f in format], output, view)

    _guarded(run, color)


@app.command()
def explain(
    initiative: Annotated[str, typer.Argument(help=N_("The initiative id."))],
    paths: PathsArgument = None,
    width: WidthOption = None,
    color: ColorOption = ColorChoice.auto,
    no_level: NoLevelOption = False,
    effort: EffortOption = None,
    as_of: AsOfOption = None,
    phases: PhasesOption = None,
    show_all: Annotated[bool, typer.Option("--all", help=N_("List every gate member, predecessor and dependent, not the first few and a count."))] = False,
    no_pager: NoPagerOption = False,
    lang: LanguageOption = None,
) -> None:
    """Explain why an initiative sits in its phase and starts on its date: binding chain, reasons, float, capacity."""

    def run() -> int:
        from dataclasses import replace

        from roadmap_cli.commands import explain_initiative

        view = replace(_view(None, None, None, color, no_level, effort=effort, width=width, as_of=as_of, phases=phases), show_all=show_all, pager=not no_pager)
        return explain_initiative(initiative, _roadmap_paths(paths, bundled_fallback=True), view)

    _guarded(run, color)


class PageFormat(str, enum.Enum):
    """How `status` and `diff` print their page."""

    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def status(
    paths: PathsArgument = None,
    format: Annotated[PageFormat, typer.Option("--format", "-f", help=N_("text, markdown or json."))] = PageFormat.text,
    color: ColorOption = ColorChoice.auto,
    no_level: NoLevelOption = False,
    as_of: AsOfOption = None,
    lang: LanguageOption = None,
) -> None:
    """The page to read each quarter: done since the last period, late work and what it blocks, what starts next, gates, budget."""

    def run() -> int:
        from roadmap_cli.commands import status_roadmaps

        view = _view(None, None, None, color, no_level, as_of=as_of)
        return status_roadmaps(_roadmap_paths(paths, bundled_fallback=True), format.value, view)

    _guarded(run, color)


@app.command()
def diff(
    base: Annotated[str, typer.Argument(help=N_("The plan before: a roadmap file or folder, a JSON export, or git:REV[:PATH] (read from git, no checkout)."), show_default=False)],
    head: Annotated[Optional[str], typer.Argument(help=N_("The plan after, in the same forms (default: ./roadmaps, else the bundled Kalimantan Utara roadmap)."), show_default=False)] = None,
    format: Annotated[PageFormat, typer.Option("--format", "-f", help=N_("text, markdown (a pull-request comment) or json."))] = PageFormat.text,
    fail_on_slip: Annotated[Optional[int], typer.Option("--fail-on-slip", min=0, metavar="DAYS", help=N_("Exit 1 when the roadmap finish slips more than DAYS days."))] = None,
    each: Annotated[bool, typer.Option("--each", help=N_("With --fail-on-slip: exit 1 when any initiative's finish slips more than DAYS."))] = False,
    color: ColorOption = ColorChoice.auto,
    no_level: NoLevelOption = False,
    effort: EffortOption = None,
    as_of: AsOfOption = None,
    lang: LanguageOption = None,
) -> None:
    """What a change does to the plan: initiatives added, removed, renamed and moved (and why), finish, critical path, costs, peaks and gates."""

    def run() -> int:
        from roadmap_cli.commands import SlipLimit, diff_roadmaps

        if each and fail_on_slip is None:
            raise UsageError(_("--each needs --fail-on-slip DAYS"))
        view = _view(None, None, None, color, no_level, effort=effort, as_of=as_of)
        defaults = _roadmap_paths(None, bundled_fallback=True)
        return diff_roadmaps(base, head, defaults, format.value, SlipLimit(fail_on_slip, each), view)

    _guarded(run, color)


def _start_date(text: str) -> date:
    """Parse `--start`."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(_("`{text}` is not a date; write YYYY-MM-DD").format(text=text)) from None


StartOption = Annotated[str, typer.Option("--start", help=N_("Start date of the roadmap, YYYY-MM-DD."))]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help=N_("New or empty folder for the roadmap."))] = Path("roadmaps/provinsi"),
    province: Annotated[
        Optional[str], typer.Option("--province", "-p", help=N_("Kemendagri province code, e.g. 65 (Kalimantan Utara) or 73; without it (or --region) the provinces are listed."))
    ] = None,
    region: Annotated[Optional[str], typer.Option("--region", "-r", help=N_("Kemendagri code of one kabupaten/kota, e.g. 73.71 (Kota Makassar): a smart-city roadmap for it alone."))] = None,
    start: StartOption = "2026-01-01",
    lang: LanguageOption = None,
) -> None:
    """Scaffold a roadmap for a province (or one kabupaten/kota) from the national region list; it validates and plans at once."""
    start_day = _start_date(start)
    _guarded(lambda: _commands().init_roadmap(folder, province, start_day, region))


@import_app.callback()
def import_options(lang: LanguageOption = None) -> None:
    """Turn other formats into roadmaps."""


@import_app.command("psplib")
def import_psplib(
    source: Annotated[Path, typer.Argument(help=N_("A PSPLIB single-mode instance (.sm)."))],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=N_("Write the roadmap here instead of stdout."))] = None,
    start: StartOption = "2026-01-01",
    lang: LanguageOption = None,
) -> None:
    """Turn a PSPLIB instance into a roadmap: jobs become initiatives, renewable resources become teams."""
    start_day = _start_date(start)
    _guarded(lambda: _commands().import_psplib(source, output, start_day))


def _commands() -> ModuleType:
    """The command bodies, imported when a command runs (keeps `--help` fast)."""
    from roadmap_cli import commands

    return commands


@app.command()
def schema(lang: LanguageOption = None) -> None:
    """Print the JSON Schema of a roadmap file (for editors: see docs/format.md)."""

    def run() -> int:
        from roadmap_cli.models import json_schema

        sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n")
        return EXIT_OK

    _guarded(run)


def main() -> None:
    """Console-script entry point: start-up's objects frozen out of the collector's scans, no teardown after success."""
    gc.freeze()
    try:
        app()
    except SystemExit as done:
        if done.code in (0, None):
            _exit_without_teardown()
        raise


def _exit_without_teardown() -> None:
    """Flush the output and leave at once, skipping the interpreter's teardown (freeing every object one by one).

    Only when nothing registered an `atexit` handler (coverage and openpyxl do), so that none is skipped; a
    flush that fails leaves the normal exit to report it.
    """
    if atexit._ncallbacks():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(EXIT_OK)
