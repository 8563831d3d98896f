"""pilotkit: mystery-shopping checklists and comparisons for library customer service."""

__version__ = "0.1.0"
