"""Measurements for choosing the column-wise engine's dependencies (docs/performance.md,
"Choosing the engine's dependencies (measured)").

Run it with the interpreter of a throwaway virtual environment that has the candidates
installed, never the project's own:

    python3.11 -m venv /tmp/depvenv
    /tmp/depvenv/bin/pip install numpy polars pyarrow orjson pandas
    /tmp/depvenv/bin/python benchmarks/engine_deps.py wheels
    /tmp/depvenv/bin/python benchmarks/engine_deps.py sizes
    /tmp/depvenv/bin/python benchmarks/engine_deps.py imports
    /tmp/depvenv/bin/python benchmarks/engine_deps.py read-csv candidates.csv
    /tmp/depvenv/bin/python benchmarks/engine_deps.py jsonl --records 1000000

- ``wheels``: whether a binary wheel of the installed version exists for Python 3.11, 3.12
  and 3.13 on manylinux x86_64 and aarch64 (the 2014 tag, glibc 2.17, and glibc 2.28),
  macOS arm64 and Windows amd64 (``pip install --dry-run --only-binary=:all: --platform``,
  which reads the index's metadata without downloading the wheels);
- ``sizes``: the size of the wheel for this machine (``pip download``) and the size installed,
  each distribution and with what it pulls in;
- ``imports``: the time of ``import x`` in a fresh interpreter (median of 5);
- ``read-csv``: a candidates file read with every column as text (no type inference) by the
  csv module, pandas (engines c and pyarrow), polars and pyarrow.csv, each in its own process
  (time, and peak resident memory from ``wait4``);
- ``jsonl``: N records of about 1 KB (nested, sorted keys) written as JSON Lines with
  ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` and with
  ``orjson.dumps(option=OPT_SORT_KEYS)``, each in its own process; the files are compared
  byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

#: The candidates and, for each, the distribution that carries its compiled code.
PACKAGES = {
    "numpy": "numpy",
    "polars": "polars-runtime-32",
    "pyarrow": "pyarrow",
    "orjson": "orjson",
    "pandas": "pandas",
}
PYTHONS = ("3.11", "3.12", "3.13")
PLATFORMS = (
    "manylinux2014_x86_64",
    "manylinux_2_28_x86_64",
    "manylinux2014_aarch64",
    "manylinux_2_28_aarch64",
    "macosx_14_0_arm64",
    "win_amd64",
)


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def wheels() -> None:
    """A table: for each distribution, Python and platform, the wheel pip would install."""
    for distribution in dict.fromkeys(PACKAGES.values()):
        version = metadata.version(distribution)
        for python in PYTHONS:
            for platform in PLATFORMS:
                with tempfile.TemporaryDirectory() as folder:
                    report = Path(folder) / "report.json"
                    _pip("install", "--dry-run", "--quiet", "--ignore-installed", "--no-deps",
                         "--only-binary=:all:", "--python-version", python, "--platform",
                         platform, "--target", folder, "--report", str(report),
                         f"{distribution}=={version}")  # fmt: skip
                    found = json.loads(report.read_text())["install"] if report.exists() else []
                name = found[0]["download_info"]["url"].rsplit("/", 1)[1] if found else "-"
                print(f"{distribution}=={version}\t{python}\t{platform}\t{name}", flush=True)


def sizes() -> None:
    """Wheel size (this machine's wheel) and installed size, of each distribution alone and
    with its dependencies."""
    for package, distribution in PACKAGES.items():
        version = metadata.version(package)
        with tempfile.TemporaryDirectory() as folder:
            _pip("download", "--quiet", "--only-binary=:all:", "--dest", folder,
                 f"{package}=={version}")  # fmt: skip
            downloaded = {p.name: p.stat().st_size for p in Path(folder).iterdir()}
        # the package's own wheels (polars: also polars_runtime_32, its compiled code)
        own = sum(s for n, s in downloaded.items() if n.lower().startswith(package.lower()))
        closure = _closure(package)
        installed = {d: _installed(d) for d in closure}
        mine = installed[package] + (
            installed.get(distribution, 0) if distribution != package else 0
        )
        print(
            f"{package}=={version}\twheel {own / 2**20:.1f} MiB"
            f"\t(with dependencies {sum(downloaded.values()) / 2**20:.1f} MiB)"
            f"\tinstalled {mine / 2**20:.1f} MiB"
            f"\t(with dependencies {sum(installed.values()) / 2**20:.1f} MiB: {', '.join(closure)})"
        )  # fmt: skip


def _closure(distribution: str) -> list[str]:
    """The distribution and every installed distribution it requires (no extras)."""
    seen: list[str] = []
    todo = [distribution]
    while todo:
        name = todo.pop()
        if name.lower() in (s.lower() for s in seen):
            continue
        seen.append(name)
        for requirement in metadata.requires(name) or ():
            if "extra ==" in requirement:
                continue
            wanted = requirement.split(";")[0].strip()
            for stop in "<>=!~[ (":
                wanted = wanted.split(stop)[0]
            try:
                metadata.version(wanted)
            except metadata.PackageNotFoundError:
                continue
            todo.append(wanted)
    return seen


def _installed(distribution: str) -> int:
    dist = metadata.distribution(distribution)
    return sum(
        (path.stat().st_size if (path := Path(str(dist.locate_file(f)))).is_file() else 0)
        for f in dist.files or ()
    )


def imports() -> None:
    """The median time of ``import x`` in a fresh interpreter, of five."""
    for package in (*PACKAGES, "json", "csv"):
        code = f"import time; t = time.perf_counter(); import {package}; "
        code += "print(time.perf_counter() - t)"
        times = []
        for _ in range(5):
            out = subprocess.run(  # noqa: S603
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            times.append(float(out.stdout))
        print(f"import {package:8}\t{statistics.median(times) * 1000:7.1f} ms\t"
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")  # fmt: skip


#: One reader per program: each reads every column as text; ``rows`` is the rows read.
READERS = {
    "csv module": """
import csv
with open(PATH, encoding="utf-8", newline="") as handle:
    reader = csv.reader(handle)
    header = next(reader)
    columns = [[] for _ in header]
    for row in reader:
        for column, cell in zip(columns, row):
            column.append(cell)
rows = len(columns[0])
""",
    "pandas (c engine)": """
import pandas as pd
frame = pd.read_csv(PATH, dtype=str, keep_default_na=False, engine="c")
rows = len(frame)
""",
    "pandas (pyarrow engine)": """
import pandas as pd
frame = pd.read_csv(PATH, dtype=str, keep_default_na=False, engine="pyarrow")
rows = len(frame)
""",
    "polars": """
import polars as pl
frame = pl.read_csv(PATH, infer_schema=False)
rows = frame.height
""",
    "pyarrow.csv": """
import pyarrow as pa, pyarrow.csv as pacsv
with open(PATH, encoding="utf-8") as handle:
    names = handle.readline().rstrip("\\n").split(",")
options = pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                               strings_can_be_null=False)
table = pacsv.read_csv(PATH, convert_options=options)
rows = table.num_rows
""",
}

_TIMED = """
import time, resource
PATH = {path!r}
start = time.perf_counter()
{body}
print(rows, time.perf_counter() - start)
"""


def _digest(path: Path) -> str:
    """SHA-256 of a file read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _measure(code: str) -> tuple[str, float, float]:
    """Run a program in its own process: its output, wall time and own peak memory (MiB).

    On Linux a child's ``ru_maxrss`` starts from the parent's high-water mark when it was
    spawned (the memory it was forked or vforked from counts until exec), so this process
    must stay small: it never holds a whole file."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)  # noqa: S603
    output = child.stdout.read() if child.stdout is not None else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"failed ({child.returncode}):\n{code}")
    return output.strip(), time.perf_counter() - start, usage.ru_maxrss / 1024


def read_csv(path: Path, repeat: int) -> None:
    """Each reader, ``repeat`` times in a fresh process (the file is read once beforehand so
    that it is in the page cache for all); the best time and the peak memory of that run."""
    _digest(path)  # read in chunks: this process stays small (see _measure)
    for name, body in READERS.items():
        runs = []
        for _ in range(repeat):
            output, wall, peak = _measure(_TIMED.format(path=str(path), body=body))
            rows, seconds = output.split()
            runs.append((float(seconds), wall, peak, rows))
        inside, wall, peak, rows = min(runs)
        print(f"{name:24}\t{rows} rows\tread {inside:6.2f} s\tprocess {wall:6.2f} s"
              f"\tpeak {peak:6.0f} MiB")  # fmt: skip


#: A decision-like record of about 1 KB: nested, non-ASCII text, exact numbers as strings.
_RECORD = """
def record(n):
    stages = []
    for number, stage in enumerate(("administrasi", "skd", "pemeringkatan_skd", "skb",
                                     "integrasi", "peringkat", "optimalisasi")):
        stages.append({
            "stage_id": stage, "outcome": "advanced" if (n + number) % 5 else "outranked",
            "score": f"{(n * 37 + number) % 550}.{n % 1000:03d}",
            "reasons": [f"tkp ≥ 166: {(n + number) % 225} – nilai ambang batas"] if n % 3 else [],
            "detail": {"position": n % 97 + 1, "rank": n % 89 + 1, "decided_by": "Nilai TKP"},
        })
    return {
        "seq": n, "candidate_id": f"2024-{n:06d}", "formation_id": f"F{n % 50000:05d}",
        "track": "umum", "final_status": "not_selected", "label": "TL", "rank": n % 89 + 1,
        "final_score": f"{n % 100}.{n % 1000:03d}", "stages": stages,
        "prev_hash": f"{n:064x}",
    }
