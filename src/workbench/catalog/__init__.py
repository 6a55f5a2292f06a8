"""Gettext catalogs: reading and GNU-faithful writing (``pofile``), compiling (``mofile``),
import and re-import of Arabic sources (``importer``, ``merge``), compile checks (``checkers``)
and statistics (``stats``). One small module per job, after Babel's ``babel/messages``."""
