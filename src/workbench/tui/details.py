"""What the details pane (f3) says of an entry, without Textual: the CLDR plural category of
each ``msgstr[n]``, and the text of the entry's details.

A gettext catalog numbers its plural forms by its ``Plural-Forms`` formula; a translator thinks
in CLDR's categories (*one*, *few*, *many*...). Each form is labelled with the category Babel's
CLDR rules give the smallest number the catalog's formula sends to that form: English's
``msgstr[0]`` takes 1 (*one*), ``msgstr[1]`` takes 0 (*other*); Arabic's six forms come out
*zero, one, two, few, many, other*. Without a formula (or a number for some form) the labels
follow CLDR's order of the language's categories when their count matches, else the form has
none.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import babel
from babel.plural import PluralRule

#: CLDR's order of plural categories, used when the formula cannot say.
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
#: Numbers tried against the catalog's formula (Arabic's *other* starts at 100).
SAMPLE_NUMBERS = range(0, 1001)


@lru_cache(maxsize=64)
def plural_rule(language: str) -> PluralRule | None:
    """Babel's CLDR plural rule of ``language`` (``pt-BR`` and ``pt_BR`` alike), or None
    when Babel does not know the language."""
    try:
        return babel.Locale.parse(language.replace("-", "_")).plural_form
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return None


@lru_cache(maxsize=64)
def plural_labels(
    language: str, count: int, formula: Callable[[int], int] | None = None
) -> tuple[str, ...]:
    """The CLDR category of each of ``count`` plural forms (see the module docstring); ''
    for a form it cannot name."""
    rule = plural_rule(language)
    if rule is None:
        return ("",) * count
    labels = [""] * count
    if formula is not None:
        for number in SAMPLE_NUMBERS:
            try:
                form = formula(number)
            except (ArithmeticError, ValueError):
                continue
            if 0 <= form < count and not labels[form]:
                labels[form] = rule(number)
                if all(labels):
                    break
    if not all(labels):
        ordered = [tag for tag in CLDR_ORDER if tag in rule.tags or tag == "other"]
        if len(ordered) == count:
            labels = [label or ordered[form] for form, label in enumerate(labels)]
    return tuple(labels)


def form_title(form: int, label: str) -> str:
    """How a plural form is named on screen: ``msgstr[2] · two``."""
    return f"msgstr[{form}] · {label}" if label else f"msgstr[{form}]"