"""

WRITERS = {
    "json": """
import json
with open(OUT, "wb") as handle:
    for n in range(COUNT):
        text = json.dumps(record(n), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        handle.write(text.encode("utf-8") + b"\\n")
""",
    "orjson": """
import orjson
with open(OUT, "wb") as handle:
    for n in range(COUNT):
        handle.write(orjson.dumps(record(n), option=orjson.OPT_SORT_KEYS) + b"\\n")
""",
    "records only (no encoding)": """
with open(OUT, "wb") as handle:
    for n in range(COUNT):
        record(n)
""",
}


def jsonl(count: int, folder: Path) -> None:
    """Write ``count`` records with each encoder in its own process; compare the files."""
    digests = {}
    for name, body in WRITERS.items():
        out = folder / f"{name.split()[0]}.jsonl"
        code = f"import time\nOUT = {str(out)!r}\nCOUNT = {count}\n{_RECORD}\n"
        code += f"start = time.perf_counter()\n{body}\nprint(0, time.perf_counter() - start)\n"
        output, _, peak = _measure(code)
        inside = float(output.split()[1])
        size = out.stat().st_size
        digests[name] = _digest(out)
        print(f"{name:28}\t{count} records\t{inside:6.2f} s\tpeak {peak:5.0f} MiB"
              f"\t{size / count:6.0f} bytes/record")  # fmt: skip
        out.unlink()
    same = digests["json"] == digests["orjson"]
    print(f"json and orjson files identical: {same}")


def main(argv: Sequence[str] | None = None) -> None:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("wheels")
    commands.add_parser("sizes")
    commands.add_parser("imports")
    reading = commands.add_parser("read-csv")
    reading.add_argument("path", type=Path)
    reading.add_argument("--repeat", type=int, default=3)
    writing = commands.add_parser("jsonl")
    writing.add_argument("--records", type=int, default=1_000_000)
    writing.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args(argv)
    print(f"# {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d')}")  # fmt: skip
    if args.command == "wheels":
        wheels()
    elif args.command == "sizes":
        sizes()
    elif args.command == "imports":
        imports()
    elif args.command == "read-csv":
        read_csv(args.path, args.repeat)
    else:
        jsonl(args.records, args.dir)


if __name__ == "__main__":
    main()
