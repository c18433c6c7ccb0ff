"""`roadmap diff` and `plan --baseline`: goldens on a two-commit example, git, JSON and path sources, slip limits, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "diff"
GOLDEN = ROOT / "tests" / "golden" / "diff"
ROADMAP = "roadmaps/kaltara"
"""Where the example roadmap lives in the temporary repository."""


def git(repository: Path, *args: str) -> str:
    """Run git in the repository with a fixed identity and dates; return its output."""
    env = {
        "GIT_AUTHOR_NAME": "Diskominfo",
        "GIT_AUTHOR_EMAIL": "diskominfo@example.go.id",
        "GIT_COMMITTER_NAME": "Diskominfo",
        "GIT_COMMITTER_EMAIL": "diskominfo@example.go.id",
        "GIT_AUTHOR_DATE": "2025-04-24T08:00:00+08:00",
        "GIT_COMMITTER_DATE": "2025-04-24T08:00:00+08:00",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    done = subprocess.run(["git", *args], cwd=repository, env=env, capture_output=True, text=True, check=True)
    return done.stdout


CHANGES = {
    "change": "Satu Data: SPBE interoperability, three months and Rp 4,2 miliar more",
    "gate-change": "Malinau masterplan: bimtek over eight months",
}
"""The second commit of each example: the fixture folder laid over the roadmap, and its message."""


def two_commits(repository: Path, change: str = "change") -> Path:
    """A repository whose first commit holds the example roadmap and whose second lays `change` over it (by default
    the province's Satu Data work grows by three months, delaying the launch)."""
    repository.mkdir(parents=True)
    git(repository, "init", "-q", "-b", "main")
    shutil.copytree(FIXTURE / "kaltara", repository / ROADMAP)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "Kaltara roadmap as of 2025-04-24")
    shutil.copytree(FIXTURE / change, repository / ROADMAP, dirs_exist_ok=True)
    git(repository, "commit", "-q", "-am", CHANGES[change])
    return repository


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The two-commit example, as the working directory."""
    found = two_commits(tmp_path / "repository")
    monkeypatch.chdir(found)
    return found


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_diff_golden(repository: Path, form: str, check_golden: Callable[[Path, str], None]) -> None:
    """The change delays the province launch: its diff against the previous commit, in each format."""
    code, out, err = run("diff", "git:HEAD~1", ROADMAP, "--format", form, "--color", "never")
    assert code == 0, err
    check_golden(GOLDEN / f"kaltara.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[form] }", out)


@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_gate_change_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str, check_golden: Callable[[Path, str], None]) -> None:
    """A change that swaps a member the 80 % gate counts (Malinau's masterplan now ends after Tana Tidung's), in each format."""
    monkeypatch.chdir(two_commits(tmp_path / "repository", "gate-change"))
    code, out, err = run("diff", "git:HEAD~1", ROADMAP, "--format", form, "--color", "never")
    assert code == 0, err
    check_golden(GOLDEN / f"gate.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[form] }", out)


def test_the_gate_change_names_the_swapped_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate still opens on the same day, but counts Tana Tidung's masterplan instead of Malinau's; the finish holds."""
    monkeypatch.chdir(two_commits(tmp_path / "repository", "gate-change"))
    data = json.loads(run("diff", "git:HEAD~1", ROADMAP, "-f", "json")[1])
    (gate,) = data["gates"]
    assert (gate["id"], gate["rule"]) == ("kaltara.masterplan-smart-province", "syarat-80-persen-masterplan")
    assert set(gate["counted_before"]) ^ set(gate["counted_after"]) == {"malinau.masterplan", "tana-tidung.masterplan"}
    assert gate["opens_before"] == gate["opens_after"]
    assert data["finish"]["days"] == 0
    assert [(c["id"], c["field"]) for c in data["changed"]] == [("malinau.masterplan", "duration_days")]


def test_plan_baseline_golden(repository: Path, check_golden: Callable[[Path, str], None]) -> None:
    """`plan --baseline` on the launch-delaying example: the timeline with each shift and the baseline section."""
    code, out, err = run("plan", ROADMAP, "--baseline", "git:HEAD~1", "--color", "never", "--width", "160")
    assert code == 0, err
    check_golden(GOLDEN / "plan-baseline-160.txt", out)


