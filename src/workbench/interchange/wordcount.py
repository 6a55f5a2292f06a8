"""Source words counted as translate-toolkit's ``pocount`` counts them, so an agency's quote
and ours agree.

``pocount`` turns ``<br>`` tags into line breaks, drops XML-like tags, splits ``a.b`` where
neither side is a digit, then counts the words of Unicode's word segmentation (UAX #29, the
``unicode-segmentation-rs`` library it uses too): a run of letters, digits or connected
punctuation (``3.5``, ``can't``) is one word, punctuation alone none.
"""

from __future__ import annotations

import re

from unicode_segmentation_rs import unicode_words

_BREAK_TAG = re.compile(r"<br\s*?/?>")
_XML_TAG = re.compile(
    r"""
        <([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>   # an opening or empty tag
        |</([\w.]+)>                                     # or a closing one
    """,
    re.VERBOSE,
)
_DOT_BETWEEN_NON_DIGITS = re.compile(r"\D\.\D")


def count_words(text: str) -> int:
    """How many words ``pocount`` counts in ``text``."""
    if not text:
        return 0
    if "<" in text:
        text = _XML_TAG.sub("", _BREAK_TAG.sub("\n", text))
    if "." in text:
        text = _DOT_BETWEEN_NON_DIGITS.sub(" ", text)
    return len(unicode_words(text))
