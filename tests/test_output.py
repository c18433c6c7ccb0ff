"""Writing files: modes as `open()` gives them, atomic all-or-none writes, clear write errors, the input protected."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from support.cli import invoke

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal" / "roadmap.yaml"
FORMATS = ("-f", "markdown", "-f", "json", "-f", "csv", "-f", "mermaid-flowchart")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def mode(path: Path) -> int:
    """The permission bits of a file."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Put the process umask back after a test that changes it."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.usefixtures("umask")
def test_exported_files_get_the_mode_open_would_give(tmp_path: Path, mask: int, expected: int) -> None:
    """New files are 0666 less the umask, like a plain `open()`."""
    os.umask(mask)
    code, _, err = invoke("export", str(MINIMAL), *FORMATS, "-o", str(tmp_path / "plan.md"))
    assert code == 0, err
    written = sorted(tmp_path.iterdir())
    assert [p.name for p in written] == ["plan.csv", "plan.flowchart.mmd", "plan.json", "plan.md"]
    assert {p.name: mode(p) for p in written} == {p.name: expected for p in written}


@pytest.mark.usefixtures("umask")
def test_overwriting_keeps_the_existing_mode(tmp_path: Path) -> None:
    """A replaced file keeps its mode whatever the umask; its content is the new export."""
    os.umask(0o077)
    shared, private = tmp_path / "plan.md", tmp_path / "plan.json"
    shared.write_text("old\n", encoding="utf-8")
    private.write_text("old\n", encoding="utf-8")
    shared.chmod(0o644)
    private.chmod(0o640)
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(shared))
    assert code == 0, err
    assert (mode(shared), mode(private)) == (0o644, 0o640)
    assert shared.read_text(encoding="utf-8").startswith("# ")
    assert private.read_text(encoding="utf-8").startswith("{")


@pytest.mark.usefixtures("umask")
def test_init_files_get_the_mode_open_would_give(tmp_path: Path) -> None:
    """`roadmap init` writes readable files under umask 022."""
    os.umask(0o022)
    folder = tmp_path / "sulsel"
    code, _, err = invoke("init", str(folder), "--province", "73")
    assert code == 0, err
    assert {mode(p) for p in folder.iterdir()} == {0o644}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("roadmap-v1.2.md", ["roadmap-v1.2.csv", "roadmap-v1.2.flowchart.mmd", "roadmap-v1.2.json", "roadmap-v1.2.md"]),
        ("roadmap-v1.2", ["roadmap-v1.2.csv", "roadmap-v1.2.flowchart.mmd", "roadmap-v1.2.json", "roadmap-v1.2.md"]),
        ("rencana.2026.flowchart.mmd", ["rencana.2026.csv", "rencana.2026.flowchart.mmd", "rencana.2026.json", "rencana.2026.md"]),
    ],
)
def test_several_formats_keep_the_whole_stem(tmp_path: Path, given: str, expected: list[str]) -> None:
    """Only a known export suffix is replaced: dots of a version stay in the name."""
    code, _, err = invoke("export", str(MINIMAL), *FORMATS, "-o", str(tmp_path / given))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == expected


def test_a_folder_in_the_way_writes_nothing(tmp_path: Path) -> None:
    """When one target is a folder, the export exits 2 naming it, and no other target is written."""
    (tmp_path / "plan.json").mkdir()
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(tmp_path / "plan.md"))
    assert code == 2
    assert f"roadmap: error: cannot write {tmp_path / 'plan.json'}: it is a folder" in err
    assert "Traceback" not in err and "internal error" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_output_onto_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    """`-o` naming an existing folder exits 2 with the reason."""
    code, _, err = invoke("export", str(MINIMAL), "-f", "json", "-o", str(tmp_path))
    assert code == 2
    assert f"cannot write {tmp_path}: it is a folder" in err
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_device_is_a_usage_error() -> None:
    """`-o /dev/null` is refused instead of replacing the device node with a file."""
    code, _, err = invoke("export", str(MINIMAL), "-f", "json", "-o", os.devnull)
    assert code == 2
    assert f"cannot write {os.devnull}: it is not a regular file" in err
    assert Path(os.devnull).is_char_device()


