"""Workbench: an Arabic translation and localization workbench built on gettext catalogs."""

__version__ = "0.1.0"
