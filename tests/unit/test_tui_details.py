"""Plural forms labelled with their CLDR category (tui/details.py), from Babel and the
catalog's own formula."""

from __future__ import annotations

from workbench.catalog.checkers import plural_verdict
from workbench.tui.details import form_title, plural_labels

ARABIC = (
    b"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 :"
    b" n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\n"
)


def formula(header: bytes, forms: int):
    return plural_verdict(header, [forms]).formula


def test_english_and_arabic_forms_get_their_cldr_categories() -> None:
    english = formula(b"Plural-Forms: nplurals=2; plural=(n != 1);\n", 2)
    assert plural_labels("en", 2, english) == ("one", "other")
    assert plural_labels("ar", 6, formula(ARABIC, 6)) == (
        "zero", "one", "two", "few", "many", "other",
    )  # fmt: skip


def test_the_formula_decides_the_order_not_the_list_of_categories() -> None:
    """A catalog numbering English forms the other way round is labelled by its formula."""
    reversed_english = formula(b"Plural-Forms: nplurals=2; plural=(n == 1);\n", 2)
    assert plural_labels("en", 2, reversed_english) == ("other", "one")


def test_without_a_formula_cldr_order_when_the_count_matches() -> None:
    assert plural_labels("ar", 6) == ("zero", "one", "two", "few", "many", "other")
    assert plural_labels("fr", 3) == ("one", "many", "other")
    assert plural_labels("en", 3) == ("", "", "")  # three forms for English: cannot say


def test_language_tags_and_unknown_languages() -> None:
    assert plural_labels("pt-BR", 3) == plural_labels("pt_BR", 3)
    japanese = formula(b"Plural-Forms: nplurals=1; plural=0;\n", 1)
    assert plural_labels("ja", 1, japanese) == ("other",)
    assert plural_labels("xx-unknown", 2) == ("", "")


def test_form_titles() -> None:
    assert form_title(2, "two") == "msgstr[2] · two"
    assert form_title(1, "") == "msgstr[1]"
