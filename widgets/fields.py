"""Form fields shared by the toolkit's widgets (evidence log, complaint builder): labelled, with a
tooltip, the same label width and a readable line length."""

from __future__ import annotations

import ipywidgets as ipw

from .style import wide

STYLE = {"description_width": "10rem"}


def field_layout() -> ipw.Layout:
    return wide("40rem")


def text_field(description: str, tooltip: str, placeholder: str = "") -> ipw.Text:
    return ipw.Text(
        description=description, tooltip=tooltip, placeholder=placeholder, style=STYLE, layout=field_layout()
    )
