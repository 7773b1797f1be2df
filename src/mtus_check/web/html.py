"""Page layout shared by the server's HTML pages: escaping, the frame, small builders."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from mtus_check import __version__


def esc(value: object) -> str:
    return escape("" if value is None else str(value))


def page(title: str, body: str, *, audit: bool = False, scripts: Iterable[str] = ()) -> str:
    """A whole page: no external resource, so it works with no network."""
    nav = ['<a href="/">Pre-check</a>']
    if audit:
        nav.append('<a href="/audit/">Audit</a>')
    nav += ['<a href="/docs">API docs</a>', '<a href="/cds-services">CDS Hooks</a>']
    script_tags = "".join(f'<script src="/static/{esc(s)}" defer></script>' for s in scripts)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)} - mtus-check</title><link rel="stylesheet" href="/static/style.css">{script_tags}'
        '</head><body><a class="skip" href="#main">Skip to content</a>'
        f'<header><p><strong>mtus-check {esc(__version__)}</strong></p><nav aria-label="Main">{" ".join(nav)}</nav>'
        f'</header><main id="main"><h1>{esc(title)}</h1>{body}</main>'
        "<footer><p>Checks against the rule pack in use; see /v1/health.</p></footer></body></html>"
    )


def table(header: list[str], rows: Iterable[list[str]], attrs: str = "") -> str:
    """A table of already-escaped cells."""
    head = "".join(f'<th scope="col">{h}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table {attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def verdict_badge(verdict: str | None) -> str:
    return f'<span class="verdict v-{esc(verdict)}">{esc(verdict or "not checked")}</span>'


def status_badge(status: str) -> str:
    return f'<span class="status s-{esc(status)}">{esc(status)}</span>'
