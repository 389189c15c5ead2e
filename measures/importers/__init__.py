"""Importers of the measures app, found by core.importing's autodiscovery.

`measures_table` reads the measures/report documents whose body is a six-column table (seeds
000 and 002, in their different column orders); `memo` reads a บันทึกข้อความ with its signature
chain followed by such a table (seed 004). Layouts are detected from the header row and the
memo heading, never from the file name.
"""

from measures.importers import measures_table, memo  # noqa: F401
