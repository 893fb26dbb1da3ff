"""Render HTML in headless Chromium and score a generated page against a reference page on what a
person sees (plain functions of values: no params.yaml, no torch, no model weights).

Rendering (``Renderer``)
    One headless Chromium (Debian's, driven by Playwright) renders page after page in a fixed
    viewport (``width`` x ``height``, device scale 1, light colour scheme, reduced motion, UTC), with
    the page's clock fixed at FIXED_TIME and Math.random seeded (the same page renders the same on any day).
    JavaScript runs, but nothing leaves the browser: the page is served through ``route`` at a
    made-up ``http://pN.htmlgen.invalid/`` address and every other request (images, CSS, fonts,
    fetch, XHR, beacons, frames, popups) is aborted, WebSockets are mocked and service workers
    blocked; a navigation away (link, form, ``location``) is answered "204 No Content" from here, so
    the page stays on screen instead of Chromium's "blocked" error page. As a second wall, each of
    them enough on its own (tests/test_render.py), Chromium's proxy is a closed local port with
    loopback included; Chromium's own Local Network Access checks are a third for local addresses.
    Each page has ``timeout_s`` to load (``document.readyState`` complete: a page that navigates
    while loading never fires "load"), settle (SETTLE_MS) and be captured; a page that spins or never
    finishes loading comes back ``ok=False`` with the reason, its browser context is thrown away (the
    browser restarted if even that fails) and the next page renders normally. Where Playwright's own
    time limits do not end a hang (its clean-up after a timed-out wait can wait on the spinning
    renderer for ever), a watchdog thread kills the renderer processes (then the browser) a few
    seconds past the limit. The screenshot is the full page at the viewport width, cut at
    ``max_height`` (2 x height by default). Features are read from the live DOM (no OCR):
    the visible text (``body.innerText``), the tag sequence of ``<body>`` (pre-order, without
    script/style/template/meta elements), and the visible text blocks: text nodes that are displayed,
    not hidden by visibility/opacity and not transparent, grouped by their nearest non-inline
    ancestor (a paragraph, heading, list item, cell, button ...), each with the union of its line
    boxes (normalised to 0..1 of the screenshot) and its dominant text colour. A page with no visible
    text and a near-uniform screenshot is ``blank``.

Scoring (``render_score``), every component in 0..1, 1 for a page against itself
    render_visual     what the screenshots look like: SSIM (``skimage.metrics.structural_similarity``)
                      of the two screenshots in greyscale, downscaled 4x (layout, colour areas and
                      brightness rather than glyphs), both padded to the same size with their own
                      background, averaged over where either page draws something (pixels away from
                      its background colour), times the Dice overlap of where they draw on a 16-px
                      grid. SSIM alone rates a blank or one-line page about 0.4 against a full page
                      (its luminance term is high wherever both are mostly white), as high as a page
                      with the right content moved down; the overlap factor takes that to 0 when
                      the ink is in other places, and leaves pages that draw in the same places at
                      their SSIM.
    render_text       the visible text: Dice overlap of word unigrams + bigrams (multisets, lowercase).
                      Missing, extra or repeated text lowers it; local word order counts. (A difflib
                      ratio would see the global order too, but is quadratic-to-cubic on the repetitive
                      output small models produce: minutes for one degenerate page.)
    render_structure  the element tag sequences: Dice overlap of tag 1-, 2- and 3-grams (same reasoning).
    render_block      Design2Code's size score: text blocks are matched one-to-one
                      (``scipy.optimize.linear_sum_assignment`` on difflib text similarity of the
                      blocks), matches below 0.5 similarity are dropped, and the score is the area of
                      matched blocks over the area of all blocks of both pages, so missing and extra
                      text lower it in proportion to their size on screen.
    render_position   mean over matched blocks of 1 - the larger of the horizontal and vertical shift
                      of their centres, in a frame common to both pages (viewport width x the taller
                      screenshot).
    render_color      mean over matched blocks of 1 - CIEDE2000(text colours) / 100
                      (``skimage.color.deltaE_ciede2000``; black text against red text: about 0.5).
    render_score      the plain mean of the six. Each measures a different thing a person notices
                      (the look, the words, the markup behind them, and for the words: coverage,
                      placement, colour); there is no human-rating data here to fit weights on, and an
                      equal-weight mean is what Design2Code reports too, so it stays explainable; the
                      parts are reported next to it for anyone who wants another weighting.
    Block, position and colour need at least one matched block: with none they are 0 (with no text
    blocks on either page they are 1). A candidate that did not render (not ``ok``, e.g. timed out) or
    renders blank scores 0 on every key. Design2Code's CLIP score (needs model weights) and its
    block-merging search (slow; our blocks come from the DOM, so both pages are cut the same way)
    are left out.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import math
import os
import re
import signal
import threading
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium's own connections are refused by a closed
# network (and slow start-up); the proxy is a second wall behind the request routing: a closed
# port, with loopback proxied too ("<-loopback>"), so even a request the routing missed goes nowhere.
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
)
SCORE_KEYS = ("render_visual", "render_text", "render_structure", "render_block", "render_position",
              "render_color")
ALL_KEYS = (*SCORE_KEYS, "render_score")

_HOST = "htmlgen.invalid"      # .invalid never resolves (RFC 2606)
# What a page's scripts see as "now" (Date), whenever it is rendered: a page that writes today's date
# scores the same on any day. Timers still run; only the clock stands still.
FIXED_TIME = "2025-06-02T12:00:00Z"
RANDOM_SEED = 0x2F6B3C1D       # Math.random() gives the same numbers on every render of a page
SETTLE_MS = 30                 # once the document is complete: time for timers and load handlers to draw
POLL_MS = 20
MAX_TEXT_NODES = 4000          # per page, for speed on degenerate output
MAX_TAGS = 5000
MAX_BLOCKS = 120
MAX_WORDS = 5000
MAX_SCRIPT_ERRORS = 20
BLOCK_TEXT_CHARS = 200         # block texts are compared on their first N characters
BLOCK_MATCH_MIN = 0.5          # Design2Code's threshold for a matched pair of blocks
# A render that overruns its time limit by this much has hit a hang Playwright's own timeouts do not
# cover (a renderer spinning in JavaScript while Playwright cleans up after a timed-out wait): the
# watchdog kills the renderer processes, and after the second grace the whole browser.
KILL_RENDERERS_AFTER_S = 3.0
KILL_BROWSER_AFTER_S = 8.0
VISUAL_SCALE = 4               # screenshots are compared at 1/4 size
CONTENT_THRESHOLD = 0.03       # grey-level distance from the background that counts as drawn (ink)
INK_CELL = 16                  # px: the grid on which the places where two pages draw are compared


# --------------------------------------------------------------------------- the page


@dataclass
class RenderedPage:
    ok: bool                      # rendered within the time limit
    error: str | None             # why not (timeout, crash, ...), None when ok
    screenshot: bytes | None      # PNG, viewport width x min(page height, max_height)
    text: str = ""                # visible text (document.body.innerText), whitespace-normalised
    tags: list[str] = field(default_factory=list)    # element tag names of <body>, pre-order
    blocks: list[dict] = field(default_factory=list)  # {"text", "bbox": [x, y, w, h] in 0..1, "color": [r, g, b]}
    script_errors: list[str] = field(default_factory=list)  # uncaught JS errors ("pageerror")
    blank: bool = False           # rendered, but nothing a person would see (only meaningful when ok)
    width: int = 0                # screenshot size in CSS pixels (the frame the bboxes are normalised to)
    height: int = 0
    elapsed_s: float = 0.0        # wall time of this render

    def to_json(self) -> dict:
        """Everything but the screenshot (JSON-serialisable)."""
        data = asdict(self)
        del data["screenshot"]
        return data

    @classmethod
    def from_json(cls, data: dict, screenshot: bytes | None) -> RenderedPage:
        known = {f.name for f in fields(cls)} - {"screenshot"}
        values = {k: v for k, v in data.items() if k in known}
        values["blocks"] = [{"text": b["text"], "bbox": [float(v) for v in b["bbox"]],
                             "color": [int(v) for v in b["color"]]} for b in values.get("blocks", [])]
        return cls(screenshot=screenshot, **values)


def failed_page(error: str, elapsed_s: float = 0.0, script_errors: list[str] | None = None) -> RenderedPage:
    return RenderedPage(ok=False, error=error, screenshot=None, script_errors=list(script_errors or []),
                        elapsed_s=round(elapsed_s, 3))


# --------------------------------------------------------------------------- the browser

# Runs in every document before the page's own scripts: Date fixed at FIXED_TIME (new Date(), Date(),
# Date.now(); dates built from arguments as usual) and Math.random a seeded generator (mulberry32),
# so what a page draws does not depend on the day or the run. performance.now() and the timers are
# left alone: the settling below measures time with them.
_FROZEN_JS = r"""
(() => {
  if (window.__htmlgenFrozen) return;
  Object.defineProperty(window, "__htmlgenFrozen", {value: true});
  const RealDate = Date, FIXED = %(fixed)d;
  function FixedDate(...args) {
    if (!new.target) return new RealDate(FIXED).toString();
    return args.length ? new RealDate(...args) : new RealDate(FIXED);
  }
  FixedDate.prototype = RealDate.prototype;
  FixedDate.now = () => FIXED;
  FixedDate.parse = RealDate.parse;
  FixedDate.UTC = RealDate.UTC;
  window.Date = FixedDate;
  let state = %(seed)d;
  Math.random = function random() {
    state = (state + 0x6D2B79F5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
"""


_FROZEN_JS %= {"fixed": round(datetime.fromisoformat(FIXED_TIME.replace("Z", "+00:00")).timestamp() * 1000),
               "seed": RANDOM_SEED}


# Runs in every document before the page's own scripts: keeps its own references to the DOM
# functions it needs (a page redefining them later cannot break the reading) and defines a read-only
# window.__htmlgenExtract(settleMs, maxNodes, maxTags), which answers "" (falsy: poll again) until
# the document is complete and has settled, then a JSON string (a primitive, so Playwright hands it
# over without another round trip to a renderer that might have hung in the meantime).
_EXTRACT_JS = r"""
(() => {
  if (window.__htmlgenExtract) return;
  const W = window, D = document;
  const getStyle = W.getComputedStyle.bind(W);
  const stringify = JSON.stringify.bind(JSON);
  const now = performance.now.bind(performance);
  const SHOW_TEXT = NodeFilter.SHOW_TEXT;
  const NO_TEXT = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "OPTION", "TITLE"]);
  const NOT_SHOWN = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "LINK", "META", "TITLE", "BASE"]);
  const RGB = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,\/]\s*([\d.]+)(%?))?\s*\)$/;
  const colours = new Map();
  let canvas = null, started = null;

  function rgb(css) {
    let c = colours.get(css);
    if (c !== undefined) return c;
    const m = RGB.exec(css);
    if (m) {
      let a = m[4] === undefined ? 1 : parseFloat(m[4]) / (m[5] ? 100 : 1);
      c = [Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3]), a];
    } else {  // color(srgb ...), oklch(...): let a canvas convert it
      try {
        if (!canvas) canvas = D.createElement("canvas").getContext("2d", {willReadFrequently: true});
        canvas.clearRect(0, 0, 1, 1); canvas.fillStyle = "#000"; canvas.fillStyle = css; canvas.fillRect(0, 0, 1, 1);
        const d = canvas.getImageData(0, 0, 1, 1).data;
        c = [d[0], d[1], d[2], d[3] / 255];
      } catch (e) { c = [0, 0, 0, 1]; }
    }
    colours.set(css, c);
    return c;
  }

  function extract(settleMs, maxNodes, maxTags) {
    // The "load" event itself cannot be waited for: a page that navigates elsewhere while loading
    // (a blocked navigation) never fires it, although the document is complete.
    if (D.readyState !== "complete") { started = null; return ""; }
    if (started === null) started = now();
    if (now() - started < settleMs) return "";
    if (D.fonts && D.fonts.status === "loading") return "";
    const body = D.body, root = D.documentElement;
    const width = W.innerWidth;
    const height = Math.max(root ? root.scrollHeight : 0, body ? body.scrollHeight : 0, W.innerHeight);
    if (!body) return stringify({text: "", tags: [], blocks: [], width, height});
    const tags = [];
    const all = body.getElementsByTagName("*");
    for (let i = 0; i < all.length && tags.length < maxTags; i++) {
      const t = String(all[i].tagName);
      if (!NOT_SHOWN.has(t.toUpperCase())) tags.push(t.toLowerCase());
    }
    const sx = W.scrollX, sy = W.scrollY;
    const range = D.createRange();
    const walker = D.createTreeWalker(body, SHOW_TEXT);
    const groups = new Map(), blocks = [];
    let seen = 0;
    for (let node = walker.nextNode(); node !== null && seen < maxNodes; node = walker.nextNode()) {
      const value = node.nodeValue;
      if (!value || !/\S/.test(value)) continue;
      const el = node.parentElement;
      if (!el || NO_TEXT.has(String(el.tagName).toUpperCase())) continue;
      seen++;
      if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      const colour = rgb(getStyle(el).color);
      if (colour[3] === 0) continue;
      range.selectNodeContents(node);
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const r of range.getClientRects()) {
        const left = Math.max(r.left + sx, 0), top = Math.max(r.top + sy, 0);
        const right = Math.min(r.right + sx, width), bottom = Math.min(r.bottom + sy, height);
        if (right - left < 0.5 || bottom - top < 0.5) continue;
        x0 = Math.min(x0, left); y0 = Math.min(y0, top); x1 = Math.max(x1, right); y1 = Math.max(y1, bottom);
      }
      if (x0 === Infinity) continue;
      let box = el;
      while (box !== body && box.parentElement) {
        const display = getStyle(box).display;
        if (display !== "inline" && display !== "contents") break;
        box = box.parentElement;
      }
      let b = groups.get(box);
      if (!b) {
        b = {parts: [], x0, y0, x1, y1, colours: new Map()};
        groups.set(box, b);
        blocks.push(b);
      } else {
        b.x0 = Math.min(b.x0, x0); b.y0 = Math.min(b.y0, y0); b.x1 = Math.max(b.x1, x1); b.y1 = Math.max(b.y1, y1);
      }
      b.parts.push(value);
      const key = colour[0] + "," + colour[1] + "," + colour[2];
      b.colours.set(key, (b.colours.get(key) || 0) + value.trim().length);
    }
    const out = blocks.map(b => {
      let best = "0,0,0", weight = -1;
      for (const [key, w] of b.colours) if (w > weight) { best = key; weight = w; }
      return {text: b.parts.join(" ").replace(/\s+/g, " ").trim(), bbox: [b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0],
              color: best.split(",").map(Number)};
    });
    return stringify({text: body.innerText || "", tags, blocks: out, width, height});
  }

  Object.defineProperty(W, "__htmlgenExtract", {value: extract, writable: false, configurable: false,
                                                enumerable: false});
})();
"""
_PREDICATE = "([settle, nodes, tags]) => window.__htmlgenExtract(settle, nodes, tags)"

# One Playwright driver per thread, shared by every Renderer in it (the sync API allows one at a time).
_local = threading.local()


def _acquire_playwright():
    state = getattr(_local, "playwright", None)
    if state is None:
        from playwright.sync_api import sync_playwright

        state = _local.playwright = [sync_playwright().start(), 0]
    state[1] += 1
    return state[0]


def _release_playwright() -> None:
    state = getattr(_local, "playwright", None)
    if state is None:
        return
    state[1] -= 1
    if state[1] <= 0:
        _local.playwright = None
        try:
            state[0].stop()
        except Exception as error:  # noqa: BLE001 - closing down, nothing left to save
            log.debug("stopping playwright: %s", error)


def _process_table() -> dict[int, tuple[int, str]]:
    """{pid: (parent pid, command line)} from /proc (Linux; empty elsewhere)."""
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as file:
                stat = file.read()
            with open(f"/proc/{name}/cmdline", "rb") as file:
                cmdline = file.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        table[int(name)] = (int(stat[stat.rindex(b")") + 2:].split()[1]), cmdline)
    return table


def _descendants(table: dict[int, tuple[int, str]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _one_line(error: BaseException | str, limit: int = 300) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip() and not line.strip().startswith("=")]
    text = lines[0] if lines else type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Renderer:
    """One headless Chromium for many pages; a context manager (``with Renderer(...) as r``).
    Not thread-safe: use it from the thread that made it."""

    def __init__(self, executable: str = DEFAULT_CHROMIUM, width: int = 1024, height: int = 768,
                 timeout_s: float = 5.0, max_height: int | None = None):
        if width <= 0 or height <= 0 or timeout_s <= 0:
            raise ValueError(f"width, height and timeout_s must be positive, got {width}, {height}, {timeout_s}")
        self.executable = str(executable)
        self.width, self.height, self.timeout_s = int(width), int(height), float(timeout_s)
        self.max_height = int(max_height) if max_height is not None else 2 * self.height
        if self.max_height < self.height:
            raise ValueError(f"max_height {self.max_height} is below the viewport height {self.height}")
        self.restarts = 0          # browser restarts (after a page that even its context could not close)
        self.blocked_requests = 0  # requests aborted so far (everything but the pages themselves)
        self.watchdog_kills = 0    # hung renderers (or browsers) the watchdog had to kill
        self._playwright = self._browser = self._context = self._page = None
        self._count = 0
        self._url: str | None = None
        self._body = b""
        self._script_errors: list[str] = []
        self._browser_pid: int | None = None  # for the watchdog
        self._watch_lock = threading.Lock()
        self._watch_generation = 0
        self._killed: str | None = None       # what the watchdog killed during this render

    # -- life cycle

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        if self._browser is not None:
            return
        self._playwright = _acquire_playwright()
        try:
            self._launch()
        except BaseException:
            self._playwright = None
            _release_playwright()
            raise

    def _launch(self) -> None:
        marker = f"--htmlgen-renderer={uuid.uuid4().hex}"  # an unknown switch: Chromium ignores it, we find it
        self._browser = self._playwright.chromium.launch(executable_path=self.executable, headless=True,
                                                         args=[*CHROMIUM_ARGS, marker], timeout=60_000)
        self._browser_pid = next((pid for pid, (_, cmdline) in _process_table().items()
                                  if marker in cmdline and "--type=" not in cmdline), None)
        if self._browser_pid is None:
            log.debug("no Chromium process found in /proc: hung renderers rely on Playwright's timeouts")

    def close(self) -> None:
        self._close_context()
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception as error:  # noqa: BLE001
                log.debug("closing chromium: %s", error)
            self._browser = None
        if self._playwright is not None:
            self._playwright = None
            _release_playwright()

    def _open_page(self) -> None:
        context = self._browser.new_context(
            viewport={"width": self.width, "height": self.height}, device_scale_factor=1,
            service_workers="block", accept_downloads=False, java_script_enabled=True,
            color_scheme="light", reduced_motion="reduce", locale="en-US", timezone_id="UTC")
        try:
            context.route("**/*", self._route)
            context.route_web_socket(re.compile(".*"), lambda ws: ws.close())
            context.add_init_script(_FROZEN_JS)
            context.add_init_script(_EXTRACT_JS)
            page = context.new_page()
            page.on("pageerror", self._on_page_error)
        except BaseException:
            context.close()
            raise
        self._context, self._page = context, page

    def _close_context(self) -> bool:
        """Throw the context away (with its renderer); False when even that failed."""
        context, self._context, self._page = self._context, None, None
        if context is None:
            return True
        try:
            context.close()
            return True
        except Exception as error:  # noqa: BLE001
            log.warning("could not close a browser context (%s): restarting Chromium", _one_line(error))
            return False

    def _recover(self) -> None:
        """After a failed page: a fresh context, or a fresh browser when the old one is unusable."""
        closed = self._killed != "browser" and self._close_context()
        if not closed or self._browser is None or not self._browser.is_connected():
            self._context = self._page = None
            self.restarts += 1
            if self._killed != "browser":
                try:
                    if self._browser is not None:
                        self._browser.close()
                except Exception as error:  # noqa: BLE001
                    log.debug("closing a broken chromium: %s", error)
            self._browser = self._browser_pid = None
            self._launch()

    # -- the watchdog (a timer thread; it only reads /proc and sends signals)

    def _arm(self) -> list[threading.Timer]:
        with self._watch_lock:
            self._watch_generation += 1
            generation = self._watch_generation
        self._killed = None
        timers = [threading.Timer(self.timeout_s + KILL_RENDERERS_AFTER_S, self._kill, ("renderers", generation)),
                  threading.Timer(self.timeout_s + KILL_BROWSER_AFTER_S, self._kill, ("browser", generation))]
        for timer in timers:
            timer.daemon = True
            timer.start()
        return timers

    def _disarm(self, timers: list[threading.Timer]) -> None:
        with self._watch_lock:
            self._watch_generation += 1  # a timer already running sees it and does nothing
        for timer in timers:
            timer.cancel()

    def _kill(self, what: str, generation: int) -> None:
        with self._watch_lock:
            if generation != self._watch_generation or self._browser_pid is None:
                return
            table = _process_table()
            tree = _descendants(table, self._browser_pid)
            if what == "renderers":
                victims = [pid for pid in tree if "--type=renderer" in table[pid][1]]
            else:
                victims = [*tree, self._browser_pid]
            for pid in victims:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            self._killed = what
            self.watchdog_kills += 1
        log.warning("a page hung past its time limit: killed the %s (%d processes)",
                    "renderer" if what == "renderers" else "browser", len(victims))

    def _route(self, route) -> None:
        request = route.request
        try:
            navigation = request.is_navigation_request()
            own = (navigation and request.url == self._url and request.method == "GET"
                   and request.frame.parent_frame is None)
        except Exception:  # noqa: BLE001 - e.g. a request without a frame
            navigation = own = False
        if own:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._body)
            return
        self.blocked_requests += 1
        log.debug("blocked %s %s", request.method, request.url[:200])
        if navigation:
            # A link, form or script taking the page (or a frame) elsewhere: answer "204 No Content"
            # from here, so the browser stays on what it shows instead of an error page that says
            # "blocked by Chromium" (which would then be scored as the page).
            route.fulfill(status=204, body=b"")
        else:
            route.abort("blockedbyclient")

    def _on_page_error(self, error) -> None:
        if len(self._script_errors) < MAX_SCRIPT_ERRORS:
            name = getattr(error, "name", "") or ""
            message = getattr(error, "message", None) or str(error)
            text = f"{name}: {message}" if name and not message.startswith(name) else message
            self._script_errors.append(text[:500])

    # -- rendering

    def render(self, html: str) -> RenderedPage:
        """Render one page. Never raises for what the page does (errors come back in the result);
        raises only when Chromium itself cannot be (re)started."""
        started = time.monotonic()
        deadline = started + self.timeout_s
        html = "" if html is None else str(html)
        self.start()
        if self._page is None:
            self._open_page()
        timers = self._arm()
        try:
            return self._render(html, started, deadline)
        finally:
            self._disarm(timers)
            if self._killed and self._context is not None:  # killed after the page was read: start clean
                self._recover()

    def _render(self, html: str, started: float, deadline: float) -> RenderedPage:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page = self._page
        self._count += 1
        self._url = f"http://p{self._count}.{_HOST}/"
        self._body = html.encode("utf-8", "replace")
        self._script_errors = []

        def left_ms() -> float:
            remaining = (deadline - time.monotonic()) * 1000
            if remaining < 1:  # Playwright reads timeout=0 as "no limit"
                raise PlaywrightTimeout("out of time")
            return remaining

        step = "loading"
        try:
            page.goto(self._url, wait_until="commit", timeout=left_ms())
            step = "loading and reading the page"
            handle = page.wait_for_function(_PREDICATE, arg=[SETTLE_MS, MAX_TEXT_NODES, MAX_TAGS],
                                            polling=POLL_MS, timeout=left_ms())
            data = json.loads(handle.json_value())
            step = "taking the screenshot"
            shot_height = int(min(max(math.ceil(data["height"]), self.height), self.max_height))
            png = page.screenshot(type="png", full_page=True, animations="disabled", caret="hide",
                                  clip={"x": 0, "y": 0, "width": self.width, "height": shot_height},
                                  timeout=left_ms())
        except PlaywrightTimeout:
            error = f"timed out after {self.timeout_s:g} s while {step}"
        except Exception as exc:  # noqa: BLE001 - a crashed or navigated-away page is the page's failure
            error = f"failed while {step}: {_one_line(exc)}"
        else:
            error = None
        if error is not None and self._killed:
            error = (f"timed out after {self.timeout_s:g} s while {step} (hung: the watchdog killed the "
                     f"{'renderer' if self._killed == 'renderers' else 'browser'})")
        errors = list(self._script_errors)
        if error is not None:
            log.info("render failed: %s", error)
            self._recover()
            return failed_page(error, time.monotonic() - started, errors)

        self._close_popups()
        text = " ".join(str(data.get("text") or "").split())
        blocks = _normalise_blocks(data.get("blocks") or [], self.width, shot_height)
        blank = not text and _near_uniform(png)
        return RenderedPage(ok=True, error=None, screenshot=png, text=text, tags=list(data.get("tags") or []),
                            blocks=blocks, script_errors=errors, blank=blank, width=self.width,
                            height=shot_height, elapsed_s=round(time.monotonic() - started, 3))

    def _close_popups(self) -> None:
        for other in list(self._context.pages):
            if other is not self._page:
                try:
                    other.close()
                except Exception as error:  # noqa: BLE001
                    log.debug("closing a popup: %s", error)


def _normalise_blocks(raw: list[dict], width: int, height: int) -> list[dict]:
    """Blocks inside the screenshot, bbox normalised to 0..1 of it; at most MAX_BLOCKS, in document order."""
    blocks = []
    for block in raw:
        text = " ".join(str(block.get("text", "")).split())
        x, y, w, h = (float(v) for v in block["bbox"])
        if not text or y >= height:
            continue
        h = min(h, height - y)
        if w <= 0 or h <= 0:
            continue
        blocks.append({"text": text, "bbox": [round(x / width, 5), round(y / height, 5), round(w / width, 5),
                                              round(h / height, 5)],
                       "color": [int(c) for c in block["color"][:3]]})
        if len(blocks) >= MAX_BLOCKS:
            break
    return blocks


def _near_uniform(png: bytes) -> bool:
    """True when (almost) every pixel has the screenshot's most common colour."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        pixels = np.asarray(image.convert("RGB").reduce(2), dtype=np.int16).reshape(-1, 3)
    values, counts = np.unique(pixels, axis=0, return_counts=True)
    background = values[counts.argmax()]
    differs = np.abs(pixels - background).max(axis=1) > 8
    return float(differs.mean()) < 0.001


