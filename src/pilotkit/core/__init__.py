"""The pure core: scenarios, scoring, storage, comparison and export.

Nothing under `pilotkit.core` imports the terminal UI; the command line and
the TUI both sit on top of it (a test checks that importing it never loads
textual).
"""
