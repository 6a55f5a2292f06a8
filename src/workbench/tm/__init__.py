"""Translation memory: approved segments in SQLite, fuzzy matches scored 0-100, TMX 1.4b."""

from workbench.tm.store import TMMatch, TMUnit, TranslationMemory

__all__ = ["TMMatch", "TMUnit", "TranslationMemory"]