def test_the_example_slips_the_launch(repository: Path) -> None:
    """The launch milestone ends the plan and moves by the three months the change adds, and so does the roadmap finish."""
    data = json.loads(run("diff", "git:HEAD~1", ROADMAP, "-f", "json")[1])
    assert data["finish"] == {"before": "2029-07-12", "after": "2029-10-15", "days": 95, "last": "kaltara.peluncuran-smart-province"}
    launch = next(s for s in data["shifts"] if s["id"] == "kaltara.peluncuran-smart-province")
    assert launch["binding"]["id"] == "kaltara.satu-data-layanan" and launch["origin"] == "kaltara.satu-data-layanan"
    assert launch["why"] == ["duration_days", "cost"]
    assert [c["field"] for c in data["changed"]] == ["duration_days", "cost"]
    assert data["renamed"][0]["id"] == "kaltara.satu-data-layanan"


def test_head_defaults_to_the_working_tree_and_the_path_to_its_own(repository: Path) -> None:
    """`diff git:HEAD~1` alone reads ./roadmaps in the working tree and the same folder in the revision."""
    shutil.copytree(repository / ROADMAP, repository / "roadmaps" / "kaltim")
    code, _out, err = run("diff", "git:HEAD~1")
    assert code == 2 and "holds 2" in err
    shutil.rmtree(repository / "roadmaps" / "kaltim")
    code, out, err = run("diff", "git:HEAD~1", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["base"], data["head"]) == ("git:HEAD~1:roadmaps", "roadmaps")
    assert data["finish"]["days"] == 95


def test_git_on_both_sides_and_json_exports_agree(repository: Path) -> None:
    """git:REV:PATH on both sides, saved JSON exports, and folders give the same diff."""
    by_git = json.loads(run("diff", f"git:HEAD~1:{ROADMAP}", f"git:HEAD:{ROADMAP}", "-f", "json")[1])
    (repository / "exports").mkdir()
    before, after = repository / "exports" / "before.json", repository / "exports" / "after.json"
    git(repository, "checkout", "-q", "HEAD~1")
    before.write_text(run("export", ROADMAP, "-f", "json")[1], encoding="utf-8")
    git(repository, "checkout", "-q", "main")
    after.write_text(run("export", ROADMAP, "-f", "json")[1], encoding="utf-8")
    by_json = json.loads(run("diff", str(before), str(after), "-f", "json")[1])
    for data in (by_git, by_json):
        data.pop("base"), data.pop("head")
    assert by_git["shifts"] == by_json["shifts"] and by_git["cost_per_year"] == by_json["cost_per_year"]
    assert {k: v for k, v in by_git.items() if k != "shifts"} == {k: v for k, v in by_json.items() if k != "shifts"}
    git(repository, "add", "exports/before.json")
    git(repository, "commit", "-q", "-m", "baseline export")
    from_git_json = json.loads(run("diff", "git:HEAD:exports/before.json", ROADMAP, "-f", "json")[1])
    assert from_git_json["finish"] == by_json["finish"] and from_git_json["base"] == "git:HEAD:exports/before.json"


def test_the_same_roadmap_gives_an_empty_diff(repository: Path) -> None:
    """No change: an empty diff, said in one line, exit 0 even with --fail-on-slip 0 --each."""
    code, out, _err = run("diff", f"git:HEAD:{ROADMAP}", ROADMAP, "--fail-on-slip", "0", "--each")
    assert code == 0
    assert out.splitlines()[1] == "No change to the plan: finish 2029-10-15"
    assert json.loads(run("diff", ROADMAP, ROADMAP, "-f", "json")[1])["empty"] is True


@pytest.mark.parametrize(
    ("options", "expected", "message"),
    [
        (["--fail-on-slip", "94"], 1, "roadmap finish slips 95 days, more than the 94 that --fail-on-slip allows"),
        (["--fail-on-slip", "95"], 0, ""),
        (["--fail-on-slip", "95", "--each"], 0, ""),
        (["--each"], 2, "--each needs --fail-on-slip DAYS"),
    ],
)
def test_fail_on_slip(repository: Path, options: list[str], expected: int, message: str) -> None:
    """--fail-on-slip DAYS fails when the roadmap finish slips more than DAYS; --each looks at every initiative."""
    code, out, err = run("diff", "git:HEAD~1", ROADMAP, *options)
    assert code == expected
    assert message in err
    if expected != 2:
        assert out.startswith("Peta Jalan Kalimantan Utara")


