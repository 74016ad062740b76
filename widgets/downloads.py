"""Download links built in the kernel: a ``data:`` URL, so nothing leaves this computer through a server."""

from __future__ import annotations

import base64
from html import escape

#: Larger files are saved to disk only (a data URL that size would slow the page down).
MAX_LINK_BYTES = 20 * 2**20


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An ``<a download>`` link carrying ``data``, or ``""`` if it is too large for a link."""
    if len(data) > MAX_LINK_BYTES:
        return ""
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<a class="cb-download" download="{escape(filename)}" href="{href}">'
        f'<span aria-hidden="true">⬇</span> {escape(label)}</a>'
    )
