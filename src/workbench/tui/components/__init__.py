"""Widgets of the workbench screen, one module per pane."""