@pytest.mark.skipif(AS_ROOT, reason="root writes into read-only folders")
def test_read_only_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A folder without write permission exits 2 naming the path and the reason, and nothing is written."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(folder / "plan.md"))
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
    assert code == 2
    assert f"cannot write {folder / 'plan.md'}: permission denied" in err


def test_a_refused_temporary_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder refusing a new file (as a read-only one does for users other than root) exits 2 with the reason."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = invoke("export", str(MINIMAL), "-f", "json", "-o", str(tmp_path / "plan.json"))
    assert code == 2
    assert f"cannot write {tmp_path / 'plan.json'}: permission denied" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failing_second_target_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up while the second file is written: exit 2, no temporary file, the old file untouched."""
    old = tmp_path / "plan.md"
    old.write_text("old\n", encoding="utf-8")
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync_until_full(handle: int) -> None:
        synced.append(handle)
        if len(synced) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync_until_full)
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(old))
    assert code == 2
    assert f"cannot write {tmp_path / 'plan.json'}: no space left on the device" in err
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]
    assert old.read_text(encoding="utf-8") == "old\n"


def test_a_failing_second_rename_puts_the_first_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename refused after another succeeded: exit 2, the replaced file has its old text and mode, nothing else stays."""
    old = tmp_path / "plan.md"
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o640)
    real_replace = os.replace
    renamed: list[str] = []

    def refuse_the_second(source: str, target: str | Path) -> None:
        if str(source).endswith(".tmp"):
            renamed.append(str(target))
            if len(renamed) == 2:
                raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_the_second)
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(old))
    assert code == 2
    assert f"cannot write {tmp_path / 'plan.json'}: permission denied" in err
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]
    assert old.read_text(encoding="utf-8") == "old\n"
    assert mode(old) == 0o640


def test_a_failing_second_rename_removes_a_new_first_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the first target did not exist before, undoing its rename removes it."""
    real_replace = os.replace
    renamed: list[str] = []

    def refuse_the_second(source: str, target: str | Path) -> None:
        renamed.append(str(target))
        if len(renamed) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_the_second)
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(tmp_path / "plan.md"))
    assert code == 2
    assert "no space left on the device" in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_hard_links_still_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where hard links are refused (FAT, some shares) the previous file is copied, and a successful write leaves no copy."""
    old = tmp_path / "plan.md"
    old.write_text("old\n", encoding="utf-8")

    def no_links(source: str, target: str) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    code, _, _err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(old))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.md"]
    assert old.read_text(encoding="utf-8").startswith("#")


def test_export_onto_its_own_roadmap_file_is_refused(tmp_path: Path) -> None:
    """`export X -o X` exits 2 and leaves the roadmap as it was."""
    roadmap = tmp_path / "roadmap.yaml"
    shutil.copy(MINIMAL, roadmap)
    before = roadmap.read_bytes()
    code, _, err = invoke("export", str(roadmap), "-o", str(roadmap))
    assert code == 2
    assert f"refusing to write {roadmap}: it is one of the roadmap's own files" in err
    assert roadmap.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.yaml"]


def test_export_onto_a_file_of_its_folder_is_refused(tmp_path: Path) -> None:
    """A file of a folder roadmap, reached through a symlink, is refused too."""
    folder = tmp_path / "peta-jalan"
    shutil.copytree(ROOT / "examples" / "multi-file", folder)
    regions = folder / "regions.yaml"
    before = regions.read_bytes()
    link = tmp_path / "plan.json"
    link.symlink_to(regions)
    code, _, err = invoke("export", str(folder), "-f", "json", "-o", str(link))
    assert code == 2
    assert f"refusing to write {link}: it is one of the roadmap's own files (in {folder})" in err
    assert regions.read_bytes() == before