def test_fail_on_slip_each_names_the_initiative(repository: Path) -> None:
    """With --each, an initiative that slips more than DAYS fails even when the roadmap finish moves less."""
    git(repository, "checkout", "-q", "HEAD~1", "--", ROADMAP)
    nunukan = repository / ROADMAP / "initiatives" / "nunukan.yaml"
    text = nunukan.read_text(encoding="utf-8")
    nunukan.write_text(text.replace("    duration: 6m\n    cost: 450000000", "    duration: 9m\n    cost: 450000000"), encoding="utf-8")
    code, _out, err = run("diff", f"git:HEAD~1:{ROADMAP}", ROADMAP, "--fail-on-slip", "30", "--each")
    assert code == 1 and "nunukan.literasi-digital slips" in err and "--fail-on-slip --each" in err
    assert run("diff", f"git:HEAD~1:{ROADMAP}", ROADMAP, "--fail-on-slip", "30")[0] == 0


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("git:no-such-branch", "git knows no revision `no-such-branch`"),
        ("git:HEAD~1:roadmaps/kaltim", "`git:HEAD~1:roadmaps/kaltim` does not exist"),
        ("git:", "names no revision"),
        ("git:HEAD~1:README.json", "does not exist"),
        ("git:HEAD:.git-notes", "does not exist"),
        ("missing.json", "missing.json does not exist"),
        ("git:HEAD~1:/etc", "outside the git repository"),
    ],
)
def test_bad_sources_are_usage_errors(repository: Path, base: str, message: str) -> None:
    """Unknown revisions, paths not in a revision and missing files: exit 2, one line, no traceback."""
    code, _out, err = run("diff", base, ROADMAP)
    assert code == 2, err
    assert message in err and "Traceback" not in err


def test_files_that_are_not_ours_are_usage_errors(repository: Path) -> None:
    """A folder with no roadmap, a JSON file of something else, a file that is not JSON: exit 2 with the fix."""
    (repository / "docs").mkdir()
    (repository / "docs" / "notes.txt").write_text("not a roadmap\n", encoding="utf-8")
    (repository / "other.json").write_text('{"name": "package"}\n', encoding="utf-8")
    (repository / "broken.json").write_text("{", encoding="utf-8")
    (repository / "old.json").write_text(json.dumps({"version": 0, "roadmap": {}, "initiatives": []}), encoding="utf-8")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "other files")
    cases = {
        "git:HEAD:docs": "`git:HEAD:docs` holds no roadmap",
        "other.json": "not a JSON export of a plan",
        "git:HEAD:other.json": "git:HEAD:other.json: not a JSON export of a plan",
        "broken.json": "broken.json is not JSON",
        "old.json": "JSON export version 0, but this tool reads version 1",
    }
    for base, message in cases.items():
        code, _out, err = run("diff", base, ROADMAP)
        assert code == 2, (base, err)
        assert message in err and "Traceback" not in err, (base, err)


def test_an_invalid_roadmap_in_git_is_located_in_the_revision(repository: Path) -> None:
    """A roadmap that fails validation in the revision: exit 1, its diagnostics at git:REV:path:line."""
    regions = repository / ROADMAP / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8") + "  - {id: broken}\n", encoding="utf-8")
    git(repository, "commit", "-q", "-am", "broken region")
    code, _out, err = run("diff", f"git:HEAD:{ROADMAP}", f"git:HEAD~1:{ROADMAP}")
    assert code == 1
    assert f"git:HEAD:{ROADMAP}/regions.yaml:" in err and "/tmp" not in err


def test_outside_a_repository_git_sources_are_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git:REV outside any git repository: exit 2, says to run it inside one."""
    shutil.copytree(FIXTURE / "kaltara", tmp_path / "plain" / "kaltara")
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _out, err = run("diff", "git:HEAD", "kaltara")
    assert code == 2 and "not in a git repository" in err


def test_plan_baseline_marks_the_shifts(repository: Path) -> None:
    """`plan --baseline` adds each initiative's shift to the timeline and a baseline section to the summary."""
    code, out, err = run("plan", ROADMAP, "--baseline", "git:HEAD~1", "--color", "never", "--width", "160", "--labels", "both")
    assert code == 0, err
    assert "Against git:HEAD~1:roadmaps/kaltara" in out
    assert "finish 2029-07-12 → 2029-10-15 (+95 days)" in out
    launch = next(line for line in out.splitlines() if "kaltara.peluncuran-smart-province" in line and "◆" in line)
    assert launch.rstrip().endswith("+95d")
    code, _out, err = run("plan", ROADMAP, "--baseline", "git:nowhere")
    assert code == 2 and "git knows no revision `nowhere`" in err


