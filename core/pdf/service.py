"""Serving PDFs to requests (first version: renders synchronously).

Views call `pdf_response(...)` with the same template context as their HTML page. The PDF
cache by content hash and background rendering (issue 7) replace the body of this function
without changing its signature.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from core.pdf.render import render_pdf


def pdf_response(
    request: HttpRequest,
    *,
    template_name: str,
    context: dict[str, Any],
    title: str,
    author: str = "",
    filename: str,
    landscape: bool = False,
) -> HttpResponse:
    """The PDF of `template_name` rendered with `context`, as an inline download."""
    html = render_to_string(template_name, context, request=request)
    pdf = render_pdf(html, title=title, author=author, landscape=landscape)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
