"""What several benchmarks share. Imported as ``_common``: a benchmark runs as a script, so its
own folder is on ``sys.path``. The catalog helpers are the tests' own (tests/support/catalogs.py),
so benchmarks and tests build catalogs one way; importing this module puts the repository root
on ``sys.path`` for them."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.catalogs import (  # noqa: E402  (needs ROOT on sys.path, set just above)
    ENGLISH_PLURAL_FORMS,
    minimal_catalog,
    minimal_header,
    numbered_article,
    revised_article,
)

__all__ = ["ENGLISH_HEADER", "ROOT", "minimal_catalog", "numbered_article", "revised_article"]

#: The header fields ``msgfmt -c`` wants in an English catalog (language, charset, plurals).
ENGLISH_HEADER = minimal_header(plural_forms=ENGLISH_PLURAL_FORMS)
