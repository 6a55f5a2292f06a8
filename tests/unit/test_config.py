"""load_config: one parse of pyproject.toml, paths resolved against the project root."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import load_config
from workbench.errors import WorkbenchError


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.workbench]\n{table}", encoding="utf-8")
    inner = tmp_path / "sub" / "deeper"
    inner.mkdir(parents=True)
    return inner


def test_paths_from_file_and_defaults_are_absolute_under_root(tmp_path: Path) -> None:
    start = _project(tmp_path, 'locales = "po"\nglossary = ""\ntm = "/abs/tm.db"\n')
    config = load_config(start)
    root = tmp_path.resolve()
    assert config.root == root
    assert config.locales == root / "po"
    assert config.glossary is None
    assert config.tm == Path("/abs/tm.db")
    assert config.models == root / "models"
    assert config.cache == root / ".workbench/cache.sqlite3"


def test_overrides_resolve_against_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = _project(tmp_path, "")
    monkeypatch.chdir(start)
    config = load_config(start, locales="here", engine=None)
    assert config.locales == start.resolve() / "here"
    assert config.engine == "auto"


def test_unknown_setting_names_the_file(tmp_path: Path) -> None:
    start = _project(tmp_path, 'colour = "blue"\n')
    with pytest.raises(WorkbenchError, match="unknown setting") as caught:
        load_config(start)
    assert caught.value.path == tmp_path.resolve() / "pyproject.toml"


def test_without_a_workbench_table_the_start_folder_is_the_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.root == tmp_path.resolve()
    assert config.locales == tmp_path.resolve() / "locales"


def test_mt_threads_from_the_file_and_the_flag(tmp_path: Path) -> None:
    start = _project(tmp_path, "mt_threads = 3\n")
    assert load_config(start).mt_threads == 3
    assert load_config(start, mt_threads=1).mt_threads == 1
    assert load_config(start, mt_threads=None).mt_threads == 3


@pytest.mark.parametrize("value", ["-1", '"two"', "1.5", "true"])
def test_bad_mt_threads_names_the_file(tmp_path: Path, value: str) -> None:
    start = _project(tmp_path, f"mt_threads = {value}\n")
    with pytest.raises(WorkbenchError, match="mt_threads must be a whole number") as caught:
        load_config(start)
    assert caught.value.path == tmp_path.resolve() / "pyproject.toml"


def test_default_mt_model_per_language_and_a_clear_error_without_one(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path, 'target_languages = ["fr", "en"]\n'))
    assert config.default_mt_model() == "Helsinki-NLP/opus-mt-ar-fr"
    assert config.default_mt_model("en") == "Helsinki-NLP/opus-mt-ar-en"
    (tmp_path / "x").mkdir()
    empty = load_config(_project(tmp_path / "x", "target_languages = []\n"))
    with pytest.raises(WorkbenchError, match="no model given and no target language"):
        empty.default_mt_model()
    assert empty.default_mt_model("de") == "Helsinki-NLP/opus-mt-ar-de"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("locales = 5", "locales must be a path (a string), not an integer (5)"),
        ("cache = 1.5", "cache must be a path (a string), not a float (1.5)"),
        ("glossary = 42", "glossary must be a path (a string), not an integer (42)"),
        ('models = ["a"]', "models must be a path (a string), not an array"),
        ("tm = true", "tm must be a path (a string), not a boolean (true)"),
        ('target_languages = "en"', "target_languages must be an array of strings"),
        ("target_languages = [1]", "target_languages must be an array of strings"),
        ("source_language = 1", "source_language must be a string, not an integer (1)"),
        ("engine = false", "engine must be a string, not a boolean (false)"),
        ("mt_models = 3", "mt_models must be a table of strings"),
        ('mt_models = ["x"]', "mt_models must be a table of strings"),
        ("mt_models = {en = 1}", "mt_models must be a table of strings"),
        ('mt_threads = "x"', "mt_threads must be a whole number"),
        ('locales = ""', "locales must be a path (a string), not an empty string"),
        ("corpus = []", "corpus must be a path (a string), not an array"),
        ("sample = 0", "sample must be a path (a string), not an integer (0)"),
        ('tm = "a\\u0000b"', "tm holds a NUL character"),
    ],
)
def test_a_wrong_value_type_names_the_file_the_key_and_the_type(
    tmp_path: Path, setting: str, expected: str
) -> None:
    start = _project(tmp_path, setting + "\n")
    with pytest.raises(WorkbenchError) as caught:
        load_config(start)
    assert expected in caught.value.message
    assert caught.value.path == tmp_path.resolve() / "pyproject.toml"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("document", ["tool = 5\n", "[tool]\nworkbench = 5\n"])
def test_a_tool_or_workbench_that_is_not_a_table_is_refused(tmp_path: Path, document: str) -> None:
    (tmp_path / "pyproject.toml").write_text(document, encoding="utf-8")
    with pytest.raises(WorkbenchError, match="must be a table") as caught:
        load_config(tmp_path)
    assert caught.value.path == tmp_path / "pyproject.toml"


def test_every_well_typed_setting_is_accepted(tmp_path: Path) -> None:
    start = _project(
        tmp_path,
        'source_language = "ar"\ntarget_languages = ["fr"]\nlocales = "po"\ncorpus = "c"\n'
        'models = "m"\nglossary = "g.tsv"\nsample = ""\ncache = "c.db"\ntm = "t.db"\n'
        'engine = "transformers"\nmt_threads = 2\nmt_models = {fr = "x/y"}\n',
    )
    config = load_config(start)
    assert config.target_languages == ("fr",)
    assert config.sample is None
    assert config.mt_models["fr"] == "x/y"
    assert config.engine == "transformers"