def test_export_beside_its_roadmap_file_is_allowed(tmp_path: Path) -> None:
    """Writing next to the roadmap, under another name, works."""
    roadmap = tmp_path / "roadmap.yaml"
    shutil.copy(MINIMAL, roadmap)
    code, _, err = invoke("export", str(roadmap), "-f", "markdown", "-f", "json", "-o", str(tmp_path / "roadmap.md"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roadmap.json", "roadmap.md", "roadmap.yaml"]


HOSTILE = r"""version: 1
roadmap:
  id: demo
  name: "Demo \e[31mred\a \u202Eevil\u202C \u2066iso\u2069"
  owner: "Own\e]0;title\a er"
  description: "Desc \e[2J line1\nline2 \u202E \x9b31m \u2028 end"
  start: 2026-01-01
categories:
  - id: connectivity
    name: "Konek\e[31m \u202Etivitas"
  - id: services
    name: Layanan digital
regions:
  - id: kaltara
    name: "Kalimantan \e[5m Utara \u202E"
    kind: province
    code: "65"
  - id: tarakan
    name: "Kota \u2067Tarakan\u2069"
    kind: kota
    parent: kaltara
    code: "65.71"
resources:
  - id: tim
    name: "Tim \e[1m \u2067 x"
    kind: team
    capacity: 2
initiatives:
  - id: bts
    name: "BTS \e[31m4G\a \u202Eevil"
    region: tarakan
    category: connectivity
    duration: 6m
    owner: "\tDinas \e[7m \u202D kom"
    description: "long \e[0m text \u2068 \x7f \x9b31m"
    demands: {tim: 1}
  - id: layanan
    name: "=Layanan \u202Epublik"
    region: tarakan
    category: services
    duration: 90d
    depends_on: [bts]
"""
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters other than tab and newline, line separators and bidirectional controls."""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A valid roadmap whose free text carries ESC sequences, BEL, DEL, C1 and bidirectional overrides."""
    path = tmp_path / "roadmap.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["markdown", "csv", "mermaid", "mermaid-flowchart", "svg", "json"])
def test_exports_neutralise_control_and_bidi_characters(hostile: Path, name: str) -> None:
    """No export carries a raw control or bidirectional-override character from user text."""
    code, out, err = invoke("export", str(hostile), "-f", name)
    assert code == 0, err
    assert UNSAFE.findall(out) == []


def test_json_keeps_user_text_escaped(hostile: Path) -> None:
    """The JSON keeps the text exactly as written, every invisible control as a `\\u` escape."""
    code, out, err = invoke("export", str(hostile), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["roadmap"]["name"] == "Demo \x1b[31mred\x07 \u202eevil\u202c \u2066iso\u2069"
    assert data["initiatives"][0]["description"] == "long \x1b[0m text \u2068 \x7f \x9b31m"
    assert "\\u202e" in out and "\\u001b" in out and "\\u009b" in out


def test_csv_keeps_lines_and_defuses_formulas(hostile: Path) -> None:
    """CSV cells lose control characters but keep line breaks, and a leading `=` or tab is still defused."""
    code, out, err = invoke("export", str(hostile), "-f", "csv")
    assert code == 0, err
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))}
    assert rows["layanan"]["name"] == "'=Layanan publik"
    assert rows["bts"]["owner"] == "' Dinas  [7m  kom"


@pytest.mark.parametrize("color", ["never", "always"])
def test_terminal_views_neutralise_control_and_bidi_characters(hostile: Path, color: str) -> None:
    """`plan` and `explain` print user text without its ESC sequences or overrides (colour is the tool's own)."""
    for args in (("plan", str(hostile)), ("explain", "bts", str(hostile)), ("explain", "layanan", str(hostile))):
        code, out, err = invoke(*args, "--color", color, "--width", "120")
        assert code == 0, err
        assert "Kota Tarakan" in out
        own_styles = re.sub("\x1b\\[[0-9;]*m", "", out) if color == "always" else out
        assert UNSAFE.findall(own_styles) == []


@pytest.mark.parametrize("report", ["text", "github", "json"])
def test_validation_reports_neutralise_control_and_bidi_characters(tmp_path: Path, report: str) -> None:
    """A bad id written with ESC and an override is reported without them, in every report format."""
    path = tmp_path / "roadmap.yaml"
    path.write_text(HOSTILE.replace("  - id: bts\n", '  - id: "bts\\e[31m\\u202E"\n'), encoding="utf-8")
    code, out, err = invoke("validate", str(path), "--format", report, "--color", "never")
    assert code == 1
    assert "invalid-id" in out + err
    assert UNSAFE.findall(out + err) == []


