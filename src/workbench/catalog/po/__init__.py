"""The ``.po`` format: one lexer, two readers, one writer, one model.

- :mod:`.lexer`: lines, quoted strings, escapes and ``#|`` order on bytes, and the one
  :class:`~.lexer.PoSyntaxError`; both readers are built on it.
- :mod:`.reader`: the editing reader, a file into a :class:`~.model.Catalog` (every line kept).
- :mod:`.scanner`: compile's reader, only what a ``.mo`` needs, as fast as ``msgfmt``.
- :mod:`.flags`: a message's ``#,`` flags as GNU reads them (fuzzy, formats, ``range:``).
- :mod:`.model`: ``Catalog``/``Message``, polib's objects with the header as read.
- :mod:`.writer` and :mod:`.linebreak`: output byte-identical to GNU ``msgcat``.

Nothing is imported here, so compile's start-up loads only the scanner.
"""
