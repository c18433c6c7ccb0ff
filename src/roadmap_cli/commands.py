"""Command bodies: plain functions over plain arguments that print results and return exit codes."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli.errors import Diagnostic, RoadmapError, UsageError, sort_diagnostics
from roadmap_cli.i18n import _
from roadmap_cli.loader import RoadmapFiles, discover_roadmaps
from roadmap_cli.output import ColorMode, make_console, paged, write_files_atomically
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan
from roadmap_cli.planner import PlanOptions
from roadmap_cli.vocabulary import PhaseMode

if TYPE_CHECKING:
    from roadmap_cli.diff import PlanDiff
    from roadmap_cli.render.common import GroupBy
    from roadmap_cli.render.terminal import Baseline
from roadmap_cli.report import REPORTERS, format_text, summary_line

FLOWCHART_SUFFIX = ".flowchart.mmd"
"""The suffix of the Mermaid flowchart when several formats are written (`.mmd` is the Gantt chart's)."""
SHARED_SUFFIXES = {"mermaid-flowchart": FLOWCHART_SUFFIX, "terminal-svg": ".terminal.svg"}
"""Suffixes, when several formats are written, of the formats whose extension another format also has."""


def validate_roadmaps(paths: list[Path], report_format: str, strict: bool, color: ColorMode, *, verbose: bool = False, as_of: date | None = None) -> int:
    """Validate every roadmap found under `paths`; 0 when valid, 1 when not (warnings too with `strict`).

    Each roadmap is planned, levelling included, exactly as `plan` and `export` plan it, so that
    validation passes when they can plan and reports every warning they would print.
    """
    roadmaps = discover_roadmaps(paths)
    diagnostics: list[Diagnostic] = []
    for files in roadmaps:
        try:
            diagnostics.extend(build_plan(files, PlanOptions(as_of=as_of), verbose=verbose)[1])
        except RoadmapError as error:
            diagnostics.extend(error.diagnostics)
    diagnostics = sort_diagnostics(diagnostics)
    failed = any(d.is_error for d in diagnostics) or (strict and bool(diagnostics))
    if report_format == "text":
        console = make_console(stderr=True, color=color)
        console.print(format_text(diagnostics), end="", soft_wrap=True)
        console.print(summary_line(diagnostics, len(roadmaps), failed), end="", soft_wrap=True)
    else:
        sys.stdout.write(REPORTERS[report_format](diagnostics))
    return 1 if failed else 0


@dataclass(frozen=True)
class PlanView:
    """What to show of a plan: filters and layout."""

    regions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    group_by: GroupBy = "region"
    period: str | None = None
    width: int | None = None
    color: ColorMode = "auto"
    level: bool = True
    effort: int | None = None
    """Levelling effort from `--effort`; None keeps the roadmap's."""
    delimiter: str = ","
    """CSV field separator: `,` or `;`."""
    as_of: date | None = None
    """The status date (`--as-of`); None: the roadmap's own, else today."""
    phases: PhaseMode | None = None
    """`--phases`: stages or calendar; None keeps the roadmap's `phases`."""
    labels: str = "name"
    """`--labels`: what the timeline's label column shows (name, id or both)."""
    detail: bool = False
    """`--detail`: what each phase holds per region, under the phase table."""
    summary_only: bool = False
    """`--summary`: header, phases and summary, without the timeline."""
    pager: bool = True
    """Page output taller than the terminal (`--no-pager` turns it off; never when stdout is not a terminal)."""
    show_all: bool = False
    """`explain --all`: list every gate member, predecessor and dependent."""


def _plans(paths: list[Path], view: PlanView) -> list[tuple[Plan, tuple[Diagnostic, ...]]]:
    """Plan every roadmap under `paths`, filtered for the view; usage errors for unknown filter ids."""
    from roadmap_cli.render import filter_plan

    plans = []
    for files in discover_roadmaps(paths):
        plan, warnings = build_plan(files, PlanOptions(level=view.level, effort=view.effort, as_of=view.as_of, phases=view.phases))
        try:
            plan = filter_plan(plan, regions=view.regions, categories=view.categories, statuses=view.statuses)
        except ValueError as error:
            raise UsageError(str(error)) from None
        plans.append((plan, warnings))
    return plans


def _warn(warnings: list[Diagnostic], color: ColorMode) -> None:
    """Show planning warnings on stderr."""
    if warnings:
        make_console(stderr=True, color=color).print(format_text(warnings), end="", soft_wrap=True)


def plan_roadmaps(paths: list[Path], view: PlanView, baseline: str | None = None) -> int:
    """Show the plan of every roadmap in the terminal; with `baseline`, each initiative's shift against it."""
    from roadmap_cli.render import render_plan

    console = make_console(color=view.color, width=view.width)
    warnings: list[Diagnostic] = []
    plans = _plans(paths, view)
    if baseline is not None and len(plans) != 1:
        raise UsageError(_("--baseline compares one roadmap, but {count} were found; pass the folder or file of one").format(count=len(plans)))
    against = _baseline(baseline, paths, plans[0][0], view) if baseline is not None else None
    with paged(console, enabled=view.pager):
        for number, (plan, found) in enumerate(plans):
            if number:
                console.print()
            try:
                renderables = render_plan(
                    plan,
                    width=console.width,
                    period=view.period,
                    group_by=view.group_by,
                    labels=view.labels,
                    detail=view.detail,
                    summary_only=view.summary_only,
                    baseline=against,
                )
            except ValueError as error:
                raise UsageError(str(error)) from None
            for renderable in renderables:
                console.print(renderable)
            warnings.extend(found)
    _warn(sort_diagnostics(warnings), view.color)
    return 0


def _baseline(spec: str, paths: list[Path], plan: Plan, view: PlanView) -> Baseline:
    """The diff of `plan` against the baseline `spec`, the baseline cut down by the view's filters as the plan is."""
    from roadmap_cli.baseline import read_side
    from roadmap_cli.diff import diff_plans
    from roadmap_cli.render import filter_plan
    from roadmap_cli.render.json_ import plan_from_dict
    from roadmap_cli.render.terminal import Baseline

    side = read_side(spec, paths, PlanOptions(level=view.level, effort=view.effort, as_of=view.as_of))
    before = plan_from_dict(side.record)
    with contextlib.suppress(ValueError):  # a filter id the baseline does not know: compare with all of it
        before = filter_plan(before, regions=view.regions, categories=view.categories, statuses=view.statuses)
    _warn(list(side.warnings), view.color)
    return Baseline(side.label, diff_plans(before, plan))


def export_roadmap(paths: list[Path], formats: list[str], output: Path | None, view: PlanView) -> int:
    """Render one roadmap in each format; to stdout (one format) or atomically to files (all of them or none)."""
    from roadmap_cli.render import ExportOptions
    from roadmap_cli.render.formats import Content, export_files, stream_export

    unique = list(dict.fromkeys(formats))
    targets: dict[str, Path] = {}
    if output is None:
        if len(unique) > 1:
            raise UsageError(_("several formats need --output: a file name whose suffix is replaced per format"))
    else:
        if output.parent and not output.parent.is_dir():
            raise UsageError(_("cannot write {output}: folder {parent} does not exist").format(output=output, parent=output.parent))
        targets = {name: _target(output, name, len(unique) > 1) for name in unique}
        for files in discover_roadmaps(paths):
            _refuse_own_files(list(targets.values()), files)
    plans = _plans(paths, view)
    if len(plans) != 1:
        names = ", ".join(plan.roadmap.id for plan, _found in plans)
        raise UsageError(_("export takes one roadmap, but {length} were found ({names}); pass the folder or file of one").format(length=len(plans), names=names))
    plan, warnings = plans[0]
    options = ExportOptions(group_by=view.group_by, period=view.period, width=view.width, delimiter=view.delimiter)
    rendered = {name: stream_export(name, plan, options) for name in unique}
    if output is None:
        _write_stdout(rendered[unique[0]].content)
        if rendered[unique[0]].companions:
            keys = ", ".join(key for key, _text in rendered[unique[0]].companions)
            make_console(stderr=True, color=view.color).print(
                _("stdout gets the main table only; write the export with --output FILE to get the other tables ({keys}) next to it").format(keys=keys), soft_wrap=True
            )
    else:
        written: dict[Path, Content] = {}
        for name, export in rendered.items():
            written.update(export_files(targets[name], export))
        write_files_atomically(written)
        for target in written:
            make_console(stderr=True, color=view.color).print(_("wrote {target}").format(target=target), soft_wrap=True)
    for export in rendered.values():
        if export.note:
            make_console(stderr=True, color=view.color).print(export.note, soft_wrap=True)
    _warn(list(warnings), view.color)
    return 0


STDOUT_CHUNK = 1 << 20
"""Characters written to stdout at a time, so a 40 MB export is never encoded whole next to its text."""


def _write_stdout(content: str | bytes | Iterator[str]) -> None:
    """Text to stdout (a chunk at a time, or piece by piece as it is made); bytes only when stdout is not a terminal."""
    if isinstance(content, str):
        for start in range(0, len(content), STDOUT_CHUNK):
            sys.stdout.write(content[start : start + STDOUT_CHUNK])
        return
    if not isinstance(content, bytes):
        for piece in content:
            sys.stdout.write(piece)
        return
    if sys.stdout.isatty():
        raise UsageError(_("this format is a binary file: write it with --output FILE, or redirect stdout to a file"))
    sys.stdout.flush()
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()


def _target(output: Path, name: str, several: bool) -> Path:
    """The file one format goes to: `output` itself, or `output` less its export suffix, plus the format's suffix."""
    from roadmap_cli.render import FILE_EXTENSIONS

    if not several:
        return output
    suffixes = sorted({*FILE_EXTENSIONS.values(), *SHARED_SUFFIXES.values()}, key=len, reverse=True)
    stem = next((output.name[: -len(s)] for s in suffixes if output.name.endswith(s) and len(output.name) > len(s)), output.name)
    return output.with_name(stem + SHARED_SUFFIXES.get(name, FILE_EXTENSIONS[name]))


def _refuse_own_files(targets: list[Path], files: RoadmapFiles) -> None:
    """Refuse to write over the roadmap being read: one of its entry files, or a YAML file in its folder."""
    entries = {os.path.realpath(entry) for entry in files.entries}
    root = os.path.realpath(files.root).rstrip(os.sep) + os.sep
    for target in targets:
        real = os.path.realpath(target)
        inside = real.startswith(root) and real.endswith((".yaml", ".yml")) and os.path.exists(real)
        if real in entries or inside:
            raise UsageError(_("refusing to write {path}: it is one of the roadmap's own files (in {folder}); choose another --output").format(path=target, folder=files.root))


def status_roadmaps(paths: list[Path], report_format: str, view: PlanView) -> int:
    """Print the status page of every roadmap as of its status date: text, Markdown or JSON."""
    from roadmap_cli.render.status import render_status_json, render_status_markdown, render_status_text
    from roadmap_cli.status import status_report

    plans = _plans(paths, view)
    reports = [status_report(plan, plan.roadmap.status_date or plan.roadmap.start) for plan, _warnings in plans]
    if report_format == "json":
        sys.stdout.write(render_status_json(reports))
    else:
        render = render_status_markdown if report_format == "markdown" else render_status_text
        sys.stdout.write("\n".join(render(report) for report in reports))
    _warn(sort_diagnostics([w for _plan, found in plans for w in found]), view.color)
    return 0


def explain_initiative(initiative_id: str, paths: list[Path], view: PlanView) -> int:
    """Explain why an initiative sits in its phase and starts on its date."""
    from roadmap_cli.render import render_explain
    from roadmap_cli.suggest import did_you_mean

    plans = _plans(paths, view)
    known = [item.id for plan, _found in plans for item in plan.initiatives]
    for plan, _found in plans:
        if any(item.id == initiative_id for item in plan.initiatives):
            console = make_console(color=view.color, width=view.width)
            with paged(console, enabled=view.pager):
                console.print(render_explain(plan, initiative_id, show_all=view.show_all))
            return 0
    dropped = [i for plan, _found in plans for i in plan.dropped]
    if initiative_id in dropped:
        raise UsageError(_("initiative `{initiative_id}` is dropped, so it is not planned").format(initiative_id=initiative_id))
    raise UsageError(_("no initiative `{initiative_id}` in the roadmap{did_you_mean}").format(initiative_id=initiative_id, did_you_mean=did_you_mean(initiative_id, known)))


def init_roadmap(folder: Path, province: str | None, start: date, region: str | None = None) -> int:
    """Scaffold a roadmap for a province (or one kabupaten/kota) into an empty or new folder."""
    from roadmap_cli.models import json_schema
    from roadmap_cli.scaffold import init_files, province_list_message, region_files, unknown_province_message, unknown_region_message

    if province is None and region is None:
        raise UsageError(province_list_message())
    if province is not None and region is not None:
        raise UsageError(_("give --province or --region, not both"))
    try:
        files = region_files(region, start) if region is not None else init_files(str(province), start)
    except KeyError:
        raise UsageError(unknown_region_message(str(region)) if region is not None else unknown_province_message(str(province))) from None
    files[".roadmap-schema.json"] = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(_("{folder} exists and is not an empty folder; choose a new folder").format(folder=folder))
    folder.mkdir(parents=True, exist_ok=True)
    write_files_atomically({folder / name: text for name, text in files.items()})
    console = make_console(stderr=True)
    console.print(_("created {folder} with {join} (the schema is for editors)").format(folder=folder, join=", ".join(sorted(files))), soft_wrap=True)
    console.print(_("next: roadmap validate {folder} && roadmap plan {folder}").format(folder=folder), soft_wrap=True)
    return 0


def import_psplib(source: Path, output: Path | None, start: date) -> int:
    """Turn a PSPLIB single-mode instance into a roadmap file (stdout, or written atomically)."""
    from roadmap_cli.psplib import parse_sm
    from roadmap_cli.scaffold import psplib_roadmap

    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(_("cannot read {source}: {error}").format(source=source, error=error)) from None
    try:
        roadmap = psplib_roadmap(parse_sm(text), source.name, start)
    except ValueError as error:
        raise UsageError(_("{source}: not a PSPLIB single-mode instance: {error}").format(source=source, error=error)) from None
    if output is None:
        sys.stdout.write(roadmap)
    else:
        if output.exists() and os.path.samefile(output, source):
            raise UsageError(_("refusing to write {path}: it is the instance being read; choose another --output").format(path=output))
        write_files_atomically({output: roadmap})
    return 0


def diff_roadmaps(base: str, head: str | None, default_paths: list[Path], report_format: str, slip: SlipLimit, view: PlanView) -> int:
    """Print what the change from `base` to `head` (default: the working tree) does to the plan; 1 when it slips too far."""
    from roadmap_cli.baseline import read_side
    from roadmap_cli.diff import diff_records
    from roadmap_cli.render.diff import render_diff_json, render_diff_markdown, render_diff_text

    options = PlanOptions(level=view.level, effort=view.effort, as_of=view.as_of)
    after = read_side(head if head is not None else str(default_paths[0]), default_paths, options)
    before = read_side(base, [Path(head)] if head is not None and not head.startswith("git:") else default_paths, options)
    diff = diff_records(before.record, after.record)
    render = {"json": render_diff_json, "markdown": render_diff_markdown}.get(report_format, render_diff_text)
    sys.stdout.write(render(diff, before.label, after.label))
    _warn(sort_diagnostics([*before.warnings, *after.warnings]), view.color)
    return slip.check(diff, view.color)


@dataclass(frozen=True)
class SlipLimit:
    """`--fail-on-slip DAYS` (None: never fail) and `--each` (any initiative, not only the roadmap finish)."""

    days: int | None = None
    each: bool = False

    def check(self, diff: PlanDiff, color: ColorMode) -> int:
        """1 (with a note on stderr) when the diff slips more than allowed, else 0."""
        if self.days is None:
            return 0
        console = make_console(stderr=True, color=color)
        if diff.finish_days > self.days:
            console.print(
                _("roadmap finish slips {days} days, more than the {limit} that --fail-on-slip allows").format(days=diff.finish_days, limit=self.days),
                soft_wrap=True,
            )
            return 1
        worst = max((s for s in diff.shifts if s.finish_days > self.days), key=lambda s: (s.finish_days, s.id), default=None) if self.each else None
        if worst is not None:
            console.print(
                _("{id} slips {days} days, more than the {limit} that --fail-on-slip --each allows").format(id=worst.id, days=worst.finish_days, limit=self.days),
                soft_wrap=True,
            )
            return 1
        return 0
