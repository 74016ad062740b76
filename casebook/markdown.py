"""The one Markdown parser of the casebook and its safe HTML renderer.

Raw HTML is off (it is shown as text), unsafe link schemes are dropped by markdown-it-py's
``validateLink``, and three roles link text to the registries:

- ``{cite}`cn.pipl.69``` — an article in force, rendered as its label with its gist as a tooltip;
- ``{cite-old}`cn.csl-2017.44``` — a renumbered or repealed article, rendered with what replaced it;
- ``{channel}`cn.12315``` — a complaint channel, rendered with its contact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from html import escape
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.field_list import fieldlist_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_role import myst_role_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .text import LANGUAGES, direction

ROLES = ("cite", "cite-old", "channel")
CONTAINERS = ("quiz", "step", "excerpt")


def _container_validate(name: str) -> Callable[..., bool]:
    def validate(params: str, *args: Any) -> bool:
        return params.strip().split(" ", 1)[0] == name

    return validate


@cache
def parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .use(front_matter_plugin)
        .use(tasklists_plugin)
        .use(fieldlist_plugin)
        .use(myst_role_plugin)
    )
    for name in CONTAINERS:
        md.use(container_plugin, name=name, validate=_container_validate(name))
    md.add_render_rule("myst_role", _render_role)
    md.add_render_rule("container_excerpt_open", _render_excerpt_open)
    md.add_render_rule("container_excerpt_close", _render_excerpt_close)
    md.add_render_rule("link_open", _render_link_open)
    return md


def _render_role(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    tok = tokens[idx]
    name, value = tok.meta.get("name", ""), tok.content.strip()
    reg = env.get("registry")
    lang = env.get("lang", "en")
    if reg is not None and name in ("cite", "cite-old") and value in reg.articles:
        art = reg.article(value)
        title = escape(art.gist.get(lang))
        label = escape(art.label(lang))
        if name == "cite-old":
            status = reg.status_note(value, lang)
            sep = "" if lang.startswith("zh") else " "
            return (
                f'<cite class="cb-cite cb-cite-old" data-statute="{escape(value)}" title="{title}">'
                f'{label}{sep}<span class="cb-status">({escape(status)})</span></cite>'
            )
        return f'<cite class="cb-cite" data-statute="{escape(value)}" title="{title}">{label}</cite>'
    if reg is not None and name == "channel" and value in reg.channels:
        ch = reg.channels[value]
        return (
            f'<span class="cb-channel" data-channel="{escape(value)}" title="{escape(ch.handles.get(lang))}">'
            f"{escape(ch.name.get(lang))} ({escape(ch.contact.get(lang))})</span>"
        )
    return f'<code class="cb-unresolved">{escape(value)}</code>'


def _render_excerpt_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    parts = tokens[idx].info.strip().split()
    lang = parts[1] if len(parts) > 1 and parts[1] in LANGUAGES else "und"
    seed = parts[2] if len(parts) > 2 else ""
    name = LANGUAGES.get(lang, lang)
    return (
        f'<figure class="cb-excerpt"><figcaption>Excerpt, {escape(name)}, source {escape(seed)}</figcaption>'
        f'<blockquote lang="{escape(lang)}" dir="{direction(lang)}">\n'
    )


def _render_excerpt_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return "</blockquote></figure>\n"


def _render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
    tokens[idx].attrSet("target", "_blank")
    return self.renderToken(tokens, idx, options, env)


def render_tokens(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    md = parser()
    return md.renderer.render(list(tokens), md.options, env)


def render_inline(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    md = parser()
    renderer = cast(RendererHTML, md.renderer)  # the protocol type does not declare renderInline
    return renderer.renderInline(list(tokens), md.options, env)


def render(text: str, env: dict[str, Any] | None = None) -> str:
    """Render a Markdown snippet (a label, a feedback line) to safe HTML."""
    return parser().render(text, dict(env or {}))
