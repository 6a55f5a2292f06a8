"""The translation memory on a real full disk (a small tmpfs): every ``tm`` command says the
disk is full, none calls the memory unusable or advises deleting it, and once space returns
the memory holds all it held, TMX-imported units included."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import main

MINISTER = "قال وزير الأمن العام إن الاتفاقية وقعت"


def _tmx(units: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<tu><tuv xml:lang="ar"><seg>{s}</seg></tuv><tuv xml:lang="en"><seg>{t}</seg></tuv></tu>\n'
        for s, t in units
    )
    head = '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="ar"/><body>\n'
    return f"{head}{body}</body></tmx>\n"


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs mounted for this test (needs root and mount(8), as the test machine has)."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("a real small disk needs mount(8) and root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> Path:
    """Write a file until the disk refuses more; returns it (delete it to free the space)."""
    filler = disk / "filler"
    with contextlib.suppress(OSError), open(filler, "wb", buffering=0) as handle:
        while True:
            handle.write(b"\0" * 4096)
    return filler


def test_every_tm_command_on_a_full_disk_says_so_and_loses_nothing(
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    catalog = project / "locales" / "en" / "LC_MESSAGES" / "news.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(f'msgid "{MINISTER}"\nmsgstr "The minister said"\n', encoding="utf-8")
    (project / "pyproject.toml").write_text(
        f'[tool.workbench]\ntm = "{small_disk / "tm.sqlite3"}"\n', encoding="utf-8"
    )
    old = project / "old.tmx"
    old.write_text(_tmx([("نص قديم من أداة أخرى", "old text from another tool")]), "utf-8")
    many = project / "many.tmx"
    many.write_text(
        _tmx(
            [
                (f"جملة رقم {i} " + "كلمة " * 40, f"sentence {i} " + "word " * 40)
                for i in range(3000)
            ]
        ),
        "utf-8",
    )
    monkeypatch.chdir(project)
    assert main(["tm", "import", str(old)]) == 0
    capsys.readouterr()
    filler = _fill(small_disk)
    catalog.write_text(  # changed: the next sync must write
        catalog.read_text("utf-8") + '\nmsgid "جملة جديدة"\nmsgstr "A new sentence"\n', "utf-8"
    )
    outcomes = {}
    for argv in (["tm", "import", str(many)], ["tm", "build"], ["tm", "search", MINISTER]):
        outcomes[argv[1]] = (main(argv), capsys.readouterr().err)
    assert outcomes, "no command ran"
    for command, (status, err) in outcomes.items():
        assert status == 2, (command, err)
        assert "the disk holding the translation memory is full" in err, (command, err)
        assert "delete" not in err and "unusable" not in err and "not a usable" not in err
        assert err.count("\n") == 1
    filler.unlink()
    assert main(["tm", "search", "نص قديم من أداة أخرى", "--json"]) == 0
    assert "old text from another tool" in capsys.readouterr().out
