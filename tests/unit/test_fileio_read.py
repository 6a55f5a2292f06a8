"""The read helper: every OSError met reading a file becomes one WorkbenchError line that
names the file and says what went wrong and what to do, written once for every reader."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.fileio import read_bytes, read_error, read_text, reading


def deny(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    """Reading any file fails with ``error`` (root reads files whatever their mode)."""

    def fail(self: Path) -> bytes:
        raise error

    monkeypatch.setattr(Path, "read_bytes", fail)


def test_read_bytes_and_text_return_the_content(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("سلام\n".encode())
    assert read_bytes(path) == "سلام\n".encode()
    assert read_text(path, "source file") == "سلام\n"


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.tsv"
    with pytest.raises(WorkbenchError) as caught:
        read_bytes(path, "glossary file")
    assert str(caught.value) == f"{path}: no such glossary file"
    assert caught.value.path == path


def test_a_reader_keeps_its_own_words_for_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError) as missing:
        read_bytes(tmp_path / "x.tsv", "glossary file", missing="glossary file not found")
    assert missing.value.message == "glossary file not found"
    with pytest.raises(WorkbenchError) as folder:
        read_bytes(tmp_path, "source file", folder="is a folder, not a text file")
    assert folder.value.message == "is a folder, not a text file"


def test_folder_says_to_give_a_file(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError) as caught:
        read_bytes(tmp_path, "TMX file")
    assert str(caught.value) == (
        f"{tmp_path}: is a folder, not a TMX file (give the path of a file in it)"
    )


def test_permission_denied_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("x\ty\n", encoding="utf-8")
    deny(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(WorkbenchError) as caught:
        read_text(path, "glossary file")
    assert str(caught.value) == (
        f"{path}: cannot read glossary file (permission denied) (check the file's permissions)"
    )


def test_io_error_gives_the_system_reason(tmp_path: Path) -> None:
    error = read_error(OSError(errno.EIO, "Input/output error"), tmp_path / "a.tmx", "TMX file")
    assert str(error) == (
        f"{tmp_path / 'a.tmx'}: cannot read TMX file: Input/output error "
        "(check the disk and try again)"
    )
    assert error.exit_code == 2 and "\n" not in str(error)


def test_reading_block_converts_errors_of_a_streaming_reader(tmp_path: Path) -> None:
    path = tmp_path / "missing.tmx"
    with pytest.raises(WorkbenchError) as caught, reading(path, "TMX file"), open(path, "rb"):
        pass
    assert caught.value.message == "no such TMX file" and caught.value.path == path


def test_reading_block_lets_other_errors_through(tmp_path: Path) -> None:
    with pytest.raises(ValueError), reading(tmp_path / "x", "file"):
        raise ValueError("not an OSError")


# --- the readers that use it ---------------------------------------------------------------


def test_tmx_reader_reports_a_folder(tmp_path: Path) -> None:
    from workbench.tm.tmx import read_tmx

    with pytest.raises(WorkbenchError) as caught:
        read_tmx(tmp_path)
    assert caught.value.message == "is a folder, not a TMX file"
    assert caught.value.path == tmp_path


def test_glossary_reader_reports_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.glossary.formats import read_glossary

    path = tmp_path / "g.tsv"
    path.write_text("فيتنام\tViet Nam\n", encoding="utf-8")
    deny(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(WorkbenchError) as caught:
        read_glossary(path)
    assert caught.value.message == "cannot read glossary file (permission denied)"
    assert caught.value.path == path


def test_source_reader_keeps_its_messages(tmp_path: Path) -> None:
    from workbench.catalog.importer import read_source

    with pytest.raises(WorkbenchError) as missing:
        read_source(tmp_path / "nope.txt")
    assert str(missing.value) == f"{tmp_path / 'nope.txt'}: no such source file"
    with pytest.raises(WorkbenchError) as folder:
        read_source(tmp_path)
    assert folder.value.message == "is a folder, not a text file"


def test_model_config_unreadable_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.mt.models import read_model_config

    (tmp_path / "config.json").write_text(json.dumps({"model_type": "marian"}))

    def denied(self: Path, *args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "read_text", denied)
    with pytest.raises(WorkbenchError) as caught:
        read_model_config(tmp_path)
    # worded as every unreadable model file is (mt.models.permission_denied)
    assert caught.value.message == "permission denied"
    assert caught.value.path == tmp_path / "config.json"
