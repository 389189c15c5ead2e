"""PDF rendering (WeasyPrint 70 + an exact Thai text layer).

Importing this package checks the WeasyPrint version and installs the text
layer fix (see :mod:`core.pdf.textlayer` and docs/pdf-text-layer.md).
"""

from core.pdf.render import render_pdf
from core.pdf.textlayer import WeasyPrintVersionError

__all__ = ["WeasyPrintVersionError", "render_pdf"]