def test_the_markdown_comment_in_cmark_gfm() -> None:
    """GitHub's renderer shows the golden comment as a bold verdict, then one folded section per part, tables intact."""
    import re

    from render.tools import require

    cmark = require("cmark-gfm")
    text = (GOLDEN / "kaltara.md").read_text(encoding="utf-8")
    html = subprocess.run([cmark, "--unsafe", "-e", "table"], input=text, capture_output=True, text=True, check=True).stdout
    first = html.splitlines()[0]
    assert first.startswith("<p><strong>Peluncuran Kalimantan Utara Provinsi Cerdas slips 95 days, 2029-07-12 → 2029-10-15; 2029 budget")
    sections = text.count("<details>")
    assert sections == 5 and html.count("<details>") == html.count("</details>") == sections
    assert html.count("<summary>") == sections and html.count("<table>") == 3
    assert html.count("<li>") == 3
    assert "`" not in re.sub(r"<code>[^<]*</code>", "", html)
    assert "|" not in re.sub(r"<table>.*?</table>", "", html, flags=re.DOTALL)


def test_a_long_diff_is_summarised_under_the_comment_limit() -> None:
    """Thousands of moved initiatives: the comment stays under GitHub's 65,536 characters and says how many it left out."""
    from roadmap_cli.diff import diff_records
    from roadmap_cli.render.diff import COMMENT_LIMIT, render_diff_markdown, render_diff_text

    record = json.loads(run("export", str(FIXTURE / "kaltara"), "-f", "json")[1])
    copies = [dict(item, id=f"{item['id']}.{n}", dependencies=[], gates=[]) for n in range(150) for item in record["initiatives"]]
    base = dict(record, initiatives=copies)
    head = dict(
        record,
        initiatives=[dict(item, name=item["name"] + " — diperluas", start="2030" + item["start"][4:], finish="2030" + item["finish"][4:]) for item in copies],
    )
    diff = diff_records(base, head)
    assert len(diff.shifts) == len(copies) > 7000
    comment = render_diff_markdown(diff, "git:main", "roadmaps/kaltara")
    assert len(comment) < COMMENT_LIMIT
    assert "… and " in comment and "more (see `roadmap diff --format json`)" in comment
    assert comment.count("<details>") == comment.count("</details>")
    assert len(render_diff_text(diff, "a", "b").splitlines()) > 3 * len(copies)


def test_a_re_planned_earliest_start_is_named_as_the_cause(repository: Path) -> None:
    """Moving work to the next budget year with `earliest_start` shows as that field's change, and as why it moved."""
    malinau = repository / ROADMAP / "initiatives" / "malinau.yaml"
    text = malinau.read_text(encoding="utf-8")
    malinau.write_text(text.replace("    demands: {tim-smart-city-dkisp: 1}\n", "    earliest_start: 2026-07-01\n    demands: {tim-smart-city-dkisp: 1}\n", 1), encoding="utf-8")
    data = json.loads(run("diff", f"git:HEAD:{ROADMAP}", ROADMAP, "-f", "json")[1])
    assert {"id": "malinau.masterplan", "field": "not_before", "before": None, "after": "2026-07-01"} in data["changed"]
    moved = next(s for s in data["shifts"] if s["id"] == "malinau.masterplan")
    assert "not_before" in moved["why"]
    text_out = run("diff", f"git:HEAD:{ROADMAP}", ROADMAP, "--color", "never")[1]
    assert "its own change: earliest start — → 2026-07-01" in text_out


def test_a_json_side_that_cannot_be_read_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON export that exists but cannot be read: exit 2 with the reason, nothing planned."""
    from roadmap_cli.baseline import read_side
    from roadmap_cli.errors import UsageError
    from roadmap_cli.planner import PlanOptions

    export = tmp_path / "before.json"
    export.write_text("{}", encoding="utf-8")

    def refuse(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(UsageError) as caught:
        read_side(str(export), [], PlanOptions())
    assert str(caught.value) == f"cannot read {export}: Permission denied"


def test_without_git_a_git_source_says_to_install_it(repository: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git not on PATH: exit 2, says to install git or give a roadmap or JSON file instead."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run("diff", "git:HEAD~1", ROADMAP)
    assert (code, out) == (2, "")
    assert err.startswith("roadmap: error: cannot run git for a git: source (")
    assert err.endswith("); install git or give a roadmap or JSON file\n")


def test_a_git_baseline_of_several_paths_needs_one(repository: Path) -> None:
    """`plan A A --baseline git:REV`: one roadmap but two paths, so the revision's path must be written out."""
    code, _out, err = run("plan", ROADMAP, ROADMAP, "--baseline", "git:HEAD~1")
    assert code == 2
    assert err == "roadmap: error: `git:HEAD~1` needs a path: write git:HEAD~1:PATH with the roadmap's folder\n"
    code, _out, err = run("plan", ROADMAP, ROADMAP, "--baseline", f"git:HEAD~1:{ROADMAP}", "--color", "never")
    assert code == 0, err


