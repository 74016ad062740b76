"""The workbook's small shared stylesheet, injected once per kernel."""

from __future__ import annotations

import ipywidgets as ipw

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
.cb-rtl { direction: rtl; text-align: right; }
.cb-rtl .widget-label, .cb-rtl .widget-inline-hbox .widget-label { text-align: right; }
.cb-rtl .widget-inline-hbox .widget-label { margin-right: 0; margin-left: var(--jp-widgets-inline-margin, 4px); }
.cb-rtl .widget-radio-box label, .cb-rtl .widget-checkbox label { text-align: right; }
.cb-rtl .widget-hprogress .progress { transform: scaleX(-1); }
.cb-rtl .jupyter-button i.fa { margin-right: 0; margin-left: var(--jp-widgets-inline-margin, 4px); }
.cb-rtl .jupyter-button i.fa.center { margin-left: 0; }
[dir="rtl"] bdi, .cb-rtl bdi { unicode-bidi: isolate; }
/* ipywidgets draws choices on one fixed-height, unwrapped line: a long radio-button choice runs over the
   next one (which then takes the click meant for it), a long check-box choice runs off the edge, and a
   match row's long text squeezes its drop-down to nothing. Let every choice wrap to its full text. */
.cb-quiz .widget-radio, .cb-quiz .widget-checkbox { width: auto; height: auto; }
.cb-quiz .widget-radio-box label, .cb-quiz .widget-checkbox .widget-label-basic {
  display: flex; align-items: baseline; gap: 0.5rem;
  height: auto; min-height: var(--jp-widgets-radio-item-height); line-height: 1.4; padding: 0.15rem 0;
  white-space: normal; overflow: visible;
}
.cb-quiz .widget-checkbox .widget-label-basic span { white-space: normal; overflow: visible; }
.cb-quiz .widget-radio-box input { order: -1; flex: none; float: none; height: auto; margin: 0; }
.cb-quiz .widget-checkbox input { flex: none; margin: 0; }
/* Match rows: the row's text on its own line(s), its drop-down underneath at a readable width. */
.cb-quiz .widget-dropdown { flex-wrap: wrap; height: auto; width: auto; margin-bottom: 0.6rem; }
.cb-quiz .widget-dropdown > .widget-label {
  width: 100% !important; max-width: none; white-space: normal; overflow: visible; line-height: 1.4;
  text-align: start; margin-bottom: 0.2rem;
}
.cb-quiz .widget-dropdown > select { flex: 0 1 32rem; min-width: 16rem; height: var(--jp-widgets-inline-height); }
/* An empty feedback region stays in the page (a screen reader announces what later appears in it) but
   draws no empty box. */
.cb-feedback:empty { border: 0; padding: 0; margin: 0; }
/* Order rows: a long step must not squeeze its Move up / Move down buttons to "Mov…". */
.cb-quiz .widget-hbox > .widget-button { flex-shrink: 0; }
/* Check / Try again / Show answer wrap onto a second line on a phone instead of running off the screen. */
.cb-quiz .cb-buttons { flex-wrap: wrap; gap: 0.3rem; }
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


def wide(max_width: str = "48rem") -> ipw.Layout:
    """A new full-width layout capped at ``max_width``. Always a new object: ipywidgets layouts are
    shared by reference, so hiding one widget through a shared layout would hide every widget using it."""
    return ipw.Layout(width="auto", max_width=max_width)
