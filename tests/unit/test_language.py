"""workbench.language: tag normalization and comparison (and which glossary serves which
catalog); workbench.catalog.language: a catalog's language; plus the callers that keep their own
rule on purpose (glossary by primary language, TM by prefix, TMX
exact) and the TUI, which used to fall back to English for a catalog outside the layout."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.support.catalogs import minimal_catalog
from workbench.catalog.language import catalog_language
from workbench.config import load_config
from workbench.errors import WorkbenchError
from workbench.language import (
    bcp47_tag,
    covers,
    is_arabic,
    normalize_tag,
    primary_subtag,
    serves_language,
)

#: tag, normalize_tag(tag), primary_subtag(tag), is_arabic(tag)
TAGS = [
    ("pt_BR", "pt-br", "pt", False),
    ("pt-BR", "pt-br", "pt", False),
    ("sr@latin", "sr-latn", "sr", False),
    ("sr_RS@latin", "sr-latn-rs", "sr", False),
    ("sr-Latn", "sr-latn", "sr", False),
    ("sr@cyrillic", "sr-cyrl", "sr", False),
    ("AR", "ar", "ar", True),
    ("ar_EG", "ar-eg", "ar", True),
    ("ar-SA", "ar-sa", "ar", True),
    ("ar@latin", "ar-latn", "ar", True),
    ("ara", "ara", "ara", True),
    ("ARA", "ara", "ara", True),
    ("arn", "arn", "arn", False),  # Mapudungun, not Arabic
    ("arc", "arc", "arc", False),  # Aramaic
    ("arab", "arab", "arab", False),
    ("en-GB", "en-gb", "en", False),
    ("en_US", "en-us", "en", False),
    ("en_US.UTF-8", "en-us", "en", False),
    ("de_DE.UTF-8@euro", "de-de", "de", False),
    ("ca@valencia", "ca-valencia", "ca", False),
    ("  fr \n", "fr", "fr", False),
    ("zh-yue-HK", "zh-yue-hk", "zh", False),
    ("*all*", "*all*", "*all*", False),
    ("", "", "", False),
]


@pytest.mark.parametrize(("tag", "normalized", "primary", "arabic"), TAGS)
def test_normalize_tag(tag: str, normalized: str, primary: str, arabic: bool) -> None:
    assert normalize_tag(tag) == normalized


@pytest.mark.parametrize(("tag", "normalized", "primary", "arabic"), TAGS)
def test_primary_subtag(tag: str, normalized: str, primary: str, arabic: bool) -> None:
    assert primary_subtag(tag) == primary


@pytest.mark.parametrize(("tag", "normalized", "primary", "arabic"), TAGS)
def test_is_arabic(tag: str, normalized: str, primary: str, arabic: bool) -> None:
    assert is_arabic(tag) is arabic


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("pt_BR", "pt-BR"),
        ("sr@latin", "sr-Latn"),
        ("sr_RS@latin", "sr-Latn-RS"),
        ("sr@Cyrillic", "sr-Cyrl"),
        ("ar_EG", "ar-EG"),
        ("de_DE.UTF-8@euro", "de-DE"),
        ("ca@valencia", "ca-valencia"),
        (" en-GB ", "en-GB"),
        ("", ""),
    ],
)
def test_bcp47_tag_keeps_case_and_normalize_tag_is_it_lower_cased(name: str, tag: str) -> None:
    assert bcp47_tag(name) == tag
    assert normalize_tag(name) == tag.lower()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("en", "en-GB", True),
        ("en-GB", "en", True),
        ("en_GB", "en-gb", True),
        ("en-GB", "en_US", False),
        ("pt", "pt_BR", True),
        ("pt_BR", "pt-PT", False),
        ("sr", "sr@latin", True),
        ("sr@latin", "sr-Latn", True),
        ("sr@latin", "sr@cyrillic", False),
        ("AR", "ar_EG", True),
        ("ar", "arn", False),  # a prefix only at a subtag boundary
        ("ar", "ara", False),  # ISO 639-2 and 639-1 codes are not prefixes of one another
        ("en", "fr", False),
        ("", "fr", True),  # empty or None: any language
        ("fr", "", True),
        (None, "fr", True),
        ("fr", None, True),
        (None, None, True),
    ],
)
def test_covers(a: str | None, b: str | None, expected: bool) -> None:
    assert covers(a, b) is expected


@pytest.mark.parametrize(
    ("glossary_language", "language", "expected"),
    [
        (None, "fr", True),  # the glossary's language unknown: it applies everywhere
        ("", "fr", True),
        ("en", "en_GB", True),
        ("en-US", "en-GB", True),  # by primary language, unlike the TM's prefix rule
        ("EN", "en", True),
        ("pt", "pt_BR", True),
        ("sr", "sr@latin", True),
        ("en", "fr", False),
        ("en", "", False),
    ],
)
def test_glossary_serves_catalogs_by_primary_language(
    glossary_language: str | None, language: str, expected: bool
) -> None:
    assert serves_language(glossary_language, language) is expected


# --- catalog_language ------------------------------------------------------------------------


def write_catalog(path: Path, language: str | None, msgid: str = "سلام", msgstr: str = "") -> Path:
    """A one-entry catalog at ``path`` with ``Language: language`` (no such field for None)."""
    po = minimal_catalog([polib.POEntry(msgid=msgid, msgstr=msgstr)])
    if language is None:
        del po.metadata["Language"]
    else:
        po.metadata["Language"] = language
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def test_the_folder_wins_over_the_header(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "locales" / "pt_BR" / "LC_MESSAGES" / "x.po", "fr")
    assert catalog_language(path) == "pt_BR"


def test_a_relative_path_inside_lc_messages_uses_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalog(tmp_path / "sr@latin" / "LC_MESSAGES" / "x.po", "fr")
    monkeypatch.chdir(path.parent)
    assert catalog_language(Path("x.po")) == "sr@latin"


@pytest.mark.parametrize("header", ["fr", "  ar_EG \t"])
def test_outside_the_layout_the_header_tells(tmp_path: Path, header: str) -> None:
    path = write_catalog(tmp_path / "x.po", header)
    assert catalog_language(path) == header.strip()


def test_a_parsed_catalog_is_not_read_again(tmp_path: Path) -> None:
    po = minimal_catalog(language="de")
    # The file does not exist: reading it would raise "no such catalog".
    assert catalog_language(tmp_path / "gone.po", po) == "de"


def test_a_folder_named_catalog_is_not_read_at_all(tmp_path: Path) -> None:
    assert catalog_language(tmp_path / "en_GB" / "LC_MESSAGES" / "gone.po") == "en_GB"


@pytest.mark.parametrize("header", [None, "", "   "])
def test_neither_known_gives_the_default(tmp_path: Path, header: str | None) -> None:
    path = write_catalog(tmp_path / "x.po", header)
    assert catalog_language(path, default="") == ""
    assert catalog_language(path, default="de") == "de"


def test_neither_known_and_no_default_says_how_to_tell_it(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "x.po", None)
    with pytest.raises(WorkbenchError) as caught:
        catalog_language(path)
    assert caught.value.message == "cannot tell the target language"
    assert caught.value.path == path
    assert "LC_MESSAGES" in (caught.value.hint or "")
    assert "Language header" in (caught.value.hint or "")


def test_a_malformed_catalog_outside_the_layout_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "a"\nbogus\n', "utf-8")
    with pytest.raises(WorkbenchError) as caught:
        catalog_language(path)
    assert caught.value.path == path and caught.value.line == 6


# --- callers -----------------------------------------------------------------------------------


def test_pretranslate_refuses_a_catalog_of_unknown_language(tmp_path: Path) -> None:
    from workbench.pretranslate.plan import plan_catalog

    assert plan_catalog(write_catalog(tmp_path / "fr.po", "fr")).language == "fr"
    with pytest.raises(WorkbenchError, match="cannot tell the target language"):
        plan_catalog(write_catalog(tmp_path / "x.po", None))


def test_qa_skips_the_glossary_only_for_a_catalog_in_another_language(project: Path) -> None:
    from workbench.qa.runner import check_catalog

    glossary = project / "corpus" / "official-titles.tsv"
    source, english = next(
        line.split("\t")[:2]
        for line in glossary.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and "\t" in line
    )

    def glossary_findings(path: Path, language: str | None) -> int:
        write_catalog(path, language, f"قال {source}", "He said nothing")
        findings = check_catalog(path, glossary, glossary_language="en")
        return sum(f.code == "glossary" for f in findings)

    assert english  # the term has a translation the QA check can miss
    assert glossary_findings(project / "en_GB.po", "en_GB") == 1
    assert glossary_findings(project / "fr.po", "fr") == 0
    assert glossary_findings(project / "locales" / "fr" / "LC_MESSAGES" / "x.po", "en") == 0
    assert glossary_findings(project / "unknown.po", None) == 1  # unknown: checked anyway


def test_tui_reads_the_header_of_a_catalog_outside_the_layout(project: Path) -> None:
    """It used to open such a catalog as English: English glossary and English MT model."""
    from workbench.tui import build_app

    catalog = write_catalog(project / "elsewhere" / "article.po", "fr")
    app = build_app(load_config(), catalog, load_mt=False)
    assert app.language == "fr"
    assert app.service.mt.language == "fr"


def test_tui_falls_back_to_the_project_target_language_not_to_english(project: Path) -> None:
    from workbench.tui import build_app

    catalog = write_catalog(project / "elsewhere" / "article.po", None)
    config = load_config().with_overrides(target_languages=("de", "en"))
    assert build_app(config, catalog, load_mt=False).language == "de"
    with pytest.raises(WorkbenchError, match="cannot tell the target language"):
        build_app(config.with_overrides(target_languages=()), catalog, load_mt=False)


def test_tui_uses_the_folder_of_a_catalog_in_the_layout(project: Path) -> None:
    from workbench.tui import build_app

    catalog = write_catalog(project / "locales" / "fr" / "LC_MESSAGES" / "article.po", "en")
    assert build_app(load_config(), catalog, load_mt=False).language == "fr"
