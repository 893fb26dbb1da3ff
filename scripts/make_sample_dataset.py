#!/usr/bin/env python3
"""Write htmlgen's shipped sample dataset: data/sample/webgen_sample.jsonl.

Every row is a prompt -> HTML pair written for this project; nothing is copied
from another dataset. Each row has its own hand-written spec (request wording,
names, copy text, colours, item counts) and is rendered by a small set of
hand-written building blocks, so rows differ in structure and content rather
than being one template with a name swapped.

Every row carries its category. Besides the page kinds of the original set there
are interactive pages (one inline vanilla-JavaScript <script>), HTML e-mails,
requests worded as programming tasks, edits of a given snippet, and held-out,
out-of-distribution categories (HOLDOUT_CATEGORIES) that the split stage keeps
in the test split only.

The script is deterministic: no randomness, no clock, no environment lookups,
so two runs give byte-identical files. Every row is validated before anything is
written (complete HTML5 document, balanced tags, scripts only where the category
allows them and never touching the network, no external resources, consistent
formatting, details from the request present in the answer, no duplicate
requests); any problem aborts the run with a list of all of them. Then each
answer is re-formatted in one of the conventions real pages use (FORMATTING_SHARES:
indent unit, head and body nested under <html> or not, doctype, lang, viewport,
charset spelling), chosen from a hash of its request, and checked to parse to the
same elements and text as the house-style original.

Usage:
    python scripts/make_sample_dataset.py            # (re)write the file, print figures
    python scripts/make_sample_dataset.py --check    # exit 1 if the file on disk is stale
"""

from __future__ import annotations

import argparse
import calendar
import html
import json
import re
import statistics
import sys
import textwrap
import zlib
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_FILE = ROOT / "data" / "sample" / "webgen_sample.jsonl"

# Targets from the data card; the run fails if the generated set drifts outside them.
ROW_RANGE = (280, 320)
MIN_PER_CATEGORY = 8
INPUT_SHARE_RANGE = (0.17, 0.25)
OUTPUT_CHARS_RANGE = (250, 4200)
# instruction + input + output: about 2.7 characters per token keeps a row (plus the chat template and the
# system prompt, about 60 tokens) within tokenize.max_seq_len: 1024.
ROW_CHARS_MAX = 3400
# The categories added for requests from other sources have their own minimum row counts.
MIN_ROWS = {"interactive": 24, "email_template": 10, "programming_task": 12, "edit_fix": 12}

# Held-out, out-of-distribution categories: page kinds found nowhere else in the set, worded unlike the
# rest. The split stage puts them in the test split only (params.yaml split.holdout_categories).
HOLDOUT_CATEGORIES = ("quiz", "invoice", "event_calendar", "restaurant_menu")
HOLDOUT_MIN_ROWS = 14
HOLDOUT_MIN_PER_CATEGORY = 3

# Only these categories may carry an inline <script>; interactive rows must have one.
SCRIPT_CATEGORIES = frozenset({"interactive", "programming_task", "edit_fix", *HOLDOUT_CATEGORIES})
SCRIPT_REQUIRED = frozenset({"interactive"})

SANS = "system-ui, sans-serif"
HUMANIST = '"Segoe UI", Roboto, sans-serif'
CLASSIC = "Arial, Helvetica, sans-serif"
SERIF = "Georgia, serif"
MONO = '"Courier New", monospace'

# =============================================================================
# Tiny HTML builder: one renderer means one formatting style across all rows
# (2-space indentation, lowercase tags, double-quoted attributes), which is
# what a small model should pick up.
# =============================================================================

VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Elements that may sit on one line inside running text.
INLINE_TAGS = frozenset(
    "a abbr b button cite code del em i input kbd label mark s small span strong sub sup time".split()
)
# SVG shapes are written self-closing (<circle ... />), the usual inline-SVG style.
SVG_LEAF_TAGS = frozenset("circle ellipse line path polygon polyline rect".split())


class El:
    """An element: tag, ordered attributes, children (strings or El)."""

    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, object], children: list[object]):
        self.tag, self.attrs, self.children = tag, attrs, children


def _flatten(items, out: list) -> list:
    """Children may be nested lists or None (for optional parts); flatten and drop the Nones."""
    for item in items:
        if item is None or item is False:
            continue
        if isinstance(item, (list, tuple)):
            _flatten(item, out)
        else:
            out.append(item)
    return out


def _attr_name(key: str) -> str:
    # Python keywords and hyphens: cls -> class, for_ -> for, aria_label -> aria-label.
    if key == "cls":
        return "class"
    return key.rstrip("_").replace("_", "-")


def h(tag: str, *children, **attrs) -> El:
    """Build an element. True attributes are boolean (required, open); None/False are left out."""
    clean = {_attr_name(k): v for k, v in attrs.items() if v is not None and v is not False}
    return El(tag, clean, _flatten(children, []))


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _open_tag(node: El) -> str:
    parts = [node.tag]
    # One attribute order everywhere: class, id, then the rest as written.
    ordered = sorted(node.attrs.items(), key=lambda kv: {"class": 0, "id": 1}.get(kv[0], 2))
    for name, value in ordered:
        if value is True:
            parts.append(name)
        else:
            parts.append(f'{name}="{str(value).replace("&", "&amp;").replace(chr(34), "&quot;")}"')
    if node.tag in SVG_LEAF_TAGS and not node.children:
        return "<" + " ".join(parts) + " />"
    return "<" + " ".join(parts) + ">"


def _is_inline(node) -> bool:
    return isinstance(node, str) or (node.tag in INLINE_TAGS and all(_is_inline(c) for c in node.children))


def _one_line(node: El) -> bool:
    """Keep an element on one line when it holds running text (or a single inline child).
    Table rows of plain cells are also kept on one line: one line per row reads like the data."""
    if node.tag == "tr":
        return all(isinstance(c, El) and c.tag in ("td", "th") and all(_is_inline(g) for g in c.children)
                   for c in node.children)
    if not all(_is_inline(c) for c in node.children):
        return False
    has_text = any(isinstance(c, str) and c.strip() for c in node.children)
    return has_text or sum(isinstance(c, El) for c in node.children) <= 1


def _inline(node) -> str:
    if isinstance(node, str):
        return esc(node)
    if node.tag in VOID_TAGS or (node.tag in SVG_LEAF_TAGS and not node.children):
        return _open_tag(node)
    return _open_tag(node) + "".join(_inline(c) for c in node.children) + f"</{node.tag}>"


def render(node, depth: int) -> list[str]:
    pad = "  " * depth
    if isinstance(node, str):
        # Text on its own line: the line break already separates it from its neighbours.
        return [pad + esc(node.strip())] if node.strip() else []
    if node.tag in VOID_TAGS or (node.tag in SVG_LEAF_TAGS and not node.children):
        return [pad + _open_tag(node)]
    if node.tag == "script":
        # Raw JavaScript, written 2-space indented in the spec: dedented, then indented one level inside the tag.
        code = textwrap.dedent("".join(node.children)).strip("\n")
        return [pad + _open_tag(node), *[pad + "  " + line if line.strip() else "" for line in code.split("\n")],
                f"{pad}</script>"]
    if node.tag == "pre" or _one_line(node):
        return [pad + _inline(node)]
    lines = [pad + _open_tag(node)]
    for child in node.children:
        lines += render(child, depth + 1)
    lines.append(f"{pad}</{node.tag}>")
    return lines


RULE = re.compile(r"^([^@{}][^{}]*?) \{ (.*) \}$")


def merge_rules(css: list[str]) -> list[str]:
    """Shared blocks and per-row tweaks often style the same selector; fold repeats into the first
    rule (a later value replaces an earlier one for the same property) so every selector appears once."""
    merged: dict[str, dict[str, str]] = {}
    order: list[str] = []
    for rule in css:
        m = RULE.match(rule)
        if not m:  # @media / @keyframes blocks stay as written
            order.append(rule)
            continue
        selector, body = m.groups()
        decls = merged.setdefault(selector, {})
        if selector not in order:
            order.append(selector)
        for decl in body.rstrip(";").split("; "):
            prop, _, value = decl.partition(": ")
            decls.pop(prop, None)  # re-insert so the override keeps its place at the end
            decls[prop] = value
    return [f"{sel} {{ {'; '.join(f'{p}: {v}' for p, v in merged[sel].items())}; }}" if sel in merged else sel
            for sel in order]


def page(title: str, css: list[str], body: list) -> str:
    """A complete HTML5 document; repeated CSS selectors are merged so shared blocks can overlap."""
    rules = merge_rules(css)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f"  <title>{esc(title)}</title>",
        "  <style>",
    ]
    for rule in rules:
        lines += ["    " + line for line in rule.split("\n")]
    lines += ["  </style>", "</head>", "<body>"]
    for node in _flatten(body, []):
        lines += render(node, 1)
    lines += ["</body>", "</html>"]
    return "\n".join(lines)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ----------------------------------------------------------------- colours


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def mix(c1: str, c2: str, t: float) -> str:
    """Blend c1 towards c2 by t (0..1); used for tints of a row's accent colour."""
    r, g, b = (round(x + (y - x) * t) for x, y in zip(_rgb(c1), _rgb(c2), strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def tint(colour: str, t: float) -> str:
    return mix(colour, "#ffffff", t)


def shade(colour: str, t: float) -> str:
    return mix(colour, "#000000", t)


def text_on(colour: str) -> str:
    """Dark text on light fills (yellow, cyan), white text on everything else."""
    r, g, b = _rgb(colour)
    return "#111827" if (0.299 * r + 0.587 * g + 0.114 * b) / 255 > 0.5 else "#ffffff"


# ------------------------------------------------------------ shared blocks


def walk(nodes):
    """Every element in a tree (or list of trees), depth first."""
    for node in _flatten([nodes], []):
        if isinstance(node, El):
            yield node
            yield from walk(node.children)


def features_of(nodes) -> set[str]:
    """Tag names and '.class' names used, so shared CSS only ships the rules a page needs."""
    found = set()
    for el in walk(nodes):
        found.add(el.tag)
        found.update("." + c for c in str(el.attrs.get("class", "")).split())
        if el.tag == "input":
            found.add("input:" + str(el.attrs.get("type", "text")))
    return found


def field(label: str, name: str, kind: str = "text", *, options=None, hint=None, **attrs) -> list:
    """A label and its control (plus an optional hint) as siblings: the compact pattern used across the set."""
    fid = attrs.pop("id", name)
    if kind == "select":
        control = h("select", [o if isinstance(o, El) else h("option", o) for o in options], id=fid, name=name, **attrs)
    elif kind == "textarea":
        control = h("textarea", id=fid, name=name, **attrs)
    else:
        control = h("input", type=kind, id=fid, name=name, **attrs)
    return [h("label", label, for_=fid), control, hint and h("small", hint)]


def choices(legend: str, name: str, options: list[str], kind: str = "radio", checked=()) -> El:
    """A radio or checkbox group with a legend."""
    labels = [
        h("label", h("input", type=kind, name=name, value=slug(o), checked=o in checked), " " + o) for o in options
    ]
    return h("fieldset", h("legend", legend), labels)


def checkbox(text, name: str, checked: bool = False, required: bool = False) -> El:
    return h("label", h("input", type="checkbox", name=name, checked=checked, required=required), " ", text,
             cls="check")


def form_css(nodes, accent: str, *, dark: bool = False, radius: int = 6) -> list[str]:
    """Form rules shared by sign-in, contact and newsletter rows, limited to the controls present."""
    found = features_of(nodes)
    colours = " background: #1f2937; color: inherit;" if dark else ""
    css = [
        "label { display: block; margin: 14px 0 6px; font-weight: 600; }",
        f"input, select, textarea {{ width: 100%; box-sizing: border-box; padding: 10px; "
        f"border: 1px solid {'#374151' if dark else '#d1d5db'}; border-radius: {radius}px; font: inherit;{colours} }}",
    ]
    if "fieldset" in found:
        css += ["fieldset { border: 0; padding: 0; margin: 14px 0 0; }", "legend { font-weight: 600; }"]
    if found & {"fieldset", ".check"}:
        css += ["fieldset label, .check { display: flex; align-items: center; gap: 8px; margin: 8px 0; "
                "font-weight: 400; }",
                "input[type=\"checkbox\"], input[type=\"radio\"] { width: auto; margin: 0; }"]
    if "small" in found:
        css.append(f"small {{ display: block; margin-top: 4px; color: {'#9ca3af' if dark else '#6b7280'}; }}")
    css.append(f"button {{ width: 100%; margin-top: 20px; padding: 12px; border: 0; border-radius: {radius}px; "
               f"background: {accent}; color: {text_on(accent)}; font: inherit; font-weight: 600; cursor: pointer; }}")
    return css


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper()


def avatar(name: str, cls: str = "avatar") -> El:
    return h("div", initials(name), cls=cls, aria_hidden="true")


def avatar_css(size: int, bg: str, fg: str = "#ffffff", extra: str = "") -> str:
    return (f".avatar {{ display: grid; place-items: center; width: {size}px; height: {size}px; border-radius: 50%; "
            f"background: {bg}; color: {fg}; font-size: {size * 0.36:.0f}px; font-weight: 700;{extra} }}")


SR_ONLY = ".sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }"


def row(category: str, spec: dict, output: str) -> dict:
    return {"category": category, "instruction": spec["instruction"], "input": spec.get("input", ""),
            "output": output}


# =============================================================================
# Landing pages: each spec lists its sections; the page is those blocks in order.
# =============================================================================


def _landing_palette(s: dict) -> dict:
    a = s["accent"]
    if s.get("dark"):
        p = {"bg": "#0f172a", "fg": "#e2e8f0", "muted": "#94a3b8", "card": "#1e293b", "line": "#334155"}
    else:
        p = {"bg": "#ffffff", "fg": "#1f2937", "muted": "#4b5563", "card": tint(a, 0.92), "line": "#e5e7eb"}
    return {**p, "accent": a, "on": text_on(a)}


def _section_id(s: dict, name: str) -> str:
    return s.get("ids", {}).get(name, name)


def _l_nav(s, p):
    ids = {_section_id(s, n) for n in s["sections"]}
    links = [h("a", label, href="#" + slug(label) if slug(label) in ids else "#") for label in s["nav"]]
    return [
        f"header {{ display: flex; justify-content: space-between; align-items: center; padding: 16px 24px; "
        f"border-bottom: 1px solid {p['line']}; }}",
        f".logo {{ font-weight: 700; color: {p['accent']}; text-decoration: none; }}",
        f"header nav a {{ margin-left: 20px; color: {p['fg']}; text-decoration: none; }}",
    ], h("header", h("a", s["brand"], href="#", cls="logo"), h("nav", links))


def _l_hero(s, p):
    title, text, cta, cta2 = s["hero"]
    layout = s.get("hero_layout", "center")
    buttons = [h("a", cta, href="#", cls="btn"), cta2 and h("a", cta2, href="#", cls="btn ghost")]
    copy = [
        s.get("hero_note") and h("p", s["hero_note"], cls="eyebrow"),
        h("h1", title),
        h("p", text),
        h("div", buttons, cls="actions") if cta2 else buttons,
    ]
    rules = [
        ".hero h1 { margin: 0; font-size: 2.5rem; line-height: 1.2; }",
        f".hero p {{ font-size: 1.15rem; color: {p['muted']}; }}",
    ]
    if cta2:
        rules.append(f".btn.ghost {{ background: transparent; color: {p['accent']}; "
                     f"box-shadow: inset 0 0 0 2px {p['accent']}; margin-left: 8px; }}")
    if s.get("hero_note"):
        rules.append(f".hero .eyebrow {{ margin: 0 auto 8px; text-transform: uppercase; letter-spacing: 0.08em; "
                     f"font-size: 0.9rem; font-weight: 700; color: {p['accent']}; }}")
    art_rule = (f".art {{ aspect-ratio: 4 / 3; border-radius: 16px; "
                f"background: linear-gradient(135deg, {p['accent']}, {tint(p['accent'], 0.6)}); }}")
    if layout == "split":
        rules = [".hero { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 40px; "
                 "align-items: center; }", *rules, art_rule]
        node = h("section", h("div", copy), h("div", cls="art", aria_hidden="true"), cls="hero")
    elif layout == "left":
        rules = [*rules]
        node = h("section", copy, cls="hero")
    else:
        rules = [".hero { text-align: center; padding-top: 88px; }", *rules]
        art = None
        if layout == "center-art":
            rules.append(art_rule.replace("aspect-ratio: 4 / 3;", "max-width: 720px; margin: 48px auto 0; "
                                          "aspect-ratio: 16 / 9;"))
            art = h("div", cls="art", aria_hidden="true")
        node = h("section", copy, art, cls="hero")
    return rules, node


def _l_features(s, p):
    heading, items = s["features"]
    cards = [h("article", h("h3", title), text and h("p", text), cls="card") for title, text in items]
    return [
        ".grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 24px; }",
        f".card {{ padding: 24px; border-radius: 12px; background: {p['card']}; }}",
    ], h("section", h("h2", heading), h("div", cards, cls="grid"), id=_section_id(s, "features"), cls="features")


def _l_stats(s, p):
    items = [h("p", h("strong", value), " " + label) for value, label in s["stats"]]
    return [
        f".stats {{ display: flex; flex-wrap: wrap; justify-content: space-around; gap: 24px; text-align: center; "
        f"color: {p['muted']}; }}",
        f".stats strong {{ display: block; font-size: 2.25rem; color: {p['accent']}; }}",
    ], h("section", items, cls="stats")


def _l_testimonial(s, p):
    quote, who = s["testimonial"]
    return [
        ".testimonial { text-align: center; font-size: 1.3rem; font-style: italic; }",
    ], h("section", h("blockquote", h("p", f"“{quote}”"), h("p", f"— {who}")),
         id=_section_id(s, "testimonial"), cls="testimonial")


def _l_steps(s, p):
    heading, items = s["steps"]
    steps = [h("li", h("h3", title), h("p", text)) for title, text in items]
    return [
        ".steps { list-style: none; counter-reset: step; padding: 0; display: grid; "
        "grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 24px; }",
        ".steps li { counter-increment: step; }",
        f".steps li::before {{ content: counter(step); display: grid; place-items: center; width: 40px; "
        f"height: 40px; border-radius: 50%; background: {p['accent']}; color: {p['on']}; font-weight: 700; }}",
        ".steps h3 { margin: 12px 0 4px; }",
    ], h("section", h("h2", heading), h("ol", steps, cls="steps"), id=_section_id(s, "steps"))


def _l_pricing(s, p):
    plans = [
        h("div", h("h3", name), h("p", price, cls="price"), h("p", note), h("a", f"Choose {name}", href="#", cls="btn"),
          cls="plan")
        for name, price, note in s["pricing"]
    ]
    return [
        "#pricing h2 { text-align: center; }",
        ".plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 20px; }",
        f".plan {{ border: 1px solid {p['line']}; border-radius: 12px; padding: 24px; text-align: center; }}",
        ".plan .price { font-size: 2rem; font-weight: 700; margin: 8px 0; }",
    ], h("section", h("h2", "Pricing"), h("div", plans, cls="plans"), id="pricing")


def _l_info(s, p):
    heading, pairs = s["info"]
    items = [h("li", h("strong", term), " " + value) for term, value in pairs]
    return [".info ul { padding-left: 20px; line-height: 2; }"], h(
        "section", h("h2", heading), h("ul", items), id=_section_id(s, "info"), cls="info")


def _l_cta(s, p):
    title, text, button = s["cta"]
    return [
        f".cta {{ text-align: center; background: {p['card']}; border-radius: 16px; margin: 0 auto 56px; }}",
    ], h("section", h("h2", title), text and h("p", text), h("a", button, href="#", cls="btn"), cls="cta")


def _l_signup(s, p):
    title, text, button = s["signup"]
    form = h(
        "form",
        h("input", type="email", name="email", placeholder="you@example.com", aria_label="Email address",
          required=True),
        h("button", button, type="submit"),
        action="#", method="post", cls="signup",
    )
    return [
        f".cta {{ text-align: center; background: {p['card']}; border-radius: 16px; margin: 0 auto 56px; }}",
        ".signup { display: flex; gap: 8px; max-width: 420px; margin: 0 auto; }",
        f".signup input {{ flex: 1; padding: 12px; border: 1px solid {p['line']}; border-radius: 8px; "
        f"font: inherit; }}",
        f".signup button {{ padding: 12px 20px; border: 0; border-radius: 8px; background: {p['accent']}; "
        f"color: {p['on']}; font: inherit; font-weight: 600; }}",
    ], h("section", h("h2", title), text and h("p", text), form, id=_section_id(s, "signup"), cls="cta")


def _l_footer(s, p):
    return [
        f"footer {{ border-top: 1px solid {p['line']}; padding: 24px; text-align: center; color: {p['muted']}; "
        f"font-size: 0.9rem; }}",
    ], h("footer", h("p", s["footer"]))


LANDING_BLOCKS = {
    "nav": _l_nav, "hero": _l_hero, "features": _l_features, "stats": _l_stats, "testimonial": _l_testimonial,
    "steps": _l_steps, "pricing": _l_pricing, "info": _l_info, "cta": _l_cta, "signup": _l_signup,
    "footer": _l_footer,
}


def render_landing(s: dict) -> str:
    p = _landing_palette(s)
    colours = f" background: {p['bg']}; color: {p['fg']};" if s.get("dark") else ""
    css = [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)};{colours} line-height: 1.6; }}",
        "section { max-width: 960px; margin: 0 auto; padding: 48px 24px; }",
        f".btn {{ display: inline-block; padding: 12px 22px; border-radius: 8px; background: {p['accent']}; "
        f"color: {p['on']}; text-decoration: none; }}",
    ]
    body = []
    for name in s["sections"]:
        rules, node = LANDING_BLOCKS[name](s, p)
        css += rules
        body.append(node)
    return page(s.get("title", s["brand"]), css, body)


LANDING_SPECS = [
    dict(
        instruction='Create a landing page for Brightleaf, a plant-care reminder app. Use a green accent (#15803d), '
                    'a hero with the headline "Never forget to water again" and a "Get the app" button, then three '
                    'feature cards and a simple footer.',
        brand="Brightleaf", title="Brightleaf – Plant care reminders", accent="#15803d",
        sections=["hero", "features", "footer"],
        hero=("Never forget to water again",
              "Brightleaf learns what each of your plants needs and nudges you at the right moment.",
              "Get the app", None),
        features=("Why plant lovers use Brightleaf", [
            ("Smart reminders", "Watering schedules that adapt to the season and the light in each room."),
            ("Plant library", "Care guides for more than 3,000 houseplants, from calathea to cactus."),
            ("Progress photos", "Snap a photo each week and watch your indoor jungle grow."),
        ]),
        footer="© 2025 Brightleaf. Made for people who talk to their plants.",
    ),
    dict(
        instruction="I need a one-page website for a small coffee roastery called Northwind Coffee Roasters. Warm "
                    "brown colours, a serif font, a short hero, three reasons to buy our beans, one customer quote, "
                    "and our shop address and opening hours.",
        brand="Northwind Coffee Roasters", accent="#92400e", font=SERIF,
        sections=["hero", "features", "testimonial", "info"],
        hero=("Small-batch coffee, roasted on the harbour",
              "We roast three times a week on Pier Street and ship the same day.", "Shop beans", None),
        features=("Why Northwind", [
            ("Single-origin beans", "Traceable lots from farms we know."),
            ("Roasted to order", "Shipped within 48 hours of roasting."),
            ("Free local delivery", "By bike, on orders over £20."),
        ]),
        testimonial=("The Ethiopia Guji is the best filter coffee I have had outside a café.",
                     "Hannah R., customer since 2021"),
        info=("Visit the roastery", [("Address", "14 Pier Street, Whitby"), ("Hours", "Tue–Sat, 8:00–16:00")]),
    ),
    dict(
        instruction="Landing page for Ledgerly, an invoicing tool for freelancers.",
        input="Brand colour: #0f766e; sections: hero, features, pricing",
        brand="Ledgerly", title="Ledgerly – Invoicing for freelancers", accent="#0f766e", font=HUMANIST,
        sections=["hero", "features", "pricing"],
        hero=("Send invoices in under a minute", "Turn tracked hours into invoices and get paid on time.",
              "Start free", None),
        features=("Everything you need to get paid", [
            ("Branded invoices", "Your logo and terms on every invoice."),
            ("Automatic reminders", "Polite follow-ups when payment is late."),
            ("Multi-currency", "Bill clients in 30 currencies."),
        ]),
        pricing=[("Starter", "$0", "Up to 3 clients"), ("Pro", "$12/mo", "Unlimited clients"),
                 ("Team", "$29/mo", "Up to 5 users")],
    ),
    dict(
        instruction='Build me a bold, dark landing page for Pulse Fitness, a 24-hour gym. Orange accent #f97316. '
                    'I want a hero with "Join now" and "See classes" buttons, a stats strip (members, weekly '
                    'classes, trainers) and a call-to-action band offering a free first week.',
        brand="Pulse Fitness", accent="#f97316", dark=True, font=CLASSIC,
        sections=["hero", "stats", "cta"],
        hero=("Stronger every day", "Open 24/7 with free weights, a cycling studio and a recovery zone.",
              "Join now", "See classes"),
        stats=[("2,400+", "members"), ("60", "classes a week"), ("18", "personal trainers")],
        cta=("Your first week is on us", "Try every class and the full gym floor free for seven days.",
             "Claim your free week"),
    ),
    dict(
        instruction='Make a friendly landing page for Sprout Coding, online coding lessons for kids aged 8–14. '
                    'Purple (#7c3aed), a hero, a 3-step "How it works" section and a sign-up call to action.',
        brand="Sprout Coding", accent="#7c3aed", font=HUMANIST,
        sections=["hero", "steps", "cta"],
        hero=("Kids learn to code by building games",
              "Live small-group lessons for ages 8–14 with friendly mentors. No experience needed.",
              "Book a free lesson", None),
        steps=("How it works", [
            ("Pick a course", "Scratch for beginners, Python for older kids."),
            ("Meet your mentor", "Weekly 60-minute lessons in groups of four."),
            ("Build and share", "Every course ends with a game your child can share."),
        ]),
        cta=("Ready to start?", "The first lesson is free and there is nothing to install.", "Sign up your child"),
    ),
    dict(
        instruction='Homepage for Harbor Dental Clinic: nav bar, a split hero with a "Book an appointment" button '
                    'beside an image placeholder, four services and opening hours. Sky blue #0284c7.',
        brand="Harbor Dental", title="Harbor Dental Clinic", accent="#0284c7",
        sections=["nav", "hero", "features", "info"], ids={"features": "services", "info": "visit"},
        nav=["Services", "Visit"], hero_layout="split",
        hero=("Gentle dental care for the whole family", "Same-week appointments for adults and children.",
              "Book an appointment", None),
        features=("Our services", [("Check-ups", None), ("Hygiene", None), ("Whitening", None),
                                   ("Emergencies", None)]),
        info=("Opening hours", [("Mon–Fri", "8:00–18:00"), ("Saturday", "9:00–13:00"), ("Sunday", "Closed")]),
    ),
    dict(
        instruction='Make a simple hero-only landing page for a note-taking app called Quillnote: big headline, '
                    'one sentence of copy, two buttons ("Download for free" and "Watch demo") and a placeholder box '
                    'where a screenshot will go. Indigo #4f46e5.',
        brand="Quillnote", accent="#4f46e5", sections=["hero"], hero_layout="center-art",
        hero=("Your notes, finally in one place",
              "Quillnote keeps ideas, to-dos and meeting notes in sync on every device.",
              "Download for free", "Watch demo"),
    ),
    dict(
        instruction="Create a landing page for Trailhead Tours, a company running guided hiking trips in the "
                    "Scottish Highlands.",
        input="Sections: hero, popular tours, testimonial, newsletter signup. Accent colour #b45309.",
        brand="Trailhead Tours", accent="#b45309", sections=["hero", "features", "testimonial", "signup"],
        ids={"features": "tours"},
        hero=("Walk the Highlands with local guides", "Small groups and quiet routes.", "View tours", None),
        features=("Popular tours", [
            ("Cairngorms Explorer", "3 days · from £420"),
            ("Isle of Skye Ridges", "4 days · from £610"),
            ("Glen Coe Weekend", "2 days · from £260"),
        ]),
        testimonial=("Our guide knew every peak by name.", "Tom and Aisha"),
        signup=("Get trip dates first", None, "Subscribe"),
    ),
    dict(
        instruction="I run a web design studio called Mapleworks. Build me a dark landing page (navy background, "
                    "yellow accent #facc15): nav, left-aligned hero, services, a few numbers and a contact CTA.",
        brand="Mapleworks", title="Mapleworks Studio", accent="#facc15", dark=True,
        sections=["nav", "hero", "features", "stats", "cta"], ids={"features": "services"},
        nav=["Services", "Contact"], hero_layout="left",
        hero=("Websites that small businesses are proud of", "Fast, accessible sites.",
              "Start a project", None),
        features=("What we do", [
            ("Web design", "Clear layouts that convert."),
            ("Development", "Fast, hand-coded pages."),
            ("Care plans", "Updates and backups."),
        ]),
        stats=[("120+", "sites launched"), ("4.9/5", "client rating")],
        cta=("Have a project in mind?", None, "Get in touch"),
    ),
    dict(
        instruction='Design a landing page for Waypoint Conf, a two-day frontend conference in Lisbon on 12–13 '
                    'September. Pink accent #db2777. Show the date and city above the headline, key numbers '
                    '(speakers, talks, workshops), the conference tracks and a "Get your ticket" button.',
        brand="Waypoint Conf", title="Waypoint Conf 2025 – Lisbon", accent="#db2777",
        sections=["hero", "stats", "features", "cta"], ids={"features": "tracks"},
        hero_note="12–13 September · Lisbon",
        hero=("Two days of frontend, by the sea", "Talks and workshops on CSS, accessibility and performance.",
              "Get your ticket", None),
        stats=[("32", "speakers"), ("40", "talks"), ("8", "workshops")],
        features=("Tracks", [
            ("CSS & layout", "Container queries and subgrid."),
            ("Accessibility", "Inclusive interfaces."),
            ("Performance", "Faster pages."),
        ]),
        cta=("Early-bird tickets end 30 June", "Save €120 on a two-day pass.", "Get your ticket"),
    ),
]


def landing_pages() -> list[dict]:
    return [row("landing_page", s, render_landing(s)) for s in LANDING_SPECS]


# =============================================================================
# Pricing pages: plan cards, comparison tables, a CSS-only billing toggle,
# a single card and a row list.
# =============================================================================


def _check_list_css(selector: str, colour: str) -> list[str]:
    """List items with a CSS-drawn tick (no icon fonts or emoji)."""
    return [
        f"{selector} {{ list-style: none; padding: 0; margin: 16px 0 24px; }}",
        f"{selector} li {{ position: relative; padding-left: 24px; margin-bottom: 8px; }}",
        f"{selector} li::before {{ content: \"\"; position: absolute; left: 2px; top: 0.4em; width: 10px; "
        f"height: 5px; border-left: 2px solid {colour}; border-bottom: 2px solid {colour}; "
        f"transform: rotate(-45deg); }}",
    ]


def _pricing_base(s: dict) -> list[str]:
    a = s["accent"]
    dark = s.get("dark")
    colour = " color: #e5e7eb;" if dark else ""
    return [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)}; background: {'#111827' if dark else '#f8fafc'};"
        f"{colour} }}",
        "main { max-width: 1000px; margin: 0 auto; padding: 40px 24px; }",
        ".intro { margin-bottom: 40px; text-align: center; }",
        f".intro p {{ color: {'#9ca3af' if dark else '#64748b'}; }}",
        f".btn {{ display: block; padding: 12px; border-radius: 8px; background: {a}; color: {text_on(a)}; "
        f"text-align: center; text-decoration: none; }}",
    ]


def _plan_cards(s: dict) -> tuple[list[str], El]:
    a = s["accent"]
    ticks = s.get("ticks", False)  # CSS-drawn tick marks instead of bullets
    cards = []
    for plan in s["plans"]:
        price = h("p", h("strong", plan["price"]), " " + plan["period"] if plan.get("period") else None,
                  cls="price")
        cards.append(h(
            "article",
            plan.get("badge") and h("p", plan["badge"], cls="badge"),
            h("h2", plan["name"]),
            price,
            plan.get("note") and h("p", plan["note"], cls="note"),
            plan["features"] and h("ul", [h("li", f) for f in plan["features"]], cls="ticks" if ticks else None),
            h("a", plan.get("cta", "Choose plan"), href="#", cls="btn"),
            cls="plan featured" if plan.get("featured") else "plan",
        ))
    dark = s.get("dark")
    css = [
        f".plans {{ display: grid; grid-template-columns: repeat(auto-fit, minmax({s.get('min_card', 240)}px, 1fr)); "
        f"gap: 24px; align-items: start; }}",
        f".plan {{ position: relative; padding: 28px; border: 1px solid {'#374151' if dark else '#e2e8f0'}; "
        f"border-radius: 12px; background: {'#1f2937' if dark else '#ffffff'}; }}",
        f".featured {{ border: 2px solid {a}; }}",
        ".plan h2 { margin: 0; }",
        ".price strong { font-size: 2.5rem; }",
    ]
    if any(p.get("note") for p in s["plans"]):
        css.append(f".note {{ margin-top: 0; color: {'#9ca3af' if dark else '#64748b'}; font-size: 0.95rem; }}")
    if any(p.get("badge") for p in s["plans"]):
        css.append(f".badge {{ position: absolute; top: -14px; left: 28px; margin: 0; padding: 4px 12px; "
                   f"border-radius: 999px; background: {a}; color: {text_on(a)}; font-size: 0.8rem; "
                   f"font-weight: 700; }}")
    if any(p["features"] for p in s["plans"]):
        css += _check_list_css(".ticks", a) if ticks else [".plan ul { padding-left: 20px; line-height: 1.8; }"]
    return css, h("div", cards, cls="plans")


def _plan_table(s: dict) -> tuple[list[str], El]:
    a = s["accent"]
    head = h("tr", h("th", s.get("corner", "Features"), scope="col"),
             [h("th", name, h("span", price, cls="price"), scope="col") for name, price in s["columns"]])
    body = [h("tr", h("th", label, scope="row"), [h("td", v) for v in values]) for label, values in s["rows"]]
    buttons = [h("td", h("a", b, href="#", cls="btn")) for b in s.get("buttons", [])]
    foot = buttons and h("tfoot", h("tr", h("td"), buttons))
    line = "#374151" if s.get("dark") else "#e2e8f0"
    css = [
        f"table {{ width: 100%; border-collapse: collapse; background: {'#1f2937' if s.get('dark') else '#ffffff'}; "
        f"border-radius: 12px; overflow: hidden; }}",
        f"th, td {{ padding: 14px 16px; border-bottom: 1px solid {line}; text-align: center; }}",
        "tbody th { text-align: left; font-weight: 500; }",
        f"thead th {{ background: {shade(a, 0.1) if s.get('dark') else tint(a, 0.9)}; }}",
        "thead .price { display: block; font-size: 0.9rem; font-weight: 400; }",
        "tfoot td { border-bottom: 0; }",
    ]
    if s.get("highlight") is not None:
        col = s["highlight"] + 2
        css.append(f"th:nth-child({col}), td:nth-child({col}) {{ background: {tint(a, 0.94)}; }}")
    return css, h("table", h("caption", s["caption"], cls="sr-only") if s.get("caption") else None,
                  h("thead", head), h("tbody", body), foot)


def _plan_toggle(s: dict) -> tuple[list[str], El]:
    a = s["accent"]
    cards = []
    for name, monthly, yearly in s["toggle_plans"]:
        cards.append(h("article",
                       h("h2", name),
                       h("p", h("strong", monthly), " / month", cls="monthly"),
                       h("p", h("strong", yearly), " / year", cls="yearly"),
                       h("a", "Choose", href="#", cls="btn"), cls="plan"))
    nodes = [
        h("input", type="radio", id="monthly", name="billing", checked=True),
        h("input", type="radio", id="yearly", name="billing"),
        h("div", h("label", "Monthly", for_="monthly"), h("label", "Yearly ", h("small", s["saving"]), for_="yearly"),
          cls="toggle"),
        h("div", cards, cls="plans"),
    ]
    css = [
        "input[name=\"billing\"] { position: absolute; opacity: 0; }",
        ".toggle { display: flex; justify-content: center; gap: 4px; margin-bottom: 32px; }",
        ".toggle label { padding: 8px 20px; border-radius: 999px; background: #e2e8f0; }",
        f"#monthly:checked ~ .toggle label[for=\"monthly\"], #yearly:checked ~ .toggle label[for=\"yearly\"] "
        f"{{ background: {a}; color: {text_on(a)}; }}",
        ".yearly, #yearly:checked ~ .plans .monthly { display: none; }",
        "#yearly:checked ~ .plans .yearly { display: block; }",
        ".plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 24px; }",
        ".plan { padding: 28px; border: 1px solid #e2e8f0; border-radius: 12px; background: #ffffff; }",
        ".plan strong { font-size: 2.5rem; }",
    ]
    return css, nodes


def _plan_rows(s: dict) -> tuple[list[str], El]:
    a = s["accent"]
    items = [
        h("li", h("div", h("h2", name), h("p", desc)), h("p", price, cls="price"), h("a", cta, href="#", cls="btn"))
        for name, desc, price, cta in s["row_plans"]
    ]
    css = [
        ".rows { list-style: none; padding: 0; margin: 0; }",
        ".rows li { display: flex; align-items: center; gap: 24px; padding: 20px 24px; margin-bottom: 12px; "
        f"background: #ffffff; border-left: 4px solid {a}; border-radius: 8px; }}",
        ".rows div { flex: 1; }",
        ".rows h2 { margin: 0 0 4px; font-size: 1.15rem; }",
        ".rows p { margin: 0; color: #64748b; }",
        f".rows .price {{ font-size: 1.4rem; font-weight: 700; color: {shade(a, 0.2)}; white-space: nowrap; }}",
        ".rows .btn { padding: 10px 18px; }",
        ".fine-print { margin-top: 24px; text-align: center; color: #64748b; font-size: 0.9rem; }",
    ]
    return css, h("ul", items, cls="rows")


def render_pricing(s: dict) -> str:
    css = _pricing_base(s)
    layouts = {"cards": _plan_cards, "table": _plan_table, "toggle": _plan_toggle, "rows": _plan_rows}
    rules, node = layouts[s["layout"]](s)
    css += rules
    if s["layout"] == "table":
        css.append(SR_ONLY)
    if s.get("fine_print"):
        css.append(".fine-print { margin-top: 24px; text-align: center; color: #64748b; font-size: 0.9rem; }")
    main = h("main",
             h("header", h("h1", s["heading"]), h("p", s["sub"]), cls="intro"),
             node,
             s.get("fine_print") and h("p", s["fine_print"], cls="fine-print"))
    return page(s["title"], css, [main])


def render_single_plan(s: dict) -> str:
    a = s["accent"]
    css = [
        f"body {{ margin: 0; min-height: 100vh; display: grid; place-items: center; font-family: {s['font']}; "
        f"background: {tint(a, 0.9)}; color: #1f2937; }}",
        ".card { width: min(360px, 90vw); background: #ffffff; border-radius: 16px; padding: 32px; "
        "box-shadow: 0 20px 40px rgba(0, 0, 0, 0.08); text-align: center; }",
        f".label {{ margin: 0; color: {a}; font-weight: 700; text-transform: uppercase; letter-spacing: 0.06em; "
        f"font-size: 0.85rem; }}",
        ".price { margin: 12px 0 0; font-size: 2.75rem; font-weight: 800; }",
        ".price span { font-size: 1rem; font-weight: 400; color: #6b7280; }",
        *_check_list_css(".ticks", a),
        ".ticks { text-align: left; }",
        f".btn {{ display: block; padding: 14px; border-radius: 10px; background: {a}; color: {text_on(a)}; "
        f"text-decoration: none; font-weight: 700; }}",
        ".small { margin: 12px 0 0; font-size: 0.85rem; color: #6b7280; }",
    ]
    card = h("article",
             h("p", s["plan"], cls="label"),
             h("p", s["price"], h("span", s["period"]), cls="price"),
             h("ul", [h("li", perk) for perk in s["perks"]], cls="ticks"),
             h("a", s["cta"], href="#", cls="btn"),
             h("p", s["small"], cls="small"), cls="card")
    return page(s["title"], css, [card])


def _vpn_plans() -> list[dict]:
    """Savings and billed totals are computed so the copy cannot contradict the prices."""
    base = 11.99
    plans = []
    for name, monthly, months, featured in [("1 month", 11.99, 1, False), ("1 year", 4.99, 12, False),
                                            ("2 years", 3.49, 24, True)]:
        saving = round((base - monthly) / base * 100)
        plans.append(dict(
            name=name, price=f"${monthly:.2f}", period="/ month", featured=featured,
            badge="Best value" if featured else None,
            note={1: None, 12: f"${monthly * 12:.2f} billed yearly · save {saving}%",
                  24: f"${monthly * 24:.2f} billed every 2 years · save {saving}%"}[months],
            features=[],  # identical on every plan, so listed once in the fine print
            cta=f"Get {name}",
        ))
    return plans


PRICING_SPECS = [
    dict(
        instruction='Create a pricing page with three plan cards for Stratus Hosting: Basic ($5/month), Pro '
                    '($15/month) and Business ($40/month). Highlight Pro as "Most popular" and list four features '
                    'per plan.',
        title="Stratus Hosting – Pricing", layout="cards", accent="#2563eb",
        heading="Simple hosting prices", sub="No setup fees. Cancel anytime.",
        plans=[
            dict(name="Basic", price="$5", period="/ month", features=["1 website", "10 GB SSD storage",
                 "Free SSL certificate", "Weekly backups"], cta="Start with Basic"),
            dict(name="Pro", price="$15", period="/ month", featured=True, badge="Most popular",
                 features=["10 websites", "50 GB SSD storage", "Daily backups", "Staging environment"],
                 cta="Start with Pro"),
            dict(name="Business", price="$40", period="/ month", features=["Unlimited websites",
                 "200 GB SSD storage", "Hourly backups", "Priority support"], cta="Start with Business"),
        ],
    ),
    dict(
        instruction="I need a pricing section for a yoga studio called Still Point Yoga: drop-in class £14, "
                    "10-class pass £120, unlimited monthly £95. Mark the unlimited pass as the best value and use "
                    "a soft pink accent.",
        title="Still Point Yoga – Class passes", layout="cards", accent="#db2777", font=HUMANIST,
        heading="Class passes", sub="Mats and blocks included.",
        plans=[
            dict(name="Drop-in class", price="£14", period="per class",
                 features=["Any single class", "Valid for 30 days"], cta="Buy a class"),
            dict(name="10-class pass", price="£120", note="£12 per class",
                 features=["Ten classes", "Valid for 4 months"], cta="Buy the pass"),
            dict(name="Unlimited monthly", price="£95", period="/ month", featured=True, badge="Best value",
                 features=["Unlimited classes", "Pause once a year"], cta="Go unlimited"),
        ],
    ),
    dict(
        instruction="Build a pricing comparison table for Taskflow with Free, Team and Enterprise columns and rows "
                    "for projects, members, storage, SSO and priority support.",
        title="Taskflow – Compare plans", layout="table", accent="#4338ca", highlight=1,
        heading="Compare Taskflow plans", sub="Start free and upgrade when your team grows.",
        caption="Taskflow plan comparison",
        columns=[("Free", "$0"), ("Team", "$8 per user / month"), ("Enterprise", "Custom")],
        rows=[("Projects", ["3", "Unlimited", "Unlimited"]), ("Members", ["5", "50", "Unlimited"]),
              ("Storage", ["2 GB", "100 GB", "1 TB"]), ("SSO", ["—", "—", "Included"]),
              ("Priority support", ["—", "Included", "Included"])],
        buttons=["Sign up", "Start trial", "Contact sales"],
    ),
    dict(
        instruction="Pricing page for Frameset, a design tool, with a monthly/yearly switch that works without "
                    "JavaScript.",
        input="Plans: Starter ($9/mo or $90/yr), Pro ($19/mo or $190/yr), Studio ($49/mo or $490/yr). "
              "Yearly saves about 17%.",
        title="Frameset – Pricing", layout="toggle", accent="#0e7490",
        heading="Plans for every designer", sub="Pay yearly and get two months free.",
        saving="save 17%",
        toggle_plans=[("Starter", "$9", "$90"), ("Pro", "$19", "$190"), ("Studio", "$49", "$490")],
    ),
    dict(
        instruction='Write the HTML for a single pricing card: "Premium membership", €7.99 per month, four perks '
                    'and a "Start 30-day trial" button.',
        title="Premium membership", layout="single", accent="#7c3aed", font=HUMANIST,
        plan="Premium membership", price="€7.99", period=" / month", cta="Start 30-day trial",
        perks=["Ad-free listening", "Offline downloads", "High-quality audio", "Cancel anytime"],
        small="Then €7.99 per month after the trial.",
    ),
    dict(
        instruction="Make a pricing page for Shieldline VPN with three subscription lengths: 1 month at $11.99, "
                    "1 year at $4.99/month and 2 years at $3.49/month. Show the savings on the longer plans and "
                    "mark the 2-year plan as best value.",
        title="Shieldline VPN – Plans", layout="cards", accent="#16a34a", font=CLASSIC,
        heading="Choose your Shieldline plan", sub="Longer plans cost less.",
        plans=_vpn_plans(),
        fine_print="Every plan: 60 server locations, up to 8 devices and a 30-day money-back guarantee.",
    ),
    dict(
        instruction="Show usage-based pricing for the Vectra API as a table: the first 10,000 requests a month are "
                    "free, then $0.50 per 1,000 up to 1 million, $0.30 per 1,000 up to 10 million, and custom "
                    "pricing above that. Dark theme, please.",
        title="Vectra API – Pricing", layout="table", accent="#8b5cf6", dark=True, font=MONO,
        heading="Pay only for what you use", sub="Billed monthly. No minimums.",
        caption="Vectra API usage tiers", corner="Monthly requests",
        columns=[("Price per 1,000 requests", "")],
        rows=[("First 10,000", ["Free"]), ("10,001 – 1,000,000", ["$0.50"]),
              ("1,000,001 – 10,000,000", ["$0.30"]), ("Over 10,000,000", ["Custom – talk to us"])],
        fine_print="Example: 250,000 requests in a month cost $120.",
    ),
    dict(
        instruction="Create a Free vs Pro comparison for the upgrade screen of a habit-tracker app called Habitly.",
        input="Currency: USD; Pro costs $4.99/month; highlight the Pro column; accent #9333ea",
        title="Habitly – Upgrade to Pro", layout="cards", accent="#9333ea", font=HUMANIST, min_card=260, ticks=True,
        heading="Build better habits with Pro", sub="Keep everything you have, unlock the rest.",
        plans=[
            dict(name="Free", price="$0", period="forever",
                 features=["Up to 3 habits", "Daily reminders", "7-day history"], cta="Stay on Free"),
            dict(name="Pro", price="$4.99", period="/ month", featured=True, badge="Recommended",
                 features=["Unlimited habits", "Full history and streak stats", "Export to CSV"],
                 cta="Upgrade to Pro"),
        ],
    ),
    dict(
        instruction="Make a simple pricing list for a coworking space called Hive Works: hot desk $180/month, "
                    "dedicated desk $290/month, private office from $650/month. One row per plan with a short "
                    "description and a button, plus a note that prices exclude tax.",
        title="Hive Works – Membership", layout="rows", accent="#d97706", font=CLASSIC,
        heading="Hive Works memberships", sub="All plans include fast Wi-Fi, coffee and meeting-room credits.",
        row_plans=[
            ("Hot desk", "Any free desk, weekdays 8am–8pm.", "$180/month", "Book a tour"),
            ("Dedicated desk", "Your own desk and a lockable drawer, 24/7 access.", "$290/month", "Reserve a desk"),
            ("Private office", "A lockable office for 2–6 people.", "from $650/month", "Ask about offices"),
        ],
        fine_print="Prices exclude tax.",
    ),
]


def pricing_pages() -> list[dict]:
    return [row("pricing", s, render_single_plan(s) if s["layout"] == "single" else render_pricing(s))
            for s in PRICING_SPECS]


# =============================================================================
# Form pages (sign-in / sign-up, contact, newsletter) share one card renderer;
# each spec brings its own fields, copy, colours and extra rules.
# =============================================================================


def render_form_card(s: dict) -> str:
    a = s["accent"]
    dark = s.get("dark")
    fg, muted = ("#e5e7eb", "#9ca3af") if dark else ("#1f2937", "#6b7280")
    card_bg = s.get("card_bg", "#111827" if dark else "#ffffff")
    page_bg = s.get("bg", "#030712" if dark else tint(a, 0.9))
    link = tint(a, 0.3) if dark else (a if text_on(a) == "#ffffff" else shade(a, 0.45))
    layout = s.get("layout", "card")
    button = h("button", s["button"], type="submit")
    if s.get("secondary"):
        button = h("div", h("a", s["secondary"], href="#", cls="secondary"), button, cls="actions")
    form = h("form", s["form"], button, action="#", method="post")
    card = h("main" if layout == "card" else "div",
             s.get("before"),
             h("h1", s["heading"]),
             s.get("sub") and h("p", s["sub"], cls="sub"),
             form,
             s.get("after"), cls="card")
    centre = "display: grid; place-items: center; " if layout == "card" else ""
    colour = f" color: {fg};" if dark else ""
    css = [
        f"body {{ margin: 0; min-height: 100vh; {centre}font-family: {s.get('font', SANS)}; "
        f"background: {page_bg};{colour} }}",
        f".card {{ width: min(90vw, {s.get('width', 380)}px); box-sizing: border-box; padding: 32px; "
        f"background: {card_bg}; border-radius: 12px; }}",
        "h1 { margin: 0; font-size: 1.5rem; }",
        f".sub {{ margin: 4px 0 0; color: {muted}; }}",
        *form_css(form, a, dark=dark),
    ]
    found = features_of([card])
    if "a" in found:
        css.append(f"a {{ color: {link}; }}")
    if ".alt" in found:
        css.append(f".alt {{ margin: 20px 0 0; text-align: center; color: {muted}; font-size: 0.9rem; }}")
    if s.get("secondary"):
        css += [".actions { display: flex; gap: 12px; margin-top: 20px; }",
                ".actions > * { flex: 1; margin: 0; }",
                ".secondary { padding: 12px; border: 1px solid #d1d5db; border-radius: 6px; text-align: center; "
                "text-decoration: none; }"]
    if layout == "card":
        body = [card]
    elif layout == "split":
        panel_title, panel_text = s["panel"]
        css += [
            ".split { display: grid; grid-template-columns: 1fr 1fr; min-height: 100vh; }",
            f".panel {{ display: flex; flex-direction: column; justify-content: flex-end; padding: 48px; "
            f"background: {shade(a, 0.35)}; color: #ffffff; }}",
            ".panel h2 { margin: 0 0 8px; font-size: 2rem; }",
            ".form-side { display: grid; place-items: center; }",
            "@media (max-width: 720px) {\n  .split { grid-template-columns: 1fr; }\n}",
        ]
        body = [h("main", h("section", h("h2", panel_title), h("p", panel_text), cls="panel"),
                  h("section", card, cls="form-side"), cls="split")]
    else:  # "aside": the form card next to a block of contact details
        title, pairs = s["aside"]
        css += [
            ".layout { display: flex; flex-wrap: wrap; gap: 32px; justify-content: center; padding: 48px 16px; }",
            ".details h2 { margin-top: 0; }",
            f".details dt {{ font-weight: 700; color: {a}; }}",
            ".details dd { margin: 0 0 16px; }",
        ]
        details = h("aside", h("h2", title), h("dl", [[h("dt", k), h("dd", v)] for k, v in pairs]), cls="details")
        body = [h("main", card, details, cls="layout")]
    css += s.get("css", [])
    return page(s["title"], css, body)


def _row_between(*children) -> El:
    return h("div", children, cls="row")


ROW_CSS = ".row { display: flex; justify-content: space-between; align-items: center; margin-top: 14px; }"

AUTH_SPECS = [
    dict(
        instruction='Create a simple login form with email and password fields, a "Remember me" checkbox and a '
                    '"Forgot password?" link. Blue accent #2563eb.',
        title="Log in", accent="#2563eb", heading="Welcome back", sub="Log in to your account.",
        form=[field("Email", "email", "email", autocomplete="email", required=True),
              field("Password", "password", "password", autocomplete="current-password", required=True),
              _row_between(checkbox("Remember me", "remember"), h("a", "Forgot password?", href="#"))],
        button="Log in",
        after=h("p", "Don't have an account? ", h("a", "Sign up", href="#"), cls="alt"),
        css=[ROW_CSS],
    ),
    dict(
        instruction='I need a sign-up form with full name, email, password (at least 8 characters) and confirm '
                    'password fields, a checkbox to accept the terms, a "Create account" button and a link for '
                    'people who already have an account.',
        title="Create your account", accent="#059669", heading="Create your account",
        sub="It takes less than a minute.",
        form=[field("Full name", "name", autocomplete="name", required=True),
              field("Email", "email", "email", autocomplete="email", required=True),
              field("Password", "password", "password", minlength="8", autocomplete="new-password", required=True,
                    hint="At least 8 characters."),
              field("Confirm password", "confirm", "password", minlength="8", autocomplete="new-password",
                    required=True),
              checkbox(["I agree to the ", h("a", "Terms of Service", href="#")], "terms", required=True)],
        button="Create account",
        after=h("p", "Already have an account? ", h("a", "Log in", href="#"), cls="alt"),
        css=[".check { margin-bottom: 20px; }"],
    ),
    dict(
        instruction="Build a split-screen login page for Orbit Analytics: a dark purple brand panel on the left "
                    "with a short tagline, and the login form (work email, password) on the right. Accent #7c3aed.",
        title="Sign in – Orbit Analytics", accent="#7c3aed", layout="split", font=HUMANIST, card_bg="transparent",
        bg="#ffffff", panel=("Orbit Analytics", "Every metric that matters, in one calm dashboard."),
        heading="Sign in", sub="Use your work email to continue.",
        form=[field("Work email", "email", "email", autocomplete="email", placeholder="you@company.example",
                    required=True),
              field("Password", "password", "password", autocomplete="current-password", required=True)],
        button="Sign in",
        after=h("p", h("a", "Forgot your password?", href="#"), cls="alt"),
    ),
    dict(
        instruction='Make a "Forgot your password?" page: one email field, a "Send reset link" button and a link '
                    'back to the login page.',
        title="Reset your password", accent="#1d4ed8", heading="Forgot your password?",
        sub="Enter the email you signed up with and we'll send you a link to reset it.",
        form=[field("Email address", "email", "email", required=True)],
        button="Send reset link",
        after=h("p", h("a", "← Back to login", href="#"), cls="alt"),
    ),
    dict(
        instruction='Write the HTML for a two-factor authentication screen where the user types the 6-digit code '
                    'from their authenticator app, with "Verify" and "Resend code" options.',
        title="Two-factor authentication", accent="#4f46e5", heading="Enter your code",
        sub="Open your authenticator app and type the 6-digit code.",
        form=[field("Verification code", "code", inputmode="numeric", pattern="[0-9]{6}", maxlength="6",
                    autocomplete="one-time-code", required=True)],
        button="Verify",
        after=h("p", "Didn't get a code? ", h("a", "Resend code", href="#"), cls="alt"),
        css=["#code { font-size: 1.75rem; letter-spacing: 0.5em; text-align: center; }"],
    ),
    dict(
        instruction="Registration form for our gaming community with username, email, password, date of birth "
                    "and a country dropdown.",
        input="Community: Pixel Guild; countries: United Kingdom, Ireland, Canada, Australia, New Zealand; "
              "accent #ea580c",
        title="Join Pixel Guild", accent="#ea580c", dark=True, font=CLASSIC, heading="Join Pixel Guild",
        sub="Create your player profile.",
        form=[field("Username", "username", minlength="3", required=True),
              field("Email", "email", "email", required=True),
              field("Password", "password", "password", required=True),
              field("Date of birth", "dob", "date", required=True),
              field("Country", "country", "select", options=[h("option", "Select a country", value=""),
                    "United Kingdom", "Ireland", "Canada", "Australia", "New Zealand"], required=True)],
        button="Create profile",
    ),
    dict(
        instruction='Dark-mode login page with "Continue with Google" and "Continue with GitHub" buttons, an "or" '
                    'divider, then email and password fields.',
        title="Log in", accent="#22c55e", dark=True, heading="Log in", sub="Choose how you want to continue.",
        before=None,
        form=[h("a", "Continue with Google", href="#", cls="social"),
              h("a", "Continue with GitHub", href="#", cls="social"),
              h("p", h("span", "or"), cls="divider"),
              field("Email", "email", "email", required=True),
              field("Password", "password", "password", required=True)],
        button="Log in",
        css=[".social { display: block; padding: 10px; margin-bottom: 10px; border: 1px solid #374151; "
             "border-radius: 6px; color: #e5e7eb; text-align: center; text-decoration: none; }",
             ".social:hover { background: #1f2937; }",
             ".divider { display: flex; align-items: center; gap: 12px; color: #9ca3af; }",
             ".divider::before, .divider::after { content: \"\"; flex: 1; border-top: 1px solid #374151; }"],
    ),
    dict(
        instruction="Admin sign-in page for the Larkspur Library staff portal.",
        input="Fields: username, password. Accent: #b91c1c. Add a note that access is logged.",
        title="Staff sign-in – Larkspur Library", accent="#b91c1c", font=CLASSIC, bg="#f3f4f6",
        heading="Staff portal", sub="Larkspur Library",
        form=[h("p", "Staff only. All sign-in attempts are logged.", cls="notice", role="note"),
              field("Username", "username", required=True),
              field("Password", "password", "password", required=True)],
        button="Sign in",
        css=[".notice { padding: 10px 12px; margin: 0 0 20px; border-left: 4px solid #b91c1c; background: #fef2f2; "
             "color: #7f1d1d; font-size: 0.9rem; }"],
    ),
    dict(
        instruction='Login page with a passwordless option: an email field, an "Email me a login link" button and '
                    'a "Use a password instead" link. Keep it minimal, black and white. The product is Papertrail.',
        title="Log in to Papertrail", accent="#111827", bg="#ffffff", heading="Log in to Papertrail",
        sub="We'll email you a magic link for a password-free sign in.",
        form=[field("Email", "email", "email", placeholder="name@example.com", required=True)],
        button="Email me a login link",
        after=h("p", h("a", "Use a password instead", href="#"), cls="alt"),
        css=[".card { border: 1px solid #e5e7eb; }"],
    ),
]


def auth_forms() -> list[dict]:
    return [row("login_signup_form", s, render_form_card(s)) for s in AUTH_SPECS]


CONTACT_SPECS = [
    dict(
        instruction="Create a basic contact form with name, email and message fields and a \"Send message\" "
                    "button. Teal accent.",
        title="Contact us", accent="#0d9488", heading="Contact us", sub="We usually reply within one working day.",
        form=[field("Name", "name", required=True),
              field("Email", "email", "email", required=True),
              field("Message", "message", "textarea", rows="5", required=True)],
        button="Send message",
    ),
    dict(
        instruction="I need a contact form with a subject dropdown (General question, Billing, Technical support, "
                    "Partnerships), plus name, email, an optional phone number and a message box.",
        title="Get in touch", accent="#2563eb", font=HUMANIST, width=460, heading="Get in touch",
        form=[field("Name", "name", required=True),
              field("Email", "email", "email", required=True),
              field("Phone (optional)", "phone", "tel"),
              field("Subject", "subject", "select",
                    options=["General question", "Billing", "Technical support", "Partnerships"]),
              field("Message", "message", "textarea", rows="5", required=True)],
        button="Send",
    ),
    dict(
        instruction="Build a contact page for Studio Ferro, an architecture practice in Milan: the form on the "
                    "left (name, email, project type, message) and the studio address, phone and email on the right.",
        title="Contact – Studio Ferro", accent="#44403c", font=HUMANIST, layout="aside", width=440,
        bg="#f5f5f4", heading="Tell us about your project",
        form=[field("Name", "name", required=True),
              field("Email", "email", "email", required=True),
              field("Project type", "project", "select",
                    options=["New build", "Renovation", "Interior", "Other"]),
              field("Message", "message", "textarea", rows="4")],
        button="Send enquiry",
        aside=("Studio Ferro", [("Address", "Via Tortona 27, 20144 Milano"), ("Phone", "+39 02 8940 2210"),
                                ("Email", "studio@ferro-arch.example")]),
    ),
    dict(
        instruction="Table booking form for a restaurant called Trattoria Lucia: date, time, party size (1–12), "
                    "name and phone number.",
        title="Book a table – Trattoria Lucia", accent="#b91c1c", font=SERIF, heading="Book a table",
        sub="Trattoria Lucia · Open Tuesday to Sunday",
        form=[h("div", h("div", field("Date", "date", "date", required=True)),
                h("div", field("Time", "time", "time", min="12:00", max="22:00", required=True)), cls="pair"),
              field("Party size", "guests", "number", min="1", max="12", value="2", required=True),
              field("Name", "name", required=True),
              field("Phone", "phone", "tel", required=True)],
        button="Request booking", bg="#fdf6ec",
        css=[".pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }"],
    ),
    dict(
        instruction="Feedback form: a 1 to 5 rating, a \"What could we improve?\" text box and a checkbox asking "
                    "if we may contact them.",
        title="Feedback", accent="#0891b2", font=HUMANIST, heading="How did we do?",
        form=[choices("Your rating", "rating", ["1", "2", "3", "4", "5"]),
              field("What could we improve?", "improve", "textarea", rows="4"),
              checkbox("You may contact me about my feedback", "contact-ok")],
        button="Send feedback",
        css=["fieldset { display: flex; flex-wrap: wrap; gap: 0 16px; }", "legend { width: 100%; }"],
    ),
    dict(
        instruction="Job application form for Greenline Logistics: name, email, a position dropdown, a cover letter "
                    "box and a CV upload that only accepts PDF.",
        title="Apply – Greenline Logistics", accent="#15803d", width=480, heading="Apply to Greenline Logistics",
        form=[field("Full name", "name", required=True),
              field("Email", "email", "email", required=True),
              field("Position", "position", "select",
                    options=["Warehouse operative", "HGV driver", "Transport planner"]),
              field("Cover letter", "letter", "textarea", rows="5"),
              field("CV (PDF)", "cv", "file", accept=".pdf", required=True)],
        button="Submit application",
    ),
    dict(
        instruction="Minimal dark contact form with only two fields.",
        input="Dark background (#111827), yellow accent #f59e0b, fields: email and message, button text: Say hello",
        title="Say hello", accent="#f59e0b", dark=True, bg="#111827", card_bg="#1f2937", heading="Say hello",
        sub="Questions, ideas or just hi.",
        form=[field("Email", "email", "email", required=True),
              field("Message", "message", "textarea", rows="5", required=True)],
        button="Say hello",
        css=["input, textarea { background: #111827; }"],
    ),
    dict(
        instruction="RSVP form for our wedding.",
        input="Couple: Maya & Tom; date: 14 June; RSVP by 1 May; ask for name, email, attending yes/no, number of "
              "guests and dietary needs (Vegetarian, Vegan, Gluten-free)",
        title="RSVP – Maya & Tom", accent="#9d174d", font=SERIF, bg="#fdf2f8", heading="Maya & Tom",
        sub="14 June · Please reply by 1 May",
        form=[field("Your name", "name", required=True),
              field("Email", "email", "email", required=True),
              choices("Will you attend?", "attending", ["Yes, with pleasure", "Sorry, I can't make it"]),
              field("Number of guests", "guests", "number", min="1", max="4", value="1"),
              choices("Dietary needs", "diet", ["Vegetarian", "Vegan", "Gluten-free"], kind="checkbox")],
        button="Send RSVP",
        css=["h1 { font-size: 2rem; text-align: center; }", ".sub { text-align: center; }"],
    ),
]


def contact_forms() -> list[dict]:
    return [row("contact_form", s, render_form_card(s)) for s in CONTACT_SPECS]


# =============================================================================
# Newsletter sign-ups: card, banner, two-column and a confirmation page.
# =============================================================================


def _email_row(button: str, placeholder: str = "you@example.com") -> El:
    return h("div",
             h("input", type="email", name="email", placeholder=placeholder, aria_label="Email address", required=True),
             h("button", button, type="submit"), cls="inline")


def render_newsletter(s: dict) -> str:
    a = s["accent"]
    dark = s.get("dark")
    bg = s.get("bg", "#0f172a" if dark else "#f8fafc")
    box_bg = s.get("box_bg", "#1e293b" if dark else "#ffffff")
    fg, muted = ("#f1f5f9", "#94a3b8") if dark else ("#1e293b", "#64748b")
    variant = s.get("variant", "card")
    form = h("form", s.get("fields"), _email_row(s["button"], s.get("placeholder", "you@example.com")),
             s.get("after_fields"), action="#", method="post") if variant != "confirm" else None
    copy = [h(s.get("heading_tag", "h2"), s["heading"]), h("p", s["text"])]
    css = [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)}; background: {bg}; color: {fg}; }}",
        f"p {{ color: {muted}; }}",
    ]
    if variant == "bare":  # just the form, e.g. for a sidebar
        css = [css[0], ".inline { max-width: 320px; margin: 24px; }"]
        body = form
    elif variant == "banner":
        css += [f".banner {{ display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; "
                f"gap: 24px; padding: 40px 8%; background: {box_bg}; }}",
                ".banner h2 { margin: 0 0 4px; font-size: 1.6rem; }", ".banner p { margin: 0; }",
                ".banner form { flex: 1; min-width: 280px; max-width: 480px; }"]
        body = h("section", h("div", copy), form, cls="banner")
    elif variant == "split":
        css += [f".split {{ display: grid; grid-template-columns: 1fr 1fr; gap: 40px; max-width: 880px; "
                f"margin: 64px auto; padding: 40px; background: {box_bg}; border-radius: 16px; }}",
                ".split h2 { margin-top: 0; }",
                ".benefits li { margin-bottom: 8px; }",
                f".benefits li::marker {{ color: {a}; }}",
                "@media (max-width: 700px) {\n  .split { grid-template-columns: 1fr; }\n}"]
        body = h("section", h("div", copy, h("ul", [h("li", b) for b in s["benefits"]], cls="benefits")),
                 h("div", form), cls="split")
    else:
        css.append(f".box {{ max-width: {s.get('width', 460)}px; margin: 64px auto; padding: 32px; "
                   f"background: {box_bg}; border-radius: 12px; text-align: {s.get('align', 'center')}; }}")
        css.append(f".box {s.get('heading_tag', 'h2')} {{ margin-top: 0; }}")
        body = h("section", copy, form, s.get("extra"), cls="box")
    found = features_of([body])
    if "form" in found:
        css += [
            ".inline { display: flex; gap: 8px; }",
            f".inline input {{ flex: 1; min-width: 0; padding: 12px; "
            f"border: 1px solid {'#334155' if dark else '#cbd5e1'}; border-radius: 8px; font: inherit; }}",
            f"button {{ padding: 12px 20px; border: 0; border-radius: 8px; background: {a}; color: {text_on(a)}; "
            f"font: inherit; font-weight: 600; }}",
        ]
    if "fieldset" in found:
        css += ["fieldset { border: 0; padding: 0; margin: 0 0 16px; text-align: left; }",
                "legend { font-weight: 600; margin-bottom: 8px; }",
                "fieldset label { display: block; margin-bottom: 6px; }"]
    if ".note" in found:
        css.append(".note { font-size: 0.85rem; margin: 12px 0 0; }")
    css += s.get("css", [])
    return page(s["title"], css, [body])


NEWSLETTER_SPECS = [
    dict(
        instruction='Create a newsletter signup card for "Frontend Weekly" with the email field and Subscribe '
                    'button on one line, plus a small "No spam. Unsubscribe anytime." note.',
        title="Frontend Weekly", accent="#6366f1", heading="Frontend Weekly",
        text="The best CSS and HTML links, every Friday.", button="Subscribe",
        after_fields=h("p", "No spam. Unsubscribe anytime.", cls="note"),
    ),
    dict(
        instruction='Build a full-width newsletter banner for a bakery called Flour & Salt: "Get a new recipe '
                    'every Sunday" on the left, first name and email fields with a Join button on the right. Warm '
                    'cream background.',
        title="Flour & Salt newsletter", accent="#9a3412", font=SERIF, variant="banner", box_bg="#fdf4e3",
        bg="#ffffff", heading="Get a new recipe every Sunday",
        text="Seasonal bakes from the Flour & Salt kitchen, straight to your inbox.", button="Join",
        fields=h("div", h("input", type="text", name="first_name", placeholder="First name", aria_label="First name"),
                 cls="inline"),
        css=[".inline + .inline { margin-top: 8px; }"],
    ),
    dict(
        instruction="Sign-up box for a finance newsletter that lets readers choose how often they get emails. "
                    "Serif font, classic newspaper feel.",
        input="Name: The Morning Ledger; options: Daily briefing, Weekly roundup, Monthly deep dive; "
              "default: Weekly roundup",
        title="The Morning Ledger", accent="#1f2937", font=SERIF, bg="#f5f0e6", box_bg="#fffdf8", align="left",
        heading="The Morning Ledger", heading_tag="h1", text="Markets, money and the stories behind them.",
        button="Subscribe",
        fields=choices("How often?", "frequency", ["Daily briefing", "Weekly roundup", "Monthly deep dive"],
                       checked=["Weekly roundup"]),
        css=[".box { border-top: 6px double #1f2937; border-radius: 0; }",
             ".box h1 { font-size: 2.2rem; letter-spacing: -0.01em; }"],
    ),
    dict(
        instruction='Make a dark newsletter section that says "Join 12,000 designers" with an email field and a '
                    'cyan (#22d3ee) button.',
        title="Design newsletter", accent="#22d3ee", dark=True, heading="Join 12,000 designers",
        text="One short email a week with UI patterns, tools and inspiration.", button="Join now",
    ),
    dict(
        instruction="Make a simple newsletter signup box with just an email field and a Subscribe button.",
        title="Newsletter", accent="#0f172a", heading="Subscribe to our newsletter",
        text="Occasional updates, never more than twice a month.", button="Subscribe",
    ),
    dict(
        instruction="Two-column newsletter block for the Pathfinder travel newsletter: three benefits as a list on "
                    "the left and the sign-up form on the right.",
        title="Pathfinder newsletter", accent="#0f766e", font=HUMANIST, variant="split", bg="#ecfdf5",
        heading="Travel smarter with Pathfinder", text="Every other Thursday:", button="Sign me up",
        benefits=["Cheap flight alerts from your home airport", "One detailed city guide",
                  "Packing tips from our editors"],
    ),
    dict(
        instruction="Newsletter signup form for our product blog.",
        input="Heading: Stay in the loop; button text: Count me in; accent #e11d48; include a GDPR consent checkbox",
        title="Stay in the loop", accent="#e11d48", heading="Stay in the loop",
        text="About once a month.", button="Count me in", placeholder="Email",
        after_fields=checkbox("I agree to the privacy policy.", "consent", required=True),
        css=[".check { display: block; margin-top: 12px; }"],
    ),
    dict(
        instruction='After someone subscribes to the Signal & Noise podcast newsletter, show a "Check your inbox" '
                    'confirmation page with a short explanation and a link to resend the email.',
        title="Check your inbox – Signal & Noise", accent="#ea580c", variant="confirm", heading="Check your inbox",
        heading_tag="h1", text="We sent a confirmation link to your email address. Click it to start getting new "
                               "Signal & Noise episodes every Tuesday.",
        button="", extra=h("p", "No email after 5 minutes? Check your spam folder or ",
                           h("a", "resend the link", href="#"), ".", cls="note"),
        css=[".note a { color: #ea580c; }"],
    ),
    dict(
        instruction="Tiny newsletter form for a blog sidebar: just an email field and an OK button, no heading.",
        title="Sidebar signup", accent="#be123c", variant="bare", heading="", text="", button="OK",
    ),
]


def newsletter_signups() -> list[dict]:
    return [row("newsletter_signup", s, render_newsletter(s)) for s in NEWSLETTER_SPECS]


# =============================================================================
# Data tables: captions, scoped headers, zebra rows, numeric columns, status
# badges and computed footers (totals are calculated, never typed in).
# =============================================================================


def render_table(s: dict) -> str:
    a = s["accent"]
    dark = s.get("dark")
    num = set(s.get("num_cols", ()))
    badges = s.get("badges", {})

    def cell(tag, value, i, **attrs):
        if isinstance(value, str) and value in badges:
            value = h("span", value, cls="badge " + badges[value])
        return h(tag, value, **attrs)

    head = h("tr", [cell("th", c, i, scope="col") for i, c in enumerate(s["columns"])])
    body_rows = []
    for r in s["rows"]:
        cells = [cell("th", r[0], 0, scope="row")] if s.get("row_headers") else [cell("td", r[0], 0)]
        cells += [cell("td", v, i) for i, v in enumerate(r[1:], start=1)]
        row_cls = s.get("row_class", lambda r: None)(r)
        body_rows.append(h("tr", cells, cls=row_cls))
    foot = None
    if s.get("footer"):
        foot = h("tfoot", h("tr", [cell("th" if i == 0 else "td", v, i, scope="row" if i == 0 else None)
                                   for i, v in enumerate(s["footer"])]))
    table = h("table", h("caption", s["caption"]), h("thead", head), h("tbody", body_rows), foot)
    fg, line = ("#f1f5f9", "#334155") if dark else ("#1f2937", "#e5e7eb")
    css = [
        f"body {{ margin: 0; padding: 40px 16px; font-family: {s.get('font', SANS)}; "
        f"background: {s.get('bg', '#0f172a' if dark else '#f9fafb')}; color: {fg}; }}",
        f"table {{ width: 100%; max-width: {s.get('width', 760)}px; margin: 0 auto; border-collapse: collapse; "
        f"background: {'#1e293b' if dark else '#ffffff'}; }}",
        "caption { margin-bottom: 12px; font-size: 1.25rem; font-weight: 700; text-align: left; }",
        f"th, td {{ padding: {s.get('pad', '12px 14px')}; border-bottom: 1px solid {line}; text-align: left; }}",
        f"thead th {{ background: {s.get('head_bg', a)}; color: {text_on(s.get('head_bg', a))}; }}",
    ]
    if s.get("zebra"):
        css.append(f"tbody tr:nth-child(even) {{ background: {'#172033' if dark else tint(a, 0.94)}; }}")
    if s.get("hover"):
        css.append(f"tbody tr:hover {{ background: {tint(a, 0.88)}; }}")
    if num:
        # Numeric columns are right-aligned by position, so cells need no class.
        cols = sorted(num)
        if cols == list(range(cols[0], len(s["columns"]))):
            selector = f"th:nth-child(n+{cols[0] + 1}), td:nth-child(n+{cols[0] + 1})"
        else:
            selector = ", ".join(f"{t}:nth-child({c + 1})" for c in cols for t in ("th", "td"))
        css.append(f"{selector} {{ text-align: right; font-variant-numeric: tabular-nums; }}")
    if badges:
        css.append(".badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 0.8rem; "
                   "font-weight: 600; }")
        css += [f".badge.{name} {{ background: {bg}; color: {fg2}; }}"
                for name, (bg, fg2) in s["badge_colours"].items()]
    if foot:
        css.append("tfoot th, tfoot td { font-weight: 700; border-top: 2px solid currentColor; }")
    css += s.get("css", [])
    return page(s["title"], css, [table])


def _expenses() -> tuple[list, list]:
    items = [("Rent", 1200, 1200), ("Groceries", 450, 512), ("Transport", 160, 134), ("Utilities", 180, 171),
             ("Eating out", 150, 208)]
    rows = [(name, f"${b:,}", f"${sp:,}", f"{'+' if b - sp > 0 else '−' if b - sp < 0 else ''}${abs(b - sp):,}")
            for name, b, sp in items]
    tb, ts = sum(i[1] for i in items), sum(i[2] for i in items)
    d = tb - ts
    return rows, ["Total", f"${tb:,}", f"${ts:,}", f"{'+' if d > 0 else '−' if d < 0 else ''}${abs(d):,}"]


def _standings() -> list:
    teams = [("Riverside Rovers", 7, 2, 1), ("Hillcrest United", 6, 3, 1), ("Eastgate Athletic", 5, 2, 3),
             ("Millbrook Town", 4, 3, 3), ("Northfield FC", 2, 4, 4), ("Lakeside Wanderers", 1, 2, 7)]
    table = sorted(teams, key=lambda t: -(3 * t[1] + t[2]))
    return [[str(i), name, str(w + d + lost), str(w), str(d), str(lost), str(3 * w + d)]
            for i, (name, w, d, lost) in enumerate(table, start=1)]


_EXPENSE_ROWS, _EXPENSE_TOTAL = _expenses()

TABLE_SPECS = [
    dict(
        instruction="Create an employee directory table with name, department, email and phone extension for five "
                    "people. Use zebra striping.",
        title="Employee directory", accent="#334155", zebra=True, caption="Employee directory",
        columns=["Name", "Department", "Email", "Ext."],
        rows=[["Grace Liu", "Engineering", "grace.liu@example.com", "2104"],
              ["Marcus Bell", "Sales", "marcus.bell@example.com", "2231"],
              ["Priya Raman", "Finance", "priya.raman@example.com", "2317"],
              ["Oliver Grant", "Support", "oliver.grant@example.com", "2402"],
              ["Sofia Marin", "Design", "sofia.marin@example.com", "2120"]],
        row_headers=True, num_cols=[3],
    ),
    dict(
        instruction="Order history table with order number, date, items, total and a coloured status badge "
                    "(Delivered, Shipped, Processing, Cancelled). Right-align the totals.",
        title="Your orders", accent="#f3f4f6", head_bg="#f3f4f6", font=HUMANIST, caption="Your orders",
        columns=["Order", "Date", "Items", "Total", "Status"],
        rows=[["#10482", "2 Mar 2025", "3", "$84.50", "Delivered"], ["#10517", "9 Mar 2025", "1", "$19.99", "Shipped"],
              ["#10533", "12 Mar 2025", "2", "$46.00", "Processing"],
              ["#10540", "13 Mar 2025", "5", "$132.75", "Cancelled"]],
        num_cols=[2, 3], hover=True,
        badges={"Delivered": "ok", "Shipped": "info", "Processing": "wait", "Cancelled": "bad"},
        badge_colours={"ok": ("#dcfce7", "#166534"), "info": ("#dbeafe", "#1e40af"), "wait": ("#fef3c7", "#92400e"),
                       "bad": ("#fee2e2", "#991b1b")},
    ),
    dict(
        instruction="I need a monthly budget table: category, budget, spent and the difference, with a totals row "
                    "at the bottom. Show overspending in red.",
        title="March budget", accent="#0f766e", caption="March budget", columns=["Category", "Budget", "Spent",
                                                                                   "Difference"],
        rows=_EXPENSE_ROWS, footer=_EXPENSE_TOTAL, num_cols=[1, 2, 3], row_headers=True,
        row_class=lambda r: "over" if r[3].startswith("−") else None,
        css=[".over td:last-child { color: #b91c1c; font-weight: 600; }"],
    ),
    dict(
        instruction="Make a football league table for six teams with position, played, won, drawn, lost and "
                    "points. Highlight the team in first place.",
        title="League table", accent="#166534", font=CLASSIC, caption="Sunday League – Division One",
        columns=["Pos", "Team", "P", "W", "D", "L", "Pts"], rows=_standings(),
        zebra=True, pad="10px 12px", width=640,
        row_class=lambda r: "leader" if r[0] == "1" else None,
        css=["th:not(:nth-child(2)), td:not(:nth-child(2)) { text-align: center; }",
             ".leader { font-weight: 700; box-shadow: inset 4px 0 0 #facc15; }"],
    ),
    dict(
        instruction="Write an HTML timetable for a dance school: rows for 17:00, 18:00 and 19:00, columns Monday to "
                    "Friday, some slots empty.",
        title="Class timetable", accent="#a21caf", font=HUMANIST, caption="Weekly class timetable",
        columns=["Time", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        rows=[["17:00", "Ballet (kids)", "", "Ballet (kids)", "Tap", ""],
              ["18:00", "Jazz", "Contemporary", "", "Jazz", "Hip hop"],
              ["19:00", "Salsa", "", "Contemporary", "", "Salsa"]],
        row_headers=True,
        css=["td { text-align: center; }"],
    ),
    dict(
        instruction="Service status table for an internal platform: service, region, uptime, latency and a status "
                    "badge (Operational, Degraded, Down).",
        title="Service status", accent="#1e293b", font=HUMANIST, caption="Platform status",
        columns=["Service", "Region", "Uptime (30 days)", "Latency", "Status"],
        rows=[["API gateway", "eu-west", "99.98%", "42 ms", "Operational"],
              ["Auth service", "eu-west", "99.95%", "58 ms", "Operational"],
              ["Search", "us-east", "99.41%", "310 ms", "Degraded"],
              ["File uploads", "us-east", "97.80%", "—", "Down"]],
        num_cols=[2, 3], row_headers=True,
        badges={"Operational": "ok", "Degraded": "warn", "Down": "down"},
        badge_colours={"ok": ("#dcfce7", "#166534"), "warn": ("#fef9c3", "#854d0e"), "down": ("#fee2e2", "#991b1b")},
    ),
    dict(
        instruction="Airport departures board as an HTML table.",
        input="Dark board style, yellow text (#facc15), monospace font, 6 flights with time, flight, destination, "
              "gate and status",
        title="Departures", accent="#facc15", head_bg="#000000", dark=True, font=MONO, bg="#000000",
        caption="Departures", columns=["Time", "Flight", "Destination", "Gate", "Status"],
        rows=[["06:40", "BA 1432", "Edinburgh", "A4", "Boarding"], ["07:05", "LH 921", "Frankfurt", "B12", "On time"],
              ["07:30", "KL 1008", "Amsterdam", "B7", "Delayed 40m"], ["08:15", "IB 3167", "Madrid", "C2", "On time"],
              ["08:50", "AZ 205", "Rome", "C9", "Gate opens 08:10"], ["09:20", "SK 1530", "Copenhagen", "A1",
                                                                       "Cancelled"]],
        css=["table, caption { color: #facc15; background: #000000; text-transform: uppercase; }",
             "caption { font-size: 2rem; letter-spacing: 0.2em; }",
             "thead th { color: #f8fafc; }", "td { border-color: #262626; }"],
    ),
    dict(
        instruction="Spec comparison table for three laptops.",
        input="Columns: Aero 14, Aero 16, Aero Pro; rows: CPU, RAM, Storage, Weight, Battery, Price",
        title="Compare Aero laptops", accent="#0f172a", caption="Compare Aero laptops",
        columns=["", "Aero 14", "Aero 16", "Aero Pro"],
        rows=[["CPU", "8-core", "10-core", "12-core"], ["RAM", "16 GB", "16 GB", "32 GB"],
              ["Storage", "512 GB SSD", "1 TB SSD", "2 TB SSD"], ["Weight", "1.3 kg", "1.9 kg", "1.7 kg"],
              ["Battery", "Up to 14 h", "Up to 12 h", "Up to 18 h"], ["Price", "$999", "$1,299", "$1,899"]],
        row_headers=True,
        css=["tbody th { width: 25%; color: #475569; }", "td { text-align: center; }",
             "tbody tr:last-child { font-weight: 700; }"],
    ),
    dict(
        instruction="Opening hours table with Day, Opens and Closes columns.",
        input="Mon–Fri 8:00–18:00, Saturday 9:00–17:00, Sunday closed",
        title="Opening hours", accent="#f1f5f9", head_bg="#f1f5f9", caption="Opening hours", width=420,
        columns=["Day", "Opens", "Closes"],
        rows=[["Mon–Fri", "8:00", "18:00"], ["Saturday", "9:00", "17:00"], ["Sunday", "Closed", "—"]],
        row_headers=True,
    ),
]


def data_tables() -> list[dict]:
    return [row("data_table", s, render_table(s)) for s in TABLE_SPECS]


# =============================================================================
# Navigation: top bars, a CSS-only mobile menu, sidebar, breadcrumbs, tabs,
# a <details> dropdown, a search bar and pagination. Each spec is small enough
# to write out directly as css + nodes.
# =============================================================================


def nav_links(labels: list[str], current: str | None = None, cls: str | None = None) -> list[El]:
    """Links with aria-current on the current page (styled through the attribute, not a class)."""
    return [h("a", label, href="#", cls=cls,
              aria_current="page" if label == current else None) for label in labels]


def render_simple(s: dict) -> str:
    """Pages whose spec carries its own css and body nodes."""
    # centre: "grid" centres one block in the window; "text" also centres its text (error pages).
    centre = {None: "", "grid": " display: grid; place-items: center; min-height: 100vh;",
              "text": " display: grid; place-items: center; min-height: 100vh; text-align: center;",
              "column": " display: flex; flex-direction: column; min-height: 100vh;"}[s.get("centre")]
    colours = "".join(f" {prop}: {s[key]};" for key, prop in (("bg", "background"), ("fg", "color")) if key in s)
    base = f"body {{ margin: 0;{centre} font-family: {s.get('font', SANS)};{colours} }}"
    # Interactive rows carry their JavaScript in `js`: one inline script, the last thing in <body>.
    script = h("script", s["js"]) if s.get("js") else None
    return page(s["title"], [base, *s["css"], *s.get("extra_css", [])], [s["body"], script])


NAV_SPECS = [
    dict(
        instruction='Create a simple horizontal navigation bar with the logo "Acme" on the left and Home, About, '
                    'Services and Contact links on the right. Mark Home as the current page.',
        title="Acme", css=[
            ".navbar { display: flex; justify-content: space-between; align-items: center; padding: 16px 32px; "
            "border-bottom: 1px solid #e5e7eb; }",
            ".logo { font-size: 1.4rem; font-weight: 800; color: #111827; text-decoration: none; }",
            ".navbar nav a { margin-left: 24px; color: #4b5563; text-decoration: none; }",
            ".navbar nav a:hover, .navbar nav a[aria-current=\"page\"] { color: #2563eb; }",
            "[aria-current=\"page\"] { font-weight: 600; }",
        ],
        body=[h("header", h("a", "Acme", href="#", cls="logo"),
                h("nav", nav_links(["Home", "About", "Services", "Contact"], "Home"), aria_label="Main"),
                cls="navbar")],
    ),
    dict(
        instruction="Dark top navigation bar for a SaaS site with the links on the left next to the logo and a "
                    "sign-up button on the right.",
        input="Brand: Cobalt; links: Products, Solutions, Pricing, Docs; button: Sign up; background #0f172a",
        title="Cobalt", bg="#f8fafc", css=[
            ".navbar { display: flex; align-items: center; gap: 32px; padding: 14px 32px; background: #0f172a; }",
            ".logo { font-weight: 700; font-size: 1.2rem; color: #ffffff; text-decoration: none; }",
            ".navbar nav { display: flex; gap: 20px; flex: 1; }",
            ".navbar nav a { color: #cbd5e1; text-decoration: none; }",
            ".navbar nav a:hover { color: #ffffff; }",
            ".signup { padding: 8px 16px; border-radius: 6px; background: #3b82f6; color: #ffffff; "
            "text-decoration: none; font-weight: 600; }",
        ],
        body=[h("header", h("a", "Cobalt", href="#", cls="logo"),
                h("nav", nav_links(["Products", "Solutions", "Pricing", "Docs"]), aria_label="Main"),
                h("a", "Sign up", href="#", cls="signup"), cls="navbar")],
    ),
    dict(
        instruction="Navigation for a restaurant called Olive & Thyme with the name centred in a serif font, two "
                    "links on each side (Menu, Reservations | Events, Contact), on a dark green bar.",
        title="Olive & Thyme", font=SERIF, css=[
            ".navbar { display: flex; justify-content: center; align-items: center; gap: 40px; padding: 20px; "
            "background: #14532d; }",
            ".navbar a { color: #ecfccb; text-decoration: none; letter-spacing: 0.05em; }",
            ".navbar .logo { font-size: 1.8rem; font-style: italic; color: #ffffff; }",
            "@media (max-width: 600px) {\n  .navbar { flex-wrap: wrap; gap: 16px; }\n  .logo { order: -1; "
            "width: 100%; text-align: center; }\n}",
        ],
        body=[h("nav", h("a", "Menu", href="#"), h("a", "Reservations", href="#"),
                h("a", "Olive & Thyme", href="#", cls="logo"), h("a", "Events", href="#"),
                h("a", "Contact", href="#"), cls="navbar", aria_label="Main")],
    ),
    dict(
        instruction="Build a responsive navbar for Wavelength that collapses into a hamburger menu on small "
                    "screens. No JavaScript — use the checkbox trick.",
        title="Wavelength", css=[
            ".navbar { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; "
            "padding: 16px 24px; background: #0e7490; }",
            ".logo { color: #ffffff; font-weight: 700; text-decoration: none; }",
            ".menu { display: flex; gap: 20px; }",
            ".menu a { color: #ecfeff; text-decoration: none; }",
            "#menu-toggle, .burger { display: none; }",
            "@media (max-width: 640px) {\n  .burger { display: block; padding: 6px 12px; border: 1px solid #a5f3fc; "
            "border-radius: 6px; color: #ffffff; cursor: pointer; }\n"
            "  .menu { display: none; width: 100%; flex-direction: column; padding-top: 12px; }\n"
            "  #menu-toggle:checked ~ .menu { display: flex; }\n}",
        ],
        body=[h("header",
                h("a", "Wavelength", href="#", cls="logo"),
                h("input", type="checkbox", id="menu-toggle"),
                h("label", "Menu", for_="menu-toggle", cls="burger"),
                h("nav", nav_links(["Home", "Podcasts", "Shows", "About"], "Home"), cls="menu"),
                cls="navbar")],
    ),
    dict(
        instruction="Vertical sidebar navigation for an admin panel with two groups, \"Main\" (Dashboard, Orders, "
                    "Customers, Reports) and \"Settings\" (Account, Billing), with Orders active.",
        title="Admin", bg="#f1f5f9", css=[
            ".sidebar { width: 220px; min-height: 100vh; padding: 24px 16px; box-sizing: border-box; "
            "background: #1e293b; }",
            ".sidebar h2 { margin: 24px 8px 8px; color: #94a3b8; font-size: 0.75rem; text-transform: uppercase; "
            "letter-spacing: 0.08em; }",
            ".sidebar a { display: block; padding: 8px; border-radius: 6px; color: #e2e8f0; text-decoration: none; }",
            ".sidebar a:hover { background: #334155; }",
            ".sidebar a[aria-current=\"page\"] { background: #6366f1; color: #ffffff; }",
        ],
        body=[h("nav", h("h2", "Main"), nav_links(["Dashboard", "Orders", "Customers", "Reports"], "Orders"),
                h("h2", "Settings"), nav_links(["Account", "Billing"]), cls="sidebar", aria_label="Admin")],
    ),
    dict(
        instruction="Write the HTML for a breadcrumb trail: Home / Shop / Shoes / Running shoes, where the last item "
                    "is the current page and not a link.",
        title="Running shoes", css=[
            ".breadcrumb ol { display: flex; flex-wrap: wrap; list-style: none; margin: 0; padding: 16px 24px; }",
            ".breadcrumb li + li::before { content: \"/\"; padding: 0 8px; color: #9ca3af; }",
            ".breadcrumb a { color: #2563eb; text-decoration: none; }",
            ".breadcrumb a:hover { text-decoration: underline; }",
            "[aria-current=\"page\"] { color: #6b7280; }",
        ],
        body=[h("nav", h("ol", h("li", h("a", "Home", href="#")), h("li", h("a", "Shop", href="#")),
                         h("li", h("a", "Shoes", href="#")), h("li", "Running shoes", aria_current="page")),
                cls="breadcrumb", aria_label="Breadcrumb")],
    ),
    dict(
        instruction="Make pill-style tab navigation with Overview, Activity, Settings and Billing; Activity is "
                    "selected.",
        title="Project tabs", bg="#f8fafc", css=[
            ".tabs { display: inline-flex; gap: 4px; margin: 32px; padding: 4px; border-radius: 999px; "
            "background: #e2e8f0; }",
            ".tabs a { padding: 8px 18px; border-radius: 999px; color: #475569; text-decoration: none; }",
            ".tabs a[aria-current=\"page\"] { background: #ffffff; color: #0f172a; font-weight: 600; "
            "box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15); }",
        ],
        body=[h("nav", nav_links(["Overview", "Activity", "Settings", "Billing"], "Activity"), cls="tabs",
                aria_label="Project sections")],
    ),
    dict(
        instruction='Navbar for Fieldnote with a "Resources" dropdown (Blog, Guides, Webinars) that opens without '
                    'JavaScript. Other links: Product and Pricing.',
        title="Fieldnote", font=HUMANIST, css=[
            ".navbar { display: flex; align-items: center; gap: 24px; padding: 16px 32px; "
            "border-bottom: 1px solid #e5e7eb; }",
            ".logo { margin-right: auto; font-weight: 700; color: #b45309; text-decoration: none; }",
            ".navbar a, summary { color: #374151; text-decoration: none; cursor: pointer; }",
            ".dropdown { position: relative; }",
            ".dropdown ul { position: absolute; top: 32px; left: 0; min-width: 160px; margin: 0; padding: 8px 0; "
            "list-style: none; background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }",
            ".dropdown li a { display: block; padding: 8px 16px; }",
        ],
        body=[h("header", h("a", "Fieldnote", href="#", cls="logo"), h("a", "Product", href="#"),
                h("details", h("summary", "Resources"),
                  h("ul", [h("li", h("a", x, href="#")) for x in ["Blog", "Guides", "Webinars"]]), cls="dropdown"),
                h("a", "Pricing", href="#"), cls="navbar")],
    ),
    dict(
        instruction="Navigation bar for an online bookshop called Bookshelf with links (Browse, New releases, "
                    "Authors) and a search field with a button.",
        title="Bookshelf", css=[
            ".navbar { display: flex; flex-wrap: wrap; align-items: center; gap: 20px; padding: 12px 24px; "
            "background: #7f1d1d; }",
            ".logo { color: #ffffff; font-weight: 700; font-size: 1.2rem; text-decoration: none; }",
            ".navbar nav a { margin-right: 16px; color: #fecaca; text-decoration: none; }",
            ".search { display: flex; margin-left: auto; }",
            ".search input { padding: 8px 12px; border: 0; border-radius: 6px 0 0 6px; }",
            ".search button { padding: 8px 14px; border: 0; border-radius: 0 6px 6px 0; background: #fbbf24; }",
        ],
        body=[h("header", h("a", "Bookshelf", href="#", cls="logo"),
                h("nav", nav_links(["Browse", "New releases", "Authors"]), aria_label="Main"),
                h("form", h("input", type="search", name="q", placeholder="Title, author or ISBN",
                            aria_label="Search books"),
                  h("button", "Search", type="submit"), cls="search", action="#", role="search"),
                cls="navbar")],
    ),
    dict(
        instruction="Pagination links for a search results page.",
        input="Current page: 3 of 8; show Previous, pages 1–5, Next",
        title="Search results – page 3", css=[
            ".pagination { display: flex; justify-content: center; gap: 6px; padding: 32px 0; }",
            ".pagination a { min-width: 40px; padding: 8px 12px; box-sizing: border-box; border: 1px solid #d1d5db; "
            "border-radius: 6px; color: #374151; text-align: center; text-decoration: none; }",
            ".pagination a:hover { background: #f3f4f6; }",
            ".pagination a[aria-current=\"page\"] { background: #2563eb; border-color: #2563eb; color: #ffffff; }",
        ],
        body=[h("nav", h("a", "Previous", href="#"),
                [h("a", str(n), href="#", aria_current="page" if n == 3 else None,
                   aria_label=f"Page {n}") for n in range(1, 6)],
                h("a", "Next", href="#"), cls="pagination", aria_label="Pagination")],
    ),
    dict(
        instruction="Add a \"Skip to main content\" link that only appears when it gets keyboard focus, above a "
                    "simple header with three links.",
        title="Skip link", css=[
            ".skip { position: absolute; left: 8px; top: -40px; padding: 8px 12px; background: #111827; "
            "color: #ffffff; }",
            ".skip:focus { top: 8px; }",
            "header { display: flex; gap: 20px; padding: 16px 24px; border-bottom: 1px solid #e5e7eb; }",
            "header a { color: #1f2937; }",
            "main { padding: 24px; }",
        ],
        body=[h("a", "Skip to main content", href="#main", cls="skip"),
              h("header", nav_links(["Home", "Events", "Contact"])),
              h("main", h("h1", "Upcoming events"), id="main")],
    ),
    dict(
        instruction="Mobile bottom tab bar with four tabs — Home, Search, Saved and Profile — with Home active.",
        title="Tab bar", css=[
            ".tabbar { position: fixed; left: 0; right: 0; bottom: 0; display: flex; border-top: 1px solid #e5e7eb; "
            "background: #ffffff; }",
            ".tabbar a { flex: 1; padding: 12px 0; color: #6b7280; text-align: center; font-size: 0.8rem; "
            "text-decoration: none; }",
            ".tabbar a[aria-current=\"page\"] { color: #e11d48; font-weight: 700; }",
        ],
        body=[h("nav", nav_links(["Home", "Search", "Saved", "Profile"], "Home"), cls="tabbar",
                aria_label="Main")],
    ),
    dict(
        instruction="Settings menu in a card: Profile, Security, Notifications and Billing links stacked "
                    "vertically with a chevron on the right of each.",
        title="Settings", bg="#f3f4f6", css=[
            ".menu { max-width: 320px; margin: 40px auto; border-radius: 12px; background: #ffffff; "
            "overflow: hidden; }",
            ".menu a { display: flex; justify-content: space-between; padding: 14px 16px; color: #111827; "
            "text-decoration: none; border-bottom: 1px solid #f3f4f6; }",
            ".menu a::after { content: \"›\"; color: #9ca3af; }",
            ".menu a:hover { background: #f9fafb; }",
        ],
        body=[h("nav", nav_links(["Profile", "Security", "Notifications", "Billing"]), cls="menu",
                aria_label="Settings")],
    ),
]


def navigation_bars() -> list[dict]:
    return [row("navigation", s, render_simple(s)) for s in NAV_SPECS]


# =============================================================================
# Cards and card grids.
# =============================================================================


def grid_css(min_width: int = 240, gap: int = 24, width: int = 1000) -> str:
    return (f".grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax({min_width}px, 1fr)); "
            f"gap: {gap}px; max-width: {width}px; margin: 0 auto; padding: 40px 24px; }}")


def icon(*shapes: El) -> El:
    """A 24x24 inline SVG icon; size and stroke come from icon_css(). Decorative, so hidden from screen readers."""
    return h("svg", shapes, viewBox="0 0 24 24", aria_hidden="true")


def icon_css(selector: str, size: int) -> str:
    return (f"{selector} {{ width: {size}px; height: {size}px; fill: none; stroke: currentColor; "
            f"stroke-width: 2; }}")


ICON_LOCK = [h("rect", x="5", y="11", width="14", height="10", rx="2"), h("path", d="M8 11V7a4 4 0 0 1 8 0v4")]
ICON_LIST = [h("path", d="M4 6h16M4 12h16M4 18h10")]
ICON_USER = [h("circle", cx="12", cy="8", r="4"), h("path", d="M4 21a8 8 0 0 1 16 0")]
ICON_DOWNLOAD = [h("path", d="M12 3v12M7 10l5 5 5-5M5 21h14")]
ICON_PLUS = [h("path", d="M12 5v14M5 12h14")]
ICON_TRASH = [h("path", d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3")]


def _recipe(title, meta, c1, c2):
    return h("article", h("div", cls="photo", style=f"background: linear-gradient(135deg, {c1}, {c2});"),
             h("div", h("h2", title), h("p", meta), h("a", "View recipe", href="#"), cls="body"), cls="card")


def _listing(price, address, facts, new=False):
    return h("article", h("div", new and h("span", "New", cls="tag"), cls="photo"),
             h("div", h("p", price, cls="price"), h("h2", address), h("p", facts, cls="facts"), cls="body"),
             cls="card")


CARD_SPECS = [
    dict(
        instruction="Create three recipe cards in a row. Each card has a coloured image placeholder, the recipe "
                    "name, cooking time and servings, and a \"View recipe\" link.",
        title="Recipes", bg="#fafaf9", css=[
            grid_css(240),
            ".card { overflow: hidden; background: #ffffff; border-radius: 12px; box-shadow: 0 2px 8px "
            "rgba(0, 0, 0, 0.08); }",
            ".photo { height: 160px; }",
            ".body { padding: 16px 20px 20px; }",
            ".body h2 { margin: 0 0 4px; font-size: 1.15rem; }",
            ".body p { margin: 0 0 12px; color: #78716c; }",
            ".body a { color: #c2410c; font-weight: 600; text-decoration: none; }",
        ],
        body=[h("main", _recipe("Lemon herb chicken", "45 min · Serves 4", "#fde68a", "#f59e0b"),
                _recipe("Spinach and ricotta pasta", "25 min · Serves 2", "#bbf7d0", "#16a34a"),
                _recipe("Berry overnight oats", "10 min · Serves 1", "#fbcfe8", "#9333ea"), cls="grid")],
    ),
    dict(
        instruction="Grid of four online course cards showing a level badge (Beginner, Intermediate or Advanced), "
                    "the course title, number of lessons and the price.",
        title="Courses", bg="#f1f5f9", font=HUMANIST, css=[
            grid_css(210, 20),
            ".card { padding: 20px; background: #ffffff; border-radius: 10px; border-top: 4px solid #4f46e5; }",
            ".level { display: inline-block; padding: 2px 10px; border-radius: 999px; background: #e0e7ff; "
            "color: #3730a3; font-size: 0.8rem; font-weight: 600; }",
            ".card h2 { margin: 12px 0 8px; font-size: 1.1rem; }",
            ".meta { display: flex; justify-content: space-between; color: #64748b; }",
            ".meta strong { color: #0f172a; }",
        ],
        body=[h("main", [h("article", h("span", level, cls="level"), h("h2", name),
                           h("p", h("span", lessons), h("strong", price), cls="meta"), cls="card")
                         for level, name, lessons, price in [
                             ("Beginner", "HTML & CSS foundations", "24 lessons", "$39"),
                             ("Beginner", "Intro to Python", "30 lessons", "$49"),
                             ("Intermediate", "Responsive layouts with grid", "18 lessons", "$45"),
                             ("Advanced", "Web accessibility in practice", "22 lessons", "$59")]], cls="grid")],
    ),
    dict(
        instruction="Travel destination cards in a grid, each with a gradient background and the city name over it.",
        input="Destinations: Lisbon, Kyoto, Reykjavik, Cape Town, Oaxaca, Tromsø; 3 columns; show the country "
              "under each city",
        title="Destinations", css=[
            ".grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; max-width: 960px; "
            "margin: 0 auto; padding: 40px 24px; }",
            ".card { display: flex; flex-direction: column; justify-content: flex-end; height: 200px; padding: 20px; "
            "box-sizing: border-box; border-radius: 14px; color: #ffffff; text-decoration: none; }",
            ".card h2 { margin: 0; font-size: 1.5rem; }",
            ".card p { margin: 0; opacity: 0.85; }",
            "@media (max-width: 700px) {\n  .grid { grid-template-columns: 1fr 1fr; }\n}",
        ],
        body=[h("main", [h("a", h("h2", city), h("p", country), href="#", cls="card",
                           style=f"background: linear-gradient(160deg, {c1}, {c2});")
                         for city, country, c1, c2 in [
                             ("Lisbon", "Portugal", "#fbbf24", "#ea580c"), ("Kyoto", "Japan", "#f472b6", "#9d174d"),
                             ("Reykjavik", "Iceland", "#67e8f9", "#1e3a8a"),
                             ("Cape Town", "South Africa", "#86efac", "#0f766e"),
                             ("Oaxaca", "Mexico", "#fca5a5", "#b91c1c"), ("Tromsø", "Norway", "#a5b4fc", "#312e81")]],
                cls="grid")],
    ),
    dict(
        instruction="Three blog post preview cards with a category label, title, a two-line excerpt, and the author "
                    "and date at the bottom.",
        title="Latest posts", font=HUMANIST, css=[
            grid_css(260),
            ".card { display: flex; flex-direction: column; padding: 24px; border: 1px solid #e5e7eb; "
            "border-radius: 12px; }",
            ".category { margin: 0; color: #0d9488; font-size: 0.8rem; font-weight: 700; text-transform: uppercase; }",
            ".card h2 { margin: 8px 0; font-size: 1.2rem; }",
            ".excerpt { flex: 1; color: #4b5563; }",
            ".byline { margin: 0; color: #9ca3af; font-size: 0.9rem; }",
        ],
        body=[h("main", [h("article", h("p", cat, cls="category"), h("h2", t), h("p", ex, cls="excerpt"),
                           h("p", by, cls="byline"), cls="card") for cat, t, ex, by in [
            ("Design", "Choosing a colour palette that scales",
             "How we went from twelve greys to five, and why our buttons finally look consistent.",
             "Lena Fischer · 4 Feb 2025"),
            ("Engineering", "What we learned moving to server-side rendering",
             "Faster first loads, fewer spinners, and one surprising caching bug.", "Ravi Menon · 28 Jan 2025"),
            ("Company", "Our first remote offsite",
             "Twenty-two people, one farmhouse and a surprisingly competitive pub quiz.",
             "Ana Sousa · 15 Jan 2025")]], cls="grid")],
    ),
    dict(
        instruction="Four feature cards for a security product — Encryption, Audit logs, Single sign-on and "
                    "Backups — each with a simple inline SVG icon, a title and one sentence.",
        title="Security features", bg="#f8fafc", css=[
            grid_css(200, 20),
            ".card { padding: 24px; background: #ffffff; border-radius: 12px; border: 1px solid #e2e8f0; }",
            ".card svg { padding: 10px; border-radius: 10px; background: #dcfce7; color: #15803d; }",
            icon_css(".card svg", 28),
            ".card h2 { margin: 16px 0 6px; font-size: 1.1rem; }",
            ".card p { margin: 0; color: #475569; }",
        ],
        body=[h("main", [h("article", icon(*shapes), h("h2", t), h("p", d), cls="card") for shapes, t, d in [
            (ICON_LOCK, "Encryption", "Data is encrypted at rest and in transit with AES-256 and TLS 1.3."),
            (ICON_LIST, "Audit logs", "Every sign-in and permission change is recorded for a year."),
            (ICON_USER, "Single sign-on", "Connect your identity provider with SAML or OpenID Connect."),
            (ICON_DOWNLOAD, "Backups", "Hourly snapshots you can restore with one click.")]], cls="grid")],
    ),
    dict(
        instruction='Property listing cards for an estate agent: three homes with price, address, beds/baths/size '
                    'and a "New" tag on the first one.',
        title="Homes for sale", bg="#f9fafb", css=[
            grid_css(260),
            ".card { overflow: hidden; background: #ffffff; border-radius: 12px; box-shadow: 0 1px 4px "
            "rgba(0, 0, 0, 0.1); }",
            ".photo { position: relative; height: 170px; background: linear-gradient(135deg, #cbd5e1, #64748b); }",
            ".tag { position: absolute; top: 12px; left: 12px; padding: 4px 10px; border-radius: 6px; "
            "background: #16a34a; color: #ffffff; font-size: 0.8rem; font-weight: 700; }",
            ".body { padding: 16px 20px; }",
            ".price { margin: 0; font-size: 1.4rem; font-weight: 700; }",
            ".body h2 { margin: 4px 0; font-size: 1rem; font-weight: 400; }",
            ".facts { margin: 0; color: #6b7280; font-size: 0.9rem; }",
        ],
        body=[h("main", _listing("£425,000", "12 Alder Close, Bristol", "3 beds · 2 baths · 96 m²", new=True),
                _listing("£289,500", "Flat 4, 30 Quay Street, Bristol", "2 beds · 1 bath · 64 m²"),
                _listing("£610,000", "The Old Forge, Westbury", "4 beds · 3 baths · 148 m²"), cls="grid")],
    ),
    dict(
        instruction="Make a horizontal card for a podcast episode: artwork placeholder on the left, then episode "
                    "number, title, duration and a \"Listen\" button.",
        title="Episode 42", bg="#f5f3ff", css=[
            ".episode { display: flex; gap: 20px; max-width: 560px; margin: 48px auto; padding: 16px; "
            "background: #ffffff; border-radius: 14px; box-shadow: 0 4px 16px rgba(76, 29, 149, 0.12); }",
            ".art { flex: 0 0 120px; height: 120px; border-radius: 10px; background: linear-gradient(135deg, "
            "#a78bfa, #4c1d95); }",
            ".number { margin: 0; color: #7c3aed; font-weight: 700; font-size: 0.85rem; }",
            ".episode h1 { margin: 4px 0; font-size: 1.2rem; }",
            ".duration { margin: 0 0 12px; color: #6b7280; }",
            ".listen { display: inline-block; padding: 8px 18px; border-radius: 999px; background: #7c3aed; "
            "color: #ffffff; text-decoration: none; font-weight: 600; }",
        ],
        body=[h("article", h("div", cls="art", aria_hidden="true"),
                h("div", h("p", "Episode 42", cls="number"), h("h1", "Why cities are planting tiny forests"),
                  h("p", "38 min", cls="duration"), h("a", "Listen", href="#", cls="listen")), cls="episode")],
    ),
    dict(
        instruction="Cards for three upcoming meetups, each with a calendar-style date block (day and month) on the "
                    "left, the event name, venue and a RSVP link.",
        title="Upcoming meetups", font=HUMANIST, css=[
            ".events { max-width: 620px; margin: 40px auto; padding: 0 20px; display: grid; gap: 16px; }",
            ".event { display: flex; gap: 16px; align-items: center; padding: 16px; border: 1px solid #e5e7eb; "
            "border-radius: 12px; }",
            ".date { width: 64px; padding: 8px 0; border-radius: 8px; background: #fee2e2; color: #b91c1c; "
            "text-align: center; }",
            ".date strong { display: block; font-size: 1.6rem; line-height: 1; }",
            ".date span { font-size: 0.8rem; text-transform: uppercase; }",
            ".event h2 { margin: 0; font-size: 1.1rem; }",
            ".event p { margin: 2px 0 0; color: #6b7280; }",
            ".event a { margin-left: auto; color: #b91c1c; font-weight: 600; }",
        ],
        body=[h("main", [h("article", h("time", h("strong", d), h("span", mon), datetime=iso, cls="date"),
                           h("div", h("h2", name), h("p", venue)), h("a", "RSVP", href="#"), cls="event")
                         for d, mon, iso, name, venue in [
                             ("08", "Apr", "2025-04-08", "CSS Night: container queries", "The Hub, Leeds"),
                             ("17", "Apr", "2025-04-17", "Accessibility lunch & learn", "Online"),
                             ("06", "May", "2025-05-06", "JavaScript-free UI patterns", "Tech Yard, Manchester")]],
                cls="events")],
    ),
    dict(
        instruction="Dark card grid for four open-source projects: repository name, a short description, the main "
                    "language with a coloured dot and the star count. Cards should lift slightly on hover.",
        title="Open-source projects", bg="#0d1117", fg="#c9d1d9", font=HUMANIST, css=[
            grid_css(240, 16, 900),
            ".card { padding: 20px; border: 1px solid #30363d; border-radius: 10px; background: #161b22; "
            "transition: transform 0.15s; }",
            ".card:hover { transform: translateY(-3px); border-color: #58a6ff; }",
            ".card h2 { margin: 0 0 8px; font-size: 1.05rem; }",
            ".card h2 a { color: #58a6ff; text-decoration: none; }",
            ".card p { margin: 0 0 16px; color: #8b949e; font-size: 0.95rem; }",
            ".meta { display: flex; gap: 16px; font-size: 0.85rem; }",
            ".dot { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 50%; }",
        ],
        body=[h("main", [h("article", h("h2", h("a", name, href="#")), h("p", desc),
                           h("div", h("span", h("span", cls="dot", style=f"background: {colour};"), lang),
                             h("span", f"{stars} stars"), cls="meta"), cls="card")
                         for name, desc, lang, colour, stars in [
                             ("tidy-csv", "Clean messy CSV files from the command line.", "Python", "#3572a5", "1.2k"),
                             ("petite-router", "A 2 kB router for small single-page apps.", "TypeScript", "#3178c6",
                              "860"),
                             ("gridlines", "Print-ready CSS grid overlays for designers.", "CSS", "#563d7c", "410"),
                             ("quickserve", "Serve a folder over HTTP with live reload.", "Go", "#00add8", "2.4k")]],
                cls="grid")],
    ),
    dict(
        instruction="Testimonial cards for our agency website.",
        input="3 cards; name, company and a short quote on each; light grey background #f3f4f6",
        title="What clients say", bg="#f3f4f6", font=SERIF, css=[
            grid_css(250, 20, 960),
            ".card { margin: 0; padding: 24px; background: #ffffff; border-radius: 12px; }",
            ".card blockquote { margin: 0 0 16px; font-size: 1.05rem; font-style: italic; }",
            ".card figcaption { font-family: system-ui, sans-serif; font-size: 0.9rem; color: #6b7280; }",
            ".card strong { display: block; color: #111827; }",
        ],
        body=[h("main", [h("figure", h("blockquote", f"“{q}”"), h("figcaption", h("strong", n), c), cls="card")
                         for q, n, c in [
                             ("They rebuilt our booking site in six weeks and enquiries doubled.", "Jess Moreno",
                              "Harbourside Yoga"),
                             ("Clear communication, no jargon, and they hit every deadline.", "Daniel Okoye",
                              "Okoye & Partners"),
                             ("Our shop finally works on phones. Customers noticed immediately.", "Mei Tanaka",
                              "Paper Crane Stationery")]], cls="grid")],
    ),
    dict(
        instruction="Notification card: initials avatar, \"Anna commented on your post\" and \"2 min ago\".",
        title="Notification", css=[
            ".note { display: flex; gap: 12px; align-items: center; max-width: 360px; margin: 40px auto; "
            "padding: 14px; border: 1px solid #e5e7eb; border-radius: 10px; }",
            avatar_css(40, "#f472b6"),
            ".note p { margin: 0; }",
            ".note time { color: #6b7280; font-size: 0.85rem; }",
        ],
        body=[h("article", avatar("Anna Berg"), h("div", h("p", "Anna commented on your post"),
                                                  h("time", "2 min ago", datetime="PT2M")), cls="note")],
    ),
    dict(
        instruction="Coupon card with a dashed border: 20% OFF, the code SPRING20 and \"Expires 30 April\".",
        title="Coupon", css=[
            ".coupon { max-width: 300px; margin: 40px auto; padding: 24px; border: 2px dashed #ea580c; "
            "border-radius: 12px; text-align: center; }",
            ".coupon h2 { margin: 0; font-size: 2rem; color: #ea580c; }",
            ".coupon code { display: inline-block; margin: 12px 0; padding: 6px 12px; background: #fff7ed; "
            "font-size: 1.2rem; letter-spacing: 0.1em; }",
            ".coupon p { margin: 0; color: #6b7280; }",
        ],
        body=[h("article", h("h2", "20% OFF"), h("code", "SPRING20"), h("p", "Expires 30 April"), cls="coupon")],
    ),
    dict(
        instruction="Minimal card with a title, one line of text and a \"Read more\" link, with a soft shadow.",
        title="Card", bg="#f9fafb", css=[
            ".card { max-width: 320px; margin: 40px auto; padding: 20px; border-radius: 10px; background: #ffffff; "
            "box-shadow: 0 4px 14px rgba(0, 0, 0, 0.08); }",
            ".card h2 { margin: 0 0 6px; font-size: 1.15rem; }",
            ".card a { color: #2563eb; }",
        ],
        body=[h("article", h("h2", "Plan your week"), h("p", "Five minutes on Sunday saves hours later."),
                h("a", "Read more", href="#"), cls="card")],
    ),
]


def cards() -> list[dict]:
    return [row("cards", s, render_simple(s)) for s in CARD_SPECS]


# =============================================================================
# Lists: ordered, unordered, nested, description lists, checklists.
# =============================================================================

MAIN_NARROW = "main { max-width: 640px; margin: 40px auto; padding: 0 24px; }"

LIST_SPECS = [
    dict(
        instruction="Write the method for fluffy pancakes as an ordered list of six steps with big circled step "
                    "numbers made with CSS counters.",
        title="Fluffy pancakes", font=HUMANIST, css=[
            MAIN_NARROW,
            ".steps { list-style: none; padding: 0; counter-reset: step; }",
            ".steps li { position: relative; padding: 6px 0 16px 52px; counter-increment: step; }",
            ".steps li::before { content: counter(step); position: absolute; left: 0; top: 0; width: 36px; "
            "height: 36px; border-radius: 50%; background: #f59e0b; color: #ffffff; font-weight: 700; "
            "display: grid; place-items: center; }",
        ],
        body=[h("main", h("h1", "Fluffy pancakes"), h("ol", [h("li", t) for t in [
            "Mix 200 g flour, 2 tsp baking powder and a pinch of salt.",
            "Beat 1 egg with 300 ml milk and 2 tbsp melted butter.",
            "Stir the wet mix into the dry until just combined.",
            "Rest the batter for 5 minutes.",
            "Cook ladlefuls over medium heat, flipping when bubbles appear.",
            "Serve with berries and maple syrup."]], cls="steps"))],
    ),
    dict(
        instruction="Shopping list grouped by aisle using nested unordered lists: Produce, Dairy and Bakery with a "
                    "few items each.",
        title="Shopping list", css=[
            MAIN_NARROW,
            ".aisles > li { margin-bottom: 12px; font-weight: 700; }",
            ".aisles ul { margin-top: 4px; font-weight: 400; }",
            ".aisles ul li::marker { color: #16a34a; }",
        ],
        body=[h("main", h("h1", "Shopping list"), h("ul", [h("li", aisle, h("ul", [h("li", i) for i in items]))
                                                          for aisle, items in [
            ("Produce", ["Bananas", "Spinach", "Cherry tomatoes", "Lemons"]),
            ("Dairy", ["Greek yoghurt", "Cheddar", "Semi-skimmed milk"]),
            ("Bakery", ["Sourdough loaf", "Bagels"])]], cls="aisles"))],
    ),
    dict(
        instruction='Create a "Top 10 science fiction novels" ordered list with the title in bold and the author '
                    'after it.',
        title="Top 10 science fiction novels", font=SERIF, css=[
            MAIN_NARROW,
            "ol { padding-left: 28px; }",
            "li { padding: 6px 0; border-bottom: 1px solid #e5e7eb; }",
            "li::marker { font-weight: 700; color: #6d28d9; }",
            "li span { color: #6b7280; }",
        ],
        body=[h("main", h("h1", "Top 10 science fiction novels"), h("ol", [
            h("li", h("strong", t), " ", h("span", "— " + a)) for t, a in [
                ("Dune", "Frank Herbert"), ("The Left Hand of Darkness", "Ursula K. Le Guin"),
                ("Neuromancer", "William Gibson"), ("Foundation", "Isaac Asimov"),
                ("The Dispossessed", "Ursula K. Le Guin"), ("Hyperion", "Dan Simmons"),
                ("Kindred", "Octavia E. Butler"), ("Solaris", "Stanisław Lem"),
                ("The Three-Body Problem", "Liu Cixin"), ("Frankenstein", "Mary Shelley")]]))],
    ),
    dict(
        instruction="Moving-house checklist with checkboxes; the first two tasks are already ticked and ticked "
                    "items are crossed out.",
        title="Moving checklist", css=[
            MAIN_NARROW,
            ".checklist { list-style: none; padding: 0; }",
            ".checklist li { padding: 8px 0; border-bottom: 1px solid #e2e8f0; }",
            ".checklist input { margin-right: 10px; accent-color: #0d9488; }",
            ".checklist input:checked + span { color: #94a3b8; text-decoration: line-through; }",
        ],
        body=[h("main", h("h1", "Moving checklist"), h("ul", [
            h("li", h("label", h("input", type="checkbox", checked=done), h("span", task)))
            for task, done in [("Book the removal van", True), ("Give notice to the landlord", True),
                               ("Redirect post", False), ("Take meter readings", False),
                               ("Pack an essentials box", False)]],
            cls="checklist"))],
    ),
    dict(
        instruction="Glossary of web terms using a description list: HTML, CSS, DOM, API and URL, each with a "
                    "one-sentence definition.",
        title="Web glossary", font=HUMANIST, css=[
            MAIN_NARROW,
            "dt { margin-top: 16px; font-weight: 700; color: #1d4ed8; }",
            "dd { margin: 4px 0 0; padding-left: 12px; border-left: 3px solid #bfdbfe; }",
        ],
        body=[h("main", h("h1", "Web glossary"), h("dl", [[h("dt", t), h("dd", d)] for t, d in [
            ("HTML", "The markup language that gives a web page its structure."),
            ("CSS", "The style sheet language that controls layout, colour and type."),
            ("DOM", "The tree of objects a browser builds from a page, which scripts can read and change."),
            ("API", "A defined way for one program to ask another for data or actions."),
            ("URL", "The address of a resource on the web, such as a page or an image.")]]))],
    ),
    dict(
        instruction="\"What's included\" list for a hotel room booking, with custom coloured bullet markers.",
        input="Items: free Wi-Fi, breakfast for two, late checkout until 1 pm, parking, spa access; marker colour "
              "#0891b2",
        title="What's included", css=[
            ".included { max-width: 420px; margin: 40px auto; padding: 24px 28px; border-radius: 12px; "
            "background: #ecfeff; }",
            ".included h2 { margin-top: 0; }",
            ".included ul { padding-left: 20px; }",
            ".included li { margin-bottom: 8px; }",
            ".included li::marker { content: \"■  \"; color: #0891b2; font-size: 0.8em; }",
        ],
        body=[h("section", h("h2", "What's included"), h("ul", [h("li", x) for x in [
            "Free Wi-Fi", "Breakfast for two", "Late checkout until 1 pm", "Parking", "Spa access"]]),
            cls="included")],
    ),
    dict(
        instruction="Table of contents for an employee handbook as a nested ordered list numbered 1, 1.1, 1.2, "
                    "2, 2.1 and so on.",
        title="Employee handbook – Contents", css=[
            MAIN_NARROW,
            ".toc, .toc ol { list-style: none; counter-reset: item; padding-left: 0; }",
            ".toc ol { padding-left: 28px; }",
            ".toc li { counter-increment: item; }",
            ".toc li::before { content: counters(item, \".\") \" \"; font-weight: 600; }",
        ],
        body=[h("main", h("h1", "Employee handbook"), h("nav", h("ol", [
            h("li", h("a", sec, href="#"), h("ol", [h("li", h("a", sub, href="#")) for sub in subs]))
            for sec, subs in [("Welcome", ["Our mission", "How we work"]),
                              ("Time off", ["Holidays", "Sick leave"]),
                              ("Equipment", ["Laptops", "Home office budget"])]], cls="toc"),
            aria_label="Contents"))],
    ),
    dict(
        instruction="My reading list as an unordered list: book title, author and a small status label (Finished, "
                    "Reading or Want to read).",
        title="Reading list", bg="#fffbeb", font=SERIF, css=[
            MAIN_NARROW,
            ".books { list-style: none; padding: 0; }",
            ".books li { display: flex; gap: 8px; padding: 8px 0; border-bottom: 1px dashed #d6d3d1; }",
            ".books em { color: #78716c; }",
            ".status { margin-left: auto; padding: 1px 8px; border-radius: 4px; font: 0.75rem system-ui, "
            "sans-serif; background: #e7e5e4; }",
            ".status.done { background: #bbf7d0; }",
            ".status.now { background: #fde68a; }",
        ],
        body=[h("main", h("h1", "Reading list"), h("ul", [
            h("li", h("strong", t), h("em", a), h("span", st, cls="status " + c if c else "status"))
            for t, a, st, c in [("Middlemarch", "George Eliot", "Finished", "done"),
                                ("Piranesi", "Susanna Clarke", "Reading", "now"),
                                ("The Overstory", "Richard Powers", "Want to read", None)]],
            cls="books"))],
    ),
    dict(
        instruction="Packing list for a hiking trip laid out in two columns.",
        input="Trip: 5-day hut-to-hut hike; items: rain jacket, fleece, hiking boots, sleeping bag liner, head "
              "torch, first-aid kit, water bottle, map and compass, sun cream, snacks",
        title="Packing list", font=HUMANIST, css=[
            MAIN_NARROW,
            ".packing { columns: 2; column-gap: 40px; padding-left: 20px; }",
            ".packing li { margin-bottom: 8px; break-inside: avoid; }",
            "@media (max-width: 480px) {\n  .packing { columns: 1; }\n}",
        ],
        body=[h("main", h("h1", "Packing list"), h("p", "5-day hut-to-hut hike"), h("ul", [h("li", x) for x in [
            "Rain jacket", "Fleece", "Hiking boots", "Sleeping bag liner", "Head torch", "First-aid kit",
            "Water bottle", "Map and compass", "Sun cream", "Snacks"]], cls="packing"))],
    ),
    dict(
        instruction="Horizontal list of skills separated by dots: HTML, CSS, Accessibility, Figma, Python.",
        title="Skills", css=[
            ".skills { display: flex; flex-wrap: wrap; margin: 40px; padding: 0; list-style: none; }",
            ".skills li + li::before { content: \"·\"; margin: 0 10px; color: #9ca3af; }",
        ],
        body=[h("ul", [h("li", x) for x in ["HTML", "CSS", "Accessibility", "Figma", "Python"]], cls="skills")],
    ),
    dict(
        instruction="Ordered list of the five oceans from largest to smallest.",
        title="The five oceans", font=SERIF, css=[
            MAIN_NARROW,
            "li { padding: 4px 0; }",
            "li::marker { color: #0369a1; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "The five oceans"), h("ol", [h("li", x) for x in [
            "Pacific Ocean", "Atlantic Ocean", "Indian Ocean", "Southern Ocean", "Arctic Ocean"]]))],
    ),
    dict(
        instruction="A to-do list.",
        input="Items: Pay rent (done), Call the plumber, Book dentist, Renew passport; show done items in grey",
        title="To-do", css=[
            MAIN_NARROW,
            ".todo { padding: 0; list-style: none; }",
            ".todo li { padding: 8px 0; border-bottom: 1px solid #e5e7eb; }",
            ".todo .done { color: #9ca3af; text-decoration: line-through; }",
        ],
        body=[h("main", h("h1", "To-do"), h("ul", h("li", "Pay rent", cls="done"), h("li", "Call the plumber"),
                                            h("li", "Book dentist"), h("li", "Renew passport"), cls="todo"))],
    ),
    dict(
        instruction="Order summary as a description list: subtotal, shipping, tax and a bold total.",
        title="Order summary", css=[
            ".summary { display: grid; grid-template-columns: 1fr auto; gap: 8px; max-width: 300px; "
            "margin: 40px auto; }",
            ".summary dd { margin: 0; text-align: right; }",
            ".total { padding-top: 8px; border-top: 1px solid #e5e7eb; font-weight: 700; }",
        ],
        body=[h("dl", [[h("dt", k, cls=c), h("dd", v, cls=c)] for k, v, c in [
            ("Subtotal", "$84.00", None), ("Shipping", "$5.00", None), ("Tax", "$7.12", None),
            ("Total", "$96.12", "total")]], cls="summary")],
    ),
]


def lists() -> list[dict]:
    return [row("lists", s, render_simple(s)) for s in LIST_SPECS]


# =============================================================================
# Buttons and badges.
# =============================================================================

BUTTON_SPECS = [
    dict(
        instruction="Create a set of buttons: primary, secondary, outline, danger and a disabled one. Blue primary "
                    "colour #2563eb.",
        title="Buttons", css=[
            ".demo { display: flex; flex-wrap: wrap; gap: 12px; padding: 40px; }",
            ".btn { padding: 10px 18px; border: 2px solid transparent; border-radius: 8px; font: inherit; "
            "font-weight: 600; cursor: pointer; }",
            ".primary { background: #2563eb; color: #ffffff; }",
            ".primary:hover { background: #1d4ed8; }",
            ".secondary { background: #e5e7eb; color: #111827; }",
            ".outline { background: transparent; border-color: #2563eb; color: #2563eb; }",
            ".danger { background: #dc2626; color: #ffffff; }",
            ".btn:disabled { opacity: 0.5; cursor: not-allowed; }",
        ],
        body=[h("div", [h("button", label, type="button", cls="btn " + c, disabled=dis) for label, c, dis in [
            ("Save changes", "primary", False), ("Cancel", "secondary", False), ("Preview", "outline", False),
            ("Delete", "danger", False), ("Submit", "primary", True)]], cls="demo")],
    ),
    dict(
        instruction="Show one button style in three sizes — small, medium and large — plus a full-width version "
                    "underneath. Use green #16a34a.",
        title="Button sizes", font=HUMANIST, css=[
            ".demo { max-width: 480px; padding: 40px; }",
            ".row { display: flex; align-items: center; gap: 12px; margin-bottom: 16px; }",
            ".btn { border: 0; border-radius: 6px; background: #16a34a; color: #ffffff; font-weight: 600; "
            "cursor: pointer; }",
            ".btn:hover { background: #15803d; }",
            ".sm { padding: 6px 12px; font-size: 0.85rem; }",
            ".md { padding: 10px 18px; font-size: 1rem; }",
            ".lg { padding: 14px 26px; font-size: 1.15rem; }",
            ".block { display: block; width: 100%; padding: 14px; font-size: 1rem; }",
        ],
        body=[h("div", h("div", h("button", "Small", type="button", cls="btn sm"),
                         h("button", "Medium", type="button", cls="btn md"),
                         h("button", "Large", type="button", cls="btn lg"), cls="row"),
                h("button", "Full width", type="button", cls="btn block"), cls="demo")],
    ),
    dict(
        instruction="Pill-shaped status badges: New, Beta, Stable and Deprecated, each in its own colour.",
        title="Badges", css=[
            ".badges { display: flex; gap: 8px; padding: 40px; }",
            ".badge { padding: 4px 12px; border-radius: 999px; font-size: 0.8rem; font-weight: 600; }",
            ".new { background: #dbeafe; color: #1e40af; }",
            ".beta { background: #f3e8ff; color: #6b21a8; }",
            ".stable { background: #dcfce7; color: #166534; }",
            ".deprecated { background: #fee2e2; color: #991b1b; }",
        ],
        body=[h("div", [h("span", t, cls="badge " + t.lower()) for t in ["New", "Beta", "Stable", "Deprecated"]],
                cls="badges")],
    ),
    dict(
        instruction='Icon buttons with inline SVG icons: "Add item" (plus), "Download" (arrow) and a square '
                    'delete button that only shows a trash icon, with an aria-label for screen readers.',
        title="Icon buttons", css=[
            ".toolbar { display: flex; gap: 10px; padding: 40px; }",
            ".btn { display: inline-flex; align-items: center; gap: 8px; padding: 8px 14px; border: 1px solid "
            "#d1d5db; border-radius: 8px; background: #ffffff; font: inherit; }",
            icon_css(".btn svg", 18),
            ".icon-only { padding: 8px; color: #dc2626; }",
        ],
        body=[h("div", h("button", icon(*ICON_PLUS), " Add item", type="button", cls="btn"),
                h("button", icon(*ICON_DOWNLOAD), " Download", type="button", cls="btn"),
                h("button", icon(*ICON_TRASH), type="button", cls="btn icon-only", aria_label="Delete"),
                cls="toolbar")],
    ),
    dict(
        instruction="A segmented button group for Day / Week / Month where Week is selected.",
        title="Segmented control", css=[
            ".segmented { display: inline-flex; margin: 40px; border: 1px solid #cbd5e1; border-radius: 8px; "
            "overflow: hidden; }",
            ".segmented button { padding: 8px 18px; border: 0; border-right: 1px solid #cbd5e1; background: #ffffff; "
            "font: inherit; cursor: pointer; }",
            ".segmented button:last-child { border-right: 0; }",
            ".segmented button[aria-pressed=\"true\"] { background: #0f172a; color: #ffffff; }",
        ],
        body=[h("div", [h("button", t, type="button", aria_pressed="true" if t == "Week" else "false")
                        for t in ["Day", "Week", "Month"]], cls="segmented", role="group", aria_label="Date range")],
    ),
    dict(
        instruction="Buttons with notification count badges in the corner: Inbox with 12 and Cart with 3.",
        title="Notification badges", font=HUMANIST, css=[
            ".demo { display: flex; gap: 24px; padding: 40px; }",
            ".btn { position: relative; padding: 10px 18px; border: 0; border-radius: 8px; background: #f1f5f9; "
            "font: inherit; cursor: pointer; }",
            ".count { position: absolute; top: -8px; right: -8px; min-width: 20px; padding: 2px 6px; "
            "box-sizing: border-box; border-radius: 999px; background: #ef4444; color: #ffffff; font-size: 0.75rem; "
            "font-weight: 700; }",
        ],
        body=[h("div", h("button", "Inbox ", h("span", "12", cls="count", aria_label="12 unread"), type="button",
                         cls="btn"),
                h("button", "Cart ", h("span", "3", cls="count", aria_label="3 items"), type="button", cls="btn"),
                cls="demo")],
    ),
    dict(
        instruction="Removable tag chips for selected filters (Remote, Full-time, Design, Senior) with a small × "
                    "button on each.",
        title="Filter chips", css=[
            ".chips { display: flex; flex-wrap: wrap; gap: 8px; padding: 40px; margin: 0; list-style: none; }",
            ".chips li { display: inline-flex; align-items: center; gap: 6px; padding: 4px 6px 4px 12px; "
            "border-radius: 999px; background: #ede9fe; color: #5b21b6; }",
            ".chips button { width: 22px; height: 22px; border: 0; border-radius: 50%; background: transparent; "
            "color: inherit; cursor: pointer; }",
            ".chips button:hover { background: #ddd6fe; }",
        ],
        body=[h("ul", [h("li", t, h("button", "×", type="button", aria_label=f"Remove {t}"))
                       for t in ["Remote", "Full-time", "Design", "Senior"]], cls="chips")],
    ),
    dict(
        instruction="Two gradient call-to-action buttons with hover and keyboard focus styles.",
        input="Gradient from #f43f5e to #8b5cf6; labels: Get started, Learn more (the second one outlined)",
        title="Gradient buttons", bg="#0f172a", css=[
            ".demo { display: flex; gap: 16px; padding: 48px; }",
            ".btn { padding: 12px 24px; border-radius: 999px; font-weight: 700; text-decoration: none; }",
            ".gradient { background: linear-gradient(90deg, #f43f5e, #8b5cf6); color: #ffffff; }",
            ".gradient:hover { filter: brightness(1.1); }",
            ".outline { border: 2px solid #8b5cf6; color: #e9d5ff; }",
            ".outline:hover { background: rgba(139, 92, 246, 0.15); }",
            ".btn:focus-visible { outline: 3px solid #fde047; outline-offset: 3px; }",
        ],
        body=[h("div", h("a", "Get started", href="#", cls="btn gradient"),
                h("a", "Learn more", href="#", cls="btn outline"), cls="demo")],
    ),
    dict(
        instruction='Button loading state: a disabled "Saving..." button with a CSS spinner, next to a normal '
                    'green "Saved" button.',
        title="Loading button", css=[
            ".demo { display: flex; gap: 12px; padding: 40px; }",
            ".btn { display: inline-flex; align-items: center; gap: 8px; padding: 10px 18px; border: 0; "
            "border-radius: 8px; color: #ffffff; font: inherit; }",
            ".loading { background: #6366f1; opacity: 0.8; cursor: wait; }",
            ".done { background: #16a34a; }",
            ".spinner { width: 14px; height: 14px; border: 2px solid rgba(255, 255, 255, 0.4); "
            "border-top-color: #ffffff; border-radius: 50%; animation: spin 0.8s linear infinite; }",
            "@keyframes spin {\n  to { transform: rotate(360deg); }\n}",
        ],
        body=[h("div", h("button", h("span", cls="spinner", aria_hidden="true"), " Saving...", type="button",
                         cls="btn loading", disabled=True),
                h("button", "Saved", type="button", cls="btn done"), cls="demo")],
    ),
    dict(
        instruction='Make a red pill badge that says "Sold out" next to a product name.',
        title="Sold out badge", css=[
            "h2 { display: flex; align-items: center; gap: 10px; margin: 40px; font-size: 1.3rem; }",
            ".badge { padding: 3px 10px; border-radius: 999px; background: #dc2626; color: #ffffff; "
            "font-size: 0.75rem; font-weight: 700; text-transform: uppercase; }",
        ],
        body=[h("h2", "Linen shirt, sand ", h("span", "Sold out", cls="badge"))],
    ),
    dict(
        instruction='Write the HTML for a round "Back to top" button fixed to the bottom-right corner of the page.',
        title="Back to top", css=[
            "html { scroll-behavior: smooth; }",
            ".to-top { position: fixed; right: 24px; bottom: 24px; display: grid; place-items: center; width: 48px; "
            "height: 48px; border-radius: 50%; background: #0f172a; color: #ffffff; text-decoration: none; "
            "font-size: 1.25rem; box-shadow: 0 4px 12px rgba(0, 0, 0, 0.25); }",
            ".to-top:hover { background: #334155; }",
        ],
        body=[h("h1", "Long article", id="top"), h("a", "↑", href="#top", cls="to-top", aria_label="Back to top")],
    ),
    dict(
        instruction='I need an on/off toggle switch built from a checkbox, labelled "Email notifications". Pure '
                    'CSS, no JavaScript.',
        title="Toggle switch", css=[
            ".switch { display: inline-flex; align-items: center; gap: 12px; margin: 40px; cursor: pointer; }",
            ".switch input { position: absolute; opacity: 0; }",
            ".track { position: relative; width: 44px; height: 24px; border-radius: 999px; background: #d1d5db; "
            "transition: background 0.2s; }",
            ".track::after { content: \"\"; position: absolute; top: 3px; left: 3px; width: 18px; height: 18px; "
            "border-radius: 50%; background: #ffffff; transition: transform 0.2s; }",
            ".switch input:checked + .track { background: #16a34a; }",
            ".switch input:checked + .track::after { transform: translateX(20px); }",
            ".switch input:focus-visible + .track { outline: 2px solid #16a34a; outline-offset: 2px; }",
        ],
        body=[h("label", h("input", type="checkbox", role="switch", checked=True), h("span", cls="track"),
                " Email notifications", cls="switch")],
    ),
    dict(
        instruction="A row of share buttons: Share on X, Facebook, LinkedIn and Copy link, each in its own brand "
                    "colour.",
        title="Share buttons", css=[
            ".share { display: flex; flex-wrap: wrap; gap: 8px; padding: 40px; }",
            ".share a { padding: 8px 14px; border-radius: 6px; color: #ffffff; font-size: 0.9rem; "
            "text-decoration: none; }",
            ".x { background: #000000; }",
            ".facebook { background: #1877f2; }",
            ".linkedin { background: #0a66c2; }",
            ".share .copy { background: #e5e7eb; color: #111827; }",
        ],
        body=[h("div", h("a", "Share on X", href="#", cls="x"), h("a", "Facebook", href="#", cls="facebook"),
                h("a", "LinkedIn", href="#", cls="linkedin"), h("a", "Copy link", href="#", cls="copy"),
                cls="share")],
    ),
    dict(
        instruction="Small round avatar with an online status dot in the corner.",
        input="Initials: JD; size 48px; dot colour #22c55e",
        title="Online avatar", css=[
            ".avatar { position: relative; display: grid; place-items: center; width: 48px; height: 48px; "
            "margin: 40px; border-radius: 50%; background: #6366f1; color: #ffffff; font-weight: 700; }",
            ".avatar::after { content: \"\"; position: absolute; right: 0; bottom: 0; width: 12px; height: 12px; "
            "border: 2px solid #ffffff; border-radius: 50%; background: #22c55e; }",
        ],
        body=[h("div", "JD", cls="avatar", role="img", aria_label="JD, online")],
    ),
    dict(
        instruction="A text-style \"Cancel\" button and a primary \"Save\" button side by side, aligned to the right.",
        title="Form actions", css=[
            ".actions { display: flex; justify-content: flex-end; gap: 8px; padding: 24px; }",
            "button { padding: 10px 18px; border: 0; border-radius: 6px; font: inherit; cursor: pointer; }",
            ".text { background: none; color: #4b5563; }",
            ".text:hover { background: #f3f4f6; }",
            ".primary { background: #0f766e; color: #ffffff; }",
        ],
        body=[h("div", h("button", "Cancel", type="button", cls="text"),
                h("button", "Save", type="submit", cls="primary"), cls="actions")],
    ),
    dict(
        instruction="Row of small grey rounded tags for a blog post: HTML, CSS and JavaScript.",
        title="Tags", css=[
            ".tags { display: flex; gap: 6px; margin: 40px; padding: 0; list-style: none; }",
            ".tags a { padding: 2px 10px; border-radius: 6px; background: #f3f4f6; color: #374151; "
            "font-size: 0.85rem; text-decoration: none; }",
        ],
        body=[h("ul", [h("li", h("a", t, href="#")) for t in ["HTML", "CSS", "JavaScript"]], cls="tags",
                aria_label="Tags")],
    ),
]


def buttons_badges() -> list[dict]:
    return [row("buttons_badges", s, render_simple(s)) for s in BUTTON_SPECS]


# =============================================================================
# Modals and dialogs: native <dialog open> (with method="dialog" forms that
# close it without script) and :target overlays.
# =============================================================================

OVERLAY_CSS = [
    ".overlay { position: fixed; inset: 0; display: grid; place-items: center; background: rgba(15, 23, 42, 0.55); }",
    "dialog { position: static; max-width: 400px; padding: 24px; border: 0; border-radius: 12px; }",
    "dialog h2 { margin: 0 0 8px; }",
]


def dialog_buttons(*buttons: tuple[str, str, str]) -> El:
    """A method="dialog" form: submitting it closes the dialog, no JavaScript needed."""
    return h("form", [h("button", label, value=value, cls=cls) for label, value, cls in buttons],
             method="dialog", cls="actions")


ACTIONS_CSS = ".actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 20px; }"


BUTTON_BASE = "button { padding: 8px 16px; border: 1px solid transparent; border-radius: 6px; font: inherit; }"


def button_css(cls: str, bg: str, fg: str, border: str | None = None) -> list[str]:
    """The shared button rule plus one colour variant (page() drops the repeated base rule)."""
    edge = f" border-color: {border};" if border else ""
    return [BUTTON_BASE, f".{cls} {{ background: {bg}; color: {fg};{edge} }}"]


def _join_keys(keys: list[str]) -> list:
    """<kbd>Ctrl</kbd> + <kbd>K</kbd>: keys joined by a visible plus sign."""
    out: list = []
    for i, key in enumerate(keys):
        out += [" + "] * (i > 0) + [h("kbd", key)]
    return out


MODAL_SPECS = [
    dict(
        instruction='Create a confirmation dialog asking "Delete this project?" with Cancel and Delete buttons, '
                    'shown open over a dimmed page. Use the native dialog element.',
        title="Delete project", css=[
            *OVERLAY_CSS, "dialog p { margin: 0; color: #4b5563; }", ACTIONS_CSS,
            *button_css("cancel", "#ffffff", "#111827", "#d1d5db"), *button_css("delete", "#dc2626", "#ffffff"),
        ],
        body=[h("div", h("dialog", h("h2", "Delete this project?", id="delete-title"),
                         h("p", "“Website redesign” and its tasks will be deleted for good."),
                         dialog_buttons(("Cancel", "cancel", "cancel"), ("Delete", "delete", "delete")),
                         open=True, aria_labelledby="delete-title"), cls="overlay")],
    ),
    dict(
        instruction='Make a modal that opens when you click a "Read the terms" link and closes with a close link. '
                    'Pure CSS with :target, no JavaScript.',
        title="Terms modal", css=[
            "main { padding: 40px; }",
            ".modal { position: fixed; inset: 0; display: none; place-items: center; background: rgba(0, 0, 0, 0.5); }",
            ".modal:target { display: grid; }",
            ".box { position: relative; max-width: 460px; padding: 28px; border-radius: 10px; background: #ffffff; }",
            ".close { position: absolute; top: 12px; right: 16px; color: #6b7280; text-decoration: none; }",
            "a { color: #2563eb; }",
        ],
        body=[h("main", h("h1", "Create your account"), h("p", "By signing up you agree to our terms. ",
                                                          h("a", "Read the terms", href="#terms"))),
              h("div", h("div", h("a", "Close", href="#", cls="close"), h("h2", "Terms of use"),
                         h("p", "You must be 16 or older. Keep your password private."),
                         cls="box", role="dialog", aria_modal="true", aria_label="Terms of use"),
                id="terms", cls="modal")],
    ),
    dict(
        instruction="Cookie consent dialog fixed to the bottom of the screen with Accept all, Reject and Settings "
                    "buttons.",
        title="Cookie consent", font=HUMANIST, css=[
            "dialog { position: fixed; bottom: 16px; left: 16px; right: 16px; padding: 16px; border: 0; "
            "border-radius: 12px; background: #1f2937; color: #f9fafb; display: flex; flex-wrap: wrap; "
            "align-items: center; gap: 16px; }",
            "dialog p { flex: 1 1 320px; margin: 0; }",
            "dialog a { color: #93c5fd; }",
            ".actions { display: flex; gap: 8px; }",
            *button_css("accept", "#22c55e", "#052e16"), *button_css("reject", "#374151", "#f9fafb"),
            ".settings { background: none; color: #d1d5db; text-decoration: underline; }",
        ],
        body=[h("dialog", h("p", "We use cookies to keep you signed in. ",
                            h("a", "Cookie policy", href="#")),
                dialog_buttons(("Settings", "settings", "settings"), ("Reject", "reject", "reject"),
                               ("Accept all", "accept", "accept")), open=True, aria_label="Cookie consent")],
    ),
    dict(
        instruction="Popup modal for Tidewater Goods inviting visitors to get 10% off their first order by joining "
                    "the newsletter: heading, email field, a Subscribe button and a close button in the corner.",
        title="Tidewater Goods – 10% off", font=SERIF, css=[
            *OVERLAY_CSS,
            "dialog { position: relative; text-align: center; background: #fffaf0; }",
            ".close { position: absolute; top: 8px; right: 8px; background: none; font-size: 1.5rem; }",
            "dialog form { display: flex; gap: 8px; margin-top: 16px; }",
            "input { flex: 1; padding: 8px; border: 1px solid #d6c7a1; border-radius: 6px; }",
            *button_css("subscribe", "#0f766e", "#ffffff"),
        ],
        body=[h("div", h("dialog",
                         h("form", h("button", "×", cls="close", aria_label="Close"), method="dialog"),
                         h("h2", "Get 10% off your first order"),
                         h("p", "Join the Tidewater Goods newsletter."),
                         h("form", h("input", type="email", name="email", placeholder="Your email",
                                     aria_label="Email address", required=True),
                           h("button", "Subscribe", type="submit", cls="subscribe"), action="#", method="post"),
                         open=True), cls="overlay")],
    ),
    dict(
        instruction="Session timeout warning dialog: \"You'll be signed out in 2 minutes\" with \"Stay signed in\" "
                    "and \"Sign out\" buttons.",
        title="Session timeout", css=[
            *OVERLAY_CSS, "dialog p { color: #4b5563; }", ACTIONS_CSS,
            *button_css("signout", "#ffffff", "#374151", "#d1d5db"), *button_css("stay", "#2563eb", "#ffffff"),
        ],
        body=[h("div", h("dialog", h("h2", "You'll be signed out in 2 minutes"),
                         h("p", "We sign you out after 30 minutes without activity."),
                         dialog_buttons(("Sign out", "signout", "signout"), ("Stay signed in", "stay", "stay")),
                         open=True, role="alertdialog"), cls="overlay")],
    ),
    dict(
        instruction="CSS-only lightbox: three thumbnails (coloured blocks instead of photos) that open a large view "
                    "with :target, with a close link.",
        title="Gallery", bg="#f8fafc", css=[
            ".thumbs { display: flex; gap: 12px; padding: 40px; }",
            ".thumbs a { width: 120px; height: 90px; border-radius: 8px; }",
            ".lightbox { position: fixed; inset: 0; display: none; place-items: center; "
            "background: rgba(0, 0, 0, 0.85); }",
            ".lightbox:target { display: grid; }",
            ".lightbox div { width: min(80vw, 720px); aspect-ratio: 4 / 3; border-radius: 12px; }",
            ".lightbox a { position: absolute; top: 20px; right: 28px; color: #ffffff; }",
            ".sunset { background: linear-gradient(135deg, #fb923c, #be185d); }",
            ".forest { background: linear-gradient(135deg, #4ade80, #14532d); }",
            ".ocean { background: linear-gradient(135deg, #38bdf8, #1e3a8a); }",
        ],
        body=[h("div", [h("a", href=f"#{n}", cls=n, aria_label=f"Open {n} photo")
                        for n in ["sunset", "forest", "ocean"]],
                cls="thumbs"),
              [h("div", h("a", "Close", href="#"), h("div", cls=n, role="img", aria_label=f"{n.title()} photo"),
                 id=n, cls="lightbox") for n in ["sunset", "forest", "ocean"]]],
    ),
    dict(
        instruction="\"Invite teammate\" dialog with an email field, a role dropdown (Viewer, Editor, Admin) and "
                    "Cancel / Send invite buttons.",
        title="Invite teammate", font=HUMANIST, css=[
            *OVERLAY_CSS, "dialog { width: 360px; }",
            "label { display: block; margin: 12px 0 4px; font-weight: 600; }",
            "input, select { width: 100%; box-sizing: border-box; padding: 8px 10px; border: 1px solid #d1d5db; "
            "border-radius: 6px; font: inherit; }",
            ACTIONS_CSS, *button_css("cancel", "#ffffff", "#374151", "#d1d5db"),
            *button_css("send", "#4f46e5", "#ffffff"),
        ],
        body=[h("div", h("dialog", h("h2", "Invite teammate"),
                         h("form", field("Email", "invite-email", "email", placeholder="name@example.com",
                                         required=True),
                           field("Role", "role", "select", options=["Viewer", "Editor", "Admin"]),
                           h("div", h("button", "Cancel", value="cancel", formmethod="dialog", cls="cancel"),
                             h("button", "Send invite", type="submit", cls="send"), cls="actions"),
                           action="#", method="post"),
                         open=True), cls="overlay")],
    ),
    dict(
        instruction="Payment success dialog with a green tick, the order number and amount, and a \"Back to shop\" "
                    "button.",
        input="Order: #A-20931; amount: $64.00; accent #16a34a",
        title="Payment received", css=[
            *OVERLAY_CSS, "dialog { text-align: center; }",
            ".tick { width: 56px; height: 56px; margin: 0 auto 12px; border-radius: 50%; background: #dcfce7; "
            "position: relative; }",
            ".tick::after { content: \"\"; position: absolute; left: 20px; top: 14px; width: 12px; height: 22px; "
            "border: solid #16a34a; border-width: 0 4px 4px 0; transform: rotate(45deg); }",
            "dialog p { margin: 4px 0; color: #4b5563; }",
            *button_css("back", "#16a34a", "#ffffff"), ".back { margin-top: 16px; }",
        ],
        body=[h("div", h("dialog", h("div", cls="tick", aria_hidden="true"), h("h2", "Payment received"),
                         h("p", "Order ", h("strong", "#A-20931")), h("p", "Amount paid: $64.00"),
                         h("form", h("button", "Back to shop", cls="back"), method="dialog"), open=True),
                cls="overlay")],
    ),
    dict(
        instruction="Keyboard shortcuts help modal.",
        input="Shortcuts: Ctrl+K search, Ctrl+S save, Ctrl+/ show help, Esc close dialogs; dark theme",
        title="Keyboard shortcuts", css=[
            *OVERLAY_CSS, "dialog { width: 340px; background: #18181b; color: #e4e4e7; }",
            "dl { display: grid; grid-template-columns: 1fr auto; gap: 10px; margin: 16px 0 0; }",
            "dd { margin: 0; text-align: right; }",
            "kbd { padding: 2px 6px; border: 1px solid #52525b; border-radius: 4px; background: #27272a; "
            "font-size: 0.85rem; }",
        ],
        body=[h("div", h("dialog", h("h2", "Keyboard shortcuts"), h("dl", [
            [h("dt", action), h("dd", _join_keys(keys))] for action, keys in [
                ("Search", ["Ctrl", "K"]), ("Save", ["Ctrl", "S"]), ("Show help", ["Ctrl", "/"]),
                ("Close dialogs", ["Esc"])]]), open=True, aria_label="Keyboard shortcuts"), cls="overlay")],
    ),
    dict(
        instruction="Simple dialog that says \"Your changes have been saved.\" with an OK button that closes it, "
                    "using the dialog element and no JavaScript.",
        title="Saved", css=[
            "dialog { padding: 24px; border: 1px solid #e5e7eb; border-radius: 10px; text-align: center; }",
            "dialog p { margin: 0 0 16px; }",
            *button_css("ok", "#2563eb", "#ffffff"),
        ],
        body=[h("dialog", h("p", "Your changes have been saved."),
                h("form", h("button", "OK", cls="ok"), method="dialog"), open=True)],
    ),
    dict(
        instruction="Mobile bottom-sheet dialog with share options: Copy link, Email and Message, plus a Cancel "
                    "button.",
        title="Share", css=[
            "body { min-height: 100vh; background: #e5e7eb; }",
            "dialog { position: fixed; left: 0; right: 0; bottom: 0; width: 100%; max-width: none; margin: 0; "
            "padding: 20px; box-sizing: border-box; border: 0; border-radius: 16px 16px 0 0; }",
            "dialog h2 { margin: 0 0 12px; font-size: 1rem; text-align: center; }",
            "dialog button { display: block; width: 100%; padding: 14px; border: 0; border-bottom: 1px solid "
            "#f3f4f6; background: none; font: inherit; text-align: left; cursor: pointer; }",
            "dialog .cancel { margin-top: 8px; color: #dc2626; text-align: center; }",
        ],
        body=[h("dialog", h("h2", "Share"),
                h("form", [h("button", x, value=slug(x)) for x in ["Copy link", "Email", "Message"]],
                  h("button", "Cancel", value="cancel", cls="cancel"), method="dialog"),
                open=True, aria_label="Share")],
    ),
    dict(
        instruction="Language picker dialog that lists English, Español, Deutsch and Français as links, with "
                    "English marked as current.",
        title="Choose language", css=[
            *OVERLAY_CSS,
            "dialog ul { margin: 0; padding: 0; list-style: none; }",
            "dialog a { display: block; padding: 8px 0; color: #1d4ed8; }",
            "dialog a[aria-current] { font-weight: 700; color: #111827; }",
        ],
        body=[h("div", h("dialog", h("h2", "Choose language"), h("ul", [
            h("li", h("a", lang, href="#", lang=code, aria_current="true" if code == "en" else None))
            for lang, code in [("English", "en"), ("Español", "es"), ("Deutsch", "de"), ("Français", "fr")]]),
            open=True), cls="overlay")],
    ),
]


def modals() -> list[dict]:
    return [row("modal_dialog", s, render_simple(s)) for s in MODAL_SPECS]


# =============================================================================
# Footers.
# =============================================================================


def link_column(heading: str, links: list[str]) -> El:
    return h("div", h("h3", heading), h("ul", [h("li", h("a", x, href="#")) for x in links]))


FOOTER_COLUMNS_CSS = [
    ".cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 32px; "
    "max-width: 1000px; margin: 0 auto; }",
    ".cols h3 { margin: 0 0 12px; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.06em; }",
    ".cols ul { list-style: none; margin: 0; padding: 0; }",
    ".cols li { margin-bottom: 8px; }",
]

FOOTER_SPECS = [
    dict(
        instruction="Write a simple centred footer with \"© 2025 Lumen Labs\" and links to Privacy, Terms and "
                    "Contact.",
        title="Lumen Labs", css=[
            "footer { padding: 24px; border-top: 1px solid #e5e7eb; text-align: center; color: #6b7280; "
            "font-size: 0.9rem; }",
            "footer nav { margin-top: 8px; }",
            "footer a { margin: 0 10px; color: #374151; text-decoration: none; }",
            "footer a:hover { text-decoration: underline; }",
        ],
        body=[h("footer", h("p", "© 2025 Lumen Labs"), h("nav", nav_links(["Privacy", "Terms", "Contact"]),
                                                              aria_label="Legal"))],
    ),
    dict(
        instruction="Dark four-column footer for Northstar: a short brand blurb, then Product, Company and "
                    "Resources link columns, and a copyright line at the bottom.",
        title="Northstar", css=[
            "footer { padding: 48px 24px 24px; background: #111827; color: #9ca3af; }",
            *FOOTER_COLUMNS_CSS,
            ".cols h3 { color: #ffffff; }",
            ".brand strong { color: #ffffff; font-size: 1.2rem; }",
            "footer a { color: #9ca3af; text-decoration: none; }",
            "footer a:hover { color: #ffffff; }",
            ".legal { max-width: 1000px; margin: 32px auto 0; padding-top: 16px; border-top: 1px solid #1f2937; "
            "font-size: 0.85rem; }",
        ],
        body=[h("footer", h("div", h("div", h("strong", "Northstar"),
                                     h("p", "Route planning for delivery teams of every size."), cls="brand"),
                            link_column("Product", ["Features", "Pricing", "Integrations"]),
                            link_column("Company", ["About", "Careers", "Press"]),
                            link_column("Resources", ["Help centre", "API docs", "Status"]), cls="cols"),
                h("p", "© 2025 Northstar Logistics Ltd. All rights reserved.", cls="legal"))],
    ),
    dict(
        instruction="Footer with a newsletter signup on the left and social links (Instagram, LinkedIn, YouTube) "
                    "on the right, for Greenhouse Collective.",
        title="Greenhouse Collective", font=HUMANIST, css=[
            "footer { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 32px; padding: 40px 32px; "
            "background: #ecfdf5; color: #064e3b; }",
            "footer h2 { margin: 0 0 8px; font-size: 1.1rem; }",
            "footer form { display: flex; gap: 8px; }",
            "footer input { padding: 8px 12px; border: 1px solid #6ee7b7; border-radius: 6px; }",
            "footer button { padding: 8px 16px; border: 0; border-radius: 6px; background: #047857; color: #ffffff; }",
            ".social a { display: block; margin-bottom: 6px; color: #047857; }",
        ],
        body=[h("footer",
                h("div", h("h2", "Greenhouse Collective newsletter"),
                  h("form", h("input", type="email", name="email", placeholder="Email address",
                              aria_label="Email address", required=True),
                    h("button", "Subscribe", type="submit"), action="#", method="post")),
                h("nav", h("h2", "Follow us"), [h("a", x, href="#") for x in ["Instagram", "LinkedIn", "YouTube"]],
                  cls="social", aria_label="Social media"))],
    ),
    dict(
        instruction="Restaurant footer for Casa Nopal with the address, phone number, opening hours and a link to "
                    "book a table.",
        title="Casa Nopal", font=SERIF, css=[
            "footer { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 24px; "
            "padding: 40px 32px; background: #3f2a1d; color: #fde7c8; }",
            "footer h2 { margin: 0 0 8px; font-size: 1.1rem; color: #ffffff; }",
            "footer p { margin: 0 0 6px; }",
            "dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 16px; margin: 0; }",
            "dd { margin: 0; }",
            "footer a { color: #fbbf24; }",
        ],
        body=[h("footer",
                h("div", h("h2", "Casa Nopal"), h("p", "88 Market Lane, Portland"), h("p", "(503) 555-0148"),
                  h("p", h("a", "Book a table", href="#"))),
                h("div", h("h2", "Opening hours"),
                  h("dl", [[h("dt", d), h("dd", t)] for d, t in [("Mon", "Closed"), ("Tue–Thu", "5pm–10pm"),
                                                                   ("Fri–Sat", "5pm–11pm"), ("Sun", "12pm–9pm")]])))],
    ),
    dict(
        instruction="Page layout where the footer stays at the bottom of the window even when there is little "
                    "content: header, short main and footer, using flexbox.",
        title="Sticky footer", centre="column", css=[
            "header, footer { padding: 16px 24px; background: #f1f5f9; }",
            "main { flex: 1; padding: 24px; }",
            "footer { color: #64748b; font-size: 0.9rem; }",
        ],
        body=[h("header", h("strong", "My site")), h("main", h("h1", "Short page"),
                                                       h("p", "Only a little content here, yet the footer stays at "
                                                              "the bottom.")),
              h("footer", "© 2025 My site")],
    ),
    dict(
        instruction="Footer for Atlas Maps with a \"Back to top\" link, a language dropdown (English, Deutsch, "
                    "Français, Español) and a copyright line.",
        title="Atlas Maps", css=[
            "html { scroll-behavior: smooth; }",
            "footer { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 16px; "
            "padding: 20px 32px; background: #1e3a8a; color: #dbeafe; }",
            "footer a { color: #ffffff; }",
            "footer select { padding: 6px 8px; border-radius: 6px; border: 0; font: inherit; }",
            "footer label { margin-right: 8px; }",
        ],
        body=[h("footer", h("a", "Back to top", href="#top"), h("p", "© 2025 Atlas Maps"),
                h("div", h("label", "Language", for_="lang"),
                  h("select", [h("option", x) for x in ["English", "Deutsch", "Français", "Español"]], id="lang",
                    name="lang")), id="bottom")],
    ),
    dict(
        instruction="Footer for a charity, Riverbank Trust: mission line, a Donate button, contact email and the "
                    "registered charity number 1180342.",
        title="Riverbank Trust", font=HUMANIST, css=[
            "footer { padding: 40px 24px; background: #f0f9ff; text-align: center; color: #0c4a6e; }",
            "footer h2 { margin: 0; }",
            ".donate { display: inline-block; margin: 16px 0; padding: 12px 28px; border-radius: 999px; "
            "background: #0284c7; color: #ffffff; font-weight: 700; text-decoration: none; }",
            ".small { margin: 4px 0; font-size: 0.85rem; color: #475569; }",
            "footer a { color: #0369a1; }",
        ],
        body=[h("footer", h("h2", "Riverbank Trust"), h("p", "Keeping our rivers clean, wild and open to everyone."),
                h("a", "Donate", href="#", cls="donate"),
                h("p", "hello@riverbanktrust.example", cls="small"),
                h("p", "Registered charity no. 1180342", cls="small"))],
    ),
    dict(
        instruction="Footer with three link columns and a status line.",
        input="Brand: Kestrel Labs; columns: Products, Developers, Company; background #0b1120; show a green dot "
              "with All systems operational",
        title="Kestrel Labs", css=[
            "footer { padding: 48px 24px 24px; background: #0b1120; color: #94a3b8; }",
            *FOOTER_COLUMNS_CSS,
            ".cols h3 { color: #e2e8f0; }",
            "footer a { color: #94a3b8; text-decoration: none; }",
            ".bottom { display: flex; justify-content: space-between; max-width: 1000px; margin: 32px auto 0; "
            "font-size: 0.85rem; }",
            ".status::before { content: \"\"; display: inline-block; width: 8px; height: 8px; margin-right: 8px; "
            "border-radius: 50%; background: #22c55e; }",
        ],
        body=[h("footer", h("div", link_column("Products", ["Kestrel Edge", "Kestrel Vault", "Pricing"]),
                            link_column("Developers", ["Docs", "API reference", "Changelog"]),
                            link_column("Company", ["About", "Blog", "Careers"]), cls="cols"),
                h("div", h("span", "© 2025 Kestrel Labs"), h("a", "All systems operational", href="#",
                                                            cls="status"), cls="bottom"))],
    ),
    dict(
        instruction="Tiny one-line footer for my personal blog: \"Made by Sam Rivera\", plus RSS and GitHub links, "
                    "small grey text with a thin line above.",
        title="Sam Rivera", font=SERIF, css=[
            "footer { max-width: 640px; margin: 48px auto; padding-top: 16px; border-top: 1px solid #e5e7eb; "
            "color: #9ca3af; font-size: 0.85rem; }",
            "footer a { color: #6b7280; }",
        ],
        body=[h("footer", "Made by Sam Rivera · ", h("a", "RSS", href="/feed.xml"), " · ",
                h("a", "GitHub", href="#"))],
    ),
    dict(
        instruction="Shop footer with the accepted payment methods (Visa, Mastercard, PayPal, Apple Pay) shown as "
                    "small text badges, plus the copyright.",
        title="Payment methods", css=[
            "footer { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; "
            "gap: 16px; padding: 20px 32px; border-top: 1px solid #e5e7eb; color: #6b7280; font-size: 0.85rem; }",
            ".payments { display: flex; gap: 6px; margin: 0; padding: 0; list-style: none; }",
            ".payments li { padding: 2px 8px; border: 1px solid #d1d5db; border-radius: 4px; color: #374151; "
            "font-weight: 600; }",
        ],
        body=[h("footer", h("p", "© 2025 Fern & Field"),
                h("ul", [h("li", x) for x in ["Visa", "Mastercard", "PayPal", "Apple Pay"]], cls="payments",
                  aria_label="Payment methods"))],
    ),
    dict(
        instruction="Footer for a law firm website.",
        input="Firm: Hale & Rowe Solicitors; SRA number 612345; links: Privacy notice, Complaints, Cookies",
        title="Hale & Rowe Solicitors", font=SERIF, css=[
            "footer { padding: 24px 32px; background: #1c1917; color: #d6d3d1; font-size: 0.85rem; }",
            "footer p { margin: 0 0 8px; }",
            "footer a { margin-right: 16px; color: #e7e5e4; }",
        ],
        body=[h("footer", h("p", "© 2025 Hale & Rowe Solicitors. Authorised and regulated by the Solicitors "
                                 "Regulation Authority, SRA number 612345."),
                h("nav", nav_links(["Privacy notice", "Complaints", "Cookies"]), aria_label="Legal"))],
    ),
]


def footers() -> list[dict]:
    return [row("footer", s, render_simple(s)) for s in FOOTER_SPECS]


# =============================================================================
# FAQ / accordions with <details> and <summary>.
# =============================================================================


def render_faq(s: dict) -> str:
    a = s["accent"]
    dark = s.get("dark")
    marker = s.get("marker", "accent")  # "plus": +/− on the right instead of the default triangle
    name = s.get("exclusive")

    def item(q, ans, open_=False):
        return h("details", h("summary", q), h("p", ans), open=open_, name=name)

    groups = s["groups"] if "groups" in s else [(None, s["items"])]
    body = [h("h1", s["heading"]), s.get("intro") and h("p", s["intro"], cls="intro")]
    first = True
    for heading, items in groups:
        if heading:
            body.append(h("h2", heading))
        for q, ans in items:
            body.append(item(q, ans, open_=first and s.get("open_first", False)))
            first = False
    body.append(s.get("after"))
    line = "#334155" if dark else "#e5e7eb"
    colour = " color: #e2e8f0;" if dark else ""
    background = f" background: {s.get('bg', '#0f172a' if dark else '')};" if dark or "bg" in s else ""
    css = [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)};{background}{colour} }}",
        f"main {{ max-width: {s.get('width', 680)}px; margin: 48px auto; padding: 0 24px; }}",
    ]
    if s.get("cards"):
        css += [f"details {{ margin-bottom: 12px; padding: 0 16px; border-radius: 10px; "
                f"background: {tint(a, 0.9)}; }}"]
    else:
        css += [f"details {{ border-bottom: 1px solid {line}; }}"]
    flex = " display: flex; justify-content: space-between; list-style: none;" if marker == "plus" else ""
    css += [
        f"summary {{ padding: 16px 0; font-weight: 600;{flex} }}",
        f"details p {{ margin: 0 0 16px; color: {'#94a3b8' if dark else '#4b5563'}; }}",
    ]
    if marker == "plus":
        css += ["summary::-webkit-details-marker { display: none; }",
                f"summary::after {{ content: \"+\"; color: {a}; font-size: 1.3rem; line-height: 1; }}",
                "details[open] summary::after { content: \"−\"; }"]
    elif marker == "accent":
        css.append(f"summary::marker {{ color: {a}; }}")
    if s.get("groups"):
        css.append(f"h2 {{ margin: 32px 0 4px; font-size: 1rem; color: {a}; text-transform: uppercase; "
                   f"letter-spacing: 0.05em; }}")
    if s.get("intro"):
        css.append(f".intro {{ color: {'#94a3b8' if dark else '#6b7280'}; }}")
    css += s.get("css", [])
    return page(s["title"], css, [h("main", body)])


FAQ_SPECS = [
    dict(
        instruction="Create an FAQ section for an online shop using details/summary: delivery time, delivery cost, "
                    "returns, exchanges and international shipping. Open the first question by default.",
        title="Help – Delivery and returns", accent="#2563eb", marker="accent", open_first=True,
        heading="Delivery and returns",
        items=[("How long does delivery take?", "Usually 2–3 working days."),
               ("How much does delivery cost?", "$4.95, or free on orders over $50."),
               ("Can I return an item?", "Yes, within 30 days if it is unused."),
               ("Can I exchange for a different size?", "Return the item and place a new order."),
               ("Do you ship internationally?", "Yes, to the EU, the UK and Canada.")],
    ),
    dict(
        instruction="FAQ accordion for a SaaS billing page with + and − indicators instead of the default "
                    "triangles.",
        title="Billing FAQ", accent="#7c3aed", font=HUMANIST, marker="plus", heading="Billing questions",
        items=[("Can I change plans later?", "Yes. Upgrades apply at once; downgrades at the end of the period."),
               ("Do you offer refunds?", "Annual plans can be refunded within 14 days."),
               ("Is VAT included?", "No, VAT is added at checkout based on your address.")],
    ),
    dict(
        instruction="FAQ page for Ironbark Gym split into two groups, \"Membership\" and \"Classes\", with a few "
                    "questions in each.",
        title="Ironbark Gym – FAQ", accent="#dc2626", font=CLASSIC, marker="accent", heading="Frequently asked "
                                                                                             "questions",
        groups=[("Membership", [("Is there a joining fee?", "No joining fee on any plan, and no minimum contract."),
                                ("Can I freeze my membership?", "You can freeze for up to 3 months a year for $5 a "
                                                               "month.")]),
                ("Classes", [("Do I need to book classes?", "Yes, book up to 7 days ahead in the app. Spaces are "
                                                            "limited to 20."),
                             ("Are classes included?", "All classes are included in the Standard and Plus plans."),
                             ("What if I'm late?", "Doors close 5 minutes after the start for safety.")])],
    ),
    dict(
        instruction="Admissions FAQ for Harlow College where only one answer can be open at a time, without "
                    "JavaScript.",
        title="Admissions FAQ – Harlow College", accent="#1e40af", font=SERIF, exclusive="admissions",
        heading="Admissions FAQ",
        items=[("When is the application deadline?", "Applications for September close on 31 January."),
               ("What grades do I need?", "Most courses ask for at least five GCSEs at grade 5 or above."),
               ("Can I visit before applying?", "Yes. Open days run every month; book a place online."),
               ("Is there financial support?", "Bursaries are available for travel, meals and equipment.")],
    ),
    dict(
        instruction="FAQ for Happy Paws dog daycare, with a \"Still have questions?\" box at the bottom that has a "
                    "phone number and email.",
        title="Happy Paws – FAQ", accent="#ea580c", font=HUMANIST, cards=True, heading="Happy Paws FAQ",
        items=[("What vaccinations does my dog need?", "Distemper, parvovirus and kennel cough."),
               ("What are your opening hours?", "Monday to Friday, 7am to 7pm."),
               ("Do you take puppies?", "Yes, from 16 weeks old.")],
        after=h("p", h("strong", "Still have questions?"), " Call 0161 496 0192 or email ",
                h("a", "hello@happypaws.example", href="#"), ".", cls="help"),
        css=[".help { margin-top: 24px; padding: 16px; border: 2px dashed #fdba74; border-radius: 10px; }"],
    ),
    dict(
        instruction="Dark-themed API FAQ covering rate limits, authentication, SDKs and webhooks, with code "
                    "snippets in monospace.",
        title="API FAQ", accent="#38bdf8", dark=True, heading="API FAQ",
        items=[("What are the rate limits?", ["1,000 requests per minute per key. Every response includes a ",
                                              h("code", "RateLimit-Remaining"), " header."]),
               ("How do I authenticate?", ["Send your key in the ", h("code", "Authorization"), " header as ",
                                           h("code", "Bearer YOUR_KEY"), "."]),
               ("Are there official SDKs?", ["Yes, for Python, JavaScript and Go. For Python, run ",
                                             h("code", "pip install example-api"), "."]),
               ("How do webhooks retry?", "Failed deliveries are retried 5 times with exponential backoff.")],
        css=["code { padding: 1px 6px; border-radius: 4px; background: #1e293b; font-family: " + MONO + "; }"],
    ),
    dict(
        instruction="FAQ page for a music festival.",
        input="Festival: Meadowlark Festival, 18–20 July; questions: tickets, camping, what to bring, accessibility, "
              "refunds",
        title="Meadowlark Festival – FAQ", accent="#65a30d", bg="#fefce8", font=HUMANIST, cards=True,
        heading="Meadowlark Festival FAQ", intro="18–20 July",
        items=[("Where do I get tickets?", "Only from our website. Tickets are e-tickets on your phone."),
               ("Can I camp?", "Yes, camping is included with weekend tickets."),
               ("What should I bring?", "Photo ID, a refillable bottle, sun cream and a rain jacket."),
               ("Is the site accessible?", "Yes, with accessible campsites and viewing platforms. Carers go free."),
               ("Can I get a refund?", "No, but you can resell tickets on our official exchange.")],
    ),
    dict(
        instruction="Two-column FAQ for a weekend photography workshop where each question and answer sits in its "
                    "own card.",
        title="Photography workshop FAQ", accent="#0f766e", width=960, cards=True, marker="accent",
        heading="Workshop FAQ",
        items=[("Do I need a professional camera?", "No. Any camera with manual mode works, even a recent phone."),
               ("How big are the groups?", "A maximum of eight people per tutor."),
               ("Is lunch included?", "Yes, lunch and coffee are included on both days."),
               ("What if it rains?", "We move to the studio and work on lighting and portraits.")],
        css=["main { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; align-items: start; }",
             "main h1 { grid-column: 1 / -1; }", "details { margin: 0; }",
             "@media (max-width: 640px) {\n  main { grid-template-columns: 1fr; }\n}"],
    ),
    dict(
        instruction="Elegant FAQ for Elmstead Barn, a wedding venue, in a serif font with four questions.",
        title="Elmstead Barn – FAQ", accent="#a16207", font=SERIF, bg="#fdfbf7", marker="accent",
        heading="Questions from couples",
        items=[("How many guests can the barn hold?", "Up to 140 for dinner."),
               ("Can we bring our own caterer?", "Yes, from our list of approved caterers."),
               ("Is there accommodation?", "The farmhouse sleeps 12 and there are hotels within 10 minutes."),
               ("Can we have the ceremony outdoors?", "Yes, in the orchard, with the barn as a wet-weather backup.")],
        css=["h1 { font-weight: 400; font-size: 2.4rem; text-align: center; }"],
    ),
    dict(
        instruction="FAQ accordion for a smart lamp product page.",
        input="Product: Lumo smart lamp; 4 questions about setup, Wi-Fi, warranty and the app; accent #f59e0b; "
              "marker on the right",
        title="Lumo smart lamp – FAQ", accent="#f59e0b", marker="plus", heading="Lumo smart lamp FAQ",
        items=[("How do I set up my Lumo?", "Plug it in and open the Lumo app."),
               ("Does it need Wi-Fi?", "Only for the app features."),
               ("What is the warranty?", "Two years."),
               ("Which phones does the app support?", "iOS 15+ and Android 10+.")],
    ),
    dict(
        instruction="Single FAQ item using details and summary: \"What is your return policy?\"",
        title="Return policy", accent="#334155", heading="Returns",
        items=[("What is your return policy?", "You can return unworn items within 30 days for a full refund.")],
    ),
    dict(
        instruction="Small FAQ block for a grocery delivery app.",
        input="Questions: Do you deliver on Sundays? Can I change my order after paying? Accent #0891b2",
        title="Delivery FAQ", accent="#0891b2", cards=True, heading="Quick answers",
        items=[("Do you deliver on Sundays?", "Yes, between 10am and 4pm."),
               ("Can I change my order after paying?", "Yes, until 8pm the evening before delivery.")],
    ),
]


def faqs() -> list[dict]:
    return [row("faq_accordion", s, render_faq(s)) for s in FAQ_SPECS]


# =============================================================================
# Alerts, banners, toasts and callouts.
# =============================================================================

ALERT_KINDS = {  # border, background, text
    "success": ("#86efac", "#f0fdf4", "#166534"),
    "info": ("#93c5fd", "#eff6ff", "#1e40af"),
    "warning": ("#fcd34d", "#fffbeb", "#92400e"),
    "error": ("#fca5a5", "#fef2f2", "#991b1b"),
}


def alert_css(kinds) -> list[str]:
    return [".alert { padding: 14px 16px; margin-bottom: 12px; border: 1px solid; border-left-width: 5px; "
            "border-radius: 8px; }"] + [f".alert.{k} {{ border-color: {ALERT_KINDS[k][0]}; "
                                        f"background: {ALERT_KINDS[k][1]}; color: {ALERT_KINDS[k][2]}; }}"
                                        for k in kinds]


ALERT_SPECS = [
    dict(
        instruction="Create four alert boxes — success, info, warning and error — each with a bold title and a "
                    "short message.",
        title="Alerts", css=[MAIN_NARROW, *alert_css(ALERT_KINDS), ".alert strong { display: block; }"],
        body=[h("main", [h("p", h("strong", t), " " + m, cls="alert " + k,
                           role="alert" if k in ("warning", "error") else "status") for k, t, m in [
            ("success", "Profile saved", "Your changes are live."),
            ("info", "New feature", "Reports can now be exported as PDF."),
            ("warning", "Storage almost full", "You have used 92% of 10 GB."),
            ("error", "Upload failed", "Files must be under 25 MB.")]])],
    ),
    dict(
        instruction="Info alert that the user can dismiss with a close button, without any JavaScript.",
        title="Dismissible alert", css=[
            MAIN_NARROW, *alert_css(["info"]),
            ".alert { display: flex; justify-content: space-between; align-items: start; gap: 12px; }",
            ".alert p { margin: 0; }",
            ".alert label { font-size: 1.25rem; line-height: 1; cursor: pointer; }",
            ".dismiss:checked + .alert { display: none; }",
        ],
        body=[h("main", h("input", type="checkbox", id="dismiss-1", cls="dismiss", hidden=True),
                h("div", h("p", "We've updated our privacy policy. ", h("a", "Read what changed", href="#")),
                  h("label", "×", for_="dismiss-1", aria_label="Dismiss"), cls="alert info", role="status"))],
    ),
    dict(
        instruction="Maintenance banner across the top of the page: \"Scheduled maintenance on Saturday "
                    "02:00–04:00 UTC\" with a link for more details.",
        title="Maintenance notice", css=[
            ".banner { padding: 10px 16px; background: #fef3c7; color: #78350f; text-align: center; "
            "border-bottom: 1px solid #fcd34d; }",
            ".banner a { color: inherit; font-weight: 600; }",
            "main { padding: 24px; }",
        ],
        body=[h("div", "Scheduled maintenance on Saturday 02:00–04:00 UTC. ", h("a", "More details", href="#"),
                cls="banner", role="status"),
              h("main", h("h1", "Dashboard"), h("p", "Welcome back."))],
    ),
    dict(
        instruction="Form validation error summary at the top of a form listing two errors as links to the "
                    "fields, plus the email field itself marked invalid with an inline message.",
        title="Fix the errors", css=[
            MAIN_NARROW, *alert_css(["error"]),
            ".alert h2 { margin: 0 0 8px; font-size: 1.1rem; }",
            ".alert ul { margin: 0; padding-left: 20px; }",
            ".alert a { color: inherit; }",
            "label { display: block; margin: 16px 0 4px; font-weight: 600; }",
            "input { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #d1d5db; "
            "border-radius: 6px; font: inherit; }",
            "input[aria-invalid=\"true\"] { border: 2px solid #dc2626; }",
            ".error-text { margin: 4px 0 0; color: #b91c1c; font-size: 0.9rem; }",
        ],
        body=[h("main", h("div", h("h2", "There are 2 problems with your form"),
                          h("ul", h("li", h("a", "Enter an email address like name@example.com", href="#email")),
                            h("li", h("a", "Choose a password of at least 8 characters", href="#password"))),
                          cls="alert error", role="alert"),
                h("form", h("label", "Email", for_="email"),
                  h("input", type="email", id="email", name="email", value="sam@", aria_invalid="true",
                    aria_describedby="email-error"),
                  h("p", "Enter an email address like name@example.com", id="email-error", cls="error-text"),
                  h("label", "Password", for_="password"),
                  h("input", type="password", id="password", name="password", aria_invalid="true"),
                  action="#", method="post"))],
    ),
    dict(
        instruction="Three toast notifications stacked in the bottom-right corner: \"File uploaded\", \"Link "
                    "copied\" and \"Connection lost\", each with a coloured left edge.",
        title="Toasts", font=HUMANIST, css=[
            ".toasts { position: fixed; right: 20px; bottom: 20px; display: flex; flex-direction: column; gap: 10px; "
            "width: 280px; margin: 0; padding: 0; list-style: none; }",
            ".toast { padding: 12px 16px; border-radius: 8px; background: #ffffff; border-left: 4px solid; "
            "box-shadow: 0 6px 16px rgba(0, 0, 0, 0.12); }",
            ".toast.ok { border-color: #22c55e; }",
            ".toast.neutral { border-color: #64748b; }",
            ".toast.bad { border-color: #ef4444; }",
        ],
        body=[h("ul", [h("li", t, cls="toast " + c) for t, c in [("File uploaded", "ok"), ("Link copied", "neutral"),
                                                              ("Connection lost", "bad")]],
                cls="toasts", role="status", aria_live="polite")],
    ),
    dict(
        instruction="Error alert for a failed payment with a title, an explanation and two actions: Retry "
                    "payment and View details.",
        title="Payment failed", css=[
            MAIN_NARROW, *alert_css(["error"]),
            ".alert h2 { margin: 0; font-size: 1.1rem; }",
            ".alert p { margin: 6px 0 14px; }",
            ".alert button, .alert a { padding: 8px 14px; border-radius: 6px; font: inherit; font-size: 0.9rem; }",
            ".alert button { border: 0; background: #dc2626; color: #ffffff; cursor: pointer; }",
            ".alert a { color: #991b1b; }",
        ],
        body=[h("main", h("div", h("h2", "Payment failed"),
                          h("p", "Your card ending in 4242 was declined. No money has been taken."),
                          h("button", "Retry payment", type="button"), h("a", "View details", href="#"),
                          cls="alert error", role="alert"))],
    ),
    dict(
        instruction="Documentation callout boxes: Note, Tip and Caution, each with a coloured left border and a "
                    "label.",
        title="Callouts", font=HUMANIST, css=[
            MAIN_NARROW,
            ".callout { margin: 16px 0; padding: 12px 16px; border-left: 4px solid; border-radius: 0 6px 6px 0; }",
            ".callout strong { display: block; margin-bottom: 4px; font-size: 0.8rem; text-transform: uppercase; "
            "letter-spacing: 0.05em; }",
            ".note { border-color: #3b82f6; background: #eff6ff; }",
            ".tip { border-color: #10b981; background: #ecfdf5; }",
            ".caution { border-color: #f97316; background: #fff7ed; }",
        ],
        body=[h("main", [h("aside", h("strong", label), text, cls="callout " + label.lower()) for label, text in [
            ("Note", "Settings are saved per project, not per account."),
            ("Tip", "Press the question mark key to see every shortcut."),
            ("Caution", "Deleting a project also deletes its API keys.")]])],
    ),
    dict(
        instruction="Slim announcement bar: \"Free shipping on orders over $50\" with a \"Shop now\" link, dark "
                    "background.",
        title="Announcement", css=[
            ".announcement { margin: 0; padding: 10px 16px; background: #111827; color: #f9fafb; text-align: center; "
            "font-size: 0.9rem; }",
            ".announcement a { margin-left: 8px; color: #fbbf24; font-weight: 600; }",
        ],
        body=[h("p", "Free shipping on orders over $50", h("a", "Shop now", href="#"), cls="announcement")],
    ),
    dict(
        instruction="Warning banner for a SaaS dashboard about the end of the free trial.",
        input="Type: warning; colours: #b45309 text on #fffbeb; message: Your trial ends in 3 days; include an "
              "Upgrade link",
        title="Trial ending", css=[
            ".trial { display: flex; justify-content: space-between; align-items: center; gap: 16px; margin: 24px; "
            "padding: 14px 18px; border: 1px solid #fcd34d; border-radius: 8px; background: #fffbeb; color: #b45309; }",
            ".trial p { margin: 0; }",
            ".trial a { padding: 6px 14px; border-radius: 6px; background: #b45309; color: #ffffff; "
            "text-decoration: none; font-weight: 600; }",
        ],
        body=[h("div", h("p", h("strong", "Your trial ends in 3 days."), " Upgrade to keep your projects and data."),
                h("a", "Upgrade", href="#"), cls="trial", role="alert")],
    ),
    dict(
        instruction='Inline success message to show under a contact form after sending: "Thanks! We\'ll be in '
                    'touch within 24 hours."',
        title="Message sent", css=[
            MAIN_NARROW,
            ".success { padding: 12px 16px; border-radius: 8px; background: #ecfdf5; color: #065f46; "
            "border: 1px solid #a7f3d0; }",
        ],
        body=[h("main", h("p", "Thanks! We'll be in touch within 24 hours.", cls="success", role="status"))],
    ),
    dict(
        instruction="Offline banner fixed to the bottom of the screen: \"You're offline. Changes will sync when you "
                    "reconnect.\"",
        title="Offline", css=[
            ".offline { position: fixed; left: 50%; bottom: 20px; transform: translateX(-50%); margin: 0; "
            "padding: 10px 18px; border-radius: 999px; background: #1f2937; color: #f9fafb; font-size: 0.9rem; }",
        ],
        body=[h("p", "You're offline. Changes will sync when you reconnect.", cls="offline", role="status")],
    ),
    dict(
        instruction="Info notice with a small inline SVG \"i\" icon: orders placed after 3pm ship the next working "
                    "day.",
        title="Shipping notice", css=[
            ".notice { display: flex; align-items: center; gap: 10px; max-width: 520px; margin: 40px auto; "
            "padding: 12px 16px; border-radius: 8px; background: #eff6ff; color: #1e40af; }",
            ".notice svg { flex: none; }",
            ".notice p { margin: 0; }",
        ],
        body=[h("div", h("svg", h("circle", cx="10", cy="10", r="9", fill="none", stroke="currentColor",
                                  stroke_width="2"),
                         h("path", d="M10 9v5M10 6v.5", stroke="currentColor", stroke_width="2"),
                         viewBox="0 0 20 20", width="20", height="20", aria_hidden="true"),
                h("p", "Orders placed after 3pm ship the next working day."), cls="notice", role="note")],
    ),
    dict(
        instruction="Password field showing an error: red outline and the message \"Password must be at least 8 "
                    "characters.\" under it.",
        title="Password error", css=[
            MAIN_NARROW,
            "label { display: block; margin-bottom: 6px; font-weight: 600; }",
            "input { width: 100%; box-sizing: border-box; padding: 10px; border: 2px solid #dc2626; "
            "border-radius: 6px; font: inherit; }",
            ".error { margin: 6px 0 0; color: #b91c1c; font-size: 0.9rem; }",
        ],
        body=[h("main", h("label", "Password", for_="password"),
                h("input", type="password", id="password", name="password", aria_invalid="true",
                  aria_describedby="password-error"),
                h("p", "Password must be at least 8 characters.", id="password-error", cls="error"))],
    ),
    dict(
        instruction="CSS-only tooltip: a small round \"?\" button next to the word \"Email\" that shows \"We never "
                    "share your email\" on hover or keyboard focus.",
        title="Tooltip", css=[
            ".tip { position: relative; display: inline-block; margin: 60px 40px; }",
            ".tip button { width: 22px; height: 22px; border: 0; border-radius: 50%; background: #e5e7eb; }",
            ".tip [role=\"tooltip\"] { position: absolute; left: 50%; bottom: 130%; transform: translateX(-50%); "
            "display: none; padding: 6px 10px; border-radius: 6px; background: #111827; color: #ffffff; "
            "font-size: 0.8rem; white-space: nowrap; }",
            ".tip:hover [role=\"tooltip\"], .tip:focus-within [role=\"tooltip\"] { display: block; }",
        ],
        body=[h("span", "Email ", h("button", "?", type="button", aria_describedby="email-tip"),
                h("span", "We never share your email", id="email-tip", role="tooltip"), cls="tip")],
    ),
]


def alerts() -> list[dict]:
    return [row("alerts", s, render_simple(s)) for s in ALERT_SPECS]


# =============================================================================
# Timelines and step trackers.
# =============================================================================


def vertical_timeline_css(colour: str, dot_bg: str = "#ffffff") -> list[str]:
    return [
        ".timeline { list-style: none; padding-left: 24px; border-left: 2px solid #e5e7eb; }",
        ".timeline > li { position: relative; padding: 0 0 16px 16px; }",
        f".timeline > li::before {{ content: \"\"; position: absolute; left: -33px; top: 4px; width: 12px; "
        f"height: 12px; border: 3px solid {colour}; border-radius: 50%; background: {dot_bg}; }}",
        f".timeline time {{ font-weight: 700; color: {colour}; }}",
        ".timeline h2 { margin: 0; font-size: 1.05rem; }",
    ]


def timeline_items(items) -> list[El]:
    return [h("li", h("time", label, datetime=iso), h("h2", title), text and h("p", text))
            for iso, label, title, text in items]


TIMELINE_SPECS = [
    dict(
        instruction="Vertical timeline of our company history for Fernhill Coffee, from opening the first café in "
                    "2016 to 2024.",
        title="Our story – Fernhill Coffee", css=[MAIN_NARROW, *vertical_timeline_css("#92400e")],
        body=[h("main", h("h1", "Our story"), h("ol", timeline_items([
            ("2016", "2016", "First café opens", "A six-seat espresso bar on Mill Road."),
            ("2018", "2018", "We start roasting", "A second-hand roaster in the back room."),
            ("2021", "2021", "Online shop launches", "Beans delivered to 4,000 homes in year one."),
            ("2024", "2024", "Second café", "With a barista training lab upstairs.")]),
            cls="timeline"))],
    ),
    dict(
        instruction="Horizontal order tracking steps: Ordered, Packed, Shipped, Out for delivery, Delivered. The "
                    "order is currently Shipped.",
        title="Track your order", font=HUMANIST, css=[
            MAIN_NARROW.replace("640px", "760px"),
            ".tracker { display: flex; list-style: none; margin: 32px 0; padding: 0; }",
            ".tracker li { flex: 1; position: relative; padding-top: 28px; text-align: center; font-size: 0.9rem; "
            "color: #9ca3af; }",
            ".tracker li::before { content: \"\"; position: absolute; top: 0; left: 50%; width: 16px; height: 16px; "
            "margin-left: -8px; border-radius: 50%; background: #e5e7eb; z-index: 1; }",
            ".tracker li::after { content: \"\"; position: absolute; top: 7px; left: -50%; width: 100%; "
            "height: 2px; background: #e5e7eb; }",
            ".tracker li:first-child::after { display: none; }",
            ".tracker .done, .tracker .current { color: #111827; }",
            ".tracker .done::before, .tracker .done::after, .tracker .current::before, .tracker .current::after "
            "{ background: #16a34a; }",
            ".tracker .current { font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Order #10517"), h("p", "Estimated delivery: Friday, 14 March"),
                h("ol", [h("li", step, cls=c, aria_current="step" if c == "current" else None) for step, c in [
                    ("Ordered", "done"), ("Packed", "done"), ("Shipped", "current"), ("Out for delivery", None),
                    ("Delivered", None)]], cls="tracker"))],
    ),
    dict(
        instruction="Product roadmap timeline by quarter (Q1–Q4 2025) with a status label on each item: Done, In "
                    "progress or Planned.",
        title="Roadmap 2025", css=[
            MAIN_NARROW, *vertical_timeline_css("#4f46e5"),
            ".status { margin-left: 8px; padding: 1px 8px; border-radius: 999px; font-size: 0.75rem; "
            "font-weight: 600; }",
            ".done { background: #dcfce7; color: #166534; }",
            ".progress { background: #fef3c7; color: #92400e; }",
            ".planned { background: #f3f4f6; color: #4b5563; }",
        ],
        body=[h("main", h("h1", "Roadmap 2025"), h("ol", [
            h("li", h("time", q, datetime=iso), h("span", st, cls="status " + c), h("h2", t), h("p", d))
            for q, iso, t, d, st, c in [
                ("Q1", "2025-01", "Dark mode", "Every screen, following the system setting.", "Done", "done"),
                ("Q2", "2025-04", "Offline sync", "Edit without a connection and sync later.", "In progress",
                 "progress"),
                ("Q3", "2025-07", "Shared workspaces", "Invite teammates and share folders.", "Planned", "planned"),
                ("Q4", "2025-10", "Public API", "Read and write your data from other tools.", "Planned",
                 "planned")]], cls="timeline"))],
    ),
    dict(
        instruction="Wedding day schedule as a timeline: ceremony at 2pm, drinks reception, dinner, speeches, "
                    "first dance and carriages at midnight. Elegant serif style.",
        title="The day – Anna & Luca", font=SERIF, bg="#fdfaf6", css=[
            MAIN_NARROW,
            ".schedule { list-style: none; padding: 0; }",
            ".schedule li { padding: 10px 0; border-bottom: 1px solid #e7dccb; }",
            ".schedule time { display: inline-block; width: 90px; color: #a16207; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Anna & Luca · The day"), h("ol", [
            h("li", h("time", t, datetime=iso), " " + what) for t, iso, what in [
                ("2:00 pm", "14:00", "Ceremony in the walled garden"), ("3:00 pm", "15:00", "Drinks reception"),
                ("5:30 pm", "17:30", "Dinner in the orangery"), ("7:30 pm", "19:30", "Speeches"),
                ("9:00 pm", "21:00", "First dance"), ("12:00 am", "00:00", "Carriages")]], cls="schedule"))],
    ),
    dict(
        instruction="Conference agenda for one morning: time, talk title, speaker and room for each slot.",
        title="Agenda – Day 1", font=HUMANIST, css=[
            MAIN_NARROW.replace("640px", "720px"),
            ".agenda { list-style: none; padding: 0; }",
            ".agenda li { display: flex; gap: 20px; padding: 16px 0; border-top: 1px solid #e5e7eb; }",
            ".agenda time { flex: 0 0 56px; font-weight: 700; color: #0e7490; }",
            ".agenda h2 { margin: 0; font-size: 1.05rem; }",
            ".agenda p { margin: 4px 0 0; color: #6b7280; }",
        ],
        body=[h("main", h("h1", "Day 1 – Morning"), h("ol", [
            h("li", h("time", t, datetime=t), h("div", h("h2", title), h("p", f"{who} · {room}")))
            for t, title, who, room in [
                ("09:00", "Opening keynote: The next ten years of the web", "Dana Whitfield", "Main hall"),
                ("10:00", "Designing forms people can finish", "Kofi Mensah", "Room A"),
                ("11:00", "Coffee break", "Everyone", "Foyer"),
                ("11:30", "CSS you can delete today", "Isabel Ortega", "Room B")]], cls="agenda"))],
    ),
    dict(
        instruction="Work experience section for a CV as a timeline: three jobs with dates, job title, company and "
                    "one line about each.",
        title="Experience – Jordan Lee", css=[
            MAIN_NARROW, *vertical_timeline_css("#0f766e", "#0f766e"),
            ".timeline .company { color: #111827; font-weight: 600; }",
        ],
        body=[h("main", h("h1", "Experience"), h("ol", [
            h("li", h("time", dates, datetime=iso), h("h2", job), h("p", h("span", company, cls="company"), " — ",
                                                                        text))
            for dates, iso, job, company, text in [
                ("2022 – now", "2022", "Senior Frontend Developer", "Brightpath",
                 "Leading the design system used by four product teams."),
                ("2019 – 2022", "2019", "Frontend Developer", "Orchard Health",
                 "Built the patient booking app used by 200 clinics."),
                ("2017 – 2019", "2017", "Junior Web Developer", "Pixel & Co",
                 "Marketing sites and email templates for retail clients.")]], cls="timeline"))],
    ),
    dict(
        instruction="Alternating left/right timeline with a centre line showing key moments in web history: the "
                    "first website (1991), JavaScript (1995), CSS (1996), the first HTML5 draft (2008) and HTML5 "
                    "becoming a W3C Recommendation (2014).",
        title="A short history of the web", css=[
            ".timeline { position: relative; max-width: 800px; margin: 40px auto; padding: 0; list-style: none; }",
            ".timeline::before { content: \"\"; position: absolute; left: 50%; top: 0; bottom: 0; width: 2px; "
            "background: #cbd5e1; }",
            ".timeline li { position: relative; width: 50%; padding: 0 32px 32px; box-sizing: border-box; }",
            ".timeline li:nth-child(odd) { text-align: right; }",
            ".timeline li:nth-child(even) { margin-left: 50%; }",
            ".timeline li::after { content: \"\"; position: absolute; top: 4px; width: 14px; height: 14px; "
            "border-radius: 50%; background: #2563eb; }",
            ".timeline li:nth-child(odd)::after { right: -7px; }",
            ".timeline li:nth-child(even)::after { left: -7px; }",
            ".timeline time { font-size: 1.4rem; font-weight: 800; color: #2563eb; }",
            ".timeline p { margin: 4px 0 0; }",
            "h1 { text-align: center; }",
        ],
        body=[h("h1", "A short history of the web"), h("ol", [
            h("li", h("time", y, datetime=y), h("p", t)) for y, t in [
                ("1991", "The first website goes live at CERN."), ("1995", "JavaScript is created at Netscape."),
                ("1996", "CSS level 1 becomes a W3C Recommendation."), ("2008", "The first public HTML5 draft."),
                ("2014", "HTML5 becomes a W3C Recommendation.")]], cls="timeline")],
    ),
    dict(
        instruction="Changelog page as a timeline of releases, each with a version number, date and a short list "
                    "of changes.",
        title="Changelog", font=HUMANIST, css=[
            MAIN_NARROW, *vertical_timeline_css("#7c3aed"),
            ".timeline ul { margin: 6px 0 0; padding-left: 18px; color: #4b5563; }",
            ".version { font-family: " + MONO + "; font-size: 0.9rem; color: #6b7280; margin-left: 8px; }",
        ],
        body=[h("main", h("h1", "Changelog"), h("ol", [
            h("li", h("time", date, datetime=iso), h("span", v, cls="version"), h("ul", [h("li", c) for c in changes]))
            for v, date, iso, changes in [
                ("v2.4.0", "3 March 2025", "2025-03-03", ["Bulk edit for tags", "Faster search on large projects"]),
                ("v2.3.1", "12 February 2025", "2025-02-12", ["Fixed CSV export with commas in names"]),
                ("v2.3.0", "28 January 2025", "2025-01-28", ["Calendar view", "Keyboard shortcuts for lists",
                                                            "Removed the legacy theme"])]], cls="timeline"))],
    ),
    dict(
        instruction="Project milestone timeline.",
        input="Milestones: Kickoff (Mar 3), Design review (Mar 24), Beta (May 12), Launch (Jun 30); mark Beta as the "
              "current milestone",
        title="Project milestones", css=[
            MAIN_NARROW, *vertical_timeline_css("#94a3b8"),
            ".timeline .done::before { border-color: #16a34a; background: #16a34a; }",
            ".timeline .current::before { border-color: #2563eb; box-shadow: 0 0 0 4px #bfdbfe; }",
            ".timeline .current h2 { color: #2563eb; }",
            ".timeline time { color: #6b7280; }",
        ],
        body=[h("main", h("h1", "Project milestones"), h("ol", [
            h("li", h("time", d, datetime=iso), h("h2", t), cls=c, aria_current="step" if c == "current" else None)
            for t, d, iso, c in [("Kickoff", "Mar 3", "2025-03-03", "done"),
                                 ("Design review", "Mar 24", "2025-03-24", "done"),
                                 ("Beta", "May 12", "2025-05-12", "current"),
                                 ("Launch", "Jun 30", "2025-06-30", None)]], cls="timeline"))],
    ),
    dict(
        instruction="Three numbered steps in a row explaining how a budgeting app works: Sign up, Connect your bank, "
                    "Get insights.",
        title="How it works", font=HUMANIST, css=[
            ".steps { display: flex; gap: 16px; max-width: 720px; margin: 40px auto; padding: 0; list-style: none; "
            "counter-reset: step; }",
            ".steps li { flex: 1; counter-increment: step; text-align: center; }",
            ".steps li::before { content: counter(step); display: block; width: 36px; height: 36px; "
            "margin: 0 auto 8px; border-radius: 50%; background: #0d9488; color: #ffffff; line-height: 36px; "
            "font-weight: 700; }",
        ],
        body=[h("ol", [h("li", x) for x in ["Sign up", "Connect your bank", "Get insights"]], cls="steps")],
    ),
    dict(
        instruction="Today's agenda as a simple vertical list with times: 09:00 Stand-up, 12:30 Lunch with Sara, "
                    "15:00 Design review.",
        title="Today", css=[
            MAIN_NARROW,
            ".agenda { padding: 0; list-style: none; border-left: 3px solid #6366f1; }",
            ".agenda li { padding: 6px 16px; }",
            ".agenda time { display: inline-block; width: 56px; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Today"), h("ol", [h("li", h("time", t, datetime=t), " " + what) for t, what in [
            ("09:00", "Stand-up"), ("12:30", "Lunch with Sara"), ("15:00", "Design review")]], cls="agenda"))],
    ),
]


def timelines() -> list[dict]:
    return [row("timeline", s, render_simple(s)) for s in TIMELINE_SPECS]


# =============================================================================
# Profile cards (avatars are CSS circles with initials: no remote images).
# =============================================================================


PROFILE_SPECS = [
    dict(
        instruction='Profile card for Maya Chen, UX researcher: round avatar with her initials, name, role, a '
                    'short bio and "Follow" and "Message" buttons.',
        title="Maya Chen", bg="#f1f5f9", centre="grid", css=[
            ".card { width: 300px; padding: 32px 24px; border-radius: 16px; background: #ffffff; text-align: center; }",
            avatar_css(88, "#0d9488", extra=" margin: 0 auto 12px;"),
            ".card h1 { margin: 0; font-size: 1.3rem; }",
            ".role { margin: 4px 0 12px; color: #0d9488; font-weight: 600; }",
            ".actions { display: flex; gap: 8px; }",
            ".actions a { flex: 1; padding: 10px; border-radius: 8px; text-decoration: none; }",
            ".follow { background: #0d9488; color: #ffffff; }",
            ".message { border: 1px solid #cbd5e1; color: #334155; }",
        ],
        body=[h("article", avatar("Maya Chen"), h("h1", "Maya Chen"), h("p", "UX Researcher", cls="role"),
                h("p", "I talk to users so product teams don't have to guess."),
                h("div", h("a", "Follow", href="#", cls="follow"), h("a", "Message", href="#", cls="message"),
                  cls="actions"), cls="card")],
    ),
    dict(
        instruction="\"Meet the team\" section with three team members in a grid: initials avatar, name and job "
                    "title for each.",
        title="Meet the team", css=[
            "section { max-width: 900px; margin: 48px auto; padding: 0 24px; text-align: center; }",
            ".team { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 24px; }",
            avatar_css(96, "#6366f1", extra=" margin: 0 auto;"),
        ],
        body=[h("section", h("h2", "Meet the team"), h("div", [
            h("div", avatar(n), h("h3", n), h("p", r)) for n, r in [
                ("Ella Brooks", "Founder & CEO"), ("Tomás Rivera", "Head of Engineering"),
                ("Aisha Karim", "Product Designer")]], cls="team"))],
    ),
    dict(
        instruction="Social media style profile header with avatar, name, @handle, and a stats row showing 214 "
                    "posts, 12.4k followers and 380 following.",
        title="Leo Martins (@leomakes)", css=[
            ".profile { max-width: 520px; margin: 48px auto; padding: 0 24px; text-align: center; }",
            avatar_css(104, "linear-gradient(135deg, #f97316, #db2777)", extra=" margin: 0 auto 12px;"),
            ".profile h1 { margin: 0; }",
            ".handle { margin: 2px 0 20px; color: #6b7280; }",
            ".stats { display: flex; justify-content: center; gap: 32px; }",
            ".stats div { display: flex; flex-direction: column-reverse; }",
            ".stats dd { margin: 0; font-size: 1.3rem; font-weight: 700; }",
        ],
        body=[h("header", avatar("Leo Martins"), h("h1", "Leo Martins"), h("p", "@leomakes", cls="handle"),
                h("dl", [h("div", h("dt", label), h("dd", value)) for label, value in [
                    ("posts", "214"), ("followers", "12.4k"), ("following", "380")]], cls="stats"),
                cls="profile")],
    ),
    dict(
        instruction="Developer profile card with name, title, location, skill tags (TypeScript, React, Node.js, "
                    "PostgreSQL, Docker) and links to GitHub and a personal site.",
        title="Priya Shah – Developer", bg="#0f172a", fg="#e2e8f0", css=[
            ".card { max-width: 420px; margin: 48px auto; padding: 28px; border: 1px solid #1e293b; "
            "border-radius: 14px; background: #111827; }",
            ".top { display: flex; gap: 16px; align-items: center; }",
            avatar_css(64, "#22d3ee", "#0f172a"),
            ".card h1 { margin: 0; font-size: 1.25rem; }",
            ".card p { margin: 2px 0 0; color: #94a3b8; }",
            ".tags { display: flex; flex-wrap: wrap; gap: 6px; margin: 20px 0; padding: 0; list-style: none; }",
            ".tags li { padding: 3px 10px; border-radius: 999px; background: #1e293b; color: #67e8f9; "
            "font-size: 0.85rem; }",
            ".links a { margin-right: 16px; color: #e2e8f0; }",
        ],
        body=[h("article", h("div", avatar("Priya Shah"),
                             h("div", h("h1", "Priya Shah"), h("p", "Full-stack developer · Bengaluru")), cls="top"),
                h("ul", [h("li", t) for t in ["TypeScript", "React", "Node.js", "PostgreSQL", "Docker"]], cls="tags"),
                h("p", h("a", "GitHub", href="#"), h("a", "priyashah.dev", href="#"), cls="links"), cls="card")],
    ),
    dict(
        instruction="Horizontal business-card style contact card: name, job title, company, email and phone.",
        title="Contact card", font=HUMANIST, bg="#f5f5f4", css=[
            ".contact { display: flex; gap: 20px; align-items: center; max-width: 460px; margin: 64px auto; "
            "padding: 24px; border-radius: 12px; background: #ffffff; border-left: 6px solid #b45309; }",
            avatar_css(72, "#fde68a", "#78350f", extra=" flex: none;"),
            ".contact h1 { margin: 0; font-size: 1.2rem; }",
            ".contact p { margin: 2px 0; color: #57534e; }",
            ".contact a { color: #b45309; }",
        ],
        body=[h("article", avatar("Samuel Adeyemi"),
                h("div", h("h1", "Samuel Adeyemi"), h("p", "Operations Manager, Tallis Freight"),
                  h("p", h("a", "samuel.adeyemi@tallis.example", href="mailto:samuel.adeyemi@tallis.example")),
                  h("p", h("a", "+44 20 7946 0852", href="tel:+442079460852"))), cls="contact")],
    ),
    dict(
        instruction="Dark profile card with a gradient cover banner at the top and the round avatar overlapping "
                    "the bottom edge of the banner.",
        title="Profile", bg="#18181b", fg="#f4f4f5", css=[
            ".card { width: 320px; margin: 48px auto; overflow: hidden; border-radius: 16px; background: #27272a; "
            "text-align: center; }",
            ".cover { height: 110px; background: linear-gradient(120deg, #8b5cf6, #06b6d4); }",
            avatar_css(92, "#3f3f46", extra=" margin: -46px auto 0; border: 4px solid #27272a;"),
            ".card h1 { margin: 12px 0 0; font-size: 1.3rem; }",
            ".card p { margin: 4px 24px 24px; color: #a1a1aa; }",
        ],
        body=[h("article", h("div", cls="cover"), avatar("Nina Okafor"), h("h1", "Nina Okafor"),
                h("p", "Illustrator and animator. Drawing robots, plants and the occasional cat."), cls="card")],
    ),
    dict(
        instruction="Author bio box to place at the end of a blog post: avatar, \"Written by\" label, name, two "
                    "sentences of bio and a link to more posts.",
        title="About the author", font=SERIF, css=[
            ".author { display: flex; gap: 20px; max-width: 640px; margin: 48px auto; padding: 24px; "
            "border-top: 2px solid #111827; border-bottom: 1px solid #e5e7eb; }",
            avatar_css(72, "#111827", extra=" flex: none;"),
            ".label { margin: 0; font: 600 0.75rem system-ui, sans-serif; letter-spacing: 0.08em; "
            "text-transform: uppercase; color: #6b7280; }",
            ".author h2 { margin: 2px 0 8px; }",
            ".author p { margin: 0 0 8px; }",
            ".author a { color: #b91c1c; }",
        ],
        body=[h("aside", avatar("Clara Jensen"),
                h("div", h("p", "Written by", cls="label"), h("h2", "Clara Jensen"),
                  h("p", "Clara writes about food, travel and the places where the two meet. She lives in "
                         "Copenhagen with two bikes and a sourdough starter."),
                  h("a", "More posts by Clara", href="#")), cls="author")],
    ),
    dict(
        instruction="Doctor profile card for a clinic website: name, specialty, languages spoken, next available "
                    "appointment and a \"Book appointment\" button.",
        title="Dr. Omar Haddad", font=HUMANIST, bg="#f0f9ff", css=[
            ".card { max-width: 380px; margin: 48px auto; padding: 28px; border-radius: 14px; background: #ffffff; }",
            avatar_css(80, "#0284c7", extra=" margin-bottom: 12px;"),
            ".card h1 { margin: 0; font-size: 1.3rem; }",
            ".specialty { margin: 2px 0 16px; color: #0284c7; font-weight: 600; }",
            "dl { display: grid; grid-template-columns: auto 1fr; gap: 6px 12px; margin: 0 0 20px; }",
            "dd { margin: 0; }",
            ".book { display: block; padding: 12px; border-radius: 8px; background: #0284c7; color: #ffffff; "
            "text-align: center; text-decoration: none; font-weight: 600; }",
        ],
        body=[h("article", avatar("Omar Haddad"), h("h1", "Dr. Omar Haddad"), h("p", "Cardiologist", cls="specialty"),
                h("dl", h("dt", "Languages"), h("dd", "English, Arabic, French"), h("dt", "Next available"),
                  h("dd", "Tue 18 March, 10:30")),
                h("a", "Book appointment", href="#", cls="book"), cls="card")],
    ),
    dict(
        instruction="Profile card for a designer.",
        input="Name: Elena Petrova; role: Product Designer at Lumen; location: Berlin; stats: 48 projects, 2.1k "
              "followers; accent #0ea5e9",
        title="Elena Petrova", bg="#f8fafc", centre="grid", css=[
            ".card { width: 300px; padding: 28px; border-radius: 16px; background: #ffffff; text-align: center; "
            "border-top: 6px solid #0ea5e9; }",
            avatar_css(84, "#0ea5e9", extra=" margin: 0 auto 12px;"),
            ".card h1 { margin: 0; font-size: 1.3rem; }",
            ".card p { margin: 4px 0; color: #64748b; }",
            ".stats { display: flex; justify-content: center; gap: 24px; margin-top: 16px; }",
            ".stats strong { display: block; font-size: 1.2rem; color: #0f172a; }",
        ],
        body=[h("article", avatar("Elena Petrova"), h("h1", "Elena Petrova"), h("p", "Product Designer at Lumen"),
                h("p", "Berlin"),
                h("div", h("span", h("strong", "48"), "projects"), h("span", h("strong", "2.1k"), "followers"),
                  cls="stats"), cls="card")],
    ),
    dict(
        instruction='Freelancer card for a marketplace: name, skill, hourly rate, rating "4.9 (87 reviews)", a '
                    'green "Available for work" badge and a Hire button.',
        title="Hire Marco Bianchi", css=[
            ".card { max-width: 340px; margin: 48px auto; padding: 24px; border: 1px solid #e5e7eb; "
            "border-radius: 14px; }",
            ".head { display: flex; gap: 14px; align-items: center; }",
            avatar_css(60, "#4f46e5"),
            ".card h1 { margin: 0; font-size: 1.15rem; }",
            ".card p { margin: 2px 0; color: #6b7280; }",
            ".badge { display: inline-block; margin: 16px 0 8px; padding: 3px 10px; border-radius: 999px; "
            "background: #dcfce7; color: #166534; font-size: 0.85rem; font-weight: 600; }",
            ".row { display: flex; justify-content: space-between; }",
            ".rate { font-size: 1.3rem; font-weight: 700; color: #111827; }",
            ".hire { display: block; margin-top: 16px; padding: 10px; border-radius: 8px; background: #4f46e5; "
            "color: #ffffff; text-align: center; text-decoration: none; font-weight: 600; }",
        ],
        body=[h("article", h("div", avatar("Marco Bianchi"),
                             h("div", h("h1", "Marco Bianchi"), h("p", "WordPress developer")), cls="head"),
                h("span", "Available for work", cls="badge"),
                h("div", h("p", h("span", "$65", cls="rate"), " / hour"), h("p", "4.9 (87 reviews)"), cls="row"),
                h("a", "Hire Marco", href="#", cls="hire"), cls="card")],
    ),
    dict(
        instruction="Small user chip for a comment header: initials avatar, name and role on one row.",
        title="User chip", css=[
            ".chip { display: inline-flex; align-items: center; gap: 10px; margin: 40px; }",
            avatar_css(36, "#0ea5e9"),
            ".chip strong { display: block; }",
            ".chip span { color: #6b7280; font-size: 0.85rem; }",
        ],
        body=[h("div", avatar("Rosa Vega"), h("div", h("strong", "Rosa Vega"), h("span", "Moderator")), cls="chip")],
    ),
    dict(
        instruction="Staff card for a café website.",
        input="Name: Kenji Watanabe; role: Barista; favourite drink: Cortado; accent #a16207",
        title="Kenji Watanabe", font=HUMANIST, centre="grid", bg="#fefce8", css=[
            ".card { width: 240px; padding: 24px; border-radius: 14px; background: #ffffff; text-align: center; }",
            avatar_css(72, "#a16207", extra=" margin: 0 auto 10px;"),
            ".card h1 { margin: 0; font-size: 1.2rem; }",
            ".card p { margin: 4px 0 0; color: #78716c; }",
        ],
        body=[h("article", avatar("Kenji Watanabe"), h("h1", "Kenji Watanabe"), h("p", "Barista"),
                h("p", "Favourite drink: Cortado"), cls="card")],
    ),
    dict(
        instruction="Avatar group: four overlapping round avatars with initials, followed by a \"+3\" bubble.",
        title="Avatar group", css=[
            ".group { display: flex; margin: 40px; }",
            ".group span { display: grid; place-items: center; width: 40px; height: 40px; margin-left: -10px; "
            "border: 2px solid #ffffff; border-radius: 50%; color: #ffffff; font-size: 0.8rem; font-weight: 700; }",
            ".group span:first-child { margin-left: 0; }",
            ".group .more { background: #e5e7eb; color: #374151; }",
        ],
        body=[h("div", [h("span", initials(n), style=f"background: {c};", title=n) for n, c in [
            ("Ada Park", "#ef4444"), ("Ben Ito", "#f59e0b"), ("Cara Holt", "#10b981"), ("Dev Rao", "#3b82f6")]],
                h("span", "+3", cls="more"), cls="group", aria_label="7 members")],
    ),
]


def profile_cards() -> list[dict]:
    return [row("profile_card", s, render_simple(s)) for s in PROFILE_SPECS]


# =============================================================================
# Error pages: 404 and friends.
# =============================================================================

ERROR_SPECS = [
    dict(
        instruction='Create a classic 404 page: a huge "404", the heading "Page not found", one sentence and a '
                    '"Go back home" button.',
        title="404 – Page not found", centre="text", css=[
            ".code { margin: 0; font-size: 8rem; font-weight: 800; line-height: 1; color: #e5e7eb; }",
            "h1 { margin: 8px 0; }",
            "p { color: #6b7280; }",
            ".home { display: inline-block; margin-top: 16px; padding: 12px 24px; border-radius: 8px; "
            "background: #2563eb; color: #ffffff; text-decoration: none; font-weight: 600; }",
        ],
        body=[h("main", h("p", "404", cls="code"), h("h1", "Page not found"),
                h("p", "The page you are looking for doesn't exist or has been moved."),
                h("a", "Go back home", href="/", cls="home"))],
    ),
    dict(
        instruction="404 page with a search box and a short list of helpful links (Home, Shop, Help centre, "
                    "Contact us).",
        title="Page not found", font=HUMANIST, css=[
            "main { max-width: 520px; margin: 80px auto; padding: 0 24px; }",
            "h1 { margin-bottom: 8px; }",
            "form { display: flex; gap: 8px; margin: 24px 0; }",
            "input { flex: 1; padding: 10px 12px; border: 1px solid #d1d5db; border-radius: 6px; font: inherit; }",
            "button { padding: 10px 16px; border: 0; border-radius: 6px; background: #111827; color: #ffffff; "
            "font: inherit; cursor: pointer; }",
            "ul { padding-left: 20px; }",
            "li { margin-bottom: 6px; }",
            "a { color: #2563eb; }",
        ],
        body=[h("main", h("h1", "We couldn't find that page"),
                h("p", "Try searching, or use one of the links below."),
                h("form", h("input", type="search", name="q", placeholder="Search the site", aria_label="Search"),
                  h("button", "Search", type="submit"), action="/search", role="search"),
                h("ul", [h("li", h("a", x, href="#")) for x in ["Home", "Shop", "Help centre", "Contact us"]]))],
    ),
    dict(
        instruction='500 error page: "Something went wrong on our end", a short apology, a "Try again" button and '
                    'a link to the status page.',
        title="500 – Server error", centre="text", css=[
            "main { max-width: 440px; padding: 24px; }",
            ".code { margin: 0; color: #dc2626; font-weight: 700; letter-spacing: 0.1em; }",
            "h1 { margin: 8px 0 12px; }",
            "p { color: #4b5563; }",
            ".retry { display: inline-block; margin: 8px 0 16px; padding: 10px 22px; border-radius: 8px; "
            "background: #dc2626; color: #ffffff; text-decoration: none; font-weight: 600; }",
            "small a { color: #4b5563; }",
        ],
        body=[h("main", h("p", "Error 500", cls="code"), h("h1", "Something went wrong on our end"),
                h("p", "Sorry about that. Our team has been notified and is looking into it."),
                h("a", "Try again", href="", cls="retry"), h("br"),
                h("small", "Check the ", h("a", "status page", href="#"), " for updates."))],
    ),
    dict(
        instruction="Maintenance page (503) saying we'll be back by 06:00 UTC, with a simple CSS-only animated "
                    "progress stripe.",
        title="Down for maintenance", bg="#0f172a", fg="#e2e8f0", centre="text", css=[
            "main { max-width: 460px; padding: 24px; }",
            "p { color: #94a3b8; }",
            ".bar { height: 6px; margin-top: 24px; border-radius: 3px; background: linear-gradient(90deg, "
            "#1e293b 25%, #38bdf8 50%, #1e293b 75%); background-size: 200% 100%; animation: slide 1.5s linear "
            "infinite; }",
            "@keyframes slide {\n  from { background-position: 100% 0; }\n  to { background-position: -100% 0; }\n}",
        ],
        body=[h("main", h("h1", "We're doing some maintenance"),
                h("p", "The site is temporarily unavailable (503). We'll be back by 06:00 UTC."),
                h("div", cls="bar", role="presentation"))],
    ),
    dict(
        instruction="Dark 404 page with a small inline SVG illustration of a planet with a ring and a few stars, "
                    "and the text \"Lost in space\".",
        title="404 – Lost in space", bg="#0b1020", fg="#e0e7ff", centre="text", css=[
            "svg { width: 180px; height: 180px; }",
            "h1 { margin: 16px 0 8px; }",
            "p { color: #a5b4fc; }",
            "a { color: #fbbf24; }",
        ],
        body=[h("main",
                h("svg", h("circle", cx="60", cy="60", r="28", fill="#6366f1"),
                  h("ellipse", cx="60", cy="60", rx="48", ry="12", fill="none", stroke="#fbbf24", stroke_width="3",
                    transform="rotate(-20 60 60)"),
                  h("circle", cx="18", cy="22", r="2", fill="#ffffff"),
                  h("circle", cx="100", cy="16", r="1.5", fill="#ffffff"),
                  h("circle", cx="104", cy="98", r="2", fill="#ffffff"), viewBox="0 0 120 120", role="img",
                  aria_label="A ringed planet"),
                h("h1", "Lost in space"), h("p", "Error 404: this page drifted out of orbit."),
                h("a", "Return to base", href="/"))],
    ),
    dict(
        instruction="Playful 404 page for a bakery called Crumb & Co with the headline \"This page is "
                    "half-baked\" and links to the menu and the homepage.",
        title="404 – Crumb & Co", font=SERIF, bg="#fff7ed", fg="#431407", centre="text", css=[
            ".code { margin: 0; font-size: 6rem; font-weight: 700; color: #fdba74; }",
            "h1 { margin: 0 0 8px; }",
            "a { margin: 0 8px; color: #c2410c; font-weight: 600; }",
        ],
        body=[h("main", h("p", "404", cls="code"), h("h1", "This page is half-baked"),
                h("p", "It's still in the oven. While you wait, take a look at something fresh."),
                h("p", h("a", "See the menu", href="#"), h("a", "Homepage", href="/")))],
    ),
    dict(
        instruction="403 Forbidden page: \"You don't have access to this page\", explain that a workspace admin "
                    "can grant access, and a \"Request access\" button.",
        title="403 – Access denied", font=HUMANIST, bg="#fafafa", centre="text", css=[
            "main { max-width: 420px; padding: 32px; border: 1px solid #e5e7eb; border-radius: 12px; "
            "background: #ffffff; }",
            ".code { margin: 0; color: #9ca3af; font-weight: 600; }",
            "h1 { margin: 8px 0; font-size: 1.4rem; }",
            "p { color: #4b5563; }",
            ".request { display: inline-block; padding: 10px 20px; border-radius: 8px; background: #7c3aed; "
            "color: #ffffff; text-decoration: none; font-weight: 600; }",
        ],
        body=[h("main", h("p", "403 Forbidden", cls="code"), h("h1", "You don't have access to this page"),
                h("p", "Only members of this workspace can view it. A workspace admin can grant you access."),
                h("a", "Request access", href="#", cls="request"))],
    ),
    dict(
        instruction="404 page for a documentation site that suggests three pages the reader may have been "
                    "looking for, each with a one-line description.",
        title="Page not found – Docs", css=[
            "main { max-width: 600px; margin: 72px auto; padding: 0 24px; }",
            ".code { margin: 0; color: #0d9488; font-weight: 700; }",
            "h1 { margin: 4px 0 24px; }",
            ".suggestions { list-style: none; padding: 0; }",
            ".suggestions a { display: block; padding: 14px 16px; margin-bottom: 10px; border: 1px solid #e5e7eb; "
            "border-radius: 8px; color: inherit; text-decoration: none; }",
            ".suggestions a:hover { border-color: #0d9488; }",
            ".suggestions span { display: block; color: #6b7280; font-size: 0.9rem; }",
        ],
        body=[h("main", h("p", "404", cls="code"), h("h1", "This page isn't in the docs"), h("ul", [
            h("li", h("a", h("strong", t), h("span", d), href="#")) for t, d in [
                ("Getting started", "Install the CLI and create your first project."),
                ("Configuration", "Every option in the config file, explained."),
                ("Deploying", "Ship to production with one command.")]], cls="suggestions"))],
    ),
    dict(
        instruction="Error page for a listing that no longer exists.",
        input="Error code: 410; message: This listing has been removed; link back to the search results; colours: "
              "#334155 text on #f8fafc",
        title="410 – Listing removed", bg="#f8fafc", fg="#334155", centre="text", css=[
            ".code { margin: 0; font-size: 4rem; font-weight: 800; }",
            "h1 { margin: 0 0 8px; font-size: 1.5rem; }",
            "a { color: #334155; font-weight: 600; }",
        ],
        body=[h("main", h("p", "410", cls="code"), h("h1", "This listing has been removed"),
                h("p", "The seller has taken it down or it has already been sold."),
                h("a", "← Back to search results", href="#"))],
    ),
    dict(
        instruction="Minimal 404 page that looks like a terminal: black background, green monospace text, a "
                    "prompt line and \"404: page not found\".",
        title="404", bg="#000000", fg="#22c55e", font=MONO, css=[
            "main { padding: 32px; }",
            "p { margin: 0 0 8px; }",
            "a { color: #86efac; }",
        ],
        body=[h("main", h("p", "$ cd /this-page"), h("p", "404: page not found"),
                h("p", "$ ", h("a", "cd ~", href="/")))],
    ),
    dict(
        instruction="429 error page: \"Too many requests\" and a note to try again in 60 seconds.",
        title="429 – Too many requests", font=HUMANIST, centre="text", css=[
            ".code { margin: 0; font-size: 3rem; font-weight: 800; color: #f59e0b; }",
            "h1 { margin: 0 0 8px; }",
            "p { color: #6b7280; }",
        ],
        body=[h("main", h("p", "429", cls="code"), h("h1", "Too many requests"),
                h("p", "You've sent a lot of requests in a short time. Please try again in 60 seconds."))],
    ),
]


def error_pages() -> list[dict]:
    return [row("error_page", s, render_simple(s)) for s in ERROR_SPECS]


# =============================================================================
# Blog posts and article pages. One renderer; CSS rules are added only for the
# elements a post actually uses (blockquote, pre, figure, aside...).
# =============================================================================


def P(*children) -> El:
    return h("p", *children)


def render_article(s: dict) -> str:
    a = s["accent"]
    header = h("header", s.get("kicker") and h("p", s["kicker"], cls="kicker"), h("h1", s["heading"]),
               s.get("meta") and h("p", s["meta"], cls="meta"))
    outer = s.get("outer", "article")  # a blog index is a <main> of <article>s, not one article
    article = h(outer, header, s["content"])
    body = s.get("wrap", lambda art: art)(article)
    found = features_of([body])
    css = [
        f"body {{ margin: 0; font-family: {s.get('font', SERIF)}; background: {s.get('bg', '#ffffff')}; "
        f"color: #1f2937; line-height: 1.7; }}",
        f"{outer} {{ max-width: {s.get('width', 680)}px; margin: 48px auto; padding: 0 24px; }}",
        "h1 { margin: 0 0 8px; font-size: 2.2rem; line-height: 1.2; }",
        "h2 { margin: 32px 0 8px; line-height: 1.3; }",
    ]
    rules = {
        ".kicker": f".kicker {{ margin: 0 0 8px; color: {a}; font: 700 0.8rem {SANS}; text-transform: uppercase; "
                   f"letter-spacing: 0.08em; }}",
        ".meta": f".meta {{ margin: 0 0 32px; color: #6b7280; font: 0.9rem {SANS}; }}",
        "a": f"a {{ color: {a}; }}",
        "blockquote": f"blockquote {{ margin: 32px 0; padding-left: 20px; border-left: 4px solid {a}; "
                      f"font-size: 1.3rem; font-style: italic; }}",
        "pre": "pre { padding: 16px; overflow-x: auto; border-radius: 8px; background: #0f172a; color: #e2e8f0; "
               "font-size: 0.9rem; line-height: 1.5; }",
        "code": f"code {{ font-family: {MONO}; }}",
        "figure": "figure { margin: 32px 0; }",
        ".image": f".image {{ aspect-ratio: 16 / 9; border-radius: 8px; "
                  f"background: linear-gradient(135deg, {tint(a, 0.6)}, {a}); }}",
        "figcaption": f"figcaption {{ margin-top: 8px; color: #6b7280; font: 0.85rem {SANS}; }}",
        ".tip": f".tip {{ padding: 12px 16px; border-radius: 8px; background: {tint(a, 0.9)}; }}",
        ".tags": f".tags {{ display: flex; gap: 8px; padding: 0; list-style: none; font: 0.85rem {SANS}; }}",
        ".bio": f".bio {{ margin-top: 40px; padding: 20px; border-radius: 10px; background: #f3f4f6; "
                f"font: 0.95rem/1.6 {SANS}; }}",
    }
    css += [rule for key, rule in rules.items() if key in found]
    if ".tags" in found:
        css.append(f".tags li {{ padding: 2px 10px; border-radius: 999px; background: {tint(a, 0.88)}; }}")
    css += s.get("css", [])
    return page(s["title"], css, [body])


BLOG_SPECS = [
    dict(
        instruction="Write a blog post page titled \"How to start a balcony herb garden\" with the author, date and "
                    "reading time, a few paragraphs, a bulleted list of easy herbs and a pull quote.",
        title="How to start a balcony herb garden", accent="#15803d", heading="How to start a balcony herb garden",
        meta="By Rosa Delgado · 12 April 2025 · 5 min read",
        content=[
            P("You don't need a garden to grow your own herbs. A sunny balcony and a few pots are enough to keep "
              "your kitchen supplied from spring to autumn."),
            h("h2", "Start with the easy ones"),
            P("These herbs forgive the odd missed watering and grow happily in containers:"),
            h("ul", [h("li", x) for x in ["Mint (give it its own pot)", "Chives", "Thyme", "Parsley",
                                          "Basil, once nights are warm"]]),
            h("blockquote", "Pick little and often: regular snipping keeps herbs bushy instead of leggy."),
            h("h2", "Pots, soil and light"),
            P("Choose pots with drainage holes and a peat-free compost mixed with a handful of grit. Most herbs "
              "want at least six hours of sun, so a south- or west-facing spot is ideal."),
        ],
    ),
    dict(
        instruction="Tech blog post explaining how to centre an element with CSS grid, including two code blocks.",
        title="Centring anything with CSS grid", accent="#2563eb", font=SANS, kicker="CSS",
        heading="Centring anything with CSS grid", meta="Alex Kim · 3 March 2025",
        content=[
            P("Centring used to need negative margins or transforms. With grid it takes two lines on the parent."),
            h("h2", "The two-line version"),
            h("pre", h("code", ".parent {\n  display: grid;\n  place-items: center;\n}")),
            P(h("code", "place-items"), " sets both ", h("code", "align-items"), " and ", h("code", "justify-items"),
              ", so the child sits in the middle on both axes."),
            h("h2", "Full-height hero"),
            P("Give the parent a height, or the centre of a zero-height box is still the top of the page:"),
            h("pre", h("code", ".hero {\n  display: grid;\n  place-items: center;\n  min-height: 100vh;\n}")),
        ],
    ),
    dict(
        instruction="Recipe blog post for weeknight shakshuka: a short intro, an ingredients list, numbered method "
                    "steps and a tip box.",
        title="Weeknight shakshuka", accent="#c2410c", kicker="Recipes", heading="Weeknight shakshuka",
        meta="Serves 2 · 25 minutes",
        content=[
            P("Eggs poached in a spiced tomato and pepper sauce: one pan, pantry ingredients and dinner in under "
              "half an hour."),
            h("h2", "Ingredients"),
            h("ul", [h("li", x) for x in ["1 tbsp olive oil", "1 onion, sliced", "1 red pepper, sliced",
                                          "2 garlic cloves", "1 tsp cumin and 1 tsp paprika",
                                          "400 g tin chopped tomatoes", "4 eggs", "Parsley and bread to serve"]]),
            h("h2", "Method"),
            h("ol", [h("li", x) for x in [
                "Soften the onion and pepper in the oil for 8 minutes.",
                "Add the garlic and spices, cook for 1 minute, then add the tomatoes.",
                "Simmer for 10 minutes until thick, and season.",
                "Make four wells, crack in the eggs, cover and cook for 5–6 minutes."]]),
            h("p", h("strong", "Tip:"), " add crumbled feta in the last two minutes.", cls="tip"),
        ],
    ),
    dict(
        instruction="News article page: headline, byline with published and updated times, a lead image "
                    "placeholder with a caption, and four short paragraphs.",
        title="City approves 40 km of new cycle lanes", accent="#1d4ed8", font=SANS, width=720, kicker="Local news",
        heading="City approves 40 km of new cycle lanes",
        meta=["By Tom Reilly · Published ", h("time", "9 May 2025, 08:30", datetime="2025-05-09T08:30"),
              " · Updated ", h("time", "11:05", datetime="2025-05-09T11:05")],
        content=[
            h("figure", h("div", cls="image", role="img", aria_label="Cyclists on a protected lane"),
              h("figcaption", "A protected lane on Harbour Road, opened last year.")),
            P("The city council has approved plans for 40 km of protected cycle lanes, to be built over the next "
              "three years."),
            P("The first routes will connect the train station with the university and the hospital."),
            P("Business groups asked for loading bays to be kept on the high street, and the final plan includes "
              "twelve of them."),
            P("Construction on the first 8 km section is due to start in September."),
        ],
    ),
    dict(
        instruction="Homepage for a personal blog listing four recent posts, each with the title as a link, the "
                    "date and a one-sentence excerpt.",
        title="Notes by Ingrid", accent="#be123c", heading="Notes by Ingrid", outer="main",
        meta="Essays on design, books and slow living.",
        content=[h("section", [h("article", h("h2", h("a", t, href="#")), h("time", d, datetime=iso), P(ex),
                                 cls="post") for t, d, iso, ex in [
            ("What a year of film photography taught me", "2 June 2025", "2025-06-02",
             "Thirty-six frames at a time, you stop taking pictures and start making them."),
            ("My five-minute weekly review", "18 May 2025", "2025-05-18",
             "The tiny Sunday habit that keeps my to-do list honest."),
            ("Books I reread every winter", "3 May 2025", "2025-05-03",
             "Old favourites that feel different each time."),
            ("Designing a calmer phone", "20 April 2025", "2025-04-20",
             "Greyscale, one home screen and no red badges.")]])],
        css=[".post { padding: 20px 0; border-top: 1px solid #e5e7eb; }", ".post h2 { margin: 0; font-size: 1.3rem; }",
             ".post a { color: #111827; text-decoration: none; }", ".post a:hover { color: #be123c; }",
             ".post time { color: #9ca3af; font: 0.85rem system-ui, sans-serif; }", ".post p { margin: 6px 0 0; }"],
    ),
    dict(
        instruction="Long-form article layout with a sticky table of contents in a sidebar on the left and the "
                    "article on the right. Topic: a beginner's guide to budgeting, three sections.",
        title="A beginner's guide to budgeting", accent="#0f766e", font=SANS, width=680,
        heading="A beginner's guide to budgeting", meta="Updated January 2025 · 6 min read",
        wrap=lambda art: h("div", h("nav", h("h2", "Contents"), h("ol", h("li", h("a", "Know your numbers",
                                                                                       href="#numbers")),
                                                                   h("li", h("a", "The 50/30/20 rule", href="#rule")),
                                                                   h("li", h("a", "Build a buffer", href="#buffer"))),
                                    cls="toc", aria_label="Contents"), art, cls="layout"),
        content=[
            h("h2", "Know your numbers", id="numbers"),
            P("Add up what comes in each month after tax, then list every regular payment. Most people find at "
              "least one subscription they forgot about."),
            h("h2", "The 50/30/20 rule", id="rule"),
            P("A simple starting point: 50% for needs, 30% for wants and 20% for savings or paying off debt."),
            h("h2", "Build a buffer", id="buffer"),
            P("Aim for one month of essential spending in an easy-access account before anything else."),
        ],
        css=[".layout { display: flex; gap: 40px; max-width: 1000px; margin: 0 auto; padding: 0 24px; }",
             ".layout article { margin: 48px 0; padding: 0; }",
             ".toc { position: sticky; top: 24px; align-self: start; min-width: 200px; margin-top: 48px; "
             "font-size: 0.95rem; }",
             ".toc h2 { margin: 0; font-size: 0.85rem; text-transform: uppercase; color: #6b7280; }",
             ".toc ol { padding-left: 20px; }",
             "@media (max-width: 760px) {\n  .layout { flex-direction: column; }\n  .toc { position: static; }\n}"],
    ),
    dict(
        instruction="Release notes post for version 2.4 of a notes app with New, Improved and Fixed sections, each "
                    "a short bulleted list.",
        title="What's new in 2.4", accent="#7c3aed", font=SANS, kicker="Release notes",
        heading="What's new in version 2.4", meta="Released 3 March 2025",
        content=[
            P("This release is all about speed: search is up to five times faster on large notebooks."),
            h("h2", "New"), h("ul", h("li", "Bulk edit tags on several notes at once"),
                              h("li", "Pin notes to the top of any notebook")),
            h("h2", "Improved"), h("ul", h("li", "Search results appear as you type"),
                                   h("li", "Smaller sync payloads on mobile data")),
            h("h2", "Fixed"), h("ul", h("li", "Checklists losing their order after sync"),
                                h("li", "Dark mode colours in printed notes")),
        ],
        css=["h2 { font-size: 1.1rem; }"],
    ),
    dict(
        instruction="Travel diary post \"Three days in Porto\" split into Day 1, Day 2 and Day 3 sections, with tags "
                    "at the end and a short author bio box.",
        title="Three days in Porto", accent="#b45309", heading="Three days in Porto",
        meta="Travel diary · 6 October 2024",
        content=[
            h("h2", "Day 1: Ribeira and the river"),
            P("We dropped our bags and walked straight down to the river, where the tiled houses stack up the hill "
              "like a painted staircase."),
            h("h2", "Day 2: Port lodges in Gaia"),
            P("Across the Dom Luís I bridge, the old lodges offer tastings. We liked the small family ones best."),
            h("h2", "Day 3: Foz and the ocean"),
            P("Tram 1 rattles along the river to Foz, where the Douro meets the Atlantic. Grilled sardines for lunch, "
              "of course."),
            h("ul", h("li", "Portugal"), h("li", "City breaks"), h("li", "Food"), cls="tags"),
            h("aside", h("strong", "Hannah Cole"), " writes about slow travel by train and bike across Europe.",
              cls="bio"),
        ],
    ),
    dict(
        instruction="Company blog article page.",
        input="Title: Why we moved to a four-day week; author: Priya Nair; include a pull quote and 3 sections",
        title="Why we moved to a four-day week", accent="#4f46e5", font=SANS,
        heading="Why we moved to a four-day week", meta="Priya Nair, COO · 14 February 2025 · 7 min read",
        content=[
            P("A year ago we tried a four-day week for six months. We never went back. Here is what happened."),
            h("h2", "Why we tried it"),
            P("Our team was tired. Meetings had crept into every afternoon and deep work was happening in the "
              "evenings."),
            h("h2", "What changed"),
            P("We cut recurring meetings by half, moved status updates to writing and kept Fridays completely free."),
            h("blockquote", "We didn't find a spare day. We found the hours we were already wasting."),
            h("h2", "The results"),
            P("Output stayed the same, sick days fell by a third and nobody has left the company since."),
        ],
    ),
]


def blog_posts() -> list[dict]:
    return [row("blog_article", s, render_article(s)) for s in BLOG_SPECS]


# =============================================================================
# Product pages: image placeholder + details column, with option pickers built
# from radio "chips", selects and quantity inputs.
# =============================================================================


def chips(legend: str, name: str, options: list, checked: str | None = None, dots: dict | None = None) -> El:
    """Radio options styled as chips; dots maps an option to a colour swatch."""
    labels = []
    for opt in options:
        dot = dots and h("span", cls="dot", style=f"background: {dots[opt]};")
        labels.append(h("label", h("input", type="radio", name=name, value=slug(opt), checked=opt == checked), dot,
                        " " + opt))
    return h("fieldset", h("legend", legend), labels, cls="options")


def render_product(s: dict) -> str:
    a = s["accent"]
    dark = s.get("dark")
    muted, line = ("#9ca3af", "#374151") if dark else ("#6b7280", "#e5e7eb")
    price = h("p", s.get("was") and h("s", s["was"]), s.get("was") and " ", s["price"], cls="price")
    buy = h("form", s.get("options"), h("button", s.get("button", "Add to cart"), type="submit", cls="cart",
                                        disabled=s.get("sold_out")),
            action="#", method="post")
    info = h("div", s.get("kicker") and h("p", s["kicker"], cls="kicker"), h("h1", s["name"]),
             s.get("rating") and h("p", s["rating"], cls="muted"), price,
             s.get("description") and h("p", s["description"], cls="muted"), buy, s.get("extra"))
    photo = h("div", cls="photo", role="img", aria_label=s["photo_label"])
    thumbs = s.get("thumbs") and h("div", [h("span") for _ in range(s["thumbs"])], cls="thumbs")
    main = h("main", h("div", photo, thumbs) if thumbs else photo, info, cls="product")
    body = [s.get("before"), main]
    c1, c2 = s.get("photo", (tint(a, 0.75), a))
    colours = f" background: {s.get('bg', '#111827')}; color: #e5e7eb;" if dark else ""
    css = [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)};{colours} }}",
        # auto-fit columns stack on narrow screens without a media query
        ".product { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 40px; "
        "max-width: 960px; margin: 40px auto; padding: 0 24px; }",
        f".photo {{ aspect-ratio: 1; border-radius: 12px; background: linear-gradient(135deg, {c1}, {c2}); }}",
        "h1 { margin: 0; }",
        ".price { font-size: 1.6rem; font-weight: 700; }",
        f".cart {{ width: 100%; margin-top: 16px; padding: 14px; border: 0; border-radius: 8px; "
        f"background: {a}; color: {text_on(a)}; font: inherit; font-weight: 600; }}",
    ]
    found = features_of([body])
    if ".muted" in found:
        css.append(f".muted {{ color: {muted}; }}")
    if ".kicker" in found:
        css.append(f".kicker {{ margin: 0 0 4px; font-weight: 600; color: {a}; }}")
    if "s" in found:
        css.append(f".price s {{ color: {muted}; font-size: 1.1rem; }}")
    if ".options" in found:
        css += [
            "fieldset { margin: 0; padding: 0; border: 0; }",
            "legend { margin-bottom: 8px; font-weight: 600; }",
            f".options label {{ display: inline-block; margin: 0 6px 6px 0; padding: 8px 12px; "
            f"border: 1px solid {line}; border-radius: 8px; }}",
            f".options label:has(:checked) {{ border-color: {a}; }}",
        ]
    if ".dot" in found:
        css.append(".dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; }")
    controls = [c for c in ("select", "input:number", "input:email") if c in found]
    if controls:
        selector = ", ".join(c if c == "select" else f'input[type="{c[6:]}"]' for c in controls)
        css += ["label { display: block; margin: 12px 0 6px; font-weight: 600; }",
                f"{selector} {{ width: 100%; box-sizing: border-box; padding: 10px; "
                f"border: 1px solid {line}; border-radius: 8px; font: inherit; }}"]
    if ".check" in found:
        css.append(".check { display: flex; gap: 8px; font-weight: 400; }")
    if ".thumbs" in found:
        css += [".thumbs { display: flex; gap: 8px; margin-top: 8px; }",
                f".thumbs span {{ width: 64px; height: 64px; border-radius: 8px; background: {tint(a, 0.8)}; }}"]
    css += s.get("css", [])
    return page(s["title"], css, body)


PRODUCT_SPECS = [
    dict(
        instruction="Product page for the Aurora ANC headphones at $149: image placeholder on the left; name, price, "
                    "colour choice (Black, Sand, Navy), an Add to cart button and a feature list on the right.",
        title="Aurora ANC headphones", accent="#111827", name="Aurora ANC headphones", price="$149",
        photo=("#e5e7eb", "#9ca3af"), photo_label="Aurora ANC headphones",
        description="Wireless over-ear headphones with adaptive noise cancelling.",
        options=chips("Colour", "colour", ["Black", "Sand", "Navy"], "Black",
                      dots={"Black": "#111827", "Sand": "#d6c6a5", "Navy": "#1e3a8a"}),
        extra=h("ul", h("li", "Up to 40 hours of battery"), h("li", "USB-C fast charging"),
                h("li", "Multipoint Bluetooth 5.3"), h("li", "Foldable, with a hard case"), cls="features"),
        css=[".features { padding-left: 20px; color: #374151; }"],
    ),
    dict(
        instruction="T-shirt product page on sale: $18 instead of $25 (show the old price crossed out), a size "
                    "dropdown from XS to XL and a quantity field.",
        title="Everyday organic tee", accent="#dc2626", font=HUMANIST, name="Everyday organic tee", price="$18",
        was="$25", kicker="Sale", photo=("#fecaca", "#f87171"), photo_label="Everyday organic tee in red",
        description="Soft, heavyweight organic cotton with a relaxed fit.",
        options=[field("Size", "size", "select", options=["XS", "S", "M", "L", "XL"]),
                 field("Quantity", "qty", "number", min="1", max="10", value="1")],
    ),
    dict(
        instruction="Book product page for \"The Quiet Orchard\" by Helen Marsh, with format options (Hardcover "
                    "$24, Paperback $14, Ebook $9), a description and a details list (pages, publisher, ISBN).",
        title="The Quiet Orchard – Helen Marsh", accent="#065f46", font=SERIF, name="The Quiet Orchard",
        kicker="Helen Marsh", price="From $9", photo=("#a7f3d0", "#065f46"), photo_label="Book cover",
        description="A family returns to a neglected Kent orchard and finds the trees remember more than they do.",
        options=chips("Format", "format", ["Hardcover $24", "Paperback $14", "Ebook $9"], "Paperback $14"),
        extra=h("dl", h("dt", "Pages"), h("dd", "352"), h("dt", "Publisher"), h("dd", "Larchwood Press"),
                h("dt", "ISBN"), h("dd", "978-1-23456-789-7"), cls="details"),
        css=[".details { display: grid; grid-template-columns: auto 1fr; gap: 4px 16px; margin-top: 24px; "
             "font-size: 0.9rem; }", ".details dd { margin: 0; }", ".photo { aspect-ratio: 2 / 3; }"],
    ),
    dict(
        instruction="Coffee bean product page: Kenya Nyeri AA, weight dropdown (250 g, 500 g, 1 kg), grind dropdown "
                    "and a \"Subscribe & save 10%\" checkbox.",
        title="Kenya Nyeri AA", accent="#78350f", font=HUMANIST, name="Kenya Nyeri AA", price="£11.50",
        photo=("#fde68a", "#78350f"), photo_label="Bag of Kenya Nyeri AA coffee", kicker="Single origin",
        rating="Tasting notes: blackcurrant, grapefruit, brown sugar",
        options=[field("Weight", "weight", "select", options=["250 g", "500 g", "1 kg"]),
                 field("Grind", "grind", "select", options=["Whole bean", "Espresso", "Filter", "Cafetière"]),
                 checkbox("Subscribe & save 10%", "subscribe")],
    ),
    dict(
        instruction="Running shoe product page with breadcrumbs above, a main image placeholder with three "
                    "thumbnails, a rating of 4.7 from 312 reviews and UK sizes 6 to 11 as selectable buttons.",
        title="Stride Runner 2", accent="#2563eb", name="Stride Runner 2", price="$130",
        rating="4.7 / 5 (312 reviews)", photo=("#bfdbfe", "#1d4ed8"), photo_label="Stride Runner 2",
        thumbs=3,
        before=h("nav", h("a", "Home", href="#"), " / ", h("a", "Running", href="#"), " / ",
                 h("span", "Stride Runner 2", aria_current="page"), cls="crumbs", aria_label="Breadcrumb"),
        options=chips("UK size", "size", ["6", "7", "8", "9", "10", "11"], "9"),
        css=[".crumbs { max-width: 912px; margin: 24px auto 0; }"],
    ),
    dict(
        instruction="Product page for a desktop app, Pixelforge Pro, sold as a one-time €79 licence: platform "
                    "choice (Windows, macOS, Linux), a \"Buy licence\" button and a link to a free trial.",
        title="Pixelforge Pro", accent="#db2777", name="Pixelforge Pro", price="€79 one-time",
        kicker="Photo editor", photo=("#fbcfe8", "#831843"), photo_label="Pixelforge Pro screenshot",
        description="Layers, RAW editing and non-destructive filters. Free updates for version 3.",
        options=chips("Platform", "platform", ["Windows", "macOS", "Linux"], "Windows"), button="Buy licence",
        extra=h("p", h("a", "Download the free 14-day trial", href="#"), cls="trial"),
        css=[".trial { text-align: center; }", ".trial a { color: #db2777; }"],
    ),
    dict(
        instruction="Out-of-stock product page for the Oslo lounge chair: dimensions table, a disabled \"Sold "
                    "out\" button and an email form to be notified when it is back.",
        title="Oslo lounge chair", accent="#57534e", font=HUMANIST, name="Oslo lounge chair", price="$890",
        photo=("#e7e5e4", "#78716c"), photo_label="Oslo lounge chair", kicker="Out of stock",
        description="Solid oak frame with a wool bouclé seat, made in Denmark.", button="Sold out", sold_out=True,
        extra=[h("table", h("caption", "Dimensions"), h("tbody", [h("tr", h("th", k, scope="row"), h("td", v))
                                                                   for k, v in [("Width", "78 cm"), ("Depth", "82 cm"),
                                                                                ("Height", "74 cm")]])),
               h("form", field("Email me when it's back", "notify-email", "email", placeholder="you@example.com",
                               required=True),
                 h("button", "Notify me", type="submit", cls="notify"), action="#", method="post")],
        css=[".cart:disabled { opacity: 0.5; }",
             "table { width: 100%; margin-top: 24px; }",
             "caption, th { text-align: left; }",
             ".notify { margin-top: 8px; padding: 10px 16px; border: 1px solid #57534e; border-radius: 8px; "
             "background: #ffffff; }"],
    ),
    dict(
        instruction="Product page for a backpack.",
        input="Product: Trailblazer 28L backpack; price: $89; colours: Olive, Charcoal, Rust; show 'Free returns "
              "within 30 days'",
        title="Trailblazer 28L backpack", accent="#4d7c0f", name="Trailblazer 28L backpack", price="$89",
        photo=("#d9f99d", "#3f6212"), photo_label="Trailblazer 28L backpack",
        description="A weatherproof daypack with a padded laptop sleeve and side bottle pockets.",
        options=chips("Colour", "colour", ["Olive", "Charcoal", "Rust"], "Olive",
                      dots={"Olive": "#4d7c0f", "Charcoal": "#374151", "Rust": "#b45309"}),
        extra=h("p", "Free returns within 30 days", cls="returns"),
        css=[".returns { margin-top: 12px; text-align: center; font-size: 0.9rem; }"],
    ),
    dict(
        instruction="Dark-themed product page for the Nova TKL mechanical keyboard at $129 with a switch choice "
                    "(Red, Brown, Blue) and a small specs table.",
        title="Nova TKL keyboard", accent="#a855f7", dark=True, name="Nova TKL", price="$129",
        kicker="Mechanical keyboard", photo=("#1f2937", "#6b21a8"), photo_label="Nova TKL keyboard",
        options=chips("Switches", "switches", ["Red", "Brown", "Blue"], "Brown"),
        extra=h("table", h("tbody", [h("tr", h("th", k, scope="row"), h("td", v)) for k, v in [
            ("Layout", "Tenkeyless, 87 keys"), ("Connection", "USB-C and 2.4 GHz"), ("Keycaps", "PBT")]])),
        css=["table { width: 100%; margin-top: 24px; border-collapse: collapse; font-size: 0.9rem; }",
             "th, td { padding: 8px 0; border-bottom: 1px solid #374151; text-align: left; }",
             "th { color: #9ca3af; font-weight: 400; }"],
    ),
]


def product_pages() -> list[dict]:
    return [row("product_page", s, render_product(s)) for s in PRODUCT_SPECS]


# =============================================================================
# Dashboards: stat cards, CSS bar charts, inline-SVG line charts, <progress>
# and <meter>, tables. Chart geometry is computed from the data.
# =============================================================================


def stat_cards(stats, cls: str = "stats") -> El:
    """(label, value, change[, good]) tuples. A change is green when it is good news: by default a rise,
    but a falling churn or refund count is good too, so the tuple can say so."""
    cards = []
    for label, value, change, *good in stats:
        is_good = good[0] if good else not str(change).startswith("-")
        trend = change and [" ", h("span", change, cls="good" if is_good else "bad")]
        cards.append(h("p", label, " ", h("strong", value), trend, cls="stat"))
    return h("section", cards, cls=cls)


def stat_css(card_bg: str = "#ffffff", muted: str = "#6b7280", border: str = "#e5e7eb",
             trends: bool = True) -> list[str]:
    return [
        ".stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 16px; }",
        f".stat {{ margin: 0; padding: 16px; border: 1px solid {border}; border-radius: 10px; background: {card_bg}; "
        f"color: {muted}; }}",
        ".stat strong { display: block; font-size: 1.6rem; color: #111827; }",
    ] + ([".good { color: #16a34a; }", ".bad { color: #dc2626; }"] if trends else [])


def bar_chart(values: list[int], labels: list[str], what: str) -> El:
    """Vertical CSS bars; heights are percentages of the largest value, the numbers go in the aria-label."""
    top = max(values)
    pairs = list(zip(values, labels, strict=True))
    bars = [h("li", h("span", style=f"height: {round(v / top * 100)}%;"), lab) for v, lab in pairs]
    summary = f"{what}: " + ", ".join(f"{lab} {v:,}" for v, lab in pairs)
    return h("ol", bars, cls="bars", aria_label=summary)


def bar_css(colour: str, height: int = 160) -> list[str]:
    return [
        f".bars {{ display: flex; align-items: flex-end; gap: 10px; height: {height}px; margin: 0; padding: 0; "
        f"list-style: none; }}",
        ".bars li { display: flex; flex: 1; flex-direction: column; justify-content: flex-end; height: 100%; "
        "text-align: center; font-size: 0.75rem; color: #6b7280; }",
        f".bars span {{ display: block; margin-bottom: 4px; border-radius: 4px 4px 0 0; background: {colour}; }}",
    ]


def line_points(values: list[float], width: int = 300, height: int = 100, pad: int = 8) -> str:
    """Polyline points for an SVG chart, scaled to the viewBox."""
    lo, hi = min(values), max(values)
    step = (width - 2 * pad) / (len(values) - 1)
    pts = [(pad + i * step, height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)) for i, v in enumerate(values)]
    return " ".join(f"{x:.0f},{y:.0f}" for x, y in pts)


def sidebar(brand: str, links: list[str], current: str) -> El:
    return h("nav", h("strong", brand), nav_links(links, current), cls="sidebar", aria_label="Main")


def sidebar_css(bg: str, fg: str = "#cbd5e1", active: str = "#ffffff", active_bg: str = "rgba(255, 255, 255, 0.1)"):
    return [
        ".app { display: grid; grid-template-columns: 200px 1fr; min-height: 100vh; }",
        f".sidebar {{ padding: 20px 12px; background: {bg}; color: {active}; }}",
        f".sidebar a {{ display: block; padding: 8px; border-radius: 6px; color: {fg}; text-decoration: none; }}",
        f".sidebar a[aria-current=\"page\"] {{ background: {active_bg}; color: {active}; }}",
        ".content { padding: 24px 32px; }",
    ]


def panel_css(bg: str = "#ffffff", border: str = "#e5e7eb") -> str:
    return (f".panel {{ margin-top: 16px; padding: 20px; border: 1px solid {border}; border-radius: 10px; "
            f"background: {bg}; }}")


def simple_table(columns, rows, caption=None) -> El:
    return h("table", caption and h("caption", caption),
             h("thead", h("tr", [h("th", c, scope="col") for c in columns])),
             h("tbody", [h("tr", [h("td", v) for v in r]) for r in rows]))


TABLE_CSS = [
    "table { width: 100%; border-collapse: collapse; background: #ffffff; }",
    "caption { padding: 8px 0; font-weight: 700; text-align: left; }",
    "th, td { padding: 8px; border-bottom: 1px solid #e5e7eb; text-align: left; }",
]

_WEEK = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_SALES = [18.2, 21.5, 19.8, 24.1, 26.7, 25.2, 29.4, 31.0, 28.6, 33.9, 36.2, 38.5]

DASHBOARD_SPECS = [
    dict(
        instruction="Analytics overview: four stat cards (visitors, sign-ups, conversion rate, bounce rate) and a "
                    "bar chart of visits for the last seven days.",
        title="Analytics", bg="#f8fafc", css=[
            "main { max-width: 900px; margin: 32px auto; padding: 0 24px; }",
            *stat_css(), *bar_css("#6366f1"), panel_css(),
        ],
        body=[h("main", h("h1", "Overview"),
                stat_cards([("Visitors", "24,310", "+8.2%"), ("Sign-ups", "1,208", "+3.1%"),
                            ("Conversion rate", "4.97%", "-0.4%"), ("Bounce rate", "38%", "-2.0%", True)]),
                h("section", h("h2", "Visits, last 7 days"),
                  bar_chart([3120, 3480, 3300, 3910, 4020, 2950, 3530], _WEEK, "Visits"), cls="panel"))],
    ),
    dict(
        instruction="Row of three KPI cards: Monthly revenue $84,300 (up 12%), Active users 9,412 (up 4%) and "
                    "Churn 2.3% (down 0.5 points), with green/red change indicators.",
        title="KPIs", bg="#f1f5f9", css=[
            "main { max-width: 900px; margin: 40px auto; padding: 0 24px; }", *stat_css(),
        ],
        body=[h("main", stat_cards([("Monthly revenue", "$84,300", "+12%"), ("Active users", "9,412", "+4%"),
                                    ("Churn", "2.3%", "-0.5 pts", True)]))],
    ),
    dict(
        instruction="Sales dashboard section with an inline SVG line chart of monthly revenue for the last 12 "
                    "months and a list of the top 3 products next to it.",
        title="Sales", font=HUMANIST, css=[
            "main { display: grid; grid-template-columns: 2fr 1fr; gap: 16px; max-width: 1000px; margin: 32px auto; "
            "padding: 0 24px; }",
            ".panel { padding: 20px; border: 1px solid #e5e7eb; border-radius: 10px; }",
            ".panel h2 { margin: 0 0 12px; font-size: 1rem; }",
            "svg { width: 100%; height: auto; }",
            ".top { margin: 0; padding-left: 20px; }",
            ".top li { margin-bottom: 10px; }",
            ".top span { display: block; color: #6b7280; font-size: 0.85rem; }",
            "@media (max-width: 720px) {\n  main { grid-template-columns: 1fr; }\n}",
        ],
        body=[h("main",
                h("section", h("h2", "Revenue, last 12 months ($k)"),
                  h("svg", h("polyline", points=line_points(_SALES), fill="none", stroke="#0ea5e9", stroke_width="3"),
                    viewBox="0 0 300 100", role="img",
                    aria_label=f"Revenue grew from ${_SALES[0]}k to ${_SALES[-1]}k over 12 months"),
                  cls="panel"),
                h("section", h("h2", "Top products"),
                  h("ol", [h("li", n, h("span", v)) for n, v in [("Desk lamp", "$12,480"), ("Oak shelf", "$9,310"),
                                                                  ("Wool throw", "$7,925")]], cls="top"),
                  cls="panel"))],
    ),
    dict(
        instruction="Project management dashboard: each project shows a progress bar using the progress element, "
                    "plus a list of tasks due this week.",
        title="Projects", bg="#fafafa", css=[
            "main { max-width: 760px; margin: 32px auto; padding: 0 24px; }",
            panel_css(),
            ".panel h2 { margin: 0 0 12px; font-size: 1rem; }",
            ".project { display: grid; grid-template-columns: 160px 1fr 48px; align-items: center; gap: 12px; "
            "margin-bottom: 10px; }",
            "progress { width: 100%; height: 10px; accent-color: #7c3aed; }",
            ".tasks { margin: 0; padding-left: 20px; }",
            ".tasks li { margin-bottom: 6px; }",
            ".tasks time { color: #6b7280; }",
        ],
        body=[h("main", h("h1", "Projects"),
                h("section", h("h2", "Progress"), [
                    h("div", h("label", name, for_=slug(name)), h("progress", f"{pct}%", id=slug(name), max="100",
                                                                   value=str(pct)), h("span", f"{pct}%"),
                      cls="project") for name, pct in [("Website redesign", 72), ("Mobile app v2", 45),
                                                      ("Customer portal", 90), ("Data migration", 15)]],
                  cls="panel"),
                h("section", h("h2", "Due this week"), h("ul", [
                    h("li", task, " — ", h("time", day, datetime=iso)) for task, day, iso in [
                        ("Review homepage copy", "Tue", "2025-03-11"), ("Ship login screen", "Wed", "2025-03-12"),
                        ("Client demo", "Fri", "2025-03-14")]], cls="tasks"), cls="panel"))],
    ),
    dict(
        instruction="Server monitoring panel with CPU, memory and disk usage shown as meter elements that turn "
                    "amber or red when high, and a list of recent alerts.",
        title="Server monitor – web-01", bg="#0f172a", fg="#e2e8f0", font=MONO, css=[
            "main { max-width: 640px; margin: 32px auto; padding: 0 24px; }",
            panel_css("#1e293b", "#334155"),
            ".panel h2 { margin: 0 0 12px; font-size: 1rem; }",
            ".gauge { display: grid; grid-template-columns: 80px 1fr 48px; align-items: center; gap: 12px; "
            "margin-bottom: 10px; }",
            "meter { width: 100%; height: 14px; }",
            ".alerts { margin: 0; padding-left: 20px; color: #fca5a5; }",
        ],
        body=[h("main", h("h1", "web-01"),
                h("section", h("h2", "Usage"), [
                    h("div", h("label", name, for_=slug(name)),
                      h("meter", f"{v}%", id=slug(name), min="0", max="100", low="60", high="85", optimum="20",
                        value=str(v)), h("span", f"{v}%"), cls="gauge")
                    for name, v in [("CPU", 38), ("Memory", 71), ("Disk", 92)]], cls="panel"),
                h("section", h("h2", "Recent alerts"), h("ul", h("li", "14:02 Disk usage above 90% on /var"),
                                                         h("li", "09:47 Memory above 70% for 10 minutes"),
                                                         cls="alerts"), cls="panel"))],
    ),
    dict(
        instruction="Personal finance dashboard: current balance, income and expenses for the month, and a "
                    "spending-by-category breakdown as horizontal bars.",
        title="Budget overview", font=HUMANIST, bg="#f0fdf4", css=[
            "main { max-width: 720px; margin: 32px auto; padding: 0 24px; }", *stat_css(trends=False), panel_css(),
            ".panel h2 { margin: 0 0 12px; font-size: 1rem; }",
            ".cat { display: grid; grid-template-columns: 110px 1fr 70px; align-items: center; gap: 10px; "
            "margin-bottom: 8px; }",
            ".track { height: 10px; border-radius: 5px; background: #dcfce7; }",
            ".fill { height: 100%; border-radius: 5px; background: #16a34a; }",
            ".cat span:last-child { text-align: right; }",
        ],
        body=[h("main", h("h1", "March"),
                stat_cards([("Balance", "$4,812", None), ("Income", "$3,950", None), ("Expenses", "$2,640", None)]),
                h("section", h("h2", "Spending by category"), [
                    h("div", h("span", c), h("div", h("div", cls="fill", style=f"width: {round(v / 1200 * 100)}%;"),
                                             cls="track"), h("span", f"${v:,}"), cls="cat")
                    for c, v in [("Rent", 1200), ("Groceries", 520), ("Transport", 310), ("Eating out", 280),
                                 ("Other", 330)]], cls="panel"))],
    ),
    dict(
        instruction="Support desk dashboard: open, pending and solved ticket counts at the top and a table of "
                    "recent tickets with colour-coded priority badges (High, Medium, Low).",
        title="Support desk", bg="#f8fafc", css=[
            "main { max-width: 860px; margin: 32px auto; padding: 0 24px; }", *stat_css(trends=False), *TABLE_CSS,
            ".badge { padding: 2px 8px; border-radius: 999px; font-size: 0.75rem; font-weight: 700; }",
            ".high { background: #fee2e2; color: #991b1b; }",
            ".medium { background: #fef3c7; color: #92400e; }",
            ".low { background: #e0f2fe; color: #075985; }",
        ],
        body=[h("main", h("h1", "Support desk"),
                stat_cards([("Open", "37", None), ("Pending", "12", None), ("Solved today", "58", None)]),
                h("table", h("caption", "Recent tickets"),
                               h("thead", h("tr", [h("th", c, scope="col") for c in
                                                   ["Ticket", "Subject", "Customer", "Priority"]])),
                               h("tbody", [h("tr", h("td", t), h("td", subj), h("td", who),
                                             h("td", h("span", pr, cls="badge " + pr.lower())))
                                           for t, subj, who, pr in [
                                               ("#4821", "Cannot reset password", "j.moore@example.com", "High"),
                                               ("#4819", "Invoice shows wrong VAT", "Bright Studio", "Medium"),
                                               ("#4816", "Feature request: dark mode", "k.tanaka@example.com", "Low"),
                                               ("#4815", "App crashes on upload", "Northwind Ltd", "High")]])))],
    ),
    dict(
        instruction="E-commerce admin dashboard.",
        input="Metrics: Revenue $48,200 (+12%), Orders 1,284 (+5%), Refunds 23 (-8%); dark sidebar #111827; include "
              "a table of the 3 latest orders",
        title="Store admin", bg="#f9fafb", css=[
            *sidebar_css("#111827", "#9ca3af"), *stat_css(), *TABLE_CSS,
        ],
        body=[h("div", sidebar("Shopdesk", ["Dashboard", "Orders", "Products"], "Dashboard"),
                h("main", h("h1", "Dashboard"),
                  stat_cards([("Revenue", "$48,200", "+12%"), ("Orders", "1,284", "+5%"),
                              ("Refunds", "23", "-8%", True)]),
                  simple_table(["Order", "Customer", "Total"], [
                      ["#3051", "Lena Park", "$129.00"], ["#3050", "Tom Ellis", "$42.50"],
                      ["#3049", "Ana Ruiz", "$310.00"]], caption="Latest orders"),
                  cls="content"), cls="app")],
    ),
    dict(
        instruction="Student dashboard for an online learning platform: enrolled courses with progress bars and a "
                    "list of upcoming deadlines.",
        title="My learning", font=HUMANIST, bg="#eef2ff", css=[
            "main { max-width: 720px; margin: 32px auto; padding: 0 24px; }", panel_css(),
            ".panel h2 { margin: 0 0 12px; font-size: 1rem; }",
            ".course { margin-bottom: 14px; }",
            ".course p { display: flex; justify-content: space-between; margin: 0 0 4px; }",
            ".track { height: 8px; border-radius: 4px; background: #e0e7ff; }",
            ".fill { height: 100%; border-radius: 4px; background: #4f46e5; }",
            ".deadlines { margin: 0; padding-left: 20px; }",
            ".deadlines time { color: #4f46e5; font-weight: 600; }",
        ],
        body=[h("main", h("h1", "Welcome back, Ravi"),
                h("section", h("h2", "My courses"), [
                    h("div", h("p", h("span", c), h("span", f"{pct}%")),
                      h("div", h("div", cls="fill", style=f"width: {pct}%;"), cls="track", role="progressbar",
                        aria_valuenow=str(pct), aria_valuemin="0", aria_valuemax="100", aria_label=c), cls="course")
                    for c, pct in [("Intro to Statistics", 80), ("Spanish A2", 35), ("Web Accessibility", 60)]],
                  cls="panel"),
                h("section", h("h2", "Upcoming deadlines"), h("ul", [
                    h("li", h("time", d, datetime=iso), " — ", t) for d, iso, t in [
                        ("12 Mar", "2025-03-12", "Statistics quiz 4"), ("15 Mar", "2025-03-15", "Spanish essay"),
                        ("20 Mar", "2025-03-20", "Accessibility audit project")]], cls="deadlines"), cls="panel"))],
    ),
]


def dashboards() -> list[dict]:
    return [row("dashboard", s, render_simple(s)) for s in DASHBOARD_SPECS]


# =============================================================================
# Interactive pages: one inline <script> at the end of <body>, vanilla JavaScript that does real work
# (no network, no eval, no external files). render_simple appends the spec's `js` as that script.
# =============================================================================


def app_css(accent: str, width: int = 420, radius: int = 12) -> list[str]:
    """A centred white card holding a small tool, plus the accent-coloured button most tools need."""
    return [
        f"main {{ width: min({width}px, calc(100% - 32px)); padding: 24px; box-sizing: border-box; "
        f"border-radius: {radius}px; background: #ffffff; box-shadow: 0 4px 20px rgba(15, 23, 42, 0.08); }}",
        "h1 { margin: 0 0 16px; font-size: 1.4rem; }",
        f"button {{ padding: 8px 16px; border: 0; border-radius: 6px; background: {accent}; "
        f"color: {text_on(accent)}; font: inherit; font-weight: 600; cursor: pointer; }}",
    ]


def btn(label: str, bid: str | None = None, **attrs) -> El:
    return h("button", label, id=bid, type="button", **attrs)


def js_data(name: str, items: list[dict]) -> str:
    """A JSON array as a JavaScript constant, one object per line (the same text a request's input shows)."""
    lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    return f"const {name} = [\n{lines}\n];"


TEAM = [{"name": "Priya Raman", "role": "Product lead", "city": "Leeds"},
        {"name": "Tomás Ortega", "role": "Designer", "city": "Valencia"},
        {"name": "Grace Okafor", "role": "Engineer", "city": "Lagos"},
        {"name": "Jonas Berg", "role": "Engineer", "city": "Oslo"}]
ORDERS = [{"id": "A-1041", "customer": "Hannah Lee", "items": 3, "total": 84.5},
          {"id": "A-1042", "customer": "Omar Haddad", "items": 1, "total": 19.99},
          {"id": "A-1043", "customer": "Mia Schultz", "items": 5, "total": 142.0},
          {"id": "A-1044", "customer": "Leo Martins", "items": 2, "total": 47.25}]

INTERACTIVE_SPECS = [
    dict(
        instruction="Build a stopwatch page with Start, Stop and Reset buttons that shows minutes, seconds and "
                    "hundredths of a second.",
        title="Stopwatch", centre="text", bg="#0f172a", fg="#e2e8f0", css=[
            f"#time {{ margin: 0 0 24px; font: 700 4rem/1 {MONO}; }}",
            ".controls { display: flex; gap: 12px; justify-content: center; }",
            "button { padding: 10px 22px; border: 0; border-radius: 999px; background: #22c55e; color: #052e16; "
            "font: inherit; font-weight: 700; cursor: pointer; }",
            "#stop { background: #f97316; }",
            "#reset { background: #334155; color: #e2e8f0; }",
        ],
        body=[h("main", h("h1", "Stopwatch"), h("p", "00:00.00", id="time"),
                h("div", btn("Start", "start"), btn("Stop", "stop"), btn("Reset", "reset"), cls="controls"))],
        js="""
            const display = document.querySelector("#time");
            let started = 0;
            let elapsed = 0;
            let timer = null;

            function show(ms) {
              const pad = (n) => String(n).padStart(2, "0");
              const minutes = Math.floor(ms / 60000);
              const seconds = Math.floor(ms / 1000) % 60;
              display.textContent = `${pad(minutes)}:${pad(seconds)}.${pad(Math.floor(ms / 10) % 100)}`;
            }

            document.querySelector("#start").addEventListener("click", () => {
              if (timer) return;
              started = Date.now() - elapsed;
              timer = setInterval(() => {
                elapsed = Date.now() - started;
                show(elapsed);
              }, 10);
            });

            document.querySelector("#stop").addEventListener("click", () => {
              clearInterval(timer);
              timer = null;
            });

            document.querySelector("#reset").addEventListener("click", () => {
              clearInterval(timer);
              timer = null;
              elapsed = 0;
              show(0);
            });
        """,
    ),
    dict(
        instruction="I need a Pomodoro timer: a 25-minute countdown with a Start/Pause button and a Reset button. "
                    "While it runs, the browser tab title should show the time left.",
        title="Pomodoro timer", centre="grid", bg="#fef2f2", css=[
            *app_css("#dc2626", 360), "main { text-align: center; }",
            f"#left {{ margin: 8px 0 20px; font: 700 3.5rem {MONO}; color: #b91c1c; }}",
            "#reset { background: #fee2e2; color: #991b1b; }",
            "#status { min-height: 1.5em; color: #6b7280; }",
        ],
        body=[h("main", h("h1", "Focus session"), h("p", "25:00", id="left"),
                btn("Start", "toggle"), " ", btn("Reset", "reset"), h("p", id="status", aria_live="polite"))],
        js="""
            const FULL = 25 * 60;
            const display = document.querySelector("#left");
            const toggle = document.querySelector("#toggle");
            let left = FULL;
            let timer = null;

            function render() {
              const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
              display.textContent = text;
              document.title = timer ? `${text} left` : "Pomodoro timer";
            }

            function pause() {
              clearInterval(timer);
              timer = null;
              toggle.textContent = "Start";
              render();
            }

            toggle.addEventListener("click", () => {
              if (timer) return pause();
              timer = setInterval(() => {
                left -= 1;
                if (left === 0) {
                  pause();
                  document.querySelector("#status").textContent = "Time for a break.";
                }
                render();
              }, 1000);
              toggle.textContent = "Pause";
              render();
            });

            document.querySelector("#reset").addEventListener("click", () => {
              left = FULL;
              document.querySelector("#status").textContent = "";
              pause();
            });
        """,
    ),
    dict(
        instruction="Make a table of five laptops (model, price, battery life) that sorts when you click a column "
                    "header. Clicking the same header again should reverse the order.",
        title="Laptops", bg="#f9fafb", css=[
            "table { width: min(640px, calc(100% - 32px)); margin: 40px auto; border-collapse: collapse; "
            "background: #ffffff; }",
            "th, td { padding: 10px 14px; border-bottom: 1px solid #e5e7eb; text-align: left; }",
            "th button { padding: 0; border: 0; background: none; font: inherit; font-weight: 700; cursor: pointer; }",
            "th[aria-sort=\"ascending\"] button::after { content: \" \\2191\"; }",
            "th[aria-sort=\"descending\"] button::after { content: \" \\2193\"; }",
        ],
        body=[h("table",
                h("caption", "Click a heading to sort"),
                h("thead", h("tr", [h("th", btn(c), scope="col") for c in ["Model", "Price", "Battery"]])),
                h("tbody", [h("tr", h("td", m), h("td", f"${p:,}", data_value=str(p)),
                              h("td", f"{b} h", data_value=str(b)))
                            for m, p, b in [("Aero 14", 1299, 14), ("Nimbus Pro", 1899, 11), ("Kite Air", 899, 16),
                                            ("Volt 15", 1149, 9), ("Orbit X", 1549, 12)]]))],
        js="""
            const tbody = document.querySelector("tbody");
            const headers = document.querySelectorAll("th");

            headers.forEach((th, column) => {
              th.querySelector("button").addEventListener("click", () => {
                const ascending = th.getAttribute("aria-sort") !== "ascending";
                const value = (row) => row.cells[column].dataset.value ?? row.cells[column].textContent;
                const rows = Array.from(tbody.rows).sort((a, b) => {
                  const x = value(a);
                  const y = value(b);
                  const order = isNaN(x) ? x.localeCompare(y) : x - y;
                  return ascending ? order : -order;
                });
                headers.forEach((other) => other.removeAttribute("aria-sort"));
                th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                tbody.append(...rows);
              });
            });
        """,
    ),
    dict(
        instruction='Add a search box above a list of European capitals that filters the list as you type, and '
                    'shows "No matches" when nothing fits.',
        title="Capitals", centre="grid", bg="#eff6ff", css=[
            *app_css("#2563eb", 380),
            "input { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #cbd5e1; "
            "border-radius: 6px; font: inherit; }",
            "ul { list-style: none; margin: 12px 0 0; padding: 0; }",
            "li { padding: 8px 4px; border-bottom: 1px solid #e2e8f0; }",
            "#empty { color: #64748b; }",
        ],
        body=[h("main", h("h1", "European capitals"), h("label", "Search", for_="search", cls="sr-only"),
                h("input", type="search", id="search", placeholder="Type a city…"),
                h("ul", [h("li", c) for c in ["Amsterdam", "Athens", "Berlin", "Dublin", "Lisbon", "Madrid",
                                              "Prague", "Rome", "Vienna", "Warsaw"]], id="cities"),
                h("p", "No matches", id="empty", hidden=True))],
        extra_css=[SR_ONLY],
        js="""
            const search = document.querySelector("#search");
            const items = document.querySelectorAll("#cities li");

            search.addEventListener("input", () => {
              const term = search.value.trim().toLowerCase();
              let shown = 0;
              items.forEach((item) => {
                item.hidden = !item.textContent.toLowerCase().includes(term);
                if (!item.hidden) shown += 1;
              });
              document.querySelector("#empty").hidden = shown > 0;
            });
        """,
    ),
    dict(
        instruction="Sign-up form validated with JavaScript: the email must look like an email, the password needs "
                    "at least 8 characters and both passwords must match. Show each error under its field and a "
                    "green success message when everything is valid.",
        title="Create account", centre="grid", bg="#f3f4f6", css=[
            *app_css("#16a34a", 400),
            "label { display: block; margin: 12px 0 4px; }",
            "input { width: 100%; box-sizing: border-box; padding: 8px; font: inherit; }",
            "[aria-invalid=\"true\"] { border-color: #dc2626; }",
            ".error { color: #dc2626; font-size: 0.85rem; }",
            "button { width: 100%; margin-top: 16px; }",
            "#success { color: #166534; }",
        ],
        body=[h("main", h("h1", "Create your account"), h("form", [
            [h("label", label, for_=name), h("input", type=kind, id=name, name=name),
             h("span", cls="error", id=f"{name}-error")]
            for label, name, kind in [("Email", "email", "email"), ("Password", "password", "password"),
                                      ("Confirm password", "confirm", "password")]],
            h("button", "Sign up", type="submit"), novalidate=True),
            h("p", "Account created!", id="success", hidden=True))],
        js=r"""
            const form = document.querySelector("form");
            const rules = {
              email: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || "Enter a valid email address.",
              password: (value) => value.length >= 8 || "Use at least 8 characters.",
              confirm: (value) => value === form.elements.password.value || "The passwords do not match.",
            };

            form.addEventListener("submit", (event) => {
              event.preventDefault();
              let valid = true;
              for (const [name, rule] of Object.entries(rules)) {
                const result = rule(form.elements[name].value);
                const message = result === true ? "" : result;
                document.querySelector(`#${name}-error`).textContent = message;
                form.elements[name].setAttribute("aria-invalid", String(Boolean(message)));
                if (message) valid = false;
              }
              document.querySelector("#success").hidden = !valid;
            });
        """,
    ),
    dict(
        instruction="Tabs component for a product page (Description, Specs, Reviews) with proper ARIA roles. "
                    "Clicking a tab shows its panel, and the left/right arrow keys move between tabs.",
        title="Product tabs", bg="#ffffff", css=[
            "main { max-width: 640px; margin: 40px auto; padding: 0 16px; }",
            "[role=\"tablist\"] { display: flex; gap: 4px; border-bottom: 2px solid #e5e7eb; }",
            "[role=\"tab\"] { padding: 10px 16px; border: 0; border-bottom: 2px solid transparent; "
            "margin-bottom: -2px; background: none; font: inherit; color: #6b7280; cursor: pointer; }",
            "[role=\"tab\"][aria-selected=\"true\"] { border-color: #7c3aed; color: #5b21b6; font-weight: 600; }",
            "[role=\"tabpanel\"] { padding: 16px 0; line-height: 1.6; }",
        ],
        body=[h("main", h("div", [
            btn(t, f"tab-{slug(t)}", role="tab", aria_selected="true" if i == 0 else "false",
                aria_controls=f"panel-{slug(t)}", tabindex=None if i == 0 else "-1")
            for i, t in enumerate(["Description", "Specs", "Reviews"])], role="tablist", aria_label="Product details"),
            h("section", h("p", "A 1.2-litre stainless steel kettle that boils in under three minutes."),
              id="panel-description", role="tabpanel", aria_labelledby="tab-description"),
            h("section", h("ul", h("li", "Capacity: 1.2 L"), h("li", "Power: 2,200 W"), h("li", "Weight: 1.1 kg")),
              id="panel-specs", role="tabpanel", aria_labelledby="tab-specs", hidden=True),
            h("section", h("p", "4.6 out of 5 from 212 reviews: “Quiet, quick and easy to pour.”"),
              id="panel-reviews", role="tabpanel", aria_labelledby="tab-reviews", hidden=True))],
        js="""
            const tabs = Array.from(document.querySelectorAll("[role=tab]"));

            function select(tab) {
              tabs.forEach((other) => {
                const selected = other === tab;
                other.setAttribute("aria-selected", String(selected));
                other.tabIndex = selected ? 0 : -1;
                document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
              });
              tab.focus();
            }

            tabs.forEach((tab, i) => {
              tab.addEventListener("click", () => select(tab));
              tab.addEventListener("keydown", (event) => {
                if (event.key === "ArrowRight") select(tabs[(i + 1) % tabs.length]);
                if (event.key === "ArrowLeft") select(tabs[(i - 1 + tabs.length) % tabs.length]);
              });
            });
        """,
    ),
    dict(
        instruction='Landing section with a "Book a demo" button that opens a modal with a short form (name, work '
                    'email). The modal closes with its Cancel button or Escape, and after sending the page says '
                    'thank you.',
        title="Book a demo", centre="text", bg="#f5f3ff", css=[
            "button { padding: 10px 18px; border: 0; border-radius: 8px; background: #6d28d9; color: #ffffff; "
            "font: inherit; font-weight: 600; cursor: pointer; }",
            "dialog { width: min(360px, calc(100% - 32px)); padding: 24px; border: 0; border-radius: 12px; "
            "text-align: left; }",
            "dialog::backdrop { background: rgba(30, 27, 75, 0.5); }",
            "label { display: block; margin: 12px 0 4px; font-weight: 600; }",
            "input { width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #d1d5db; "
            "border-radius: 6px; font: inherit; }",
            ".actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 20px; }",
            "#cancel { background: #ede9fe; color: #4c1d95; }",
        ],
        body=[h("main", h("h1", "See Relay in action"), h("p", "A 20-minute walkthrough with our team.", id="note"),
                btn("Book a demo", "open"),
                h("dialog", h("form", h("h2", "Book a demo", id="demo-title"),
                              field("Name", "name", required=True), field("Work email", "email", "email",
                                                                           required=True),
                              h("div", btn("Cancel", "cancel"), h("button", "Send", value="send"), cls="actions"),
                              method="dialog"), id="demo", aria_labelledby="demo-title"))],
        js="""
            const dialog = document.querySelector("#demo");

            document.querySelector("#open").addEventListener("click", () => dialog.showModal());
            document.querySelector("#cancel").addEventListener("click", () => dialog.close());
            dialog.addEventListener("close", () => {
              if (dialog.returnValue === "send") {
                document.querySelector("#note").textContent = "Thanks! We will email you a time.";
              }
            });
        """,
    ),
    dict(
        instruction="Show this team as cards on a page. Render the cards with JavaScript from the JSON.",
        input=json.dumps(TEAM, ensure_ascii=False),
        title="Our team", bg="#f8fafc", css=[
            "main { max-width: 880px; margin: 40px auto; padding: 0 16px; }",
            "#team { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 16px; "
            "list-style: none; margin: 0; padding: 0; }",
            "#team li { padding: 20px; border-radius: 10px; background: #ffffff; border-top: 4px solid #0d9488; }",
            "#team h2 { margin: 0 0 4px; font-size: 1.1rem; }",
            "#team p { margin: 0; color: #64748b; }",
        ],
        body=[h("main", h("h1", "Our team"), h("ul", id="team"))],
        js=js_data("team", TEAM) + """

            const list = document.querySelector("#team");
            team.forEach((person) => {
              const card = document.createElement("li");
              const name = document.createElement("h2");
              const details = document.createElement("p");
              name.textContent = person.name;
              details.textContent = `${person.role}, ${person.city}`;
              card.append(name, details);
              list.append(card);
            });
        """,
    ),
    dict(
        instruction="counter with + and - buttons, can't go below zero",
        title="Counter", centre="text", bg="#fffbeb", css=[
            ".counter { display: flex; align-items: center; gap: 20px; }",
            "button { width: 48px; height: 48px; border: 0; border-radius: 50%; background: #f59e0b; "
            "color: #111827; font-size: 1.5rem; cursor: pointer; }",
            "button:disabled { opacity: 0.4; cursor: default; }",
            "output { min-width: 3ch; font-size: 2.5rem; font-weight: 700; }",
        ],
        body=[h("div", btn("-", "minus", aria_label="Decrease", disabled=True), h("output", "0", id="count"),
                btn("+", "plus", aria_label="Increase"), cls="counter")],
        js="""
            const output = document.querySelector("#count");
            const minus = document.querySelector("#minus");
            let count = 0;

            function change(step) {
              count = Math.max(0, count + step);
              output.textContent = count;
              minus.disabled = count === 0;
            }

            minus.addEventListener("click", () => change(-1));
            document.querySelector("#plus").addEventListener("click", () => change(1));
        """,
    ),
    dict(
        instruction="Create a to-do list app: type a task and press Enter or Add to add it, tick a task to mark it "
                    "done, and a Delete button removes it. Show how many tasks are left.",
        title="To-do list", centre="grid", bg="#ecfdf5", css=[
            *app_css("#059669", 420),
            "form { display: flex; gap: 8px; }",
            "form input { flex: 1; padding: 8px; font: inherit; }",
            "ul { list-style: none; padding: 0; }",
            "li { display: flex; gap: 8px; padding: 8px 0; border-bottom: 1px solid #e5e7eb; }",
            "li span { flex: 1; }",
            ".done span { color: #9ca3af; text-decoration: line-through; }",
            ".delete { padding: 2px 8px; background: #fee2e2; color: #b91c1c; }",
        ],
        body=[h("main", h("h1", "To-do"), h("form", h("label", "New task", for_="task", cls="sr-only"),
                                             h("input", id="task", placeholder="What needs doing?", required=True),
                                             h("button", "Add")),
                h("ul", id="list"), h("p", "0 tasks left", id="left"))],
        extra_css=[SR_ONLY],
        js="""
            const form = document.querySelector("form");
            const input = document.querySelector("#task");
            const list = document.querySelector("#list");

            function updateCount() {
              const left = list.querySelectorAll("li:not(.done)").length;
              document.querySelector("#left").textContent = `${left} task${left === 1 ? "" : "s"} left`;
            }

            form.addEventListener("submit", (event) => {
              event.preventDefault();
              const item = document.createElement("li");
              const check = document.createElement("input");
              const text = document.createElement("span");
              const remove = document.createElement("button");
              check.type = "checkbox";
              text.textContent = input.value.trim();
              remove.textContent = "Delete";
              remove.className = "delete";
              check.addEventListener("change", () => {
                item.classList.toggle("done", check.checked);
                updateCount();
              });
              remove.addEventListener("click", () => {
                item.remove();
                updateCount();
              });
              item.append(check, text, remove);
              list.append(item);
              form.reset();
              updateCount();
            });
        """,
    ),
    dict(
        instruction="Tip calculator: bill amount, tip percentage (10, 15, 20 %) and number of people; show the tip "
                    "and the amount each person pays, updating as I type.",
        title="Tip calculator", centre="grid", bg="#f0fdfa", css=[
            *app_css("#0f766e", 360),
            "label { display: block; margin: 12px 0 4px; font-weight: 600; }",
            "input, select { width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #d1d5db; "
            "border-radius: 6px; font: inherit; }",
            "dl { display: grid; grid-template-columns: 1fr auto; gap: 8px; margin: 20px 0 0; padding: 16px; "
            "border-radius: 8px; background: #ccfbf1; }",
            "dd { margin: 0; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Split the bill"), h("form", field("Bill ($)", "bill", "number", min="0",
                                                                   step="0.01", value="60"),
                                                     field("Tip", "tip", "select",
                                                           options=[h("option", "10 %", value="10"),
                                                                    h("option", "15 %", value="15", selected=True),
                                                                    h("option", "20 %", value="20")]),
                                                     field("People", "people", "number", min="1", value="2")),
                h("dl", h("dt", "Tip"), h("dd", "$9.00", id="tip-total"), h("dt", "Each pays"),
                  h("dd", "$34.50", id="each")))],
        js="""
            const form = document.querySelector("form");

            function update() {
              const bill = Number(form.elements.bill.value) || 0;
              const people = Math.max(1, Number(form.elements.people.value) || 1);
              const tip = bill * Number(form.elements.tip.value) / 100;
              document.querySelector("#tip-total").textContent = `$${tip.toFixed(2)}`;
              document.querySelector("#each").textContent = `$${((bill + tip) / people).toFixed(2)}`;
            }

            form.addEventListener("input", update);
            update();
        """,
    ),
    dict(
        instruction="Textarea for a short post limited to 280 characters with a live counter. The counter turns red "
                    "in the last 20 characters and the Post button is disabled when the text is empty or too long.",
        title="New post", centre="grid", bg="#f1f5f9", css=[
            *app_css("#0284c7", 460),
            "textarea { width: 100%; box-sizing: border-box; min-height: 120px; padding: 10px; "
            "border: 1px solid #cbd5e1; border-radius: 8px; font: inherit; resize: vertical; }",
            ".bar { display: flex; justify-content: space-between; align-items: center; margin-top: 8px; }",
            "#counter { color: #64748b; font-variant-numeric: tabular-nums; }",
            "#counter.warn { color: #dc2626; font-weight: 700; }",
            "button:disabled { opacity: 0.5; cursor: not-allowed; }",
        ],
        body=[h("main", h("h1", h("label", "What's happening?", for_="post")), h("textarea", id="post", name="post"),
                h("div", h("span", "280", id="counter", aria_live="polite"), btn("Post", "send", disabled=True),
                  cls="bar"))],
        js="""
            const LIMIT = 280;
            const post = document.querySelector("#post");
            const counter = document.querySelector("#counter");

            post.addEventListener("input", () => {
              const left = LIMIT - post.value.length;
              counter.textContent = left;
              counter.classList.toggle("warn", left < 20);
              document.querySelector("#send").disabled = left < 0 || post.value.trim() === "";
            });
        """,
    ),
    dict(
        instruction='Login form where a "Show" button next to the password field reveals the password and its '
                    'label changes to "Hide".',
        title="Log in", centre="grid", bg="#eef2ff", css=[
            *app_css("#4f46e5", 360),
            "label { display: block; margin: 12px 0 4px; font-weight: 600; }",
            "input { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #d1d5db; "
            "border-radius: 6px; font: inherit; }",
            ".password { display: flex; gap: 8px; }",
            "#toggle { background: #e0e7ff; color: #3730a3; }",
            "[type=\"submit\"] { width: 100%; margin-top: 20px; padding: 12px; }",
        ],
        body=[h("main", h("h1", "Welcome back"), h("form", field("Email", "email", "email", autocomplete="email"),
                                                   h("label", "Password", for_="password"),
                                                   h("div", h("input", type="password", id="password",
                                                              name="password", autocomplete="current-password"),
                                                     btn("Show", "toggle", aria_controls="password"),
                                                     cls="password"),
                                                   h("button", "Log in", type="submit")))],
        js="""
            const password = document.querySelector("#password");
            const toggle = document.querySelector("#toggle");

            toggle.addEventListener("click", () => {
              const hidden = password.type === "password";
              password.type = hidden ? "text" : "password";
              toggle.textContent = hidden ? "Hide" : "Show";
            });
        """,
    ),
    dict(
        instruction="Accordion with three shipping questions where opening one closes the others. Use buttons "
                    "with aria-expanded, not details/summary.",
        title="Shipping questions", bg="#fafaf9", css=[
            "main { max-width: 600px; margin: 40px auto; padding: 0 16px; }",
            ".accordion button { display: flex; justify-content: space-between; width: 100%; padding: 14px 0; "
            "border: 0; border-bottom: 1px solid #d6d3d1; background: none; font: inherit; font-weight: 600; "
            "text-align: left; cursor: pointer; }",
            ".accordion button::after { content: \"+\"; }",
            ".accordion button[aria-expanded=\"true\"]::after { content: \"\\2212\"; }",
            ".accordion h2 { margin: 0; font-size: 1rem; }",
            ".accordion p { margin: 12px 0; color: #57534e; }",
        ],
        body=[h("main", h("h1", "Shipping"), h("div", [
            [h("h2", btn(q, f"q{i}", aria_expanded="false", aria_controls=f"a{i}")),
             h("p", a, id=f"a{i}", hidden=True)]
            for i, (q, a) in enumerate([
                ("How long does delivery take?", "Two to four working days within the UK."),
                ("Do you ship abroad?", "Yes, to 30 countries; rates are shown at checkout."),
                ("Can I change my address?", "Until the order is packed, from your account page.")], start=1)],
            cls="accordion"))],
        js="""
            const buttons = document.querySelectorAll(".accordion button");

            buttons.forEach((button) => {
              button.addEventListener("click", () => {
                const opening = button.getAttribute("aria-expanded") === "false";
                buttons.forEach((other) => {
                  const open = other === button && opening;
                  other.setAttribute("aria-expanded", String(open));
                  document.getElementById(other.getAttribute("aria-controls")).hidden = !open;
                });
              });
            });
        """,
    ),
    dict(
        instruction="Simple blog page with a light/dark theme toggle button in the header. Start from the "
                    "visitor's system setting.",
        title="Field notes", font=SERIF, css=[
            ":root { --bg: #ffffff; --fg: #1f2937; --muted: #6b7280; }",
            ".dark { --bg: #111827; --fg: #e5e7eb; --muted: #9ca3af; }",
            "body { background: var(--bg); color: var(--fg); transition: background 0.2s; }",
            "header { display: flex; justify-content: space-between; align-items: center; max-width: 680px; "
            "margin: 0 auto; padding: 20px 16px; }",
            "#theme { padding: 6px 12px; border: 1px solid var(--muted); border-radius: 999px; background: none; "
            "color: var(--fg); font: inherit; cursor: pointer; }",
            "article { max-width: 680px; margin: 0 auto; padding: 0 16px 40px; line-height: 1.7; }",
            ".meta { color: var(--muted); }",
        ],
        body=[h("header", h("strong", "Field notes"), btn("Dark mode", "theme", aria_pressed="false")),
              h("article", h("h1", "Walking the coast path in April"), h("p", "12 April · 4 min read", cls="meta"),
                h("p", "Spring is the quiet season on the coast: the cafés are open, the paths are dry and the "
                       "thrift is just starting to flower on the cliffs.")),
              ],
        js="""
            const button = document.querySelector("#theme");

            function apply(dark) {
              document.body.classList.toggle("dark", dark);
              button.setAttribute("aria-pressed", String(dark));
              button.textContent = dark ? "Light mode" : "Dark mode";
            }

            apply(window.matchMedia("(prefers-color-scheme: dark)").matches);
            button.addEventListener("click", () => apply(!document.body.classList.contains("dark")));
        """,
    ),
    dict(
        instruction='When I click the button "Say hello", an alert should pop up saying "Hello, world!"',
        title="Hello", centre="grid", css=[
            "button { padding: 12px 24px; border: 0; border-radius: 8px; background: #e11d48; color: #ffffff; "
            "font: inherit; font-size: 1.1rem; cursor: pointer; }",
        ],
        body=[btn("Say hello", "hello")],
        js="""
            document.querySelector("#hello").addEventListener("click", () => {
              alert("Hello, world!");
            });
        """,
    ),
    dict(
        instruction="A list of uploaded files, each with a Delete button that asks for confirmation before "
                    "removing the file from the list.",
        title="Files", bg="#f8fafc", css=[
            "main { max-width: 560px; margin: 40px auto; padding: 0 16px; }",
            "ul { list-style: none; margin: 0; padding: 0; border: 1px solid #e2e8f0; border-radius: 8px; "
            "background: #ffffff; }",
            "li { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; }",
            "li + li { border-top: 1px solid #e2e8f0; }",
            "small { color: #64748b; }",
            "button { padding: 6px 12px; border: 1px solid #fecaca; border-radius: 6px; background: #fef2f2; "
            "color: #b91c1c; font: inherit; cursor: pointer; }",
        ],
        body=[h("main", h("h1", "Uploads"), h("ul", [
            h("li", h("span", name, " ", h("small", size)), btn("Delete", data_name=name))
            for name, size in [("budget-2025.xlsx", "48 KB"), ("logo-final.svg", "12 KB"),
                               ("minutes-march.pdf", "210 KB")]]), h("p", id="status", aria_live="polite"))],
        js="""
            document.querySelectorAll("li button").forEach((button) => {
              button.addEventListener("click", () => {
                const name = button.dataset.name;
                if (confirm(`Delete ${name}? This cannot be undone.`)) {
                  button.closest("li").remove();
                  document.querySelector("#status").textContent = `${name} was deleted.`;
                }
              });
            });
        """,
    ),
    dict(
        instruction="Testimonial slider with previous/next buttons and dots underneath; it should wrap around from "
                    "the last quote to the first.",
        title="What customers say", centre="grid", bg="#fdf4ff", css=[
            "main { width: min(520px, calc(100% - 32px)); text-align: center; }",
            "blockquote p { margin: 0; }",
            "blockquote { margin: 0; padding: 28px; border-radius: 12px; background: #ffffff; font-size: 1.15rem; }",
            "cite { display: block; margin-top: 12px; color: #86198f; font-style: normal; font-weight: 600; }",
            ".controls { display: flex; justify-content: center; align-items: center; gap: 12px; margin-top: 16px; }",
            ".controls > button { border: 0; background: none; font-size: 1.4rem; color: #a21caf; cursor: pointer; }",
            ".dots button { width: 10px; height: 10px; margin: 0 3px; padding: 0; border: 0; border-radius: 50%; "
            "background: #f0abfc; cursor: pointer; }",
            ".dots button[aria-current=\"true\"] { background: #a21caf; }",
        ],
        body=[h("main", h("blockquote", h("p", id="quote"), h("cite", id="author")),
                h("div", btn("‹", "prev", aria_label="Previous"), h("div", cls="dots"),
                  btn("›", "next", aria_label="Next"), cls="controls"))],
        js="""
            const slides = [
              ["Setup took ten minutes and support answered in five.", "Dana, bakery owner"],
              ["Our orders finally ship on time.", "Marco, print shop owner"],
              ["The reports saved us a full day every month.", "Aisha, finance lead"],
            ];
            const dots = document.querySelector(".dots");
            let current = 0;

            function show(index) {
              current = (index + slides.length) % slides.length;
              document.querySelector("#quote").textContent = `“${slides[current][0]}”`;
              document.querySelector("#author").textContent = slides[current][1];
              dots.querySelectorAll("button").forEach((dot, i) => {
                dot.setAttribute("aria-current", String(i === current));
              });
            }

            slides.forEach((slide, i) => {
              const dot = document.createElement("button");
              dot.setAttribute("aria-label", `Quote ${i + 1}`);
              dot.addEventListener("click", () => show(i));
              dots.append(dot);
            });
            document.querySelector("#prev").addEventListener("click", () => show(current - 1));
            document.querySelector("#next").addEventListener("click", () => show(current + 1));
            show(0);
        """,
    ),
    dict(
        instruction="Celsius to Fahrenheit converter that works both ways: typing in either box updates the other.",
        title="Temperature converter", centre="grid", bg="#fff7ed", css=[
            *app_css("#ea580c", 380),
            ".pair { display: flex; align-items: end; gap: 12px; }",
            ".pair div { flex: 1; }",
            "label { display: block; margin-bottom: 4px; font-weight: 600; }",
            "input { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #fdba74; "
            "border-radius: 6px; font: inherit; font-size: 1.2rem; }",
            ".pair span { padding-bottom: 12px; color: #9a3412; }",
        ],
        body=[h("main", h("h1", "Temperature converter"),
                h("div", h("div", field("Celsius", "celsius", "number", value="20", step="any")), h("span", "="),
                  h("div", field("Fahrenheit", "fahrenheit", "number", value="68", step="any")), cls="pair"))],
        js="""
            const celsius = document.querySelector("#celsius");
            const fahrenheit = document.querySelector("#fahrenheit");
            const round = (n) => Math.round(n * 10) / 10;

            celsius.addEventListener("input", () => {
              if (celsius.value !== "") fahrenheit.value = round(celsius.value * 9 / 5 + 32);
            });
            fahrenheit.addEventListener("input", () => {
              if (fahrenheit.value !== "") celsius.value = round((fahrenheit.value - 32) * 5 / 9);
            });
        """,
    ),
    dict(
        instruction='Show an API key in a read-only field with a Copy button that copies it to the clipboard and '
                    'says "Copied!" for two seconds.',
        title="API key", centre="grid", bg="#f8fafc", css=[
            *app_css("#0f172a", 480),
            "p { color: #64748b; }",
            ".key { display: flex; gap: 8px; }",
            f".key input {{ flex: 1; padding: 10px; border: 1px solid #cbd5e1; border-radius: 6px; "
            f"font: 0.9rem {MONO}; background: #f1f5f9; }}",
        ],
        body=[h("main", h("h1", "Your API key"), h("p", "Keep this key secret. It gives full access to your account."),
                h("div", h("label", "API key", for_="key", cls="sr-only"),
                  h("input", id="key", value="sk_test_4f9a2c7e81b3d605", readonly=True), btn("Copy", "copy"),
                  cls="key"))],
        extra_css=[SR_ONLY],
        js="""
            const button = document.querySelector("#copy");

            button.addEventListener("click", async () => {
              const key = document.querySelector("#key");
              try {
                await navigator.clipboard.writeText(key.value);
                button.textContent = "Copied!";
              } catch {
                key.select();
                button.textContent = "Press Ctrl+C";
              }
              setTimeout(() => {
                button.textContent = "Copy";
              }, 2000);
            });
        """,
    ),
    dict(
        instruction="Digital clock page showing the current time (hours, minutes, seconds) in big numbers with the "
                    "date underneath, updating every second.",
        title="Clock", centre="text", bg="#020617", fg="#38bdf8", css=[
            f"#time {{ margin: 0; font: 700 clamp(3rem, 14vw, 8rem)/1 {MONO}; letter-spacing: 0.05em; }}",
            "#date { margin: 12px 0 0; color: #94a3b8; font-size: 1.2rem; }",
        ],
        body=[h("main", h("p", "00:00:00", id="time"), h("p", id="date"))],
        js="""
            function tick() {
              const now = new Date();
              document.querySelector("#time").textContent = now.toLocaleTimeString("en-GB");
              document.querySelector("#date").textContent = now.toLocaleDateString("en-GB", {
                weekday: "long", day: "numeric", month: "long", year: "numeric",
              });
            }

            tick();
            setInterval(tick, 1000);
        """,
    ),
    dict(
        instruction="Product grid for a bag shop with filter buttons (All, Backpacks, Totes, Wallets) that show only "
                    "the matching products.",
        title="Harbour Bags", bg="#fafaf9", css=[
            "main { max-width: 880px; margin: 32px auto; padding: 0 16px; }",
            ".filters { display: flex; gap: 8px; margin-bottom: 20px; }",
            ".filters button { padding: 6px 14px; border: 1px solid #a8a29e; border-radius: 999px; background: none; "
            "font: inherit; cursor: pointer; }",
            ".filters button[aria-pressed=\"true\"] { background: #292524; border-color: #292524; color: #ffffff; }",
            ".grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 16px; }",
            ".grid article { padding: 16px; border-radius: 10px; background: #ffffff; }",
            ".grid h2 { margin: 0 0 4px; font-size: 1rem; }",
            ".grid p { margin: 0; color: #57534e; }",
        ],
        body=[h("main", h("h1", "Harbour Bags"),
                h("div", [btn(f, aria_pressed="true" if f == "All" else "false", data_filter=slug(f))
                          for f in ["All", "Backpacks", "Totes", "Wallets"]], cls="filters"),
                h("div", [h("article", h("h2", n), h("p", p), data_kind=k) for n, p, k in [
                    ("Trail backpack", "$89", "backpacks"), ("Canvas tote", "$35", "totes"),
                    ("Slim wallet", "$29", "wallets"), ("Commuter backpack", "$110", "backpacks"),
                    ("Market tote", "$42", "totes"), ("Card holder", "$19", "wallets")]], cls="grid"))],
        js="""
            const buttons = document.querySelectorAll(".filters button");

            buttons.forEach((button) => {
              button.addEventListener("click", () => {
                const filter = button.dataset.filter;
                buttons.forEach((other) => other.setAttribute("aria-pressed", String(other === button)));
                document.querySelectorAll(".grid article").forEach((card) => {
                  card.hidden = filter !== "all" && card.dataset.kind !== filter;
                });
              });
            });
        """,
    ),
    dict(
        instruction="Display these orders in a table using JavaScript, with the order total formatted as dollars "
                    "and a final row with the sum of all orders.",
        input=json.dumps(ORDERS, ensure_ascii=False),
        title="Orders", bg="#f9fafb", css=[
            "table { width: min(640px, calc(100% - 32px)); margin: 40px auto; border-collapse: collapse; "
            "background: #ffffff; }",
            "caption { margin-bottom: 8px; font-size: 1.2rem; font-weight: 700; text-align: left; }",
            "th, td { padding: 10px 14px; border-bottom: 1px solid #e5e7eb; text-align: left; }",
            "th:nth-child(n+3), td:nth-child(n+3) { text-align: right; }",
            "thead th { background: #1d4ed8; color: #ffffff; }",
            "tfoot td { font-weight: 700; }",
        ],
        body=[h("table", h("caption", "Recent orders"),
                h("thead", h("tr", [h("th", c, scope="col") for c in ["Order", "Customer", "Items", "Total"]])),
                h("tbody"), h("tfoot", h("tr", h("td", "All orders", colspan="3"), h("td", id="sum"))))],
        js=js_data("orders", ORDERS) + """

            const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
            const tbody = document.querySelector("tbody");

            orders.forEach((order) => {
              const row = tbody.insertRow();
              [order.id, order.customer, order.items, money.format(order.total)].forEach((value) => {
                row.insertCell().textContent = value;
              });
            });
            const sum = orders.reduce((total, order) => total + order.total, 0);
            document.querySelector("#sum").textContent = money.format(sum);
        """,
    ),
    dict(
        instruction="Pricing slider: drag to choose between 1 and 50 users at $8 per user per month, with 20% off "
                    "the whole price above 20 users. Show the number of users and the monthly total.",
        title="Team pricing", centre="grid", bg="#f0f9ff", css=[
            *app_css("#0369a1", 440), "main { text-align: center; }",
            "input[type=\"range\"] { width: 100%; accent-color: #0369a1; }",
            "#total { margin: 16px 0 4px; font-size: 2.4rem; font-weight: 800; color: #0c4a6e; }",
            ".per { margin: 0; color: #64748b; }",
            "#note { margin: 0; min-height: 1.4em; color: #15803d; }",
        ],
        body=[h("main", h("h1", "How big is your team?"),
                h("label", h("span", "10", id="users"), " users", for_="seats"),
                h("input", type="range", id="seats", min="1", max="50", value="10"),
                h("p", "$80", id="total"), h("p", "per month", cls="per"),
                h("p", id="note"))],
        js="""
            const seats = document.querySelector("#seats");

            function update() {
              const users = Number(seats.value);
              const discount = users > 20 ? 0.2 : 0;
              const total = users * 8 * (1 - discount);
              document.querySelector("#users").textContent = users;
              document.querySelector("#total").textContent = `$${total.toFixed(total % 1 ? 2 : 0)}`;
              document.querySelector("#note").textContent = discount ? "20% team discount applied" : "";
            }

            seats.addEventListener("input", update);
            update();
        """,
    ),
    dict(
        instruction="Five-star rating widget: hovering highlights the stars, clicking sets the rating and a line "
                    "below says e.g. You rated this 4 out of 5.",
        title="Rate this recipe", centre="text", css=[
            ".stars { display: inline-flex; gap: 4px; }",
            ".stars button { padding: 0; border: 0; background: none; font-size: 2.4rem; line-height: 1; "
            "color: #d1d5db; cursor: pointer; }",
            ".stars button::before { content: \"\\2605\"; }",
            ".stars button.on { color: #f59e0b; }",
            "#result { color: #4b5563; }",
        ],
        body=[h("main", h("h1", "Rate this recipe"), h("div", [btn("", aria_label=f"{n} star{'s' if n > 1 else ''}",
                                                                  data_value=str(n)) for n in range(1, 6)],
                                                          cls="stars", role="group", aria_label="Rating"),
                h("p", "Not rated yet", id="result", aria_live="polite"))],
        js="""
            const stars = document.querySelectorAll(".stars button");
            let rating = 0;

            function paint(value) {
              stars.forEach((star) => star.classList.toggle("on", Number(star.dataset.value) <= value));
            }

            stars.forEach((star) => {
              star.addEventListener("mouseenter", () => paint(Number(star.dataset.value)));
              star.addEventListener("mouseleave", () => paint(rating));
              star.addEventListener("click", () => {
                rating = Number(star.dataset.value);
                paint(rating);
                document.querySelector("#result").textContent = `You rated this ${rating} out of 5.`;
              });
            });
        """,
    ),
    dict(
        instruction="Account dropdown menu: clicking the avatar button opens a small menu (Profile, Settings, Sign "
                    "out); clicking outside it or pressing Escape closes it.",
        title="Account menu", bg="#f3f4f6", css=[
            "header { display: flex; justify-content: space-between; align-items: center; padding: 12px 24px; "
            "background: #ffffff; border-bottom: 1px solid #e5e7eb; }",
            ".account { position: relative; }",
            "#avatar { width: 40px; height: 40px; border: 0; border-radius: 50%; background: #7c3aed; "
            "color: #ffffff; font: inherit; font-weight: 700; cursor: pointer; }",
            "#menu { position: absolute; right: 0; top: 48px; min-width: 160px; margin: 0; padding: 6px; "
            "list-style: none; border-radius: 8px; background: #ffffff; box-shadow: 0 8px 24px "
            "rgba(0, 0, 0, 0.12); }",
            "#menu a { display: block; padding: 8px 12px; border-radius: 6px; color: #111827; "
            "text-decoration: none; }",
            "#menu a:hover { background: #f3f4f6; }",
        ],
        body=[h("header", h("strong", "Northwind"), h("div", btn("JM", "avatar", aria_label="Account menu",
                                                                 aria_expanded="false", aria_controls="menu"),
                                                      h("ul", [h("li", h("a", x, href="#")) for x in
                                                               ["Profile", "Settings", "Sign out"]], id="menu",
                                                        hidden=True), cls="account"))],
        js="""
            const button = document.querySelector("#avatar");
            const menu = document.querySelector("#menu");

            function setOpen(open) {
              menu.hidden = !open;
              button.setAttribute("aria-expanded", String(open));
            }

            button.addEventListener("click", (event) => {
              event.stopPropagation();
              setOpen(menu.hidden);
            });
            document.addEventListener("click", (event) => {
              if (!menu.contains(event.target)) setOpen(false);
            });
            document.addEventListener("keydown", (event) => {
              if (event.key === "Escape") setOpen(false);
            });
        """,
    ),
    dict(
        instruction='Settings page with a "Save changes" button; clicking it shows a toast in the bottom-right '
                    'corner saying "Settings saved" that disappears after three seconds.',
        title="Settings", bg="#f9fafb", css=[
            "main { max-width: 480px; margin: 40px auto; padding: 0 16px; }",
            ".check { display: flex; gap: 8px; margin: 12px 0; }",
            "#save { margin-top: 12px; padding: 10px 18px; border: 0; border-radius: 6px; background: #111827; "
            "color: #ffffff; font: inherit; cursor: pointer; }",
            "#toast { position: fixed; right: 24px; bottom: 24px; padding: 12px 18px; border-radius: 8px; "
            "background: #166534; color: #ffffff; box-shadow: 0 6px 20px rgba(0, 0, 0, 0.2); }",
        ],
        body=[h("main", h("h1", "Notifications"), checkbox("Weekly summary email", "summary", checked=True),
                checkbox("Comments on my posts", "comments"), btn("Save changes", "save")),
              h("div", "Settings saved", id="toast", role="status", hidden=True)],
        js="""
            const toast = document.querySelector("#toast");
            let hideTimer;

            document.querySelector("#save").addEventListener("click", () => {
              toast.hidden = false;
              clearTimeout(hideTimer);
              hideTimer = setTimeout(() => {
                toast.hidden = true;
              }, 3000);
            });
        """,
    ),
]


def interactive_pages() -> list[dict]:
    return [row("interactive", s, render_simple(s)) for s in INTERACTIVE_SPECS]


# =============================================================================
# E-mail templates: a 600px table layout with inline styles (what mail clients honour), a hidden
# preheader, a header bar, a content cell, a button made from a styled link, and a small footer.
# The head <style> only carries resets and the mobile rule; everything visible is styled inline.
# =============================================================================

EMAIL_FONT = "Arial, Helvetica, sans-serif"


def e_h1(text: str) -> El:
    return h("h1", text)


def e_p(*children, muted: bool = False) -> El:
    return h("p", *children, cls="muted" if muted else None)


def e_button(label: str, bg: str, *more: str) -> El:
    """Bulletproof-style buttons: padded links in table cells that carry the fill colour. Extra
    (label, colour) pairs in `more` become more buttons on the same row, 12px apart."""
    pairs = [(label, bg), *zip(more[::2], more[1::2])]
    cells = []
    for i, (text, fill) in enumerate(pairs):
        cells += [i > 0 and h("td", width="12"),
                  h("td", h("a", text, href="#", style=f"display: inline-block; padding: 12px 28px; "
                                                       f"color: {text_on(fill)}; font-weight: bold; "
                                                       "text-decoration: none;"),
                    style=f"border-radius: 6px; background: {fill};")]
    return h("table", h("tr", cells), role="presentation", cellpadding="0", cellspacing="0", cls="button")


def e_rows(pairs, bold_last: bool = False) -> El:
    """A two-column table of label/value pairs (order lines, booking details)."""
    last = len(pairs) - 1
    return h("table", [h("tr", h("td", label), h("td", value, align="right"), cls="total" if bold_last and i == last
                         else None) for i, (label, value) in enumerate(pairs)],
             cls="details", role="presentation", width="100%", cellpadding="0", cellspacing="0")


def render_email(s: dict) -> str:
    """Layout, colours and the button are inline (what every mail client honours); the head <style> only has
    resets, type sizes shared by every paragraph and the rule that makes the 600px table fluid on phones."""
    a = s["accent"]
    outer = s.get("outer", "#f3f4f6")
    found = features_of(s["content"])
    css = [
        f"body {{ margin: 0; padding: 24px 0; background: {outer}; }}",
        "table { border-collapse: collapse; }",
        "h1 { margin: 0 0 16px; font-size: 24px; color: #111827; }",
        "p { margin: 0 0 16px; line-height: 1.5; color: #374151; }",
        ".muted" in found and ".muted { font-size: 14px; color: #6b7280; }",
        found & {".button", ".details"} and ".button, .details { margin: 8px 0 24px; }",
        ".details" in found and ".details td { padding: 8px 0; border-bottom: 1px solid #e5e7eb; }",
        ".total" in found and ".total td { font-weight: bold; }",
        "@media (max-width: 620px) {\n  .container { width: 100% !important; }\n"
        "  .content { padding: 24px 16px !important; }\n}",
    ]
    header = h("tr", h("td", s["brand"], align=s.get("align"),
                       style=f"padding: 20px 32px; background: {a}; color: {text_on(a)}; font-size: 20px; "
                             "font-weight: bold;"))
    footer = h("tr", h("td", s["footer"], align="center",
                       style="padding: 20px 32px; background: #f9fafb; color: #6b7280; font-size: 12px;"))
    container = h("table", header, h("tr", h("td", s["content"], cls="content", style="padding: 32px;")), footer,
                  cls="container", role="presentation", align="center", width="600", cellpadding="0",
                  cellspacing="0", style=f"width: 600px; background: #ffffff; font-family: {EMAIL_FONT};")
    body = [h("div", s["preheader"], cls="preheader", style="display: none; overflow: hidden;"),
            container]
    return page(s["title"], [c for c in css if c] + s.get("css", []), body)


def unsubscribe(company: str, address: str) -> list:
    return [f"{company}, {address}", h("br"), h("a", "Unsubscribe", href="#", style="color: #6b7280;")]


RECEIPT_ITEMS = [("Pour-over set", 1, 34.00), ("Beans, 250 g", 2, 12.50), ("Paper filters", 1, 4.75)]


def _receipt_lines() -> list:
    lines = [(f"{name} × {qty}", f"£{qty * price:.2f}") for name, qty, price in RECEIPT_ITEMS]
    subtotal = sum(q * p for _, q, p in RECEIPT_ITEMS)
    return lines + [("Delivery", "£3.95"), ("Total paid", f"£{subtotal + 3.95:.2f}")]


EMAIL_SPECS = [
    dict(
        instruction="HTML email receipt for an online coffee shop order, with the items, delivery and total paid. "
                    "No button needed.",
        input="Kettle & Crema, order #20417: pour-over set £34, 2 x beans 250 g at £12.50, paper filters £4.75, "
              "delivery £3.95",
        title="Your Kettle & Crema receipt", brand="Kettle & Crema", accent="#78350f",
        preheader="Your receipt for order #20417.",
        content=[e_h1("Thanks for your order!"), e_p("Order #20417 · paid with Visa ending 4242"),
                 e_rows(_receipt_lines(), bold_last=True)],
        footer=unsubscribe("Kettle & Crema Ltd", "4 Mill Lane, Bristol BS1 4XY"),
    ),
    dict(
        instruction="Welcome email for new users of a habit-tracking app called Streakly: a friendly greeting, "
                    "three quick tips to get started and a button to open the app.",
        title="Welcome to Streakly", brand="Streakly", accent="#7c3aed", align="center",
        preheader="Three tips to build your first streak this week.",
        content=[e_h1("Welcome to Streakly, Sam!"),
                 e_p("We are glad you are here. Here is how to make your first week count:"),
                 h("ol", h("li", "Pick one small habit, like a 10-minute walk."),
                   h("li", "Set a reminder at the same time every day."),
                   h("li", "Check in, even on bad days. Streaks love honesty."),
                   style="margin: 0 0 16px; padding-left: 20px; line-height: 1.6; color: #374151;"),
                 e_button("Open Streakly", "#7c3aed"),
                 e_p("Cheering you on,", h("br"), "The Streakly team")],
        footer=unsubscribe("Streakly Inc.", "500 Market St, San Francisco, CA 94105"),
    ),
    dict(
        instruction='Password reset email: explain that someone asked to reset the password, a "Reset password" '
                    'button, a note that the link expires in 30 minutes, and what to do if it was not them.',
        title="Reset your password", brand="Ledgerly", accent="#1e3a8a",
        preheader="Your password reset link expires in 30 minutes.",
        content=[e_h1("Reset your password"),
                 e_p("We received a request to reset the password for the Ledgerly account linked to "
                     "alex@example.com."),
                 e_button("Reset password", "#1e3a8a"),
                 e_p("This link expires in 30 minutes and can only be used once."),
                 e_p("If you did not ask for this, you can ignore this email. Your password will not change.",
                     muted=True)],
        footer=["Ledgerly Ltd, 22 Quay Street, Manchester M3 3JE", h("br"),
                "This is a security email about your account."],
    ),
    dict(
        instruction="Monthly newsletter email for a city library: a short intro, three stories each with a title, "
                    "one sentence and a Read more link, then a button to see all events.",
        title="Westbrook Library news", brand="Westbrook Library · March", accent="#065f46",
        preheader="New study rooms, a poetry night and longer Saturday hours.",
        content=[e_h1("What's new this month"),
                 e_p("Here is what is happening at your library in March."),
                 [[h("h2", title), e_p(text, " ", h("a", "Read more", href="#", style="color: #065f46;"))]
                  for title, text in [("New study rooms", "Book a quiet room for up to six people."),
                                      ("Poetry night, 21 March", "Open mic slots are still free."),
                                      ("Longer Saturdays", "We now open 9:00 to 17:00.")]],
                 e_button("See all events", "#065f46")],
        css=["h2 { margin: 0 0 6px; padding-top: 16px; border-top: 1px solid #e5e7eb; font-size: 18px; "
             "color: #065f46; }"],
        footer=unsubscribe("Westbrook Library", "1 Civic Square, Westbrook WB1 2AA"),
    ),
    dict(
        instruction="Shipping notification email: the order is on its way, with the carrier, tracking number, "
                    "expected delivery date and a Track package button.",
        input="Fernleaf Plants, order #FL-5583, Parcelway tracking PW 7781 2290 4410, arriving Thursday 14 March, "
              "brand green #166534",
        title="Your order is on its way", brand="Fernleaf Plants", accent="#166534",
        preheader="Order #FL-5583 arrives Thursday 14 March.",
        content=[e_h1("Your plants are on their way"),
                 e_p("Good news: order #FL-5583 left our greenhouse this morning."),
                 e_rows([("Carrier", "Parcelway"), ("Tracking number", "PW 7781 2290 4410"),
                         ("Expected delivery", "Thursday 14 March")]),
                 e_button("Track package", "#166534")],
        footer=["Fernleaf Plants, Greenway Park, Norwich NR6 5DP"],
    ),
    dict(
        instruction="Invitation email to a product launch party: date, time, venue, dress code and an RSVP button. "
                    "Dark header, gold button.",
        title="You're invited", brand="Lumen Audio", accent="#111827", align="center",
        preheader="Join us on 4 April for the launch of Lumen One.",
        content=[e_h1("You're invited to the launch of Lumen One"),
                 e_p("Be among the first to hear our new speaker, with live music and drinks."),
                 e_rows([("Date", "Friday 4 April"), ("Time", "19:00 to 22:00"),
                         ("Venue", "The Glasshouse, 18 Canal Street, Birmingham"), ("Dress code", "Smart casual")]),
                 e_button("RSVP now", "#d4a017"),
                 e_p("Please reply by 28 March. Plus-ones are welcome.", muted=True)],
        footer=["Lumen Audio Ltd, 9 Jewellery Quarter, Birmingham B18 6AA"],
    ),
    dict(
        instruction="I need a verification email that shows a 6-digit code in big letters (482 913), says it is "
                    "valid for 10 minutes, and has no button.",
        title="Your verification code", brand="Parcel Pilot", accent="#0891b2",
        preheader="Your Parcel Pilot code is 482 913.",
        content=[e_h1("Confirm your email address"), e_p("Enter this code in the app to finish signing up:"),
                 h("p", "482 913", style="margin: 0 0 16px; padding: 16px; border-radius: 8px; background: #ecfeff; "
                                         "color: #0e7490; font-size: 32px; font-weight: bold; letter-spacing: 6px; "
                                         "text-align: center;"),
                 e_p("The code is valid for 10 minutes. Never share it with anyone.", muted=True)],
        footer=["Parcel Pilot, 77 Harbour Road, Leith EH6 6LD", h("br"), "You received this because someone "
                "signed up with this address."],
    ),
    dict(
        instruction="Abandoned-cart email: you left something behind, show the two products side by side with "
                    "price, then a Return to cart button and a 10% code SAVE10.",
        title="You left something behind", brand="Oakhaus", accent="#92400e",
        preheader="Use SAVE10 for 10% off today.",
        content=[e_h1("You left something behind"),
                 e_p("Your cart is saved:"),
                 h("table", h("tr", [h("td", h("div", style=f"height: 120px; border-radius: 6px; "
                                                          f"background: {colour};"),
                                     h("p", h("strong", name), " " + price), cls="product", width="50%")
                                    for name, price, colour in [("Oak side table", "£149", "#d6b48a"),
                                                                ("Linen cushion", "£35", "#e7e0d4")]]),
                   role="presentation", width="100%", cellpadding="0", cellspacing="0"),
                 e_p("Come back today and use code ", h("strong", "SAVE10"), " for 10% off."),
                 e_button("Return to cart", "#92400e")],
        footer=unsubscribe("Oakhaus Furniture", "12 Timber Yard, Leeds LS9 8AB"),
        css=[".product { padding: 0 8px 8px; }"],
    ),
    dict(
        instruction="Write a payment failed email for a subscription: the card was declined, what happens next "
                    "(we retry in 3 days, access stops after 7) and an Update payment method button.",
        title="Your payment didn't go through", brand="Tempo Music", accent="#be123c",
        preheader="Update your card to keep listening without interruption.",
        content=[e_h1("Your payment didn't go through"),
                 e_p("We could not charge £9.99 for your Tempo Premium plan. Your card ending 0611 was declined."),
                 e_rows([("Next attempt", "in 3 days"), ("Premium access ends", "in 7 days if unpaid")]),
                 e_button("Update payment method", "#be123c"),
                 e_p("Already fixed it? You can ignore this message.", muted=True)],
        footer=["Tempo Music Ltd, 3 Sound Street, London E2 7QA", h("br"),
                h("a", "Billing help", href="#", style="color: #6b7280;")],
    ),
    dict(
        instruction="Appointment reminder email from a dental practice for tomorrow's check-up, with the time, "
                    "dentist, address, and Confirm / Reschedule buttons next to each other.",
        title="Appointment reminder", brand="Brightside Dental", accent="#0e7490",
        preheader="Reminder: your check-up is tomorrow at 09:30.",
        content=[e_h1("See you tomorrow, Jordan"),
                 e_rows([("When", "Tuesday 11 March, 09:30"), ("Dentist", "Dr Helen Price"),
                         ("Where", "14 Elm Road, Cambridge CB1 2QR")]),
                 e_button("Confirm", "#0e7490", "Reschedule", "#e5e7eb"),
                 ],
        footer=["Brightside Dental, 14 Elm Road, Cambridge CB1 2QR · 01632 960 214"],
    ),
    dict(
        instruction="Email asking a customer to review the hiking boots they bought, with a row of five "
                    "clickable numbered ratings from 1 to 5 and a short thank-you.",
        title="How are your new boots?", brand="Summit Supply", accent="#3f6212", outer="#f7f7f2",
        preheader="Tell us what you think in one click.",
        content=[e_h1("How are your Ridgeline boots?"),
                 e_p("You have had them for two weeks. Tap a number to rate them:"),
                 h("table", h("tr", [h("td", h("a", str(n), href="#"), align="center", width="56")
                                     for n in range(1, 6)]),
                   cls="rating", role="presentation", cellpadding="0", cellspacing="0"),
                 e_p("1 = not for me, 5 = love them. Thank you for helping other hikers choose.")],
        footer=unsubscribe("Summit Supply Co.", "88 Ridge Road, Keswick CA12 5DJ"),
        css=[".rating { margin: 0 0 16px; }", ".rating td { padding: 4px; }",
             ".rating a { display: block; padding: 12px 0; border: 1px solid #bef264; border-radius: 6px; "
             "color: #3f6212; font-weight: bold; text-decoration: none; }"],
    ),
]


def email_templates() -> list[dict]:
    return [row("email_template", s, render_email(s)) for s in EMAIL_SPECS]


# =============================================================================
# Programming tasks: requests worded the way coding datasets word them ("Write a JavaScript function
# that…", "Create a program that…"), still answered with one complete page, never code in prose.
# =============================================================================

PROGRAM_SPECS = [
    dict(
        instruction="Write a JavaScript function that reverses a string and display the result on a web page.",
        title="Reverse a string", centre="grid", bg="#f8fafc", css=[
            *app_css("#2563eb", 420),
            "input { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #cbd5e1; "
            "border-radius: 6px; font: inherit; }",
            f"output {{ display: block; margin-top: 16px; padding: 12px; border-radius: 6px; background: #eff6ff; "
            f"font-family: {MONO}; }}",
        ],
        body=[h("main", h("h1", "Reverse a string"), h("label", "Text", for_="text", cls="sr-only"),
                h("input", id="text", value="Hello, world"), h("output", id="result", for_="text"))],
        extra_css=[SR_ONLY],
        js="""
            function reverseString(text) {
              return Array.from(text).reverse().join("");
            }

            const input = document.querySelector("#text");
            const result = document.querySelector("#result");
            const update = () => {
              result.textContent = reverseString(input.value);
            };

            input.addEventListener("input", update);
            update();
        """,
    ),
    dict(
        instruction="Write HTML and CSS code to create a responsive two-column layout.",
        title="Two-column layout", css=[
            "* { box-sizing: border-box; }",
            ".layout { display: grid; grid-template-columns: 2fr 1fr; gap: 24px; max-width: 1000px; "
            "margin: 0 auto; padding: 24px; }",
            ".layout > * { padding: 20px; border-radius: 8px; background: #f1f5f9; }",
            "@media (max-width: 700px) {\n  .layout { grid-template-columns: 1fr; }\n}",
        ],
        body=[h("div", h("main", h("h1", "Main column"), h("p", "This column takes two thirds of the width on "
                                                                "wide screens.")),
                h("aside", h("h2", "Sidebar"), h("p", "On screens narrower than 700px the columns stack.")),
                cls="layout")],
    ),
    dict(
        instruction='Create a program that prints the numbers from 1 to 100, but "Fizz" for multiples of 3, "Buzz" '
                    'for multiples of 5 and "FizzBuzz" for multiples of both. Output it on a web page.',
        title="FizzBuzz", bg="#fefce8", css=[
            "main { max-width: 720px; margin: 32px auto; padding: 0 16px; }",
            "ol { display: grid; grid-template-columns: repeat(auto-fill, minmax(90px, 1fr)); gap: 6px; "
            "padding: 0; list-style: none; }",
            "li { padding: 6px; border-radius: 4px; background: #ffffff; text-align: center; }",
            ".fizz { background: #fde68a; }",
            ".buzz { background: #bfdbfe; }",
            ".fizzbuzz { background: #fca5a5; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "FizzBuzz 1 to 100"), h("ol", id="output"))],
        js="""
            function fizzBuzz(n) {
              if (n % 15 === 0) return "FizzBuzz";
              if (n % 3 === 0) return "Fizz";
              if (n % 5 === 0) return "Buzz";
              return String(n);
            }

            const list = document.querySelector("#output");
            for (let n = 1; n <= 100; n += 1) {
              const item = document.createElement("li");
              item.textContent = fizzBuzz(n);
              if (isNaN(item.textContent)) item.className = item.textContent.toLowerCase();
              list.append(item);
            }
        """,
    ),
    dict(
        instruction="Generate an HTML page that uses JavaScript to display today's date written out in full, "
                    "for example Monday, 3 March 2025.",
        title="Today's date", centre="text", bg="#f0fdf4", css=[
            "h1 { margin: 0; color: #15803d; font-size: 1rem; text-transform: uppercase; letter-spacing: 0.1em; }",
            "#today { margin: 8px 0 0; font-size: 2rem; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Today is"), h("p", id="today"))],
        js="""
            const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
            const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"];

            function formatDate(date) {
              const day = DAYS[date.getDay()];
              return `${day}, ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
            }

            document.querySelector("#today").textContent = formatDate(new Date());
        """,
    ),
    dict(
        instruction="Write a function isPrime(n) in JavaScript and a page where the user enters a whole number and "
                    "is told whether it is prime.",
        title="Prime checker", centre="grid", bg="#faf5ff", css=[
            *app_css("#9333ea", 380),
            "form { display: flex; gap: 8px; }",
            "input { flex: 1; padding: 8px; border: 1px solid #d8b4fe; border-radius: 6px; font: inherit; }",
            "#answer { min-height: 1.5em; margin: 16px 0 0; font-weight: 600; }",
        ],
        body=[h("main", h("h1", "Is it prime?"), h("form", h("label", "Number", for_="n", cls="sr-only"),
                                                   h("input", type="number", id="n", min="0", step="1", value="97",
                                                     required=True), h("button", "Check")),
                h("p", id="answer", aria_live="polite"))],
        extra_css=[SR_ONLY],
        js="""
            function isPrime(n) {
              if (!Number.isInteger(n) || n < 2) return false;
              for (let d = 2; d * d <= n; d += 1) {
                if (n % d === 0) return false;
              }
              return true;
            }

            document.querySelector("form").addEventListener("submit", (event) => {
              event.preventDefault();
              const n = Number(document.querySelector("#n").value);
              document.querySelector("#answer").textContent = `${n} is ${isPrime(n) ? "" : "not "}a prime number.`;
            });
        """,
    ),
    dict(
        instruction="Given the array below, write code that displays the sum, the average, the largest and the "
                    "smallest value on a web page.",
        input="numbers = [12, 7, 31, 4, 19, 25]",
        title="Array statistics", bg="#f8fafc", css=[
            "main { max-width: 520px; margin: 40px auto; padding: 0 16px; }",
            f"code {{ font-family: {MONO}; }}",
            "dl { display: grid; grid-template-columns: repeat(2, 1fr); gap: 12px; }",
            "dl div { padding: 16px; border-radius: 8px; background: #ffffff; border: 1px solid #e2e8f0; }",
            "dt { color: #64748b; }",
            "dd { margin: 4px 0 0; font-size: 1.6rem; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Array statistics"), h("p", "Numbers: ", h("code", id="numbers")),
                h("dl", [h("div", h("dt", label), h("dd", id=key)) for label, key in
                         [("Sum", "sum"), ("Average", "average"), ("Largest", "max"), ("Smallest", "min")]]))],
        js="""
            const numbers = [12, 7, 31, 4, 19, 25];
            const sum = numbers.reduce((total, n) => total + n, 0);

            document.querySelector("#numbers").textContent = numbers.join(", ");
            document.querySelector("#sum").textContent = sum;
            document.querySelector("#average").textContent = (sum / numbers.length).toFixed(2);
            document.querySelector("#max").textContent = Math.max(...numbers);
            document.querySelector("#min").textContent = Math.min(...numbers);
        """,
    ),
    dict(
        instruction="Write a function that takes an array of student objects and renders them as an HTML table, "
                    "highlighting grades of 90 and above.",
        input='students = [{name: "Ana", grade: 91}, {name: "Ben", grade: 78}, {name: "Chloe", grade: 85}, '
              '{name: "Dev", grade: 96}]',
        title="Students", bg="#ffffff", css=[
            "table { margin: 40px auto; border-collapse: collapse; min-width: 280px; }",
            "th, td { padding: 8px 16px; border: 1px solid #d1d5db; text-align: left; }",
            "thead th { background: #f3f4f6; }",
            ".top { background: #dcfce7; font-weight: 700; }",
        ],
        body=[h("table", h("thead", h("tr", h("th", "Name", scope="col"), h("th", "Grade", scope="col"))),
                h("tbody", id="students"))],
        js="""
            const students = [
              { name: "Ana", grade: 91 },
              { name: "Ben", grade: 78 },
              { name: "Chloe", grade: 85 },
              { name: "Dev", grade: 96 },
            ];

            function renderTable(rows, tbody) {
              rows.forEach((student) => {
                const tr = tbody.insertRow();
                tr.insertCell().textContent = student.name;
                const grade = tr.insertCell();
                grade.textContent = student.grade;
                if (student.grade >= 90) grade.className = "top";
              });
            }

            renderTable(students, document.querySelector("#students"));
        """,
    ),
    dict(
        instruction="Write CSS to center a div horizontally and vertically on the page.",
        title="Centered box", css=[
            "body { display: grid; place-items: center; min-height: 100vh; background: #e0f2fe; }",
            ".box { padding: 32px 48px; border-radius: 12px; background: #ffffff; "
            "box-shadow: 0 10px 30px rgba(2, 132, 199, 0.2); }",
        ],
        body=[h("div", "I am centered both ways.", cls="box")],
    ),
    dict(
        instruction="Create an HTML page with a button that changes the background colour of the page every time it "
                    "is clicked, and shows the name of the current colour.",
        title="Colour changer", centre="text", css=[
            "body { transition: background 0.3s; }",
            "button { padding: 12px 24px; border: 2px solid #111827; border-radius: 8px; background: #ffffff; "
            "font: inherit; font-weight: 600; cursor: pointer; }",
            "#name { font-size: 1.4rem; }",
        ],
        body=[h("main", h("p", "white", id="name"), btn("Change colour", "change"))],
        js="""
            const colours = ["lavender", "lightyellow", "honeydew", "mistyrose", "lightcyan", "white"];
            let index = colours.length - 1;

            document.querySelector("#change").addEventListener("click", () => {
              index = (index + 1) % colours.length;
              document.body.style.background = colours[index];
              document.querySelector("#name").textContent = colours[index];
            });
        """,
    ),
    dict(
        instruction="write a program that counts the vowels in a sentence the user types",
        title="Vowel counter", centre="grid", bg="#fff1f2", css=[
            *app_css("#e11d48", 440),
            "textarea { width: 100%; box-sizing: border-box; min-height: 90px; padding: 10px; "
            "border: 1px solid #fda4af; border-radius: 6px; font: inherit; }",
            "#count { font-size: 1.2rem; }",
        ],
        body=[h("main", h("h1", h("label", "Type a sentence", for_="sentence")),
                h("textarea", "Counting vowels is easy", id="sentence"),
                h("p", h("strong", "0", id="count"), " vowels"))],
        js="""
            function countVowels(text) {
              return (text.match(/[aeiou]/gi) || []).length;
            }

            const sentence = document.querySelector("#sentence");
            const update = () => {
              document.querySelector("#count").textContent = countVowels(sentence.value);
            };

            sentence.addEventListener("input", update);
            update();
        """,
    ),
    dict(
        instruction="Implement bubble sort in JavaScript and show the array before and after sorting, plus the "
                    "number of swaps, on a web page.",
        input="[29, 3, 72, 15, 8, 41]",
        title="Bubble sort", bg="#f8fafc", css=[
            "main { max-width: 560px; margin: 40px auto; padding: 0 16px; }",
            f"pre {{ padding: 12px; border-radius: 6px; background: #0f172a; color: #e2e8f0; font-family: {MONO}; }}",
        ],
        body=[h("main", h("h1", "Bubble sort"), h("h2", "Before"), h("pre", id="before"), h("h2", "After"),
                h("pre", id="after"), h("p", id="swaps"))],
        js="""
            function bubbleSort(values) {
              const a = [...values];
              let swaps = 0;
              for (let end = a.length - 1; end > 0; end -= 1) {
                for (let i = 0; i < end; i += 1) {
                  if (a[i] > a[i + 1]) {
                    [a[i], a[i + 1]] = [a[i + 1], a[i]];
                    swaps += 1;
                  }
                }
              }
              return { sorted: a, swaps };
            }

            const input = [29, 3, 72, 15, 8, 41];
            const { sorted, swaps } = bubbleSort(input);
            document.querySelector("#before").textContent = JSON.stringify(input);
            document.querySelector("#after").textContent = JSON.stringify(sorted);
            document.querySelector("#swaps").textContent = `Swaps needed: ${swaps}`;
        """,
    ),
    dict(
        instruction="Write HTML code to display the multiplication table of 7, from 7 x 1 to 7 x 10.",
        title="Table of 7", css=[
            "table { margin: 32px auto; border-collapse: collapse; font-size: 1.1rem; }",
            "caption { margin-bottom: 8px; font-weight: 700; }",
            "td { padding: 6px 16px; border-bottom: 1px solid #e5e7eb; text-align: right; }",
            "td:last-child { font-weight: 700; color: #b45309; }",
        ],
        body=[h("table", h("caption", "Multiplication table of 7"),
                h("tbody", [h("tr", h("td", f"7 x {n}"), h("td", "="), h("td", str(7 * n))) for n in range(1, 11)]))],
    ),
    dict(
        instruction="Make a web page with a text box and a Log button. Clicking the button should print the text "
                    "to the browser console with console.log and also show it on the page.",
        title="Console logger", centre="grid", bg="#f1f5f9", css=[
            *app_css("#334155", 400),
            "form { display: flex; gap: 8px; }",
            "input { flex: 1; padding: 8px; border: 1px solid #cbd5e1; border-radius: 6px; font: inherit; }",
            f"#last {{ margin: 16px 0 0; font-family: {MONO}; color: #475569; }}",
        ],
        body=[h("main", h("h1", "Log a message"), h("form", h("label", "Message", for_="message", cls="sr-only"),
                                                    h("input", id="message", required=True), h("button", "Log")),
                h("p", "Nothing logged yet.", id="last"))],
        extra_css=[SR_ONLY],
        js="""
            document.querySelector("form").addEventListener("submit", (event) => {
              event.preventDefault();
              const text = document.querySelector("#message").value;
              console.log(text);
              document.querySelector("#last").textContent = `Logged: ${text}`;
            });
        """,
    ),
    dict(
        instruction="Using CSS Grid, write the code for a page layout with a header, a left sidebar, the main "
                    "content area and a footer. The sidebar should move below the content on phones.",
        title="Grid layout", css=[
            ".page { display: grid; grid-template: \"header header\" auto \"sidebar main\" 1fr "
            "\"footer footer\" auto / 220px 1fr; min-height: 100vh; }",
            "header { grid-area: header; padding: 16px 24px; background: #1e293b; color: #ffffff; }",
            "aside { grid-area: sidebar; padding: 24px; background: #f1f5f9; }",
            "main { grid-area: main; padding: 24px; }",
            "footer { grid-area: footer; padding: 16px 24px; background: #e2e8f0; }",
            "@media (max-width: 640px) {\n"
            "  .page { grid-template: \"header\" \"main\" \"sidebar\" \"footer\" / 1fr; }\n}",
        ],
        body=[h("div", h("header", "Header"), h("aside", "Sidebar"),
                h("main", h("h1", "Main content"), h("p", "The grid areas are named, so the layout reads like a map.")),
                h("footer", "Footer"), cls="page")],
    ),
]


def programming_tasks() -> list[dict]:
    return [row("programming_task", s, render_simple(s)) for s in PROGRAM_SPECS]


# =============================================================================
# Edits and fixes: `input` holds a snippet or page; the answer is the whole page with the change made.
# =============================================================================

EDIT_SPECS = [
    dict(
        instruction="Fix the errors in this HTML so that it is valid.",
        input="<html>\n<head><title>My Page</title>\n<body>\n<h1>Welcome to my page\n"
              "<p>This is my <b>first paragraph.</p></b>\n<ul><li>One<li>Two</ul>\n</body>",
        title="My Page", css=["body { max-width: 640px; margin: 40px auto; padding: 0 16px; line-height: 1.6; }"],
        body=[h("h1", "Welcome to my page"), h("p", "This is my ", h("b", "first paragraph.")),
              h("ul", h("li", "One"), h("li", "Two"))],
    ),
    dict(
        instruction="Make this table accessible: real header cells, a caption and proper structure. Keep the data.",
        input='<table border="1">\n  <tr><td><b>Plan</b></td><td><b>Storage</b></td><td><b>Price</b></td></tr>\n'
              '  <tr><td>Basic</td><td>50 GB</td><td>$4</td></tr>\n  <tr><td>Plus</td><td>200 GB</td><td>$9</td></tr>\n'
              '</table>',
        title="Storage plans", css=[
            "table { margin: 40px auto; border-collapse: collapse; }",
            "caption { margin-bottom: 8px; font-weight: 700; }",
            "th, td { padding: 8px 16px; border: 1px solid #9ca3af; text-align: left; }",
            "thead th { background: #f3f4f6; }",
        ],
        body=[h("table", h("caption", "Storage plans and monthly prices"),
                h("thead", h("tr", [h("th", c, scope="col") for c in ["Plan", "Storage", "Price"]])),
                h("tbody", h("tr", h("th", "Basic", scope="row"), h("td", "50 GB"), h("td", "$4")),
                  h("tr", h("th", "Plus", scope="row"), h("td", "200 GB"), h("td", "$9"))))],
    ),
    dict(
        instruction="Replace the old font and center tags in this snippet with modern HTML and CSS.",
        input='<center><font color="#cc0000" size="6">Big Sale!</font></center>\n'
              '<p><font face="Arial">All shoes are 30% off this weekend only.</font></p>',
        title="Big Sale", font=CLASSIC, css=[
            ".sale { margin: 32px 0 8px; color: #cc0000; font-size: 2.5rem; text-align: center; }",
            "p { text-align: center; }",
        ],
        body=[h("h1", "Big Sale!", cls="sale"), h("p", "All shoes are 30% off this weekend only.")],
    ),
    dict(
        instruction="This layout breaks on my phone. Can you make it responsive?",
        input='<div style="width: 960px;">\n  <div style="float: left; width: 640px;"><h1>Trail report</h1>'
              '<p>The ridge path is open again after the storm.</p></div>\n'
              '  <div style="float: left; width: 320px;"><h2>Related</h2><a href="#">Maps</a></div>\n</div>',
        title="Trail report", css=[
            ".layout { display: flex; gap: 32px; max-width: 960px; margin: 0 auto; padding: 24px; "
            "box-sizing: border-box; }",
            "main { flex: 2; }",
            "aside { flex: 1; }",
            "@media (max-width: 720px) {\n  .layout { flex-direction: column; gap: 8px; }\n}",
        ],
        body=[h("div", h("main", h("h1", "Trail report"), h("p", "The ridge path is open again after the storm.")),
                h("aside", h("h2", "Related"), h("a", "Maps", href="#")), cls="layout")],
    ),
    dict(
        instruction="Improve this form's accessibility: add labels, the right input types and mark the fields as "
                    "required.",
        input='<form>\n  <input type="text" placeholder="Name">\n  <input type="text" placeholder="Email">\n'
              '  <textarea placeholder="Message"></textarea>\n  <button>Send</button>\n</form>',
        title="Contact", css=[
            "form { max-width: 420px; margin: 40px auto; padding: 0 16px; }",
            *form_css([h("label")], "#2563eb"),
        ],
        body=[h("form", field("Name", "name", autocomplete="name", required=True),
                field("Email", "email", "email", autocomplete="email", required=True),
                field("Message", "message", "textarea", rows="5", required=True), h("button", "Send", type="submit"))],
    ),
    dict(
        instruction="The counter below never goes up when I click the button. What's wrong? Fix it.",
        input='<button id="btn">Click me</button>\n<p id="count">0</p>\n<script>\n  var count = 0;\n'
              '  document.getElementById("button").onclick = function() {\n    count++;\n'
              '    document.getElementById("count").innerHTML = count;\n  }\n</script>',
        title="Click counter", centre="text", css=[
            "button { padding: 10px 20px; border: 0; border-radius: 6px; background: #2563eb; color: #ffffff; "
            "font: inherit; cursor: pointer; }",
            "#count { font-size: 2rem; font-weight: 700; }",
        ],
        body=[h("main", btn("Click me", "btn"), h("p", "0", id="count"))],
        js="""
            // The button's id is "btn", so look it up by that id (the old code asked for "button").
            let count = 0;

            document.getElementById("btn").addEventListener("click", () => {
              count += 1;
              document.getElementById("count").textContent = count;
            });
        """,
    ),
    dict(
        instruction="Add a dark mode toggle button to this page.",
        input="<!DOCTYPE html>\n<html>\n<head><title>Notes</title></head>\n<body>\n  <h1>My notes</h1>\n"
              "  <p>Buy milk. Call the plumber. Finish the report.</p>\n</body>\n</html>",
        title="Notes", css=[
            "body { padding: 24px; background: #ffffff; color: #111827; }",
            "body.dark { background: #111827; color: #f3f4f6; }",
            "#theme { padding: 6px 12px; border: 1px solid currentColor; border-radius: 6px; background: none; "
            "color: inherit; font: inherit; cursor: pointer; }",
        ],
        body=[btn("Dark mode", "theme", aria_pressed="false"), h("h1", "My notes"),
              h("p", "Buy milk. Call the plumber. Finish the report.")],
        js="""
            const toggle = document.querySelector("#theme");

            toggle.addEventListener("click", () => {
              const dark = document.body.classList.toggle("dark");
              toggle.setAttribute("aria-pressed", String(dark));
              toggle.textContent = dark ? "Light mode" : "Dark mode";
            });
        """,
    ),
    dict(
        instruction="Edit the following HTML so the heading is centered and the last line is bold.",
        input="<h1>Opening hours</h1>\n<p>Monday to Friday: 8am to 6pm</p>\n<p>Closed on bank holidays</p>",
        title="Opening hours", css=["h1 { text-align: center; }", "body { padding: 0 16px; }"],
        body=[h("h1", "Opening hours"), h("p", "Monday to Friday: 8am to 6pm"),
              h("p", h("strong", "Closed on bank holidays"))],
    ),
    dict(
        instruction="Add a navigation bar with links to Classes, Teachers, Prices and Contact at the top of this "
                    "page, and make it look tidy.",
        input="<h1>Riverside Yoga</h1>\n<p>Small classes by the river, for every level.</p>\n"
              "<h2>Classes</h2>\n<p>Hatha, vinyasa and yin, seven days a week.</p>",
        title="Riverside Yoga", font=HUMANIST, css=[
            ".navbar { display: flex; justify-content: space-between; align-items: center; padding: 14px 24px; "
            "background: #134e4a; }",
            ".navbar strong { color: #ffffff; }",
            ".navbar nav a { margin-left: 18px; color: #ccfbf1; text-decoration: none; }",
            ".navbar nav a:hover { color: #ffffff; }",
            "main { max-width: 720px; margin: 0 auto; padding: 24px; }",
        ],
        body=[h("header", h("strong", "Riverside Yoga"),
                h("nav", nav_links(["Classes", "Teachers", "Prices", "Contact"]), aria_label="Main"), cls="navbar"),
              h("main", h("h1", "Riverside Yoga"), h("p", "Small classes by the river, for every level."),
                h("h2", "Classes"), h("p", "Hatha, vinyasa and yin, seven days a week."))],
    ),
    dict(
        instruction="Rewrite this with semantic HTML5 elements instead of all the divs.",
        input='<div class="header"><div class="title">Ada\'s Kitchen</div></div>\n'
              '<div class="menu"><a href="#">Recipes</a> <a href="#">About</a></div>\n'
              '<div class="content"><div class="post-title">Lemon drizzle cake</div>'
              '<div>A quick bake for a sunny afternoon.</div></div>\n<div class="bottom">© 2025 Ada\'s Kitchen</div>',
        title="Ada's Kitchen", css=[
            "header, nav, main, footer { max-width: 720px; margin: 0 auto; padding: 12px 16px; }",
            "header p { margin: 0; font-size: 1.5rem; font-weight: 700; }",
            "nav a { margin-right: 12px; }",
            "footer { color: #6b7280; font-size: 0.9rem; }",
        ],
        body=[h("header", h("p", "Ada's Kitchen")), h("nav", nav_links(["Recipes", "About"]), aria_label="Main"),
              h("main", h("article", h("h1", "Lemon drizzle cake"), h("p", "A quick bake for a sunny afternoon."))),
              h("footer", h("p", "© 2025 Ada's Kitchen"))],
    ),
    dict(
        instruction="Add an optional phone number field between Email and the button.",
        input='<form>\n  <label for="name">Name</label>\n  <input id="name" name="name" required>\n'
              '  <label for="email">Email</label>\n  <input id="email" name="email" type="email" required>\n'
              '  <button>Request a callback</button>\n</form>',
        title="Request a callback", css=[
            "form { max-width: 400px; margin: 40px auto; padding: 0 16px; }",
            *form_css([h("label")], "#0f766e"),
        ],
        body=[h("form", field("Name", "name", required=True), field("Email", "email", "email", required=True),
                field("Phone (optional)", "phone", "tel", autocomplete="tel"),
                h("button", "Request a callback"))],
    ),
    dict(
        instruction='This "button" is a div with an onclick attribute. Make it a real, keyboard-accessible button '
                    'and move the JavaScript out of the HTML attribute.',
        input="<div class=\"btn\" onclick=\"document.getElementById('panel').style.display='block'\">Show details"
              "</div>\n<div id=\"panel\" style=\"display:none\">Delivery in 2 to 3 working days.</div>",
        title="Delivery details", css=[
            "main { max-width: 480px; margin: 40px auto; padding: 0 16px; }",
            ".btn { padding: 8px 16px; border: 0; border-radius: 6px; background: #4338ca; color: #ffffff; "
            "font: inherit; cursor: pointer; }",
            ".btn:focus-visible { outline: 3px solid #a5b4fc; outline-offset: 2px; }",
            "#panel { margin-top: 12px; }",
        ],
        body=[h("main", btn("Show details", "show", cls="btn", aria_expanded="false", aria_controls="panel"),
                h("div", "Delivery in 2 to 3 working days.", id="panel", hidden=True))],
        js="""
            const button = document.querySelector("#show");
            const panel = document.querySelector("#panel");

            button.addEventListener("click", () => {
              panel.hidden = !panel.hidden;
              button.setAttribute("aria-expanded", String(!panel.hidden));
            });
        """,
    ),
    dict(
        instruction="This page works but looks like 1998. Give it a clean, modern look without changing the content.",
        input="<html><body bgcolor=\"yellow\">\n<h1>Tom Becker</h1>\n<p>Piano teacher in Leipzig</p>\n"
              "<ul><li>Lessons for all ages</li><li>First lesson free</li></ul>\n<p>Call 0341 555 0192</p>\n"
              "</body></html>",
        title="Tom Becker", font=HUMANIST, centre="grid", bg="#f5f5f4", css=[
            ".card { max-width: 420px; padding: 32px; border-radius: 16px; background: #ffffff; "
            "box-shadow: 0 10px 30px rgba(0, 0, 0, 0.08); }",
            "h1 { margin: 0; font-size: 2rem; }",
            ".role { margin: 4px 0 20px; color: #a16207; font-weight: 600; }",
            "ul { padding-left: 20px; line-height: 1.8; }",
            ".phone { margin-bottom: 0; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Tom Becker"), h("p", "Piano teacher in Leipzig", cls="role"),
                h("ul", h("li", "Lessons for all ages"), h("li", "First lesson free")),
                h("p", "Call 0341 555 0192", cls="phone"), cls="card")],
    ),
]


def edits() -> list[dict]:
    return [row("edit_fix", s, render_simple(s)) for s in EDIT_SPECS]


# =============================================================================
# Held-out, out-of-distribution rows: page kinds that appear nowhere else in the set (quizzes,
# invoices, calendars, restaurant menus), with wordings unlike the rest. The split stage puts
# these categories in the test split only (split.holdout_categories).
# =============================================================================

def _quiz_question(number: int, question: str, options: list[str]) -> El:
    return h("fieldset", h("legend", f"{number}. {question}"),
             [h("label", h("input", type="radio", name=f"q{number}", value=slug(o)), " " + o)
              for o in options], id=f"set-q{number}")


def _invoice_lines(items, tax_rate: float, currency: str = "£",
                   columns=("Description", "Qty", "Unit price", "Amount")):
    """Rows of description, quantity, unit price and line total, plus the subtotal, tax and total rows."""
    body = [h("tr", h("td", d), h("td", str(q)), h("td", f"{currency}{p:,.2f}"), h("td", f"{currency}{q * p:,.2f}"))
            for d, q, p in items]
    subtotal = sum(q * p for _, q, p in items)
    tax = round(subtotal * tax_rate, 2)
    foot = [h("tr", h("td", label, colspan="3"), h("td", f"{currency}{value:,.2f}"), cls=cls)
            for label, value, cls in [("Subtotal", subtotal, None), (f"VAT {tax_rate:.0%}", tax, None),
                                      ("Total due", subtotal + tax, "total")]]
    return h("thead", h("tr", [h("th", c, scope="col") for c in columns])), \
        h("tbody", body), h("tfoot", foot)


INVOICE_CSS = [
    ".invoice { max-width: 760px; margin: 32px auto; padding: 40px; background: #ffffff; }",
    "table { width: 100%; margin-top: 24px; border-collapse: collapse; }",
    "th, td { padding: 8px; border-bottom: 1px solid #e5e7eb; text-align: right; }",
    "th:first-child, td:first-child { text-align: left; }",
    ".total td { font-weight: 700; border-top: 2px solid; }",
]
TOP_CSS = ".top { display: flex; justify-content: space-between; gap: 24px; }"
PRINT_CSS = "@media print {\n  body { background: #ffffff; }\n  .invoice { margin: 0; padding: 0; }\n}"


def _calendar_cells(year: int, month: int, events: dict[int, str],
                    classes: dict[int, str] | None = None) -> tuple[str, list[El]]:
    """A Monday-first month grid: the rule that puts day 1 under its weekday, then one cell per day."""
    first_weekday, days = calendar.monthrange(year, month)
    first = f".month li:first-child {{ grid-column-start: {first_weekday + 1}; }}"
    return first, [h("li", str(d), events.get(d) and h("small", events[d]), cls=(classes or {}).get(d))
                   for d in range(1, days + 1)]


QUIZ_SPECS = [
    dict(
        instruction="hey can u make a quiz page about the solar system? 4 multiple choice questions, when i press "
                    "submit it shows my score out of 4 and marks the ones i got wrong",
        title="Solar system quiz", bg="#0b1026", fg="#e2e8f0", css=[
            "form { max-width: 560px; margin: 32px auto; padding: 0 16px; }",
            "fieldset { margin: 0 0 16px; border: 1px solid #334155; }",
            "label { display: block; margin: 6px 0; }",
            ".wrong { border-color: #f87171; }",
            ".right { border-color: #4ade80; }",
            "button { padding: 10px 20px; border: 0; border-radius: 8px; background: #facc15; font: inherit; }",
        ],
        body=[h("form", h("h1", "Solar system quiz"),
                _quiz_question(1, "Which is the largest planet?", ["Saturn", "Jupiter", "Neptune"]),
                _quiz_question(2, "Which is the Red Planet?", ["Mars", "Venus", "Mercury"]),
                _quiz_question(3, "How many planets orbit the Sun?", ["7", "8", "9"]),
                _quiz_question(4, "Which planet is the hottest?", ["Mercury", "Venus", "Mars"]),
                h("button", "Submit"), h("p", id="score", aria_live="polite"))],
        js="""
            const answers = { q1: "jupiter", q2: "mars", q3: "8", q4: "venus" };
            const form = document.querySelector("form");

            form.addEventListener("submit", (event) => {
              event.preventDefault();
              let score = 0;
              for (const [name, answer] of Object.entries(answers)) {
                const right = form.elements[name].value === answer;
                const set = document.querySelector(`#set-${name}`);
                set.classList.toggle("right", right);
                set.classList.toggle("wrong", !right);
                if (right) score += 1;
              }
              document.querySelector("#score").textContent = `You scored ${score} out of 4.`;
            });
        """,
    ),
    dict(
        instruction="I teach an evening first-aid class and want a self-check page my students can use at home. Each "
                    "question should hide its answer until they click to reveal it. The school laptops block "
                    "JavaScript, so it must work without any.",
        title="First aid self-check", font=HUMANIST, bg="#fef2f2", css=[
            "main { max-width: 640px; margin: 32px auto; padding: 0 16px; }",
            ".question { margin-bottom: 14px; padding: 16px; border-left: 4px solid #dc2626; background: #ffffff; }",
            ".question p { margin: 0 0 8px; font-weight: 600; }",
            "summary { color: #b91c1c; cursor: pointer; }",
            "details p { margin: 8px 0 0; font-weight: 400; }",
        ],
        body=[h("main", h("h1", "First aid: check yourself"), [
            h("div", h("p", f"{i}. {q}"), h("details", h("summary", "Show answer"), h("p", a)), cls="question")
            for i, (q, a) in enumerate([
                ("How long should you cool a burn under running water?", "At least 20 minutes, with cool (not icy) "
                                                                         "water."),
                ("What is the rate of chest compressions in adult CPR?", "100 to 120 compressions a minute."),
                ("Someone has a nosebleed. Head forwards or backwards?", "Forwards, pinching the soft part of the "
                                                                         "nose."),
                ("What does the recovery position protect?", "The airway of someone who is unconscious but "
                                                             "breathing.")], start=1)])],
    ),
    dict(
        instruction="Questions are in the JSON. Show them one at a time with the options as buttons, a Next button "
                    "after answering, and the final score at the end. Plain JS only.",
        input=json.dumps([{"q": "What does HTML stand for?", "options": ["HyperText Markup Language",
                                                                         "High Tech Modern Language"], "answer": 0},
                          {"q": "Which tag makes a line break?", "options": ["<lb>", "<br>"], "answer": 1},
                          {"q": "Which property changes text colour?", "options": ["color", "font-color"],
                           "answer": 0}]),
        title="Quick web quiz", centre="grid", bg="#ecfeff", css=[
            *app_css("#0e7490", 440),
            "#options { display: grid; gap: 8px; margin: 16px 0; }",
            "#options button { background: #cffafe; color: #164e63; }",
            "#options .correct { background: #bbf7d0; }",
            "#options .incorrect { background: #fecaca; }",
        ],
        body=[h("main", h("h1", id="question"), h("div", id="options"),
                btn("Next", "next", hidden=True))],
        js=js_data("questions", [{"q": "What does HTML stand for?", "options": ["HyperText Markup Language",
                                                                                "High Tech Modern Language"],
                                  "answer": 0},
                                 {"q": "Which tag makes a line break?", "options": ["<lb>", "<br>"], "answer": 1},
                                 {"q": "Which property changes text colour?", "options": ["color", "font-color"],
                                  "answer": 0}]) + """

            const title = document.querySelector("#question");
            const options = document.querySelector("#options");
            const next = document.querySelector("#next");
            let current = 0;
            let score = 0;

            function show() {
              next.hidden = true;
              options.replaceChildren();
              if (current === questions.length) {
                title.textContent = `You scored ${score} out of ${questions.length}.`;
                return;
              }
              const item = questions[current];
              title.textContent = item.q;
              item.options.forEach((text, i) => {
                const choice = document.createElement("button");
                choice.textContent = text;
                choice.addEventListener("click", () => {
                  options.querySelectorAll("button").forEach((b) => (b.disabled = true));
                  choice.classList.add(i === item.answer ? "correct" : "incorrect");
                  if (i === item.answer) score += 1;
                  next.hidden = false;
                });
                options.append(choice);
              });
            }

            next.addEventListener("click", () => {
              current += 1;
              show();
            });
            show();
        """,
    ),
    dict(
        instruction="Output only the HTML.\n\nRequirements:\n- 4 true/false statements about the ocean\n- True and "
                    "False buttons under each one\n- instant feedback (Correct! / Not quite)\n- running score at the "
                    "top",
        title="Ocean true or false", font=HUMANIST, bg="#eff6ff", css=[
            "main { max-width: 600px; margin: 24px auto; padding: 0 16px; }",
            "#score { position: sticky; top: 0; padding: 10px; background: #1e3a8a; color: #ffffff; "
            "text-align: center; }",
            ".statement { margin: 12px 0; padding: 14px; background: #ffffff; }",
            ".statement p { margin: 0 0 8px; }",
            ".feedback { margin-left: 8px; font-weight: 700; }",
        ],
        body=[h("main", h("h1", "Ocean: true or false?"), h("p", "Score: 0 / 4", id="score", aria_live="polite"), [
            h("div", h("p", s), btn("True", data_answer="true"), btn("False", data_answer="false"),
              h("span", cls="feedback"), cls="statement", data_correct=str(t).lower())
            for s, t in [("The Pacific is the largest ocean.", True),
                         ("The deepest point in the ocean is over 10 km down.", True),
                         ("Sea water freezes at the same temperature as fresh water.", False),
                         ("Octopuses have three hearts.", True)]])],
        js="""
            let score = 0;

            document.querySelectorAll(".statement").forEach((statement) => {
              const buttons = statement.querySelectorAll("button");
              buttons.forEach((button) => {
                button.addEventListener("click", () => {
                  const right = button.dataset.answer === statement.dataset.correct;
                  statement.querySelector(".feedback").textContent = right ? "Correct!" : "Not quite";
                  buttons.forEach((b) => (b.disabled = true));
                  if (right) score += 1;
                  document.querySelector("#score").textContent = `Score: ${score} / 4`;
                });
              });
            });
        """,
    ),
]

PLUMBING_ITEMS = [("Mixer tap (supplied)", 1, 64.50), ("Fitting", 1, 85.00), ("Call-out", 1, 45.00),
                  ("Labour (hours)", 2, 48.00)]
DESIGN_ITEMS = [("Logo design", 12, 55.00), ("Brand guidelines (PDF)", 6, 55.00), ("Revisions", 3, 55.00)]

INVOICE_SPECS = [
    dict(
        instruction="My small plumbing business needs to send invoices to customers. Could you put together an HTML "
                    "invoice I can print? Details are below; VAT is 20%.",
        input="Dawson Plumbing, Derby, to Mrs E. Walsh. INV-0192, 3 March 2025, due 17 March. Mixer tap supplied "
              "£64.50, fitting £85, call-out £45, labour 2 h at £48.",
        title="Invoice INV-0192", bg="#f3f4f6", css=[
            *INVOICE_CSS, PRINT_CSS, TOP_CSS, "h1 { margin: 0; color: #1d4ed8; }",
        ],
        body=[h("article", h("div", h("div", h("h1", "Invoice INV-0192"), h("p", "Dawson Plumbing, Derby")),
                             h("p", "Date: 3 March 2025", h("br"), "Due: 17 March 2025"), cls="top"),
                h("p", h("strong", "Bill to: "), "Mrs E. Walsh"),
                h("table", _invoice_lines(PLUMBING_ITEMS, 0.2)),
                h("p", "Please pay by bank transfer quoting INV-0192. Thank you!"), cls="invoice")],
    ),
    dict(
        instruction="invoice template for freelance design work. hours x rate (£55/h), VAT 20%, payment due in 14 "
                    "days, my bank details at the bottom. nothing fancy, black and white is fine",
        title="Invoice", font=CLASSIC, bg="#ffffff", css=[
            *INVOICE_CSS, TOP_CSS, "h1 { margin: 0; font-size: 1.6rem; }", ".muted { color: #4b5563; }",
            ".bank { margin-top: 32px; font-size: 0.9rem; }",
        ],
        body=[h("article", h("div", h("div", h("h1", "Invoice 2025-014"), h("p", "10 February 2025, due in 14 days",
                                                                               cls="muted")),
                             h("p", h("strong", "Nadia Costa Design"), h("br"), "nadia@costa.example", cls="muted"),
                             cls="top"),
                h("p", h("strong", "Client: "), "Brightwater Ciders Ltd"),
                h("table", _invoice_lines(DESIGN_ITEMS, 0.2, columns=("Work", "Hours", "Rate", "Amount"))),
                h("p", "Bank transfer to N. Costa, sort code 00-00-00, account 12345678", cls="bank"),
                cls="invoice")],
    ),
    dict(
        instruction="Looking for an invoice page that does its own maths: change a quantity or a unit price and "
                    "the line totals, subtotal, 8% sales tax and total update. US dollars.",
        title="Invoice 1047", bg="#f8fafc", css=[
            *INVOICE_CSS,
            "h1 { margin: 0; color: #0f766e; }",
            "td input { width: 80px; font: inherit; text-align: right; }",
        ],
        body=[h("article", h("h1", "Invoice #1047"), h("p", "Harbor Web Studio, June 2, 2025"),
                h("table", h("thead", h("tr", [h("th", c, scope="col") for c in ["Item", "Qty", "Unit price",
                                                                                 "Amount"]])),
                  h("tbody", [h("tr", h("td", item), h("td", h("input", type="number", value=str(q),
                                                                aria_label=f"{item} qty", cls="qty")),
                                h("td", h("input", type="number", value=str(p),
                                          aria_label=f"{item} price", cls="price")),
                                h("td", cls="amount"))
                              for item, q, p in [("Website audit", 1, 450), ("Landing page", 2, 600)]]),
                  h("tfoot", [h("tr", h("td", label, colspan="3"), h("td", id=key), cls=cls)
                              for label, key, cls in [("Subtotal", "subtotal", None), ("Sales tax 8%", "tax", None),
                                                      ("Total", "total", "total")]])),
                cls="invoice")],
        js="""
            const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

            function recalculate() {
              let subtotal = 0;
              document.querySelectorAll("tbody tr").forEach((row) => {
                const amount = Number(row.querySelector(".qty").value) * Number(row.querySelector(".price").value);
                row.querySelector(".amount").textContent = money.format(amount);
                subtotal += amount;
              });
              const tax = subtotal * 0.08;
              document.querySelector("#subtotal").textContent = money.format(subtotal);
              document.querySelector("#tax").textContent = money.format(tax);
              document.querySelector("#total").textContent = money.format(subtotal + tax);
            }

            document.querySelector("tbody").addEventListener("input", recalculate);
            recalculate();
        """,
    ),
    dict(
        instruction="We're a two-person web agency. Client paid already, so I want the invoice to carry a big "
                    "PAID stamp across the corner. Hosting 12 months at £20, two site updates at £120 each. No VAT "
                    "(we're not registered).",
        title="Invoice PX-88 (paid)", font=HUMANIST, bg="#f1f5f9", css=[
            *INVOICE_CSS,
            ".invoice { position: relative; overflow: hidden; }",
            ".stamp { position: absolute; top: 28px; right: -44px; width: 200px; padding: 8px 0; "
            "transform: rotate(35deg); background: #16a34a; color: #ffffff; text-align: center; "
            "font-weight: 800; letter-spacing: 0.3em; }",
            "h1 { margin: 0; }",
        ],
        body=[h("article", h("div", "PAID", cls="stamp"), h("h1", "Pixel & Pine"),
                h("p", "Invoice PX-88 · 28 February 2025"),
                h("p", h("strong", "Billed to: "), "Marlow Bakehouse"),
                h("table", h("thead", h("tr", [h("th", c, scope="col") for c in ["Description", "Qty", "Unit price",
                                                                                 "Amount"]])),
                  h("tbody", h("tr", h("td", "Hosting (months)"), h("td", "12"), h("td", "£20.00"),
                               h("td", "£240.00")),
                    h("tr", h("td", "Site update"), h("td", "2"), h("td", "£120.00"), h("td", "£240.00"))),
                  h("tfoot", h("tr", h("td", "Total paid", colspan="3"), h("td", "£480.00"), cls="total"))),
                h("p", "Not VAT registered. Paid in full on 3 March 2025. Thank you!"), cls="invoice")],
    ),
]

JUNE_EVENTS = {3: "Toddler music", 7: "Repair café", 14: "Summer fair", 19: "Film night", 28: "Quiz night"}
JUNE_FIRST, JUNE_CELLS = _calendar_cells(2025, 6, JUNE_EVENTS)
MARCH_BOOKED = set(range(1, 8)) | set(range(15, 22)) | {29, 30, 31}
MARCH_CLASSES = {d: " ".join(c for c, on in [("booked", d in MARCH_BOOKED),
                                             ("change", calendar.weekday(2025, 3, d) == calendar.SATURDAY)] if on)
                 for d in range(1, 32)}
MARCH_FIRST, MARCH_CELLS = _calendar_cells(2025, 3, {}, {d: c for d, c in MARCH_CLASSES.items() if c})

CALENDAR_SPECS = [
    dict(
        instruction="Our community centre wants a printable wall calendar for June 2025 with this month's events "
                    "written on the right days. Weeks start on Monday.",
        input=", ".join(f"{d} {e}" for d, e in JUNE_EVENTS.items()),
        title="June 2025", font=HUMANIST, css=[
            "main { max-width: 900px; margin: 24px auto; padding: 0 16px; }",
            "h1 { text-align: center; color: #9a3412; }",
            ".weekdays, .month { display: grid; grid-template-columns: repeat(7, 1fr); gap: 4px; margin: 0; "
            "padding: 0; list-style: none; }",
            ".weekdays li { font-weight: 700; text-align: center; }",
            ".month li { min-height: 80px; padding: 6px; border: 1px solid #fed7aa; font-weight: 700; }",
            JUNE_FIRST,
            ".month small { display: block; margin-top: 4px; color: #9a3412; font-weight: 400; }",
        ],
        body=[h("main", h("h1", "June 2025 at Millbrook Community Centre"),
                h("ul", [h("li", d) for d in _WEEK], cls="weekdays", aria_hidden="true"),
                h("ol", JUNE_CELLS, cls="month"))],
    ),
    dict(
        instruction="Our holiday cottage needs an availability calendar for March 2025: booked nights greyed out, "
                    "changeover Saturdays outlined, small legend below. Display only.",
        title="Availability, March 2025", font=SERIF, bg="#f5f5f0", css=[
            "main { max-width: 420px; margin: 32px auto; padding: 24px; background: #ffffff; }",
            ".weekdays, .month { display: grid; grid-template-columns: repeat(7, 1fr); gap: 4px; padding: 0; "
            "list-style: none; text-align: center; }",
            ".month li { padding: 8px 0; background: #dcfce7; }",
            MARCH_FIRST,
            ".month .booked { background: #e7e5e4; color: #a8a29e; }",
            ".change { outline: 2px solid #b45309; }",
            ".legend { display: flex; gap: 16px; font-size: 0.85rem; }",
            ".legend span { display: inline-block; width: 12px; height: 12px; }",
        ],
        body=[h("main", h("h1", "Bramble Cottage: March 2025"),
                h("ul", [h("li", d[:2]) for d in _WEEK], cls="weekdays", aria_hidden="true"),
                h("ol", MARCH_CELLS, cls="month"),
                h("p", h("span", style="background: #dcfce7;"), " Free ", h("span", style="background: #e7e5e4;"),
                  " Booked ", h("span", cls="change"), " Changeover", cls="legend"))],
    ),
    dict(
        instruction="small calendar widget w/ buttons for previous & next month, today highlighted. vanilla js pls, "
                    "weeks starting monday",
        title="Calendar", centre="grid", bg="#f1f5f9", css=[
            ".calendar { width: 300px; padding: 16px; border-radius: 12px; background: #ffffff; }",
            ".head { display: flex; justify-content: space-between; align-items: center; }",
            "h1 { margin: 0; font-size: 1rem; }",
            ".head button { border: 0; background: none; font-size: 1.4rem; }",
            "ul, ol { display: grid; grid-template-columns: repeat(7, 1fr); padding: 0; list-style: none; "
            "text-align: center; }",
            "li { padding: 6px 0; border-radius: 50%; }",
            ".today { background: #2563eb; color: #ffffff; }",
        ],
        body=[h("section", h("div", btn("‹", "prev", aria_label="Previous month"),
                                h("h1", id="month", aria_live="polite"),
                                btn("›", "next", aria_label="Next month"), cls="head"),
                h("ul", [h("li", d[:2]) for d in _WEEK], cls="weekdays", aria_hidden="true"),
                h("ol", id="days"), cls="calendar")],
        js="""
            const grid = document.querySelector("#days");
            const today = new Date();
            const shown = new Date(today.getFullYear(), today.getMonth(), 1);

            function draw() {
              const year = shown.getFullYear();
              const month = shown.getMonth();
              document.querySelector("#month").textContent = shown.toLocaleDateString("en-GB", {
                month: "long", year: "numeric",
              });
              grid.replaceChildren();
              const blanks = (shown.getDay() + 6) % 7;
              const days = new Date(year, month + 1, 0).getDate();
              for (let i = 0; i < blanks; i += 1) grid.append(document.createElement("li"));
              for (let day = 1; day <= days; day += 1) {
                const cell = document.createElement("li");
                cell.textContent = day;
                if (year === today.getFullYear() && month === today.getMonth() && day === today.getDate()) {
                  cell.className = "today";
                  cell.setAttribute("aria-current", "date");
                }
                grid.append(cell);
              }
            }

            document.querySelector("#prev").addEventListener("click", () => {
              shown.setMonth(shown.getMonth() - 1);
              draw();
            });
            document.querySelector("#next").addEventListener("click", () => {
              shown.setMonth(shown.getMonth() + 1);
              draw();
            });
            draw();
        """,
    ),
]


def _dish(name: str, price: str, note: str | None = None, tags: str | None = None) -> El:
    return h("li", h("span", name, cls="dish"), h("span", price, cls="price"), note and h("p", note),
             data_tags=tags)


MENU_CSS = [
    "main { max-width: 640px; margin: 32px auto; padding: 0 20px; }",
    "h1 { text-align: center; }",
    "h2 { border-bottom: 1px solid; font-size: 1.1rem; text-transform: uppercase; letter-spacing: 0.1em; }",
    "ul { list-style: none; padding: 0; }",
    "li { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; margin: 10px 0; }",
    "li::after { content: \"\"; flex: 1; order: 1; border-bottom: 1px dotted; }",
    ".price { order: 2; }",
]

MENU_SPECS = [
    dict(
        instruction="Can you do the menu page for our little Italian trattoria, Nonna Rosa? Starters, pasta, mains "
                    "and desserts with prices, dotted lines between each dish and its price, and a warm, printed "
                    "menu kind of feel.",
        title="Nonna Rosa menu", font=SERIF, bg="#fdf6e3", fg="#3f2d20", css=[
            *MENU_CSS, "h1 { color: #991b1b; font-size: 2.4rem; }", ".tagline { text-align: center; }",
            ".dish { font-weight: 700; }",
            "li p { order: 3; width: 100%; margin: 0; font-style: italic; }",
        ],
        body=[h("main", h("h1", "Nonna Rosa"), h("p", "Trattoria · since 1987", cls="tagline"),
                [[h("h2", section), h("ul", [_dish(*d) for d in dishes])] for section, dishes in [
                    ("Starters", [("Bruschetta al pomodoro", "£6.50"), ("Arancini", "£7.00", "Saffron rice, "
                                                                                             "mozzarella")]),
                    ("Pasta", [("Spaghetti alle vongole", "£14.50", "Clams, garlic, white wine"),
                               ("Tagliatelle al ragù", "£13.00")]),
                    ("Mains", [("Saltimbocca alla romana", "£18.50"), ("Branzino al forno", "£19.00")]),
                    ("Desserts", [("Tiramisù", "£6.50"), ("Panna cotta", "£6.00", "With berry compote")])]])],
    ),
    dict(
        instruction="Guests keep asking what they can eat. I'd like our menu page to have Vegetarian, Vegan and "
                    "Gluten-free buttons at the top; tapping one shows only those dishes, tapping it again shows "
                    "everything.",
        title="Greenhouse Kitchen", font=HUMANIST, bg="#f7fee7", fg="#1a2e05", css=[
            *MENU_CSS,
            ".filters { display: flex; justify-content: center; gap: 8px; }",
            ".filters button { padding: 6px 14px; border: 1px solid #4d7c0f; border-radius: 999px; "
            "background: #ffffff; font: inherit; }",
            "[aria-pressed=\"true\"] { background: #d9f99d; }",
            "li[hidden] { display: none; }",
        ],
        body=[h("main", h("h1", "Greenhouse Kitchen"),
                h("div", [btn(f, aria_pressed="false", data_filter=slug(f))
                          for f in ["Vegetarian", "Vegan", "Gluten-free"]], cls="filters"),
                h("h2", "Small plates"),
                h("ul", _dish("Charred corn", "$9", None, "vegetarian gluten-free"),
                  _dish("Tofu bao", "$11", None, "vegetarian vegan"),
                  _dish("Chicken wings", "$12", None, "gluten-free")),
                h("h2", "Bowls"),
                h("ul", _dish("Green curry", "$16", None, "vegetarian vegan gluten-free"),
                  _dish("Steak frites", "$24", None, "")))],
        js="""
            const buttons = document.querySelectorAll(".filters button");

            buttons.forEach((button) => {
              button.addEventListener("click", () => {
                const active = button.getAttribute("aria-pressed") !== "true";
                buttons.forEach((other) => other.setAttribute("aria-pressed", String(other === button && active)));
                document.querySelectorAll("li[data-tags]").forEach((dish) => {
                  dish.hidden = active && !dish.dataset.tags.split(" ").includes(button.dataset.filter);
                });
              });
            });
        """,
    ),
    dict(
        instruction="Turn this text into a nice menu for the screen above our café counter. Big readable "
                    "prices, dark background, two columns.",
        input="COFFEE espresso 2.20, flat white 3.10, oat milk +0.40 | TEA breakfast 2.40, mint 2.60 | FOOD "
              "toastie 5.50, banana bread 3.20",
        title="Café menu", bg="#1c1917", fg="#fafaf9", css=[
            *MENU_CSS,
            "main { max-width: 1100px; columns: 2 320px; column-gap: 48px; font-size: 1.4rem; }",
            "h1 { column-span: all; color: #fbbf24; }",
            "section { break-inside: avoid; }",
            "h2 { color: #fbbf24; }",
            ".price { font-weight: 700; color: #fde68a; }",
        ],
        body=[h("main", h("h1", "Today at the counter"),
                [h("section", h("h2", title), h("ul", [_dish(*d) for d in dishes])) for title, dishes in [
                    ("Coffee", [("Espresso", "2.20"), ("Flat white", "3.10"), ("Oat milk", "+0.40")]),
                    ("Tea", [("Breakfast tea", "2.40"), ("Fresh mint", "2.60")]),
                    ("Food", [("Cheese toastie", "5.50"), ("Banana bread", "3.20")])]])],
    ),
]


def quizzes() -> list[dict]:
    return [row("quiz", s, render_simple(s)) for s in QUIZ_SPECS]


def invoices() -> list[dict]:
    return [row("invoice", s, render_simple(s)) for s in INVOICE_SPECS]


def event_calendars() -> list[dict]:
    return [row("event_calendar", s, render_simple(s)) for s in CALENDAR_SPECS]


def restaurant_menus() -> list[dict]:
    return [row("restaurant_menu", s, render_simple(s)) for s in MENU_SPECS]


# =============================================================================
# Validation: every row is checked before anything is written.
# =============================================================================

EMOJI = re.compile("[\U0001F000-\U0001FFFF\u2600-\u27BF\uFE0F]")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")
QUOTED = re.compile(r'"([^"]+)"')
PRE_BLOCK = re.compile(r"<pre>.*?</pre>", re.S)
FORBIDDEN = ["<link", "<img", "<iframe", "<object", "<embed", "src=", "http://", "https://", "url(",
             "@import", "javascript:", "\t", "\r"]
SCRIPT_BLOCK = re.compile(r"<script>\n(.*?)\n  </script>\n", re.S)
# Scripts work on the page only: no network, no code from strings, no HTML built from strings, no storage.
JS_FORBIDDEN = ["fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "importScripts", "import(",
                "eval(", "new Function", "document.write", "innerHTML", "outerHTML", "insertAdjacentHTML",
                "localStorage", "sessionStorage", "document.cookie", "location.", "window.open"]
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=")
EMAIL_MARKERS = ['class="preheader"', 'role="presentation"', 'width="600"']
HEAD = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n  <title>')


class TagBalance(HTMLParser):
    """Tracks open elements; any stray, unclosed or misnested tag is recorded as a problem."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.seen: set[str] = set()

    def _check_raw(self, tag: str):
        raw = self.get_starttag_text() or ""
        if not raw.startswith("<" + tag):  # html.parser lowercases; the source must already be lowercase
            self.problems.append(f"tag not lowercase: {raw[:40]}")
        if "=" in re.sub(r'="[^"]*"', "", raw):
            self.problems.append(f"attribute not double-quoted: {raw[:60]}")

    def handle_starttag(self, tag, attrs):
        self._check_raw(tag)
        self.seen.add(tag)
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check_raw(tag)
        if tag not in SVG_LEAF_TAGS:
            self.problems.append(f"self-closing <{tag} /> outside SVG")

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            self.problems.append(f"end tag for void element </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}>; open: {self.stack[-3:]}")
        else:
            self.stack.pop()


def script_problems(doc: str, category: str) -> list[str]:
    """<script> only where the category allows it: at most one, inline, last in <body>, page-local code."""
    count = doc.count("<script")
    if category not in SCRIPT_CATEGORIES:
        return ["<script> in a category that does not allow scripts"] if count else []
    problems = []
    if category in SCRIPT_REQUIRED and not count:
        problems.append(f"{category} row without a <script>")
    if not count:
        return problems
    blocks = SCRIPT_BLOCK.findall(doc)
    if count != 1 or len(blocks) != 1:
        problems.append("expected one plain <script> element")
    if not doc.endswith("  </script>\n</body>\n</html>"):
        problems.append("the <script> must be the last element in <body>")
    problems += [f"script uses {bad!r}" for block in blocks for bad in JS_FORBIDDEN if bad in block]
    return problems


def output_problems(doc: str, category: str) -> list[str]:
    """Everything wrong with one HTML answer (empty list when it is fine)."""
    problems = script_problems(doc, category)
    if category == "email_template":
        problems += [f"e-mail layout lacks {marker}" for marker in EMAIL_MARKERS if marker not in doc]
    if not doc.startswith(HEAD):
        problems.append("document head does not follow the house template")
    if not doc.endswith("\n</body>\n</html>"):
        problems.append("document must end with </body></html> and nothing after it")
    for needle in ("</title>\n  <style>\n", "\n  </style>\n</head>\n<body>\n"):
        if needle not in doc:
            problems.append(f"missing {needle.strip()!r}")
    if "<title></title>" in doc:
        problems.append("empty <title>")
    problems += [f"forbidden {bad!r}" for bad in FORBIDDEN if bad in doc]
    if INLINE_HANDLER.search(SCRIPT_BLOCK.sub("", doc)):
        problems.append("inline event handler attribute (use addEventListener in the script)")
    if EMOJI.search(doc):
        problems.append("emoji or pictograph character")
    outside_pre = PRE_BLOCK.sub("<pre></pre>", doc)
    for number, line in enumerate(outside_pre.split("\n"), start=1):
        if line != line.rstrip():
            problems.append(f"line {number}: trailing whitespace")
        if (len(line) - len(line.lstrip(" "))) % 2:
            problems.append(f"line {number}: indentation is not a multiple of 2 spaces")
    checker = TagBalance()
    checker.feed(doc)
    checker.close()
    problems += checker.problems
    if checker.stack:
        problems.append(f"unclosed elements: {checker.stack}")
    missing = {"html", "head", "meta", "title", "style", "body"} - checker.seen
    if missing:
        problems.append(f"missing elements: {sorted(missing)}")
    return problems


def request_problems(r: dict) -> list[str]:
    """Concrete details named in the request must appear in the answer."""
    problems = []
    # An input that is code (an HTML snippet to fix) holds attribute values and old colours, not requests.
    request = r["instruction"] + ("" if r["input"].startswith("<") else " " + r["input"])
    text = html.unescape(r["output"])
    lowered = text.lower()
    for colour in HEX_COLOUR.findall(request):
        if colour.lower() not in lowered:
            problems.append(f"colour {colour} asked for but not used")
    for phrase in QUOTED.findall(request):
        if phrase not in text:
            problems.append(f"quoted text {phrase!r} asked for but missing")
    return problems


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def validate(rows: list[dict]) -> None:
    """Raise ValueError listing every problem found; the file is only written when this passes."""
    problems = []
    for i, r in enumerate(rows):
        where = f"row {i} ({r['category']}: {r['instruction'][:50]!r})"
        if r["instruction"] != r["instruction"].strip() or r["input"] != r["input"].strip():
            problems.append(f"{where}: leading/trailing whitespace in the request")
        if not OUTPUT_CHARS_RANGE[0] <= len(r["output"]) <= OUTPUT_CHARS_RANGE[1]:
            problems.append(f"{where}: output length {len(r['output'])} outside {OUTPUT_CHARS_RANGE}")
        size = len(r["instruction"]) + len(r["input"]) + len(r["output"])
        if size > ROW_CHARS_MAX:
            problems.append(f"{where}: instruction + input + output is {size} characters, over {ROW_CHARS_MAX}")
        problems += [f"{where}: {p}" for p in output_problems(r["output"], r["category"]) + request_problems(r)]
    for key, label in [(lambda r: normalise(r["instruction"]), "instruction"),
                       (lambda r: normalise(r["instruction"] + " " + r["input"]), "instruction+input"),
                       (lambda r: r["output"], "output")]:
        counts = Counter(key(r) for r in rows)
        problems += [f"duplicate {label}: {value[:80]!r}" for value, n in counts.items() if n > 1]
    if not ROW_RANGE[0] <= len(rows) <= ROW_RANGE[1]:
        problems.append(f"{len(rows)} rows, expected {ROW_RANGE}")
    counts = Counter(r["category"] for r in rows)
    for category, n in counts.items():
        least = (HOLDOUT_MIN_PER_CATEGORY if category in HOLDOUT_CATEGORIES
                 else MIN_ROWS.get(category, MIN_PER_CATEGORY))
        if n < least:
            problems.append(f"category {category} has {n} rows, expected at least {least}")
    missing = (set(MIN_ROWS) | set(HOLDOUT_CATEGORIES)) - set(counts)
    problems += [f"category {category} has no rows" for category in sorted(missing)]
    held_out = sum(counts[c] for c in HOLDOUT_CATEGORIES)
    if held_out < HOLDOUT_MIN_ROWS:
        problems.append(f"{held_out} held-out rows, expected at least {HOLDOUT_MIN_ROWS}")
    share = sum(bool(r["input"]) for r in rows) / len(rows)
    if not INPUT_SHARE_RANGE[0] <= share <= INPUT_SHARE_RANGE[1]:
        problems.append(f"{share:.0%} of rows have an input, expected {INPUT_SHARE_RANGE}")
    if problems:
        raise ValueError(f"{len(problems)} problem(s) in the sample dataset:\n  " + "\n  ".join(problems))


# =============================================================================
# Formatting variety. Rows are built and validated in one house style; each answer is then
# re-formatted in one of the conventions real pages use. With a single style the model learns the
# house skeleton as certainty: on another source's pages (ttbui/alpaca_webgen_html) most of the
# adapter's perplexity increase over the base model was on `<html>` without a doctype or `lang`, and
# on lines that the house style would have indented (README, "Another source"). Only whitespace
# outside <pre> and the head's boilerplate change; validate_formatting checks the page parses to the
# same elements and text.
# =============================================================================


@dataclass(frozen=True)
class Formatting:
    indent: str = "  "          # one level
    nest_in_html: bool = False  # <head> and <body> indented one level under <html>
    doctype: bool = True
    lang: bool = True           # <html lang="en">
    charset: str = "utf-8"
    viewport: bool = True


HOUSE_STYLE = Formatting()
# Share of rows with each choice (independent draws): most pages keep the modern boilerplate.
FORMATTING_SHARES = {"indent": {"  ": 0.5, "    ": 0.3, "\t": 0.2}, "nest_in_html": 0.35, "doctype": 0.85,
                     "lang": 0.7, "charset_upper": 0.5, "viewport": 0.8}
VIEWPORT_LINE = '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
PRE_SPLIT = re.compile(r"(<pre>.*?</pre>)", re.S)
# Tab runs cost SmolLM2's tokenizer 4-7 % more tokens than space runs: rows longer than this (instruction +
# input + output, characters; ~900 tokens) are indented with spaces, so every row still fits max_seq_len 1024.
TAB_ROW_CHARS_MAX = 2450


def _fraction(key: str, request: str) -> float:
    """A fixed number in [0, 1) per (choice, request): deterministic, and stable when rows are reordered."""
    return zlib.crc32(f"{key}|{request}".encode()) / 2**32


def formatting_for(r: dict) -> Formatting:
    shares, request = FORMATTING_SHARES, r["instruction"] + "\n" + r["input"]
    u, indent = _fraction("indent", request), "  "
    for unit, share in shares["indent"].items():
        if u < share:
            indent = unit
            break
        u -= share
    if indent == "\t" and len(request) + len(r["output"]) > TAB_ROW_CHARS_MAX:
        indent = "    "
    return Formatting(indent=indent,
                      nest_in_html=_fraction("nest", request) < shares["nest_in_html"],
                      doctype=_fraction("doctype", request) < shares["doctype"],
                      lang=_fraction("lang", request) < shares["lang"],
                      charset="UTF-8" if _fraction("charset", request) < shares["charset_upper"] else "utf-8",
                      viewport=_fraction("viewport", request) < shares["viewport"])


def edit_head(doc: str, style: Formatting) -> str:
    """The house head (HEAD) with the style's boilerplate choices."""
    if not style.viewport:
        doc = doc.replace(VIEWPORT_LINE, "", 1)
    if style.charset != "utf-8":
        doc = doc.replace('<meta charset="utf-8">', f'<meta charset="{style.charset}">', 1)
    if not style.lang:
        doc = doc.replace('<html lang="en">', "<html>", 1)
    if not style.doctype:
        doc = doc.removeprefix("<!DOCTYPE html>\n")
    return doc


def reindent(doc: str, style: Formatting) -> str:
    """House indentation (2 spaces a level) in the style's unit, optionally one more level inside <html>.
    <pre> blocks keep their whitespace; empty lines stay empty."""
    def line_start(match: re.Match) -> str:
        spaces, rest = match.group(1), match.group(2)
        if not rest:
            return "\n"
        level = len(spaces) // 2 + (style.nest_in_html and not rest.startswith(("<html", "</html>")))
        return "\n" + style.indent * level
    pieces = PRE_SPLIT.split(doc)
    pieces[::2] = [re.sub(r"\n( *)(?=([^\n]*))", line_start, piece) for piece in pieces[::2]]
    return "".join(pieces)


def restyle(doc: str, style: Formatting) -> str:
    return reindent(edit_head(doc, style), style)


class _Signature(HTMLParser):
    """Elements, attributes and whitespace-collapsed text, in document order: what renders."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.events.append(("text", " ".join(data.split())))


def signature(doc: str) -> list:
    parser = _Signature()
    parser.feed(doc)
    parser.close()
    return parser.events


def formatting_problems(house_doc: str, styled: str, style: Formatting) -> list[str]:
    problems = []
    if signature(styled) != signature(edit_head(house_doc, style)):
        problems.append(f"re-formatting ({style}) changed the elements or text")
    if PRE_SPLIT.findall(styled) != PRE_SPLIT.findall(house_doc):
        problems.append("re-formatting changed a <pre> block")
    if any(line != line.rstrip() for line in styled.split("\n")):
        problems.append("re-formatting left trailing whitespace")
    if not styled.startswith(("<!DOCTYPE html>\n<html", "<html")) or not styled.endswith("</html>"):
        problems.append("re-formatted page does not start with a doctype or <html> and end with </html>")
    return problems


def apply_formatting(rows: list[dict]) -> list[dict]:
    """Each validated house-style row re-formatted in its own style; raises on any change beyond formatting."""
    styled_rows, problems = [], []
    for i, r in enumerate(rows):
        style = formatting_for(r)
        output = restyle(r["output"], style)
        problems += [f"row {i} ({r['category']}): {p}" for p in formatting_problems(r["output"], output, style)]
        styled_rows.append({**r, "output": output, "formatting": style})  # not written: serialise picks the columns
    if problems:
        raise ValueError(f"{len(problems)} formatting problem(s):\n  " + "\n  ".join(problems))
    return styled_rows


# =============================================================================
# Assembly, output and summary.
# =============================================================================

CATEGORY_BUILDERS = [
    landing_pages, pricing_pages, auth_forms, contact_forms, newsletter_signups, data_tables, navigation_bars,
    cards, lists, buttons_badges, modals, footers, blog_posts, product_pages, faqs, alerts, timelines,
    profile_cards, error_pages, dashboards, interactive_pages, email_templates, programming_tasks, edits,
    # held out (HOLDOUT_CATEGORIES): test split only
    quizzes, invoices, event_calendars, restaurant_menus,
]


def build_rows() -> list[dict]:
    """All rows, interleaved round-robin across categories so that the first N rows
    (data.max_rows in params.yaml) already cover every kind of page."""
    groups = [builder() for builder in CATEGORY_BUILDERS]
    rows = []
    for i in range(max(len(g) for g in groups)):
        rows += [g[i] for g in groups if i < len(g)]
    return rows


def serialise(rows: list[dict]) -> str:
    """JSON Lines with keys in the Alpaca order (instruction, input, output), then the generator's category."""
    return "".join(
        json.dumps({"instruction": r["instruction"], "input": r["input"], "output": r["output"],
                    "category": r["category"]}, ensure_ascii=False) + "\n" for r in rows)


def percentile(sorted_values: list[int], q: float) -> int:
    """Nearest-rank percentile (no interpolation), q in 0..100."""
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


def summary(rows: list[dict]) -> str:
    lengths = sorted(len(r["output"]) for r in rows)
    with_input = sum(bool(r["input"]) for r in rows)
    lines = [
        f"rows: {len(rows)}  (with input: {with_input}, {with_input / len(rows):.0%})",
        f"output chars: min {lengths[0]}, median {statistics.median(lengths):.0f}, p95 {percentile(lengths, 95)}, "
        f"max {lengths[-1]}; over 3,000: {sum(n > 3000 for n in lengths)}",
        "per category:",
    ]
    counts = Counter(r["category"] for r in rows)
    for category in dict.fromkeys(r["category"] for r in rows):
        cat_lengths = sorted(len(r["output"]) for r in rows if r["category"] == category)
        held = "  (held out)" if category in HOLDOUT_CATEGORIES else ""
        median = statistics.median(cat_lengths)
        lines.append(f"  {category:<20} {counts[category]:>3}   median {median:>6.0f} chars{held}")
    held_out = sum(counts[c] for c in HOLDOUT_CATEGORIES)
    scripts = sum("<script" in r["output"] for r in rows)
    lines.append(f"held out: {held_out} rows; with a <script>: {scripts} rows")
    styles = [r["formatting"] for r in rows if "formatting" in r]
    if not styles:
        return "\n".join(lines)
    indents = Counter({"  ": "2 spaces", "    ": "4 spaces", "\t": "tab"}[s.indent] for s in styles)
    lines.append("formatting: indent " + ", ".join(f"{k} {v}" for k, v in indents.most_common())
                 + f"; nested under <html> {sum(s.nest_in_html for s in styles)}, doctype {sum(s.doctype for s in styles)}, "
                 f"lang {sum(s.lang for s in styles)}, viewport {sum(s.viewport for s in styles)}, "
                 f"charset UTF-8 {sum(s.charset == 'UTF-8' for s in styles)} of {len(rows)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify that the file on disk is up to date")
    parser.add_argument("--out", type=Path, default=OUT_FILE, help="where to write the JSON Lines file")
    args = parser.parse_args(argv)

    rows = build_rows()
    validate(rows)
    rows = apply_formatting(rows)
    content = serialise(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != content:
            print(f"{args.out} is missing or stale; run scripts/make_sample_dataset.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(rows)} rows)")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(content)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