@functools.lru_cache(maxsize=8)
def chromium_problem(executable: str = DEFAULT_CHROMIUM) -> str | None:
    """None when pages can be rendered here; otherwise one line saying why not (playwright not
    installed, no Chromium at that path, Chromium fails to start), for evaluate to log and record.
    The answer is cached per executable for the life of the process."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements.txt)"
    path = Path(executable)
    if not path.is_file() or not os.access(path, os.X_OK):
        return f"no Chromium at {executable} (Debian: apt-get install -y chromium)"
    try:
        with Renderer(executable, width=320, height=240, timeout_s=30) as renderer:
            page = renderer.render("<!DOCTYPE html><p>htmlgen</p>")
    except Exception as error:  # noqa: BLE001
        return f"Chromium at {executable} fails to start: {_one_line(error)}"
    if not page.ok:
        return f"Chromium at {executable} starts but cannot render a page: {page.error}"
    if page.text != "htmlgen" or not page.screenshot:
        return f"Chromium at {executable} renders a test page wrongly (text {page.text[:40]!r})"
    return None


# --------------------------------------------------------------------------- scores


def render_score(candidate: RenderedPage, reference: RenderedPage) -> dict[str, float]:
    """Keys: render_visual, render_text, render_structure, render_block, render_position,
    render_color, and render_score (their mean, 0..1); see the module docstring. A candidate that
    did not render (not ok) or renders blank scores 0 on every key; so does any candidate against a
    reference that did not render (logged: that is a data problem, not the model's). A page against
    itself scores 1 on every key."""
    zero = dict.fromkeys(ALL_KEYS, 0.0)
    if not candidate.ok or candidate.blank or not candidate.screenshot:
        return zero
    if not reference.ok or not reference.screenshot:
        log.warning("render_score: the reference did not render (%s): scoring 0", reference.error)
        return zero
    block, position, colour = _block_scores(candidate, reference)
    parts = {
        "render_visual": visual_similarity(candidate.screenshot, reference.screenshot),
        "render_text": text_similarity(candidate.text, reference.text),
        "render_structure": ngram_dice(candidate.tags[:MAX_TAGS], reference.tags[:MAX_TAGS], 3),
        "render_block": block,
        "render_position": position,
        "render_color": colour,
    }
    scores = {key: round(min(1.0, max(0.0, float(value))), 6) for key, value in parts.items()}
    scores["render_score"] = round(sum(scores.values()) / len(scores), 6)
    return scores


def ngram_dice(a: list[str], b: list[str], n_max: int) -> float:
    """Dice overlap 2|A∩B| / (|A| + |B|) of the multisets of 1..n_max-grams of two sequences
    (1 when both are empty). Linear time, order-aware locally, lowered by repetition."""
    if not a and not b:
        return 1.0

    def grams(seq: list[str]) -> Counter:
        counts: Counter = Counter()
        for n in range(1, n_max + 1):
            counts.update(zip(*(seq[i:] for i in range(n))))
        return counts

    ga, gb = grams(a), grams(b)
    total = sum(ga.values()) + sum(gb.values())
    return 2 * sum((ga & gb).values()) / total if total else 1.0


_WORD = re.compile(r"\w+|[^\w\s]")


def text_similarity(a: str, b: str) -> float:
    """Visible-text similarity: word unigram + bigram Dice, lowercase, punctuation as words."""
    return ngram_dice(_WORD.findall(a.lower())[:MAX_WORDS], _WORD.findall(b.lower())[:MAX_WORDS], 2)


def _block_similarity(a: str, b: str) -> float:
    """difflib ratio of two block texts (Design2Code), 0 when it cannot reach BLOCK_MATCH_MIN."""
    if a == b:
        return 1.0
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < BLOCK_MATCH_MIN or matcher.quick_ratio() < BLOCK_MATCH_MIN:
        return 0.0  # both are upper bounds of ratio(): no need for the slow exact one
    return matcher.ratio()


def _block_scores(candidate: RenderedPage, reference: RenderedPage) -> tuple[float, float, float]:
    """(block, position, colour): Design2Code's size, position and text-colour scores over text
    blocks matched one-to-one by text similarity, in a frame common to both pages."""
    a, b = candidate.blocks[:MAX_BLOCKS], reference.blocks[:MAX_BLOCKS]
    if not a and not b:
        return 1.0, 1.0, 1.0
    if not a or not b:
        return 0.0, 0.0, 0.0
    from scipy.optimize import linear_sum_assignment

    frame_w = max(candidate.width, reference.width, 1)
    frame_h = max(candidate.height, reference.height, 1)

    def boxes(page: RenderedPage, blocks: list[dict]) -> np.ndarray:  # x, y, w, h in the common frame
        scale = np.array([page.width / frame_w, page.height / frame_h] * 2)
        return np.array([block["bbox"] for block in blocks], dtype=float) * scale

    box_a, box_b = boxes(candidate, a), boxes(reference, b)
    area_a, area_b = box_a[:, 2] * box_a[:, 3], box_b[:, 2] * box_b[:, 3]
    text_a = [block["text"].lower()[:BLOCK_TEXT_CHARS] for block in a]
    text_b = [block["text"].lower()[:BLOCK_TEXT_CHARS] for block in b]
    memo: dict[tuple[str, str], float] = {}
    similarity = np.zeros((len(a), len(b)))
    for i, ta in enumerate(text_a):
        for j, tb in enumerate(text_b):
            key = (ta, tb)
            if key not in memo:
                memo[key] = _block_similarity(ta, tb)
            similarity[i, j] = memo[key]
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    pairs = [(i, j) for i, j in zip(rows, cols) if similarity[i, j] >= BLOCK_MATCH_MIN]
    if not pairs:
        return 0.0, 0.0, 0.0
    ia, ib = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    total_area = area_a.sum() + area_b.sum()
    if total_area > 0:
        block = float((area_a[ia].sum() + area_b[ib].sum()) / total_area)
    else:
        block = len(pairs) / max(len(a), len(b))
    centre_a = box_a[ia, :2] + box_a[ia, 2:] / 2
    centre_b = box_b[ib, :2] + box_b[ib, 2:] / 2
    position = float(np.mean(1 - np.abs(centre_a - centre_b).max(axis=1)))
    from skimage.color import deltaE_ciede2000, rgb2lab

    colour_a = np.array([a[i]["color"] for i in ia], dtype=float).reshape(-1, 1, 3) / 255
    colour_b = np.array([b[j]["color"] for j in ib], dtype=float).reshape(-1, 1, 3) / 255
    delta = deltaE_ciede2000(rgb2lab(colour_a), rgb2lab(colour_b)).reshape(-1)
    colour = float(np.mean(np.clip(1 - delta / 100, 0, 1)))
    return block, position, colour


def _grey_small(png: bytes) -> tuple[np.ndarray, float]:
    """The screenshot in greyscale (0..1), downscaled VISUAL_SCALE x, and its background level."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
        small = grey.reduce(VISUAL_SCALE) if min(grey.size) >= 8 * VISUAL_SCALE else grey
        pixels = np.asarray(small, dtype=np.float64) / 255
    levels, counts = np.unique(np.round(pixels * 255), return_counts=True)
    return pixels, float(levels[counts.argmax()] / 255)


def visual_similarity(png_a: bytes, png_b: bytes) -> float:
    """SSIM of two screenshots (greyscale, downscaled) over where either draws something, times
    the Dice overlap of where they draw (on a grid of INK_CELL-pixel cells)."""
    from scipy.ndimage import binary_dilation
    from skimage.metrics import structural_similarity

    (a, bg_a), (b, bg_b) = _grey_small(png_a), _grey_small(png_b)
    height, width = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    a = np.pad(a, ((0, height - a.shape[0]), (0, width - a.shape[1])), constant_values=bg_a)
    b = np.pad(b, ((0, height - b.shape[0]), (0, width - b.shape[1])), constant_values=bg_b)
    ink_a, ink_b = np.abs(a - bg_a) > CONTENT_THRESHOLD, np.abs(b - bg_b) > CONTENT_THRESHOLD
    if min(height, width) < 7:
        return float(np.clip(1 - np.abs(a - b).mean(), 0, 1))
    _, ssim_map = structural_similarity(a, b, data_range=1.0, win_size=7, full=True)
    drawn = ink_a | ink_b
    if not drawn.any():
        return float(np.clip(ssim_map.mean(), 0, 1))
    ssim = float(ssim_map[binary_dilation(drawn, iterations=3)].mean())
    cell = max(1, INK_CELL // VISUAL_SCALE)
    rows, cols = -(-height // cell) * cell, -(-width // cell) * cell

    def cells(ink: np.ndarray) -> np.ndarray:
        ink = np.pad(ink, ((0, rows - height), (0, cols - width)))
        return ink.reshape(rows // cell, cell, cols // cell, cell).any(axis=(1, 3))

    cells_a, cells_b = cells(ink_a), cells(ink_b)
    overlap = 2 * (cells_a & cells_b).sum() / (cells_a.sum() + cells_b.sum())
    return float(np.clip(ssim, 0, 1) * overlap)


# --------------------------------------------------------------------------- thumbnails


def thumbnail(png: bytes, width: int = 360) -> bytes:
    """A small WebP (JPEG where Pillow lacks WebP; see ``image_mime``) of a screenshot, ``width``
    pixels wide, for an HTML gallery committed to git: a few KB to a few tens of KB."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGB")
        if image.width > width:
            image = image.resize((width, max(1, round(image.height * width / image.width))),
                                 Image.Resampling.LANCZOS, reducing_gap=2.0)
        out = io.BytesIO()
        try:
            image.save(out, "WEBP", quality=60, method=4)
        except (KeyError, OSError):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=70, optimize=True)
    return out.getvalue()


def image_mime(data: bytes) -> str:
    """The MIME type of a PNG, WebP or JPEG image (for data: URIs of thumbnails)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    return "application/octet-stream"


__all__ = ["DEFAULT_CHROMIUM", "RenderedPage", "Renderer", "chromium_problem", "image_mime", "render_score",
           "text_similarity", "thumbnail", "visual_similarity", "ngram_dice", "failed_page", "ALL_KEYS",
           "SCORE_KEYS"]