def test_a_revision_folder_with_two_roadmaps_is_a_usage_error(repository: Path) -> None:
    """`git:REV:FOLDER` holding two roadmaps: exit 2, names both and says to name one."""
    shutil.copytree(repository / ROADMAP, repository / "roadmaps" / "copy")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "a second roadmap")
    code, _out, err = run("diff", "git:HEAD:roadmaps", ROADMAP)
    assert code == 2
    expected = "roadmap: error: diff takes one roadmap on each side, but git:HEAD:roadmaps holds 2 (roadmaps/copy, roadmaps/kaltara); name one of them\n"
    assert err == expected


def test_a_revision_git_cannot_archive_is_a_usage_error(repository: Path) -> None:
    """A revision whose files git cannot read (a damaged object store): exit 2 with git's own message."""
    blob = git(repository, "rev-parse", f"HEAD:{ROADMAP}/regions.yaml").strip()
    (repository / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    code, _out, err = run("diff", f"git:HEAD:{ROADMAP}", ROADMAP)
    assert code == 2
    assert err.startswith(f"roadmap: error: `git:HEAD:{ROADMAP}`: git archive failed: ") and blob[:7] in err


def test_the_text_diff_words_each_kind_of_change(tmp_path: Path) -> None:
    """Tags and dependencies as added/removed ids, yes/no for milestones, demands as resource:amount, a moved status
    date, and a gate that exists on one side only (a dash for the side without it)."""
    from roadmap_cli.diff import diff_plans
    from roadmap_cli.render.diff import render_diff_text
    from support.roadmaps import item, plan_of, roadmap, write_roadmap

    def data(status_date: str) -> dict[str, object]:
        return roadmap(
            [item("a", tags=["x"]), item("b", depends_on=["a"]), item("c", milestone=True, duration=None), item("d", demands={"team": 1})],
            resources=[{"id": "team", "name": "Team", "kind": "team", "capacity": 2}],
            status_date=status_date,
        )

    base = plan_of(write_roadmap(tmp_path / "base", data("2025-01-01")))
    changed = data("2025-01-10")
    a, b, c, d = changed["initiatives"]  # type: ignore[misc]
    a["tags"], b["depends_on"], c["milestone"], c["duration"], d["demands"] = ["y"], [], False, "5d", {"team": 2}
    changed["rules"] = [{"id": "g", "kind": "gate", "target": {"initiatives": ["c"]}, "require": {"initiatives": ["a", "b"]}, "quorum": 1}]
    head = plan_of(write_roadmap(tmp_path / "head", changed))
    lines = render_diff_text(diff_plans(base, head), "base", "head").splitlines()
    assert lines[2] == "base → head · status date 2025-01-01 → 2025-01-10 · finish 2025-01-20 → 2025-01-24 (+4 days)"
    changes = lines[lines.index("Changed (9)") + 1 : lines.index("Critical path (3)") - 1]
    for change in ("a: tags +y, -x", "b: depends on -a", "c: duration 0 days → 5 days", "c: milestone yes → no", "d: demands team:1 → team:2"):
        assert f"  {change}" in changes
    gate = lines[lines.index("Gates (1)") + 2].split()
    assert gate == ["c", "g", "—", "a", "—", "→", "2025-01-19"]


def test_a_json_export_with_a_broken_initiative_names_what_is_wrong() -> None:
    """A hand-edited export: a missing key or a number for a date is refused, naming the key or the value."""
    from roadmap_cli.render.json_ import plan_from_dict, plan_to_dict
    from support.roadmaps import plan_of

    record = plan_to_dict(plan_of(ROOT / "tests" / "cases" / "valid" / "minimal"))
    assert plan_from_dict(json.loads(json.dumps(record))).initiatives[0].start.isoformat() == record["initiatives"][0]["start"]
    missing = json.loads(json.dumps(record))
    del missing["initiatives"][0]["start"]
    with pytest.raises(ValueError, match=r"^not a JSON export of a plan: KeyError: 'start'$"):
        plan_from_dict(missing)
    number = json.loads(json.dumps(record))
    number["initiatives"][0]["start"] = 20250101
    with pytest.raises(ValueError, match=r"^not a JSON export of a plan: TypeError: date expected, found 20250101$"):
        plan_from_dict(number)
