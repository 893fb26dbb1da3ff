#!/usr/bin/env python3
"""Write htmlgen's shipped sample dataset: data/sample/webgen_sample.jsonl.

Every row is a prompt -> HTML pair written for this project; nothing is copied
from another dataset. Each row has its own hand-written spec (request wording,
names, copy text, colours, item counts) and is rendered by a small set of
hand-written building blocks, so rows differ in structure and content rather
than being one template with a name swapped.

The script is deterministic: no randomness, no clock, no environment lookups,
so two runs give byte-identical files. Every row is validated before anything is
written (complete HTML5 document, balanced tags, no scripts or external
resources, consistent formatting, details from the request present in the
answer, no duplicate requests); the first problem aborts the run.

Usage:
    python scripts/make_sample_dataset.py            # (re)write the file, print figures
    python scripts/make_sample_dataset.py --check    # exit 1 if the file on disk is stale
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_FILE = ROOT / "data" / "sample" / "webgen_sample.jsonl"

# Targets from the data card; the run fails if the generated set drifts outside them.
ROW_RANGE = (180, 220)
MIN_PER_CATEGORY = 8
INPUT_SHARE_RANGE = (0.14, 0.21)
OUTPUT_CHARS_RANGE = (250, 4200)

SANS = "system-ui, sans-serif"
HUMANIST = '"Segoe UI", Roboto, Helvetica, sans-serif'
CLASSIC = "Arial, Helvetica, sans-serif"
SERIF = 'Georgia, "Times New Roman", serif'
MONO = '"Courier New", Courier, monospace'

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
    """Keep an element on one line when it holds running text (or a single inline child)."""
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
        return [pad + esc(node)]
    if node.tag in VOID_TAGS or (node.tag in SVG_LEAF_TAGS and not node.children):
        return [pad + _open_tag(node)]
    if node.tag == "pre" or _one_line(node):
        return [pad + _inline(node)]
    lines = [pad + _open_tag(node)]
    for child in node.children:
        lines += render(child, depth + 1)
    lines.append(f"{pad}</{node.tag}>")
    return lines


def page(title: str, css: list[str], body: list) -> str:
    """A complete HTML5 document; CSS rules are deduplicated so shared blocks can repeat them."""
    rules = list(dict.fromkeys(css))
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
    return "#%02x%02x%02x" % tuple(round(a + (b - a) * t) for a, b in zip(_rgb(c1), _rgb(c2)))


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
        f".logo {{ font-weight: 700; font-size: 1.25rem; color: {p['accent']}; text-decoration: none; }}",
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
        ".hero h1 { font-size: 2.75rem; line-height: 1.15; margin: 0 0 16px; }",
        f".hero p {{ font-size: 1.15rem; color: {p['muted']}; max-width: 560px; margin: 0 auto 28px; }}",
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
        rules = [".hero { display: grid; grid-template-columns: 1.2fr 1fr; gap: 40px; align-items: center; }",
                 *rules, ".hero p { margin-left: 0; }", art_rule,
                 "@media (max-width: 700px) {\n  .hero { grid-template-columns: 1fr; }\n}"]
        node = h("section", h("div", copy), h("div", cls="art", aria_hidden="true"), cls="hero")
    elif layout == "left":
        rules = [".hero { padding-top: 88px; }", *rules, ".hero p { margin-left: 0; }"]
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
    cards = [h("article", h("h3", title), h("p", text), cls="card") for title, text in items]
    return [
        ".features h2 { text-align: center; margin: 0 0 32px; }",
        ".grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 24px; }",
        f".card {{ background: {p['card']}; border-radius: 12px; padding: 24px; }}",
        ".card h3 { margin: 0 0 8px; }",
        f".card p {{ margin: 0; color: {p['muted']}; }}",
    ], h("section", h("h2", heading), h("div", cards, cls="grid"), id=_section_id(s, "features"), cls="features")


def _l_stats(s, p):
    items = [h("div", h("strong", value), h("span", label)) for value, label in s["stats"]]
    return [
        ".stats { display: flex; flex-wrap: wrap; justify-content: space-around; gap: 24px; text-align: center; }",
        f".stats strong {{ display: block; font-size: 2.25rem; color: {p['accent']}; }}",
        f".stats span {{ color: {p['muted']}; }}",
    ], h("section", items, cls="stats")


def _l_testimonial(s, p):
    quote, who = s["testimonial"]
    return [
        ".testimonial { text-align: center; }",
        ".testimonial blockquote { max-width: 640px; margin: 0 auto; font-size: 1.3rem; font-style: italic; }",
        f".testimonial .author {{ font-size: 1rem; font-style: normal; color: {p['muted']}; }}",
    ], h("section", h("blockquote", h("p", f"“{quote}”"), h("p", f"— {who}", cls="author")),
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
        f".steps p {{ margin: 0; color: {p['muted']}; }}",
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
    items = [[h("dt", term), h("dd", value)] for term, value in pairs]
    return [
        ".info dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 24px; }",
        ".info dt { font-weight: 700; }",
        ".info dd { margin: 0; }",
    ], h("section", h("h2", heading), h("dl", items), id=_section_id(s, "info"), cls="info")


def _l_cta(s, p):
    title, text, button = s["cta"]
    return [
        f".cta {{ text-align: center; background: {p['card']}; border-radius: 16px; margin: 0 auto 56px; }}",
        ".cta h2 { margin-top: 0; }",
    ], h("section", h("h2", title), h("p", text), h("a", button, href="#", cls="btn"), cls="cta")


def _l_signup(s, p):
    title, text, button = s["signup"]
    form = h(
        "form",
        h("label", "Email address", for_="signup-email", cls="sr-only"),
        h("input", type="email", id="signup-email", name="email", placeholder="you@example.com", required=True),
        h("button", button, type="submit"),
        action="#", method="post", cls="signup",
    )
    return [
        f".cta {{ text-align: center; background: {p['card']}; border-radius: 16px; margin: 0 auto 56px; }}",
        ".cta h2 { margin-top: 0; }",
        ".signup { display: flex; gap: 8px; max-width: 420px; margin: 0 auto; }",
        f".signup input {{ flex: 1; padding: 12px; border: 1px solid {p['line']}; border-radius: 8px; font: inherit; }}",
        f".signup button {{ padding: 12px 20px; border: 0; border-radius: 8px; background: {p['accent']}; "
        f"color: {p['on']}; font: inherit; font-weight: 600; cursor: pointer; }}",
        SR_ONLY,
    ], h("section", h("h2", title), h("p", text), form, id=_section_id(s, "signup"), cls="cta")


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
    css = [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)}; background: {p['bg']}; color: {p['fg']}; "
        f"line-height: 1.6; }}",
        "section { max-width: 960px; margin: 0 auto; padding: 56px 24px; }",
        f".btn {{ display: inline-block; padding: 12px 22px; border-radius: 8px; background: {p['accent']}; "
        f"color: {p['on']}; text-decoration: none; font-weight: 600; }}",
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
        sections=["nav", "hero", "features", "footer"],
        nav=["Features", "Pricing", "Blog"],
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
        sections=["hero", "features", "testimonial", "info", "footer"],
        hero=("Small-batch coffee, roasted on the harbour",
              "We roast three times a week in our shop on Pier Street and ship the same day.",
              "Shop beans", "Visit us"),
        features=("Why Northwind", [
            ("Single-origin beans", "Traceable lots from farms we have visited ourselves."),
            ("Roasted to order", "Your bag leaves the roaster no more than 48 hours before it ships."),
            ("Free local delivery", "Bike delivery within town on orders over £20."),
        ]),
        testimonial=("The Ethiopia Guji is the best filter coffee I have had outside a café.",
                     "Hannah R., customer since 2021"),
        info=("Visit the roastery", [("Address", "14 Pier Street, Whitby"), ("Hours", "Tue–Sat, 8:00–16:00"),
                                     ("Phone", "01947 600 215")]),
        footer="© 2025 Northwind Coffee Roasters",
    ),
    dict(
        instruction="Landing page for Ledgerly, an invoicing tool for freelancers.",
        input="Brand colour: #0f766e; sections: hero, features, pricing",
        brand="Ledgerly", title="Ledgerly – Invoicing for freelancers", accent="#0f766e", font=HUMANIST,
        sections=["hero", "features", "pricing"],
        hero=("Send invoices in under a minute",
              "Ledgerly turns tracked hours into polished invoices and chases late payments for you.",
              "Start free", None),
        features=("Everything you need to get paid", [
            ("Branded invoices", "Add your logo, colours and payment terms once."),
            ("Automatic reminders", "Polite follow-ups go out when an invoice is overdue."),
            ("Multi-currency", "Bill clients in 30 currencies and see totals in yours."),
        ]),
        pricing=[("Starter", "$0", "Up to 3 clients"), ("Pro", "$12/mo", "Unlimited clients"),
                 ("Team", "$29/mo", "Up to 5 users")],
    ),
    dict(
        instruction='Build me a bold, dark landing page for Pulse Fitness, a 24-hour gym. Orange accent #f97316. '
                    'I want a hero with "Join now" and "See classes" buttons, a stats strip (members, weekly '
                    'classes, trainers) and a call-to-action band offering a free first week.',
        brand="Pulse Fitness", accent="#f97316", dark=True, font=CLASSIC,
        sections=["nav", "hero", "stats", "cta", "footer"],
        nav=["Classes", "Trainers", "Membership"],
        hero=("Stronger every day", "Open 24/7 with free weights, a cycling studio and a recovery zone.",
              "Join now", "See classes"),
        stats=[("2,400+", "members"), ("60", "classes a week"), ("18", "personal trainers")],
        cta=("Your first week is on us", "Try every class and the full gym floor free for seven days.",
             "Claim your free week"),
        footer="© 2025 Pulse Fitness · 210 King Street",
    ),
    dict(
        instruction='Make a friendly landing page for Sprout Coding, online coding lessons for kids aged 8–14. '
                    'Purple (#7c3aed), a hero, a 3-step "How it works" section and a sign-up call to action.',
        brand="Sprout Coding", accent="#7c3aed", font=HUMANIST,
        sections=["hero", "steps", "cta", "footer"],
        hero=("Kids learn to code by building games",
              "Live small-group lessons for ages 8–14 with friendly mentors. No experience needed.",
              "Book a free lesson", None),
        steps=("How it works", [
            ("Pick a course", "Scratch for beginners, Python for older kids."),
            ("Meet your mentor", "Weekly 60-minute lessons in groups of four."),
            ("Build and share", "Every course ends with a game your child can share."),
        ]),
        cta=("Ready to start?", "The first lesson is free and there is nothing to install.", "Sign up your child"),
        footer="© 2025 Sprout Coding",
    ),
    dict(
        instruction='Write the HTML for a clean homepage for Harbor Dental Clinic: a navigation bar, a split hero '
                    'with a "Book an appointment" button next to an image placeholder, four services, and an '
                    'opening-hours section. Use sky blue #0284c7.',
        brand="Harbor Dental", title="Harbor Dental Clinic", accent="#0284c7",
        sections=["nav", "hero", "features", "info", "footer"], ids={"features": "services", "info": "visit"},
        nav=["Services", "Team", "Visit"], hero_layout="split",
        hero=("Gentle dental care for the whole family",
              "Check-ups, hygiene and emergency appointments, with same-week bookings.",
              "Book an appointment", None),
        features=("Our services", [
            ("Check-ups", "Thorough exams with low-dose digital X-rays."),
            ("Hygiene", "Cleaning and polishing with our hygienists."),
            ("Whitening", "Professional whitening with take-home trays."),
            ("Emergencies", "Same-day slots for pain or broken teeth."),
        ]),
        info=("Opening hours", [("Mon–Thu", "8:00–18:00"), ("Friday", "8:00–15:00"), ("Saturday", "9:00–13:00"),
                                ("Sunday", "Closed")]),
        footer="Harbor Dental Clinic · 3 Quay Road · 020 7946 0321",
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
        hero=("Walk the Highlands with local guides",
              "Small groups, cosy lodges and routes most visitors never find.", "View tours", None),
        features=("Popular tours", [
            ("Cairngorms Explorer", "3 days · moderate · from £420"),
            ("Isle of Skye Ridges", "4 days · challenging · from £610"),
            ("Glen Coe Weekend", "2 days · easy · from £260"),
        ]),
        testimonial=("Our guide knew every peak by name and every café by its scones.",
                     "Tom and Aisha, Glen Coe Weekend"),
        signup=("Get trip dates first", "One email a month with new departures and early-bird prices.",
                "Subscribe"),
    ),
    dict(
        instruction="I run a small web design studio called Mapleworks. Build me a dark landing page (navy "
                    "background, yellow accent #facc15) with a nav, a left-aligned hero, our services, a few numbers "
                    "about past work and a contact call to action.",
        brand="Mapleworks", title="Mapleworks Studio", accent="#facc15", dark=True,
        sections=["nav", "hero", "features", "stats", "cta", "footer"], ids={"features": "services"},
        nav=["Services", "Work", "Contact"], hero_layout="left",
        hero=("Websites that small businesses are proud of",
              "We design and build fast, accessible sites for shops, studios and charities.",
              "Start a project", "See our work"),
        features=("What we do", [
            ("Web design", "Clear layouts and copy that turn visitors into customers."),
            ("Development", "Hand-coded, fast pages that are easy for you to edit."),
            ("Care plans", "Updates, backups and small changes every month."),
        ]),
        stats=[("120+", "sites launched"), ("9", "years in business"), ("4.9/5", "average client rating")],
        cta=("Have a project in mind?", "Tell us about it and we will reply within two working days.",
             "Get in touch"),
        footer="© 2025 Mapleworks Studio",
    ),
    dict(
        instruction='Design a landing page for Waypoint Conf, a two-day frontend conference in Lisbon on 12–13 '
                    'September. Pink accent #db2777. Show the date and city above the headline, key numbers '
                    '(speakers, talks, workshops), the conference tracks and a "Get your ticket" button.',
        brand="Waypoint Conf", title="Waypoint Conf 2025 – Lisbon", accent="#db2777",
        sections=["nav", "hero", "stats", "features", "cta", "footer"], ids={"features": "tracks"},
        nav=["Tracks", "Speakers", "Venue"], hero_note="12–13 September · Lisbon",
        hero=("Two days of frontend, by the sea",
              "Talks and hands-on workshops on CSS, accessibility, performance and design systems.",
              "Get your ticket", "View schedule"),
        stats=[("32", "speakers"), ("40", "talks"), ("8", "workshops")],
        features=("Tracks", [
            ("CSS & layout", "Container queries, subgrid and modern responsive design."),
            ("Accessibility", "Practical techniques for inclusive interfaces."),
            ("Performance", "Faster loading and smoother interaction on real devices."),
            ("Design systems", "Tokens, components and keeping teams in sync."),
        ]),
        cta=("Early-bird tickets end 30 June", "Save €120 on a full two-day pass.", "Get your ticket"),
        footer="© 2025 Waypoint Conf · Lisbon",
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
        f"height: 5px; border-left: 2px solid {colour}; border-bottom: 2px solid {colour}; transform: rotate(-45deg); }}",
    ]


def _pricing_base(s: dict) -> list[str]:
    a = s["accent"]
    dark = s.get("dark")
    return [
        f"body {{ margin: 0; font-family: {s.get('font', SANS)}; background: {'#111827' if dark else '#f8fafc'}; "
        f"color: {'#e5e7eb' if dark else '#1e293b'}; }}",
        "main { max-width: 1000px; margin: 0 auto; padding: 56px 24px; }",
        ".intro { text-align: center; margin-bottom: 40px; }",
        ".intro h1 { font-size: 2.25rem; margin: 0 0 8px; }",
        f".intro p {{ margin: 0; color: {'#9ca3af' if dark else '#64748b'}; }}",
        f".btn {{ display: block; padding: 12px; border-radius: 8px; background: {a}; color: {text_on(a)}; "
        f"text-align: center; text-decoration: none; font-weight: 600; }}",
    ]


def _plan_cards(s: dict) -> tuple[list[str], El]:
    a = s["accent"]
    cards = []
    for plan in s["plans"]:
        price = h("p", h("span", plan["price"], cls="amount"), " " + plan["period"] if plan.get("period") else None,
                  cls="price")
        cards.append(h(
            "article",
            plan.get("badge") and h("p", plan["badge"], cls="badge"),
            h("h2", plan["name"]),
            plan.get("blurb") and h("p", plan["blurb"], cls="blurb"),
            price,
            plan.get("note") and h("p", plan["note"], cls="note"),
            h("ul", [h("li", f) for f in plan["features"]], cls="ticks"),
            h("a", plan.get("cta", "Choose plan"), href="#", cls="btn"),
            cls="plan featured" if plan.get("featured") else "plan",
        ))
    css = [
        f".plans {{ display: grid; grid-template-columns: repeat(auto-fit, minmax({s.get('min_card', 240)}px, 1fr)); "
        f"gap: 24px; align-items: start; }}",
        f".plan {{ position: relative; background: {'#1f2937' if s.get('dark') else '#ffffff'}; border: 1px solid "
        f"{'#374151' if s.get('dark') else '#e2e8f0'}; border-radius: 12px; padding: 28px; }}",
        f".plan.featured {{ border: 2px solid {a}; box-shadow: 0 12px 32px {tint(a, 0.75)}; }}",
        ".plan h2 { margin: 0; font-size: 1.25rem; }",
        ".price { margin: 12px 0 0; }",
        ".amount { font-size: 2.5rem; font-weight: 700; }",
        f".blurb, .note {{ margin: 4px 0 0; color: {'#9ca3af' if s.get('dark') else '#64748b'}; font-size: 0.95rem; }}",
        f".badge {{ position: absolute; top: -14px; left: 28px; margin: 0; padding: 4px 12px; border-radius: 999px; "
        f"background: {a}; color: {text_on(a)}; font-size: 0.8rem; font-weight: 700; }}",
        *_check_list_css(".ticks", a),
    ]
    return css, h("div", cards, cls="plans")


def _plan_table(s: dict) -> tuple[list[str], El]:
    a = s["accent"]
    head = h("tr", h("th", s.get("corner", "Features"), scope="col"),
             [h("th", name, h("span", price, cls="price"), scope="col") for name, price in s["columns"]])
    body = [h("tr", h("th", label, scope="row"), [h("td", v) for v in values]) for label, values in s["rows"]]
    foot = s.get("buttons") and h("tfoot", h("tr", h("td"), [h("td", h("a", b, href="#", cls="btn")) for b in s["buttons"]]))
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
    for name, monthly, yearly, blurb in s["toggle_plans"]:
        cards.append(h("article",
                       h("h2", name), h("p", blurb, cls="blurb"),
                       h("p", h("span", monthly, cls="amount"), " / month", cls="price monthly"),
                       h("p", h("span", yearly, cls="amount"), " / year", cls="price yearly"),
                       h("a", f"Choose {name}", href="#", cls="btn"), cls="plan"))
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
        ".toggle label { padding: 8px 20px; border-radius: 999px; background: #e2e8f0; cursor: pointer; }",
        f"#monthly:checked ~ .toggle label[for=\"monthly\"], #yearly:checked ~ .toggle label[for=\"yearly\"] "
        f"{{ background: {a}; color: {text_on(a)}; }}",
        ".yearly, #yearly:checked ~ .plans .monthly { display: none; }",
        "#yearly:checked ~ .plans .yearly { display: block; }",
        ".plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 24px; }",
        ".plan { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 12px; padding: 28px; }",
        ".plan h2 { margin: 0; }",
        ".blurb { color: #64748b; }",
        ".amount { font-size: 2.5rem; font-weight: 700; }",
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
    rules, node = {"cards": _plan_cards, "table": _plan_table, "toggle": _plan_toggle, "rows": _plan_rows}[s["layout"]](s)
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
            badge="Best value" if featured else (f"Save {saving}%" if saving else None),
            note={1: "Billed monthly", 12: f"${monthly * 12:.2f} billed yearly",
                  24: f"${monthly * 24:.2f} billed every 2 years"}[months],
            features=["All 60 server locations", "Up to 8 devices", "30-day money-back guarantee"]
            + (["Save " + str(saving) + "% vs monthly"] if featured else []),
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
        heading="Class passes", sub="Every pass includes mats, blocks and a cup of tea after class.",
        plans=[
            dict(name="Drop-in class", price="£14", period="per class",
                 features=["Any single class", "Valid for 30 days"], cta="Buy a class"),
            dict(name="10-class pass", price="£120", period="", note="£12 per class",
                 features=["Ten classes", "Valid for 4 months", "Share with a friend"], cta="Buy the pass"),
            dict(name="Unlimited monthly", price="£95", period="/ month", featured=True, badge="Best value",
                 features=["Unlimited classes", "Free workshop each month", "Pause once a year"],
                 cta="Go unlimited"),
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
        heading="Plans for every designer", sub="Switch to yearly billing and get two months free.",
        saving="save 17%",
        toggle_plans=[("Starter", "$9", "$90", "For solo designers"), ("Pro", "$19", "$190", "For freelancers"),
                      ("Studio", "$49", "$490", "For small teams")],
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
        heading="Choose your Shieldline plan", sub="Every plan includes the same features. Longer plans cost less.",
        plans=_vpn_plans(),
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
        instruction="Pricing for my freelance web design packages: Starter site €900, Business site €1,800 and "
                    "Online shop €3,200. Each package should show what's included and the delivery time.",
        title="Web design packages", layout="cards", accent="#c2410c", font=HUMANIST, min_card=220,
        heading="Web design packages", sub="Fixed prices, no surprises. 50% deposit to book your slot.",
        plans=[
            dict(name="Starter site", price="€900", note="Delivered in 2 weeks",
                 features=["Up to 4 pages", "Mobile-friendly design", "Contact form"], cta="Book Starter"),
            dict(name="Business site", price="€1,800", note="Delivered in 4 weeks", featured=True,
                 badge="Most booked", features=["Up to 10 pages", "Blog setup", "Basic SEO", "1 hour of training"],
                 cta="Book Business"),
            dict(name="Online shop", price="€3,200", note="Delivered in 6 weeks",
                 features=["Up to 50 products", "Card payments", "Stock management", "3 months of support"],
                 cta="Book Online shop"),
        ],
    ),
    dict(
        instruction="Create a Free vs Pro comparison for the upgrade screen of a habit-tracker app called Habitly.",
        input="Currency: USD; Pro costs $4.99/month; highlight the Pro column; accent #9333ea",
        title="Habitly – Upgrade to Pro", layout="cards", accent="#9333ea", font=HUMANIST, min_card=260,
        heading="Build better habits with Pro", sub="Keep everything you have, unlock the rest.",
        plans=[
            dict(name="Free", price="$0", period="forever",
                 features=["Up to 3 habits", "Daily reminders", "7-day history"], cta="Stay on Free"),
            dict(name="Pro", price="$4.99", period="/ month", featured=True, badge="Recommended",
                 features=["Unlimited habits", "Full history and streak stats", "Home-screen widgets",
                           "Export to CSV"], cta="Upgrade to Pro"),
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
    css = [
        f"body {{ margin: 0; min-height: 100vh; {centre}font-family: {s.get('font', SANS)}; "
        f"background: {page_bg}; color: {fg}; }}",
        f".card {{ width: min(90vw, {s.get('width', 380)}px); box-sizing: border-box; padding: 32px; "
        f"background: {card_bg}; border-radius: 12px; box-shadow: 0 8px 24px rgba(0, 0, 0, 0.08); }}",
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
        form=[field("Work email", "email", "email", autocomplete="email", placeholder="you@company.com",
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
        form=[field("Email address", "email", "email", autocomplete="email", required=True)],
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
        form=[field("Username", "username", autocomplete="username", minlength="3", required=True),
              field("Email", "email", "email", autocomplete="email", required=True),
              field("Password", "password", "password", autocomplete="new-password", required=True),
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
              field("Email", "email", "email", autocomplete="email", required=True),
              field("Password", "password", "password", autocomplete="current-password", required=True)],
        button="Log in",
        css=[".social { display: block; padding: 10px; margin-bottom: 10px; border: 1px solid #374151; "
             "border-radius: 6px; color: #e5e7eb; text-align: center; text-decoration: none; }",
             ".social:hover { background: #1f2937; }",
             ".divider { display: flex; align-items: center; gap: 12px; color: #9ca3af; }",
             ".divider::before, .divider::after { content: \"\"; flex: 1; border-top: 1px solid #374151; }"],
    ),
    dict(
        instruction="Create a reset-password form with new password and confirm password fields, and a short list "
                    "of password rules under the heading.",
        title="Choose a new password", accent="#be123c", font=HUMANIST, heading="Choose a new password",
        before=None,
        form=[h("ul", h("li", "At least 10 characters"), h("li", "At least one number"),
                h("li", "At least one uppercase letter"), cls="rules"),
              field("New password", "password", "password", minlength="10", autocomplete="new-password",
                    required=True),
              field("Confirm new password", "confirm", "password", minlength="10", autocomplete="new-password",
                    required=True)],
        button="Update password",
        css=[".rules { margin: 8px 0 24px; padding-left: 20px; color: #6b7280; font-size: 0.95rem; }"],
    ),
    dict(
        instruction="Admin sign-in page for the Larkspur Library staff portal.",
        input="Fields: username, password. Accent: #b91c1c. Add a note that access is logged.",
        title="Staff sign-in – Larkspur Library", accent="#b91c1c", font=CLASSIC, bg="#f3f4f6",
        heading="Staff portal", sub="Larkspur Library",
        form=[h("p", "Staff only. All sign-in attempts are logged.", cls="notice", role="note"),
              field("Username", "username", autocomplete="username", required=True),
              field("Password", "password", "password", autocomplete="current-password", required=True)],
        button="Sign in",
        css=[".notice { padding: 10px 12px; margin: 0 0 20px; border-left: 4px solid #b91c1c; background: #fef2f2; "
             "color: #7f1d1d; font-size: 0.9rem; }"],
    ),
    dict(
        instruction="Login form for a school portal where students sign in with their student ID and a 4-digit "
                    "PIN. The school is Westbrook Academy.",
        title="Westbrook Academy – Student login", accent="#0369a1", font=HUMANIST, heading="Student login",
        sub="Westbrook Academy learning portal",
        form=[field("Student ID", "student-id", inputmode="numeric", pattern="[0-9]{7}", required=True,
                    hint="7 digits, printed on your student card."),
              field("PIN", "pin", "password", inputmode="numeric", pattern="[0-9]{4}", maxlength="4",
                    required=True)],
        button="Log in",
        after=h("p", "Forgotten your PIN? Ask at the school office.", cls="alt"),
    ),
    dict(
        instruction='Build step 2 of a 3-step sign-up flow: a progress indicator at the top, then "Tell us about '
                    'your company" with company name, a team size dropdown and your role. Back and Continue buttons.',
        title="Sign up – Step 2 of 3", accent="#0d9488", width=440, heading="Tell us about your company",
        sub="Step 2 of 3",
        before=h("ol", h("li", "Account", cls="done"), h("li", "Company", cls="current", aria_current="step"),
                 h("li", "Invite team"), cls="progress"),
        form=[field("Company name", "company", autocomplete="organization", required=True),
              field("Team size", "team-size", "select", options=["1–10", "11–50", "51–200", "200+"]),
              field("Your role", "role", placeholder="e.g. Head of Marketing")],
        button="Continue", secondary="Back",
        css=[".progress { display: flex; gap: 8px; list-style: none; padding: 0; margin: 0 0 24px; }",
             ".progress li { flex: 1; padding-top: 8px; border-top: 4px solid #e5e7eb; font-size: 0.85rem; }",
             ".progress .done, .progress .current { border-color: #0d9488; }",
             ".progress .current { font-weight: 700; }"],
    ),
    dict(
        instruction='Login page with a passwordless option: an email field, an "Email me a login link" button and '
                    'a "Use a password instead" link. Keep it minimal, black and white. The product is Papertrail.',
        title="Log in to Papertrail", accent="#111827", bg="#ffffff", heading="Log in to Papertrail",
        sub="We'll email you a magic link for a password-free sign in.",
        form=[field("Email", "email", "email", autocomplete="email", placeholder="name@work.com", required=True)],
        button="Email me a login link",
        after=h("p", h("a", "Use a password instead", href="#"), cls="alt"),
        css=[".card { box-shadow: none; border: 1px solid #e5e7eb; }"],
    ),
]


def auth_forms() -> list[dict]:
    return [row("login_signup_form", s, render_form_card(s)) for s in AUTH_SPECS]


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
        instruction="Quote request form for a removals company: name, email, moving date, from and to postcodes, "
                    "home size (Studio, 1 bedroom, 2–3 bedrooms, 4+ bedrooms) and extra notes.",
        title="Get a moving quote", accent="#ca8a04", font=CLASSIC, width=460, heading="Get a free moving quote",
        sub="Tell us about your move and we'll send a price within 24 hours.",
        form=[field("Name", "name", required=True),
              field("Email", "email", "email", required=True),
              field("Moving date", "date", "date", required=True),
              h("div", h("div", field("From postcode", "from", required=True)),
                h("div", field("To postcode", "to", required=True)), cls="pair"),
              field("Home size", "size", "select", options=["Studio", "1 bedroom", "2–3 bedrooms", "4+ bedrooms"]),
              field("Notes", "notes", "textarea", rows="3", placeholder="Piano, parking, stairs...")],
        button="Request quote",
        css=[".pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }"],
    ),
    dict(
        instruction="Table booking form for a restaurant called Trattoria Lucia: date, time, party size (1–12), "
                    "name, phone and special requests.",
        title="Book a table – Trattoria Lucia", accent="#b91c1c", font=SERIF, heading="Book a table",
        sub="Trattoria Lucia · Open Tuesday to Sunday",
        form=[h("div", h("div", field("Date", "date", "date", required=True)),
                h("div", field("Time", "time", "time", min="12:00", max="22:00", required=True)), cls="pair"),
              field("Party size", "guests", "number", min="1", max="12", value="2", required=True),
              field("Name", "name", required=True),
              field("Phone", "phone", "tel", required=True),
              field("Special requests", "requests", "textarea", rows="3", placeholder="Allergies, high chair...")],
        button="Request booking", bg="#fdf6ec",
        css=[".pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }"],
    ),
    dict(
        instruction="Make a support request form: email, order number, an issue type radio group (Damaged item, "
                    "Wrong item, Missing parcel, Other) and a description.",
        title="Support request", accent="#7c3aed", heading="How can we help?",
        sub="Tell us what went wrong with your order.",
        form=[field("Email", "email", "email", required=True),
              field("Order number", "order", placeholder="e.g. 10482", required=True),
              choices("Issue type", "issue", ["Damaged item", "Wrong item", "Missing parcel", "Other"],
                      checked=["Damaged item"]),
              field("Description", "description", "textarea", rows="4", required=True)],
        button="Submit request",
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
        instruction="Job application form for Greenline Logistics: name, email, phone, position dropdown, "
                    "LinkedIn URL, a cover letter box and a CV upload that only accepts PDF.",
        title="Apply – Greenline Logistics", accent="#15803d", width=480, heading="Apply to Greenline Logistics",
        form=[field("Full name", "name", required=True),
              field("Email", "email", "email", required=True),
              field("Phone", "phone", "tel"),
              field("Position", "position", "select",
                    options=["Warehouse operative", "HGV driver", "Transport planner", "Customer service"]),
              field("LinkedIn URL", "linkedin", "url", placeholder="linkedin.com/in/your-name"),
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
             h("label", "Email address", for_="email", cls="sr-only"),
             h("input", type="email", id="email", name="email", placeholder=placeholder, required=True),
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
    if variant == "banner":
        css += [f".banner {{ display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; "
                f"gap: 24px; padding: 40px 8%; background: {box_bg}; }}",
                ".banner h2 { margin: 0 0 4px; font-size: 1.6rem; }", ".banner p { margin: 0; }",
                ".banner form { flex: 1; min-width: 280px; max-width: 480px; }"]
        body = h("section", h("div", copy), form, cls="banner")
    elif variant == "split":
        css += [f".split {{ display: grid; grid-template-columns: 1fr 1fr; gap: 40px; max-width: 880px; "
                f"margin: 64px auto; padding: 40px; background: {box_bg}; border-radius: 16px; }}",
                ".split h2 { margin-top: 0; }",
                f".benefits li {{ margin-bottom: 8px; }}",
                f".benefits li::marker {{ color: {a}; }}",
                "@media (max-width: 700px) {\n  .split { grid-template-columns: 1fr; }\n}"]
        body = h("section", h("div", copy, h("ul", [h("li", b) for b in s["benefits"]], cls="benefits")),
                 h("div", form), cls="split")
    else:
        css.append(f".box {{ max-width: {s.get('width', 460)}px; margin: 64px auto; padding: 32px; "
                   f"background: {box_bg}; border-radius: 12px; text-align: {s.get('align', 'center')}; "
                   f"box-shadow: 0 6px 20px rgba(0, 0, 0, 0.06); }}")
        css.append(".box h1, .box h2 { margin: 0 0 8px; }")
        body = h("section", copy, form, s.get("extra"), cls="box")
    found = features_of([body])
    if "form" in found:
        css += [
            ".inline { display: flex; gap: 8px; }",
            f"input[type=\"email\"], input[type=\"text\"] {{ flex: 1; min-width: 0; padding: 12px; "
            f"border: 1px solid {'#334155' if dark else '#cbd5e1'}; border-radius: 8px; font: inherit; }}",
            f"button {{ padding: 12px 20px; border: 0; border-radius: 8px; background: {a}; color: {text_on(a)}; "
            f"font: inherit; font-weight: 600; cursor: pointer; }}",
            SR_ONLY,
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
        text="The five best CSS, HTML and accessibility links, every Friday.", button="Subscribe",
        after_fields=h("p", "No spam. Unsubscribe anytime.", cls="note"),
    ),
    dict(
        instruction='Build a full-width newsletter banner for a bakery called Flour & Salt: "Get a new recipe '
                    'every Sunday" on the left, first name and email fields with a Join button on the right. Warm '
                    'cream background.',
        title="Flour & Salt newsletter", accent="#9a3412", font=SERIF, variant="banner", box_bg="#fdf4e3",
        bg="#ffffff", heading="Get a new recipe every Sunday",
        text="Seasonal bakes from the Flour & Salt kitchen, straight to your inbox.", button="Join",
        fields=h("div", h("label", "First name", for_="first-name", cls="sr-only"),
                 h("input", type="text", id="first-name", name="first_name", placeholder="First name"),
                 cls="inline"),
        css=[".inline + .inline { margin-top: 8px; }"],
    ),
    dict(
        instruction="Newsletter sign-up for Nimbus, a cloud storage company, where people choose topics with "
                    "checkboxes: Product updates, Engineering blog and Events.",
        title="Nimbus newsletter", accent="#0284c7", font=HUMANIST, heading="Get Nimbus news",
        text="Pick what you want to hear about.", button="Sign up",
        fields=choices("Topics", "topics", ["Product updates", "Engineering blog", "Events"], kind="checkbox",
                       checked=["Product updates"]),
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
        after_fields=h("p", "Free forever. One click to unsubscribe.", cls="note"),
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
        text="New features and behind-the-scenes posts, about once a month.", button="Count me in",
        after_fields=checkbox("I agree to receive emails and accept the privacy policy.", "consent", required=True),
        css=[".check { display: flex; gap: 8px; margin-top: 12px; text-align: left; font-size: 0.9rem; }"],
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
        f"caption {{ margin-bottom: 12px; font-size: 1.25rem; font-weight: 700; text-align: left; }}",
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
        css += [f".badge.{name} {{ background: {bg}; color: {fg2}; }}" for name, (bg, fg2) in s["badge_colours"].items()]
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
    return [[str(i), name, str(w + d + l), str(w), str(d), str(l), str(3 * w + d)]
            for i, (name, w, d, l) in enumerate(table, start=1)]


def _grades() -> tuple[list, list]:
    marks = [("Amara Okafor", 88, 92, 79), ("Ben Carter", 74, 68, 85), ("Chloe Nguyen", 95, 89, 91),
             ("Daniel Silva", 61, 72, 70), ("Eva Lindqvist", 82, 77, 88)]
    rows = [[name, str(m), str(sc), str(en), f"{(m + sc + en) / 3:.1f}"] for name, m, sc, en in marks]
    cols = list(zip(*[(m, sc, en, (m + sc + en) / 3) for _, m, sc, en in marks]))
    return rows, ["Class average"] + [f"{sum(c) / len(c):.1f}" for c in cols]


_EXPENSE_ROWS, _EXPENSE_TOTAL = _expenses()
_GRADE_ROWS, _GRADE_AVG = _grades()

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
        css=["td { text-align: center; }", "td:empty { background: #fafafa; }"],
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
        instruction="Product inventory table with SKU, product name, price and stock. Rows with fewer than 10 items "
                    "in stock should be highlighted as low stock.",
        title="Inventory", accent="#4338ca", caption="Inventory", columns=["SKU", "Product", "Price", "Stock"],
        rows=[["MUG-001", "Stoneware mug", "$18.00", "42"], ["TEA-014", "Sencha green tea", "$12.50", "7"],
              ["POT-003", "Cast-iron teapot", "$64.00", "3"], ["CUP-020", "Glass cup set", "$24.00", "26"],
              ["FIL-008", "Paper filters (100)", "$5.00", "118"]],
        num_cols=[2, 3], zebra=True,
        row_class=lambda r: "low" if int(r[3]) < 10 else None,
        css=[".low td { color: #b91c1c; }", ".low td:last-child::after { content: \" low\"; font-size: 0.75rem; "
             "font-weight: 700; text-transform: uppercase; }"],
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
        instruction="Student grades table for Maths, Science and English with each student's average, and a class "
                    "average row in the footer.",
        title="Grades", accent="#1d4ed8", font=HUMANIST, caption="Term 2 results",
        columns=["Student", "Maths", "Science", "English", "Average"], rows=_GRADE_ROWS, footer=_GRADE_AVG,
        num_cols=[1, 2, 3, 4], row_headers=True, zebra=True,
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
]


def data_tables() -> list[dict]:
    return [row("data_table", s, render_table(s)) for s in TABLE_SPECS]
