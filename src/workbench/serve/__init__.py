"""``workbench serve``: the translator's workbench in a browser (textual-serve, one app process
per browser session). :mod:`~workbench.serve.access` decides who may open it (Textual- and
aiohttp-free); :mod:`~workbench.serve.server` is the aiohttp server. Nothing here imports
Textual: each session runs ``workbench tui --served`` in a process of its own."""
