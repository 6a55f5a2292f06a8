"""The one place that reads configuration: ``[tool.workbench]`` in ``pyproject.toml``.

CLI flags override it by passing keyword overrides to :func:`load_config`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError

DEFAULT_MT_MODELS = {"en": "Helsinki-NLP/opus-mt-ar-en"}
# Settings holding a path: relative ones are resolved against the project root (the file) or
# the working folder (CLI flags).
PATH_SETTINGS = ("locales", "corpus", "models", "glossary", "cache", "tm", "sample")


@dataclass(frozen=True)
class Config:
    """Resolved project settings; every path is absolute."""

    root: Path
    source_language: str = "ar"
    target_languages: tuple[str, ...] = ("en",)
    locales: Path = Path("locales")
    corpus: Path = Path("corpus")
    models: Path = Path("models")
    glossary: Path | None = Path("corpus/official-titles.tsv")
    sample: Path | None = Path("corpus/hanoi-convention-signing.ar.txt")
    cache: Path = Path(".workbench/cache.sqlite3")
    tm: Path = Path(".workbench/tm.sqlite3")
    engine: str = "auto"
    #: CPU threads for machine translation; 0: one per core.
    mt_threads: int = 0
    mt_models: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MT_MODELS))

    @property
    def primary_target_language(self) -> str | None:
        """The first target language: the one the glossary translates into."""
        return self.target_languages[0] if self.target_languages else None

    def mt_model_for(self, target_language: str) -> str:
        """The configured model for ``ar -> target_language`` (opus-mt naming by default)."""
        if target_language in self.mt_models:
            return self.mt_models[target_language]
        return f"Helsinki-NLP/opus-mt-{self.source_language}-{target_language}"

    def default_mt_model(self, target_language: str | None = None) -> str:
        """The model for ``target_language`` (default: the first target language), or a
        clear error when no model can be named."""
        language = target_language or self.primary_target_language
        if language is None:
            raise WorkbenchError(
                "no model given and no target language configured",
                hint="give a model (hub ID or folder) or --lang L, or set target_languages in "
                "[tool.workbench]",
            )
        return self.mt_model_for(language)

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with CLI flags applied; ``None`` means 'flag not given'."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key in PATH_SETTINGS:
            if key in given:
                given[key] = _absolute(Path(given[key]), Path.cwd())
        return replace(self, **given)


def find_pyproject(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``pyproject.toml`` with a ``[tool.workbench]`` table, from ``start`` upward,
    and that table (parsed once)."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise WorkbenchError(f"cannot read configuration: {exc}", candidate) from None
            except OSError as exc:
                raise WorkbenchError(
                    f"cannot read configuration: {exc.strerror}", candidate
                ) from None
            tool = data.get("tool", {})
            if not isinstance(tool, dict):
                raise WorkbenchError("[tool] must be a table", candidate)
            if "workbench" in tool:
                if not isinstance(tool["workbench"], dict):
                    raise WorkbenchError(
                        "tool.workbench must be a table",
                        candidate,
                        hint="write the settings under a [tool.workbench] line",
                    )
                return candidate, tool["workbench"]
    return None


_TOML_TYPES = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
}
#: Settings holding a path that may be empty: "" means "none" (no glossary, no sample).
OPTIONAL_PATH_SETTINGS = ("glossary", "sample")


def _shown(value: Any) -> str:
    """``value``'s TOML type, and the value itself when it is short (one line)."""
    kind = next((name for cls, name in _TOML_TYPES.items() if isinstance(value, cls)), None)
    kind = kind or f"a {type(value).__name__}"
    if isinstance(value, bool):
        return f"{kind} ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"{kind} ({value!r})"
    if isinstance(value, str) and not value:
        return "an empty string"
    return kind


def _checked_setting(key: str, value: Any, pyproject: Path | None) -> Any:
    """``value`` of setting ``key`` as :class:`Config` holds it; a value of the wrong TOML
    type is refused in one line naming the file, the key and the type expected (a wrong type
    would otherwise surface later as a traceback from deep inside a command)."""

    def wrong(expected: str, hint: str | None = None) -> WorkbenchError:
        return WorkbenchError(
            f"[tool.workbench] {key} must be {expected}, not {_shown(value)}", pyproject, hint=hint
        )

    if key in PATH_SETTINGS:
        if not isinstance(value, str) or (not value and key not in OPTIONAL_PATH_SETTINGS):
            raise wrong("a path (a string)", f'e.g. {key} = "{getattr(Config, key)}"')
        if "\0" in value:  # no system call takes it
            raise WorkbenchError(f"[tool.workbench] {key} holds a NUL character", pyproject)
        return Path(value) if value else None
    if key == "target_languages":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise wrong("an array of strings", 'e.g. target_languages = ["en"]')
        return tuple(value)
    if key == "mt_models":
        example = 'e.g. mt_models = {en = "Helsinki-NLP/opus-mt-ar-en"}'
        if not isinstance(value, dict):
            raise wrong("a table of strings", example)
        for language, model in value.items():
            if not isinstance(model, str) or not model:
                raise WorkbenchError(
                    f"[tool.workbench] mt_models must be a table of strings, but {language} is "
                    f"{_shown(model)}",
                    pyproject,
                    hint=example,
                )
        return {**DEFAULT_MT_MODELS, **value}
    if key == "mt_threads":
        if type(value) is not int or value < 0:
            raise WorkbenchError(
                f"mt_threads must be a whole number, not {value!r}",
                pyproject,
                hint="set the CPU threads for MT, or 0 for one per core",
            )
        return value
    if not isinstance(value, str) or not value:  # source_language, engine
        raise wrong("a string", f'e.g. {key} = "{getattr(Config, key)}"')
    return value


def _absolute(path: Path, root: Path) -> Path:
    return path if path.is_absolute() else (root / path).resolve()


def load_config(start: str | Path | None = None, **overrides: Any) -> Config:
    """Read ``[tool.workbench]`` from the project around ``start`` (default: cwd)."""
    start_path = Path(start or Path.cwd()).resolve()
    found = find_pyproject(start_path)
    pyproject, table = found if found else (None, {})
    root = pyproject.parent if pyproject else start_path
    known = set(Config.__dataclass_fields__) - {"root"}
    unknown = set(table) - known
    if unknown:
        raise WorkbenchError(
            f"unknown setting(s) in [tool.workbench]: {', '.join(sorted(unknown))}",
            pyproject,
            hint=f"known settings: {', '.join(sorted(known))}",
        )
    values = {key: _checked_setting(key, value, pyproject) for key, value in table.items()}
    config = Config(root=root, **values)
    for key in PATH_SETTINGS:  # from the file and the defaults alike
        value = getattr(config, key)
        if value is not None and not value.is_absolute():
            absolute: dict[str, Any] = {key: _absolute(value, root)}  # one field, by name
            config = replace(config, **absolute)
    return config.with_overrides(**overrides)
