"""Benchmark: a 5,000-paragraph HTML page imported and built, against translate-toolkit.

Run: ``.venv/bin/python bench/build.py [--paragraphs 5000] [--repeat 3]``.

- Import: ``workbench import page.ar.html --lang en`` as a user runs it, a process of its own
  (interpreter start included; target < 3 s); peer: translate-toolkit's ``html2po``.
  Each run starts without the page cache (``.workbench/documents``), so the page is parsed.
- Build: every entry translated (its msgid, placeholders kept), then ``workbench build`` as a
  process (target < 1 s), reading the page's units and skeleton that import kept
  (:mod:`workbench.documents.cache`); the same with the cache removed before each run (the page
  parsed again: what a build costs when the cache is missing or stale); and the core's
  :func:`workbench.catalog.build.build_documents` alone in this process; peer:
  ``po2html -t page.ar.html`` on html2po's catalog, translated the same way.

The page is the sample article's sentences in 5,000 paragraphs (a number in each, so every
paragraph is its own entry), one in three with inline markup (a link with attributes, strong
and em nested, a ``<br>``), a heading every 50 paragraphs, a script and a style in the head,
entities and comments. Best of ``--repeat`` runs; wall and CPU seconds (ours and our
children's) side by side, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from workbench.catalog.build import build_documents  # noqa: E402

BIN = Path(sys.executable).parent
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
PROJECT = """[tool.workbench]
source_language = "ar"
target_languages = ["en"]
locales = "locales"
corpus = "corpus"
"""


class Took(float):
    """Wall-clock seconds, with the CPU seconds (ours and our children's) beside them."""

    cpu: float

    def __str__(self) -> str:
        return f"{float(self):5.2f} s wall, {self.cpu:5.2f} s CPU"


def _cpu() -> float:
    children = os.times()
    return time.process_time() + children.children_user + children.children_system


def best_of(repeat: int, action: Callable[[], object]) -> Took:
    runs = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu()
        action()
        took = Took(time.perf_counter() - start)
        took.cpu = _cpu() - start_cpu
        runs.append(took)
    return min(runs)


def sentences() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    found = [s.strip() for s in re.split(r"(?<=[.؟!])\s+", text) if len(s.split()) > 4]
    return [s for s in found if not s.startswith("http") and ".jpg" not in s]


def page(paragraphs: int) -> str:
    pool = sentences()
    body: list[str] = []
    for index in range(paragraphs):
        first, second = pool[index % len(pool)], pool[(index * 7 + 3) % len(pool)]
        if index % 50 == 0:
            body.append(f'<h2 id="s{index}">القسم {index // 50 + 1}</h2>')
        if index % 3 == 0:
            words = second.split()
            middle = len(words) // 2
            second = (
                f'<a href="/news/{index}" class="ext" data-id="{index}">{" ".join(words[:2])}</a> '
                f"<strong>{' '.join(words[2:middle])} <em>{words[middle]}</em></strong>"
                f"<br>{' '.join(words[middle + 1 :])}"
            )
        body.append(f"<p>{first} {second} &mdash; {index}.</p>")
        if index % 500 == 0:
            body.append("<!-- فاصل: لا يترجم -->")
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        "<title>توقيع اتفاقية هانوي &mdash; الأخبار</title>\n"
        "<style>p { color: #333; }</style>\n"
        '<script>var t = "<p>لا تترجم</p>"; if (a < b) {}</script>\n</head>\n<body>\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def translate_as_source(catalog: Path) -> int:
    """Every entry translated as its msgid (placeholders and all): a full build."""
    po = polib.pofile(str(catalog))
    for entry in po:
        entry.msgstr = entry.msgid
    po.save(str(catalog))
    return len(po)


def run(*argv: str | Path, cwd: Path) -> None:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{argv[0]} failed: {done.stderr.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env_path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    os.environ["PYTHONPATH"] = env_path
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        project = Path(folder)
        (project / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
        (project / "corpus").mkdir()
        source = project / "corpus" / "page.ar.html"
        source.write_text(page(args.paragraphs), encoding="utf-8")
        size = source.stat().st_size
        catalog = project / "locales" / "en" / "LC_MESSAGES" / "page.po"

        page_cache = project / ".workbench" / "documents"

        def ours_import() -> None:
            shutil.rmtree(project / "locales", ignore_errors=True)
            shutil.rmtree(page_cache, ignore_errors=True)
            run(BIN / "workbench", "import", source, "--lang", "en", cwd=project)

        imported = best_of(args.repeat, ours_import)
        entries = translate_as_source(catalog)
        built = best_of(args.repeat, lambda: run(BIN / "workbench", "build", source, cwd=project))

        def ours_build_uncached() -> None:
            shutil.rmtree(page_cache, ignore_errors=True)
            run(BIN / "workbench", "build", source, cwd=project)

        built_uncached = best_of(args.repeat, ours_build_uncached)
        output = project / "build" / "en" / "page.en.html"
        assert output.stat().st_size > 0
        os.chdir(project)
        core = best_of(
            args.repeat,
            lambda: build_documents([source], lang="en", locales=project / "locales", root=project),
        )

        peer = project / "peer"
        peer.mkdir()
        peer_import = best_of(
            args.repeat,
            lambda: run(BIN / "html2po", source, peer / "page.po", cwd=peer),
        )
        peer_entries = translate_as_source(peer / "page.po")
        peer_build = best_of(
            args.repeat,
            lambda: run(
                BIN / "po2html", "-t", source, peer / "page.po", peer / "page.en.html", cwd=peer
            ),
        )

    print(f"page: {args.paragraphs} paragraphs, {size / 1e6:.1f} MB; best of {args.repeat}")
    print(f"workbench import (process)  {imported}   {entries} entries   target < 3 s")
    print(f"html2po (peer)              {peer_import}   {peer_entries} entries")
    print(f"workbench build (process)   {built}   target < 1 s")
    print(f"  the same, page cache gone {built_uncached}")
    print(f"build_documents (core)      {core}")
    print(f"po2html (peer)              {peer_build}")


if __name__ == "__main__":
    main()
