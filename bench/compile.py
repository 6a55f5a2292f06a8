"""Benchmark: ``workbench compile`` against GNU ``msgfmt`` on a generated 50,000-entry catalog.

Run: ``.venv/bin/python bench/compile.py [--entries 50000]``. Prints wall times measured in the
same run and the ratio to ``msgfmt`` (target: <= 1.5), the no-op (up-to-date) compile time
(target: < 0.1 s), and, for reference, polib + Babel ``write_mo`` and Babel ``read_po``.
Both compilers run as fresh processes, so interpreter start-up and imports count for us
just as process start-up counts for ``msgfmt``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
ENGLISH = (
    "the minister of public security said that the convention signing ceremony was held "
    "over two days with representatives of many countries and international organisations "
    "cybercrime cooperation prevention future digital peace technology people general"
).split()
HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: hanoi-convention-signing 1.0\\n"\n'
    '"POT-Creation-Date: 2026-11-28 12:00+0000\\n"\n'
    '"PO-Revision-Date: 2026-11-28 12:00+0000\\n"\n'
    '"Last-Translator: Bench <bench@example.org>\\n"\n'
    '"Language-Team: English\\n"\n'
    '"Language: en\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _field(keyword: str, text: str) -> str:
    """A keyword and its string, wrapped in 70-character pieces like GNU tools do."""
    if len(text) <= 70:
        return f'{keyword} "{_quote(text)}"\n'
    pieces = [text[i : i + 70] for i in range(0, len(text), 70)]
    return f'{keyword} ""\n' + "".join(f'"{_quote(piece)}"\n' for piece in pieces)


def generate_catalog(path: Path, entries: int, seed: int = 1) -> None:
    """A realistic ar->en catalog: references, wrapped strings, 10% fuzzy, 10% untranslated,
    2% plural, 5% with context, 2% python-format, 1% obsolete."""
    rng = random.Random(seed)
    arabic = SAMPLE.read_text(encoding="utf-8").split() if SAMPLE.exists() else ["نص"]
    out = [HEADER]
    for number in range(entries):
        words = rng.randint(4, 40)
        msgid = " ".join(rng.choice(arabic) for _ in range(words)) + f" {number}"
        msgstr = " ".join(rng.choice(ENGLISH) for _ in range(words)) + f" {number}"
        kind = rng.random()
        lines = [f"#: corpus/generated.ar.txt:{number + 1}\n"]
        if kind < 0.01:
            out.append(
                "\n" + "".join("#~ " + line for line in _field("msgid", msgid).splitlines(True))
            )
            out.append("".join("#~ " + line for line in _field("msgstr", msgstr).splitlines(True)))
            continue
        if kind < 0.11:
            lines.append("#, fuzzy\n")
        elif kind < 0.13:
            lines.append("#, python-format\n")
            msgid += " %(count)d"
            msgstr += " %(count)d"
        if 0.2 < kind < 0.25:
            lines.append(_field("msgctxt", f"section {number % 17}"))
        lines.append(_field("msgid", msgid))
        if 0.3 < kind < 0.32:
            lines.append(_field("msgid_plural", msgid + " (many)"))
            lines.append(_field("msgstr[0]", msgstr))
            lines.append(_field("msgstr[1]", msgstr + " (many)"))
        elif 0.5 < kind < 0.6:
            lines.append('msgstr ""\n')
        else:
            lines.append(_field("msgstr", msgstr))
        out.append("\n" + "".join(lines))
    path.write_text("".join(out), encoding="utf-8")


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _best(runs: int, action) -> float:
    return min(action() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5, help="best of N runs")
    args = parser.parse_args()
    workbench = str(Path(sys.executable).with_name("workbench"))
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "pyproject.toml").write_text('[tool.workbench]\nlocales = "locales"\n')
        folder = project / "locales" / "en" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalog = folder / "bench.po"
        generate_catalog(catalog, args.entries)
        size_mb = catalog.stat().st_size / 1e6
        print(f"catalog: {args.entries} entries, {size_mb:.1f} MB")
        mo = catalog.with_suffix(".mo")
        gnu_mo = project / "gnu.mo"

        def run_msgfmt() -> float:
            return _timed(["msgfmt", "-c", "-o", str(gnu_mo), str(catalog)], project)

        def run_ours() -> float:
            mo.unlink(missing_ok=True)
            return _timed([workbench, "compile"], project)

        # Interleaved, so that load from other processes hits both alike; best of N each.
        rounds = [(run_msgfmt(), run_ours()) for _ in range(args.runs)]
        msgfmt_s = min(gnu for gnu, _ in rounds)
        ours_s = min(ours for _, ours in rounds)
        ratios = sorted(ours / gnu for gnu, ours in rounds)
        identical = mo.read_bytes() == gnu_mo.read_bytes()
        noop_s = _best(args.runs, lambda: _timed([workbench, "compile"], project))
        startup_s = _best(args.runs, lambda: _timed([sys.executable, "-c", "pass"], project))

        from workbench.catalog.compiler import compile_catalog

        def in_process() -> float:
            mo.unlink(missing_ok=True)
            started = time.perf_counter()
            compile_catalog(catalog)
            return time.perf_counter() - started

        in_process_s = _best(args.runs, in_process)

        def in_process_noop() -> float:
            started = time.perf_counter()
            assert compile_catalog(catalog).status == "up to date"
            return time.perf_counter() - started

        noop_in_process_s = _best(args.runs, in_process_noop)

        import polib
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        started = time.perf_counter()
        with catalog.open("rb") as handle:
            babel_catalog = read_po(handle)
        babel_read_s = time.perf_counter() - started
        started = time.perf_counter()
        with (project / "babel.mo").open("wb") as handle:
            write_mo(handle, babel_catalog)
        babel_write_s = time.perf_counter() - started
        started = time.perf_counter()
        polib.pofile(str(catalog))
        polib_read_s = time.perf_counter() - started

    print(f"msgfmt -c                      {msgfmt_s:6.3f} s")
    print(f"workbench compile (process)    {ours_s:6.3f} s   ratio {ours_s / msgfmt_s:.2f}x")
    print(f"  per-round ratios             {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"  of which in-process compile  {in_process_s:6.3f} s")
    print(f"  python start-up alone        {startup_s:6.3f} s")
    print(f"workbench compile, up to date  {noop_s:6.3f} s   (process)")
    print(f"  of which the up-to-date check {noop_in_process_s * 1000:5.2f} ms")
    print(f".mo byte-identical to msgfmt:  {identical}")
    print(f"Babel read_po                  {babel_read_s:6.3f} s")
    print(f"Babel write_mo                 {babel_write_s:6.3f} s")
    print(f"polib load                     {polib_read_s:6.3f} s")
    return 0 if identical else 1


if __name__ == "__main__":
    if shutil.which("msgfmt") is None:
        sys.exit("msgfmt not found: install GNU gettext")
    sys.exit(main())
