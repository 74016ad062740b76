"""The workbook's small shared stylesheet, injected once per kernel."""

from __future__ import annotations

CSS = """
.cb-view, .cb-quiz-html { font-size: 1rem; line-height: 1.55; max-width: 48rem; color: #1b1b1b; }
.cb-view h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
.cb-view h2 { font-size: 1.25rem; margin: 1rem 0 .4rem; border-bottom: 1px solid #bbb; }
.cb-excerpt { margin: .8rem 0; padding: .4rem .8rem; border-inline-start: 4px solid #555; background: #f4f4f4; }
.cb-excerpt figcaption { font-size: .85rem; color: #333; }
.cb-notice { border: 2px solid #444; padding: .4rem .8rem; margin: .6rem 0; background: #fffbe6; }
.cb-feedback { margin: .4rem 0; padding: .4rem .8rem; border: 1px solid #888; border-radius: 4px; background: #fafafa; }
.cb-verdict { font-weight: bold; margin: 0 0 .3rem; }
.cb-laws { font-size: .9rem; margin: .2rem 0 .4rem; }
.cb-status { font-style: italic; }
.cb-reflection-text { white-space: pre-wrap; border-inline-start: 3px solid #888; padding-inline-start: .5rem; }
.cb-figure svg { max-width: 100%; height: auto; }
.cb-figure text { font-family: sans-serif; font-size: 13px; fill: #1b1b1b; }
.cb-table { border-collapse: collapse; margin: .4rem 0; }
.cb-table th, .cb-table td { border: 1px solid #999; padding: .2rem .5rem; text-align: start; vertical-align: top; }
.cb-stem { font-weight: 600; }
"""

_injected = False


def style_once() -> str:
    """The ``<style>`` block the first time it is asked for in this kernel, then ``""``."""
    global _injected
    if _injected:
        return ""
    _injected = True
    return f"<style>{CSS}</style>"


def reset() -> None:
    """Forget that the style was injected (a notebook re-run from the top may call this)."""
    global _injected
    _injected = False


def stylesheet() -> str:
    """The ``<style>`` block, always."""
    return f"<style>{CSS}</style>"
