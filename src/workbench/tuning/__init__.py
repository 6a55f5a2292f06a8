"""Measuring and adapting machine translation on the project's own approved translations.

:mod:`~workbench.tuning.evaluation` scores models against approved entries (``mt eval``);
:mod:`~workbench.tuning.adaptation` fine-tunes a Marian model on them (``model adapt``). Both
read the approved pairs through :mod:`~workbench.tuning.pairs`.

Why a package of its own, above ``qa``: term accuracy needs the glossary and placeholder
survival the QA placeholder readers, both above ``mt``; and neither job is pre-translation, so
it sits beside ``pretranslate`` rather than inside it (``[tool.importlinter]``).
"""