def test_a_file_in_the_path_is_a_usage_error(tmp_path: Path) -> None:
    """A target below a file (`notes.txt/plan.json`): OutputError naming the path, that a part of it is not a folder."""
    from roadmap_cli.errors import OutputError
    from roadmap_cli.output import write_files_atomically

    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    target = tmp_path / "notes.txt" / "plan.json"
    with pytest.raises(OutputError) as caught:
        write_files_atomically({tmp_path / "plan.md": "# plan\n", target: "{}\n"})
    assert str(caught.value) == f"cannot write {target}: a part of the path is not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_previous_file_that_cannot_be_kept_stops_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither a hard link nor a copy of the file being replaced can be made: exit 2, the old file as it was."""
    old = tmp_path / "plan.md"
    old.write_text("old\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(shutil, "copy2", refuse)
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-o", str(old))
    assert code == 2
    assert err == f"roadmap: error: cannot write {old}: no space left on the device\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]
    assert old.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("refused", ["open", "fsync"])
def test_a_folder_that_cannot_be_synced_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: str) -> None:
    """File systems that cannot open or sync a folder (some network shares): the files are written all the same."""
    real_open, real_fsync = os.open, os.fsync

    def open_no_folders(path: str | Path, flags: int, *args: int) -> int:
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    def fsync_no_folders(handle: int) -> None:
        if stat.S_ISDIR(os.fstat(handle).st_mode):
            raise OSError(22, "Invalid argument")
        real_fsync(handle)

    monkeypatch.setattr(os, refused, open_no_folders if refused == "open" else fsync_no_folders)
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-o", str(tmp_path / "plan.md"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.md"]
    assert json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))["version"] == 1


def test_text_made_while_written_that_fails_leaves_nothing(tmp_path: Path) -> None:
    """Pieces of a streamed export that stop with an error: no target written or replaced, no temporary file left."""
    from roadmap_cli.output import write_files_atomically

    old = tmp_path / "plan.json"
    old.write_text("old\n", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "{\n"
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        write_files_atomically({tmp_path / "plan.md": "# plan\n", old: pieces()})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
    assert old.read_text(encoding="utf-8") == "old\n"


def test_the_streamed_json_export_is_the_json_text() -> None:
    """`stream_export("json")` writes, piece by piece, exactly `render_json`'s text; stdout and a file get the same."""
    from roadmap_cli.loader import discover_roadmaps
    from roadmap_cli.pipeline import build_plan
    from roadmap_cli.render.formats import stream_export
    from roadmap_cli.render.json_ import plan_to_dict, render_json

    plan, _ = build_plan(discover_roadmaps([MINIMAL])[0])
    content = stream_export("json", plan).content
    assert not isinstance(content, (str, bytes))
    assert "".join(content) == render_json(plan)
    code, out, _ = invoke("export", str(MINIMAL), "-f", "json")
    assert code == 0
    assert out == render_json(plan)
    for whole in (plan, replace(plan, initiatives=())):
        assert render_json(whole) == json.dumps(plan_to_dict(whole), ensure_ascii=False, indent=2) + "\n"


def test_the_streamed_csv_export_is_the_csv_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """`stream_export("csv")` writes, a few rows at a time, exactly `render_csv`'s text, whatever the delimiter."""
    from roadmap_cli.loader import discover_roadmaps
    from roadmap_cli.pipeline import build_plan
    from roadmap_cli.render import csv_ as csv_module
    from roadmap_cli.render.common import ExportOptions
    from roadmap_cli.render.formats import stream_export

    monkeypatch.setattr(csv_module, "ROWS_PER_CHUNK", 1)
    plan, _ = build_plan(discover_roadmaps([MINIMAL])[0])
    for delimiter in csv_module.DELIMITERS:
        pieces = list(stream_export("csv", plan, ExportOptions(delimiter=delimiter)).content)
        assert len(pieces) > len(plan.initiatives) > 1
        assert "".join(pieces) == csv_module.render_csv(plan, delimiter=delimiter)
        assert "".join(pieces).count("\n") >= len(plan.initiatives) + 1
