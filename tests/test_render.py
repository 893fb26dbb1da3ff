"""The render score in real headless Chromium (Debian's, through Playwright): pages render with
JavaScript but without the network, hung pages time out without stopping the next one, and the
score ranks pages the way a person would (itself > same text restyled > unrelated > blank)."""

from __future__ import annotations

import http.server
import importlib.util
import io
import os
import signal
import threading
import time
import urllib.request

import pytest

import htmlgen.render as render_module
from htmlgen.render import (ALL_KEYS, DEFAULT_CHROMIUM, RenderedPage, Renderer, chromium_problem, image_mime,
                            ngram_dice, render_score, text_similarity, thumbnail)

# --------------------------------------------------------------------------- pages

STYLE = """<style>
  body { margin: 0; font-family: sans-serif; line-height: 1.5; color: #1f2937; background: #ffffff; }
  header { padding: 48px 32px; text-align: center; }
  h1 { margin: 0; font-size: 40px; color: #111827; }
  .lead { font-size: 20px; color: #4b5563; }
  .btn { display: inline-block; padding: 12px 24px; background: #15803d; color: #ffffff; border-radius: 8px; }
  .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; padding: 32px; }
  .card { padding: 24px; background: #ecf5ef; border-radius: 12px; }
  footer { padding: 24px; text-align: center; color: #6b7280; border-top: 1px solid #e5e7eb; }
  %s
</style>"""
BODY = """<header><h1>Never forget to water again</h1>
<p class="lead">Brightleaf learns what each of your plants needs and nudges you at the right moment.</p>
<a class="btn" href="#">Get the app</a></header>
<section class="cards">
  <article class="card"><h3>Smart schedules</h3>
    <p>Watering plans adapt to the season and the light in your room.</p></article>
  <article class="card"><h3>Plant doctor</h3>
    <p>Snap a photo of a yellow leaf and get a likely cause in seconds.</p></article>
  <article class="card"><h3>Shared gardens</h3>
    <p>Split the chores with your flatmates and never double-water.</p></article>
</section>
<footer>Brightleaf 2026. Made for forgetful gardeners.</footer>"""


def page(extra_css: str = "", body: str = BODY) -> str:
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>{STYLE % extra_css}</head>"
            f"<body>{body}</body></html>")


REFERENCE = page()
# Only the text colour of the headline and the lead paragraph changes.
RECOLOURED = page("h1 { color: #dc2626; } .lead { color: #2563eb; }")
# Only the headline block moves (same text, same colours).
MOVED = page("header { text-align: left; } h1 { margin-left: 400px; margin-top: 120px; }")
# The same words, restyled: dark theme, stacked cards, left-aligned, other colours.
RESTYLED = page("body { background: #0f172a; color: #e2e8f0; } h1 { color: #facc15; font-size: 28px; }"
                " .lead { color: #94a3b8; } header { text-align: left; }"
                " .cards { grid-template-columns: 1fr; } .card { background: #1e293b; }")
UNRELATED = ("<!DOCTYPE html><html><head><style>body { font-family: serif; margin: 40px; } "
             "td, th { border: 1px solid #999; padding: 6px 12px; } th { background: #dbeafe; }</style></head><body>"
             "<h2>Quarterly invoice 2031-Q3</h2><table><tr><th>Item</th><th>Qty</th><th>Price</th></tr>"
             "<tr><td>Steel bolts M8</td><td>400</td><td>12.00</td></tr>"
             "<tr><td>Copper wire 2 mm</td><td>35</td><td>88.50</td></tr></table>"
             "<ol><li>Pay within thirty days</li><li>Quote the order number</li></ol></body></html>")
# The hero and footer only (the three cards are missing), and the page with an extra section.
PARTIAL = page(body=BODY[:BODY.index("<section")] + BODY[BODY.index("<footer"):])
EXTRA = page(body=BODY.replace("<footer>", "<section><h2>Frequently asked questions</h2><p>Does it work offline? "
                                           "Yes, reminders are scheduled on the phone itself.</p></section><footer>"))
# Markup, but nothing to see (no text, no borders, no backgrounds).
BLANK_MARKUP = page(body='<header><h1></h1><p class="lead"></p><a href="#"></a></header>'
                         '<section></section><footer style="border: 0"></footer>')
BLANK = "<!DOCTYPE html><html><head><title>nothing</title></head><body></body></html>"
SPIN = "<!DOCTYPE html><html><body><p>spinning</p><script>while (true) {}</script></body></html>"
SPIN_AFTER_LOAD = ("<!DOCTYPE html><html><body><p>later</p><script>addEventListener('load', () => "
                   "setTimeout(() => { while (true) {} }, 0));</script></body></html>")
FENCED_JS = "```javascript\nconsole.log('hello');\ndocument.body.innerHTML = '';\n```"
PROSE = "Sure! Here is a landing page for Brightleaf with a hero, three cards and a footer."


# --------------------------------------------------------------------------- fixtures


def chromium_missing() -> bool:
    """Playwright or Chromium not installed here: the only reason to skip these tests."""
    return importlib.util.find_spec("playwright") is None or not os.access(DEFAULT_CHROMIUM, os.X_OK)


@pytest.fixture(scope="module")
def renderer():
    problem = chromium_problem()
    if problem and chromium_missing():
        pytest.skip(problem)
    assert problem is None, problem  # installed but not working: that is a failure, not a skip
    with Renderer(timeout_s=20) as shared:  # generous: this 2-core machine is shared
        yield shared


@pytest.fixture(scope="module")
def quick_renderer(renderer):
    """A short time limit, for the pages that never finish (a second browser, same Playwright)."""
    with Renderer(timeout_s=3) as quick:
        yield quick


@pytest.fixture(scope="module")
def rendered(renderer):
    """Each page above, rendered once."""
    pages = {"reference": REFERENCE, "recoloured": RECOLOURED, "moved": MOVED, "restyled": RESTYLED,
             "unrelated": UNRELATED, "partial": PARTIAL, "extra": EXTRA, "blank": BLANK, "blank_markup": BLANK_MARKUP,
             "empty": "", "fenced": FENCED_JS, "prose": PROSE}
    return {name: renderer.render(html) for name, html in pages.items()}


def assert_all(scores: dict, value: float, abs_tol: float = 1e-6) -> None:
    assert set(scores) == set(ALL_KEYS)
    assert all(score == pytest.approx(value, abs=abs_tol) for score in scores.values()), scores


# --------------------------------------------------------------------------- rendering


@pytest.mark.browser
def test_page_features_are_what_the_browser_shows(rendered):
    ref = rendered["reference"]
    assert ref.ok and ref.error is None and not ref.blank and ref.script_errors == []
    assert ref.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and (ref.width, ref.height) == (1024, 768)
    assert ref.text.startswith("Never forget to water again Brightleaf learns")
    assert ref.tags[:4] == ["header", "h1", "p", "a"] and ref.tags.count("article") == 3
    texts = [block["text"] for block in ref.blocks]
    assert texts[:3] == ["Never forget to water again",
                         "Brightleaf learns what each of your plants needs and nudges you at the right moment.",
                         "Get the app"]
    assert len(texts) == 10  # h1, p, button, 3 x (h3, p), footer
    button = ref.blocks[2]
    assert button["color"] == [255, 255, 255]  # white on the green button
    assert ref.blocks[0]["color"] == [17, 24, 39]
    for block in ref.blocks:
        x, y, w, h = block["bbox"]
        assert 0 <= x < x + w <= 1 and 0 <= y < y + h <= 1
    headline, lead = ref.blocks[0]["bbox"], ref.blocks[1]["bbox"]
    assert headline[1] < lead[1] and abs((headline[0] + headline[2] / 2) - 0.5) < 0.02  # centred, above


@pytest.mark.browser
def test_scripts_run_and_their_errors_are_recorded(renderer):
    result = renderer.render("<p id=x>static</p><script>document.getElementById('x').textContent = 'from js';"
                             "setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p>later</p>'), 0);"
                             "</script><script>undefinedFunction()</script>")
    assert result.ok
    assert result.text == "from js later"
    assert len(result.script_errors) == 1 and "undefinedFunction" in result.script_errors[0]


@pytest.mark.browser
def test_the_page_sees_a_fixed_clock_and_seeded_random_numbers(renderer):
    """A page that writes today's date or shuffles with Math.random renders the same on any day."""
    page = ("<p id=now></p><p id=random></p><script>"
            "document.getElementById('now').textContent = [new Date().toISOString(), Date.now(),"
            " new Date(Date.now()).getTime(), String(Date()) === String(new Date()), new Date(0).toISOString(),"
            " new Date() instanceof Date].join(' ');"
            "document.getElementById('random').textContent ="
            " Array.from({length: 4}, () => Math.random().toFixed(6)).join(' ');"
            "</script>")
    first, second = renderer.render(page), renderer.render(page)
    assert first.ok and second.ok, (first.error, second.error)
    assert first.text == second.text
    fixed = render_module.FIXED_TIME.replace("Z", ".000Z")
    millis = 1748865600000  # 2025-06-02T12:00:00Z
    assert first.text.startswith(f"{fixed} {millis} {millis} true 1970-01-01T00:00:00.000Z true ")
    randoms = [float(x) for x in first.text.split()[-4:]]
    assert len(set(randoms)) == 4 and all(0 <= x < 1 for x in randoms)


@pytest.mark.browser
def test_garbage_output_renders_as_what_a_browser_shows(rendered):
    assert rendered["empty"].ok and rendered["empty"].blank and rendered["empty"].text == ""
    assert rendered["blank"].ok and rendered["blank"].blank
    assert rendered["blank_markup"].ok and rendered["blank_markup"].blank and rendered["blank_markup"].tags
    fenced, prose = rendered["fenced"], rendered["prose"]
    assert fenced.ok and not fenced.blank and fenced.text.startswith("```javascript console.log")
    assert prose.ok and not prose.blank and prose.text == PROSE
    assert [block["text"] for block in prose.blocks] == [PROSE]


@pytest.fixture
def walls_renderer(request, monkeypatch):
    """A fresh Renderer with both of its walls, one of them, or none (the control): the request
    routing (every request but the page aborted) and the proxy (a closed port, loopback included).
    Chromium's Local Network Access checks are turned off, so that the server on 127.0.0.1 stands
    for any server on the internet (they alone stop a public page's requests to loopback)."""
    walls = request.param
    args = [*render_module.CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
    if "proxy" not in walls:
        args = [arg for arg in args if "proxy" not in arg]
    monkeypatch.setattr(render_module, "CHROMIUM_ARGS", tuple(args))
    if "routing" not in walls:
        def serve_the_page_let_the_rest_through(self, route):
            if route.request.url == self._url:
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._body)
            else:
                self.blocked_requests += 1
                route.continue_()

        monkeypatch.setattr(Renderer, "_route", serve_the_page_let_the_rest_through)
    with Renderer(timeout_s=20) as fresh:
        yield fresh


@pytest.mark.browser
@pytest.mark.parametrize("walls_renderer", ["routing and proxy", "routing only", "proxy only", "no walls"],
                         indirect=True)
def test_the_network_is_blocked(walls_renderer, request):
    """Every way a page can reach out, aimed at a live server on 127.0.0.1: not one request with
    both walls, nor with either alone; and without them the same page does reach it (the control)."""
    walls = request.node.callspec.id
    renderer = walls_renderer
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.requestline)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok")

        do_POST = do_HEAD = do_OPTIONS = do_GET

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        connections = 0

        def verify_request(self, request, client_address):
            Server.connections += 1
            return True

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    local = f"http://localhost:{server.server_address[1]}"
    html = f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{base}/style.css"><link rel="preload" as="image" href="{base}/preload.png">
<link rel="prefetch" href="{base}/prefetch"><link rel="icon" href="{base}/favicon.ico">
<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png"); }}
@font-face {{ font-family: F; src: url("{base}/font.woff2"); }} p {{ font-family: F; }}</style>
<script src="{base}/script.js"></script></head><body>
<p>network test</p><img src="{base}/img.png"><img src="{local}/img-localhost.png">
<iframe src="{base}/frame"></iframe><video src="{base}/video.mp4" autoplay></video>
<form id="f" action="{base}/form" method="post"><input name="q" value="1"></form>
<script>
  fetch("{base}/fetch").catch(() => {{}});
  fetch("{local}/fetch-localhost", {{mode: "no-cors"}}).catch(() => {{}});
  new Image().src = "{base}/image-js";
  const xhr = new XMLHttpRequest(); xhr.open("GET", "{base}/xhr"); xhr.send();
  navigator.sendBeacon("{base}/beacon", "x");
  try {{ new WebSocket("ws://127.0.0.1:{server.server_address[1]}/ws"); }} catch (e) {{}}
  try {{ new EventSource("{base}/sse"); }} catch (e) {{}}
  navigator.serviceWorker && navigator.serviceWorker.register("{base}/sw.js").catch(() => {{}});
  window.open("{base}/popup");
  setTimeout(() => document.getElementById("f").submit(), 0);
  setTimeout(() => {{ location.href = "{base}/navigate"; }}, 5);
</script></body></html>"""
    try:
        blocked_before = renderer.blocked_requests
        result = renderer.render(html)
        if "routing" in walls:  # (without the routing, blocked navigations may leave an error page)
            assert result.ok, result.error
            assert "network test" in result.text
        renderer.render("<p>next page</p>")  # anything still in flight from the first one
        time.sleep(0.5)
        if walls == "no walls":
            paths = {line.split()[1] for line in seen}
            assert len(paths) >= 8, paths  # the page does reach out when nothing stops it
            return
        assert seen == [], seen  # not one HTTP request
        if "proxy" in walls:
            # Not even a connection. (The routing alone lets Chromium open a speculative TCP connection
            # or two that never carry a request: the proxy wall stops those too.)
            assert Server.connections == 0
        assert renderer.blocked_requests - blocked_before >= 10  # the page did try
        # Control: the server does answer whoever is allowed to reach it.
        assert urllib.request.urlopen(f"{base}/control", timeout=10).read() == b"ok"
        assert seen == ["GET /control HTTP/1.1"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("html", [SPIN, SPIN_AFTER_LOAD], ids=["spins-while-loading", "spins-after-load"])
def test_a_hung_page_times_out_and_the_next_one_renders(quick_renderer, rendered, html):
    started = time.monotonic()
    hung = quick_renderer.render(html)
    assert time.monotonic() - started < 3 + 5  # the time limit, plus the clean-up
    assert not hung.ok and hung.screenshot is None
    assert hung.error.startswith("timed out after 3 s"), hung.error
    assert_all(render_score(hung, rendered["reference"]), 0.0, abs_tol=0)

    after = quick_renderer.render(REFERENCE)
    assert after.ok, after.error
    assert after.text == rendered["reference"].text
    assert_all(render_score(after, rendered["reference"]), 1.0)


# Starts spinning the first time the renderer polls it (it asks whether the document is complete),
# i.e. after Playwright has set up its wait in the page: when that wait times out, Playwright's
# clean-up waits on the spinning renderer for ever (Playwright 1.65), so only the Renderer's
# watchdog can end this one.
SPIN_WHILE_POLLED = ("<!DOCTYPE html><html><body><p>poll me</p><script>"
                     "let armed = false;"
                     "Object.defineProperty(document, 'readyState', {get() {"
                     "  if (!armed) { armed = true; setTimeout(() => { while (true) {} }, 0); } return 'complete'; }});"
                     "</script></body></html>")


@pytest.mark.browser
def test_the_watchdog_ends_a_hang_playwright_cannot(quick_renderer, rendered):
    from htmlgen.render import KILL_BROWSER_AFTER_S, KILL_RENDERERS_AFTER_S

    browser_pid = quick_renderer._browser_pid
    if browser_pid is None:
        pytest.skip("the watchdog needs /proc to find Chromium's processes")

    def kill_the_browser():  # this test's own fallback: a broken watchdog fails the test, not hangs it
        try:
            os.killpg(browser_pid, signal.SIGKILL)  # Playwright starts Chromium in its own process group
        except OSError:
            os.kill(browser_pid, signal.SIGKILL)

    fallback = threading.Timer(30, kill_the_browser)
    fallback.start()
    try:
        started = time.monotonic()
        kills = quick_renderer.watchdog_kills
        hung = quick_renderer.render(SPIN_WHILE_POLLED)
        elapsed = time.monotonic() - started
    finally:
        fallback.cancel()
    assert not hung.ok and hung.error.startswith("timed out after 3 s"), hung.error
    assert hung.error.endswith("(hung: the watchdog killed the renderer)"), hung.error
    assert quick_renderer.watchdog_kills == kills + 1
    assert 3 + KILL_RENDERERS_AFTER_S - 0.5 < elapsed < 3 + KILL_BROWSER_AFTER_S + 5, elapsed
    after = quick_renderer.render(REFERENCE)
    assert after.ok, after.error
    assert_all(render_score(after, rendered["reference"]), 1.0)


# --------------------------------------------------------------------------- scores


@pytest.mark.browser
def test_a_page_against_itself_scores_one(renderer, rendered):
    again = renderer.render(REFERENCE)  # a second render, as evaluate would do
    assert_all(render_score(again, rendered["reference"]), 1.0)
    for name in ("restyled", "unrelated", "prose", "fenced"):
        assert_all(render_score(rendered[name], rendered[name]), 1.0)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["empty", "blank", "blank_markup"])
def test_blank_output_scores_exactly_zero(rendered, name):
    assert_all(render_score(rendered[name], rendered["reference"]), 0.0, abs_tol=0)


@pytest.mark.browser
def test_a_page_against_a_blank_reference_scores_low(rendered):
    scores = render_score(rendered["reference"], rendered["blank"])
    assert scores["render_score"] < 0.3, scores
    assert scores["render_text"] == scores["render_block"] == 0


@pytest.mark.browser
def test_same_text_restyled_ranks_between_itself_and_an_unrelated_page(rendered):
    ref = rendered["reference"]
    restyled = render_score(rendered["restyled"], ref)
    unrelated = render_score(rendered["unrelated"], ref)
    assert 0.999 > restyled["render_score"] > unrelated["render_score"] + 0.25, (restyled, unrelated)
    # The restyle keeps every word and block but moves and recolours them; the unrelated page shares nothing.
    assert restyled["render_text"] == 1 and restyled["render_block"] == 1
    assert restyled["render_position"] < 1 and restyled["render_color"] < 0.9 and restyled["render_visual"] < 0.9
    assert unrelated["render_text"] < 0.1 and unrelated["render_block"] == 0
    # Prose about the page is better than nothing, worse than the restyled page.
    prose = render_score(rendered["prose"], ref)
    assert 0 < prose["render_score"] < restyled["render_score"]


@pytest.mark.browser
def test_missing_or_extra_text_lowers_render_block(rendered):
    """Design2Code's size score: unmatched blocks count against it in proportion to their area."""
    ref = rendered["reference"]
    partial, extra = render_score(rendered["partial"], ref), render_score(rendered["extra"], ref)
    area = {name: sum(b["bbox"][2] * b["bbox"][3] for b in rendered[name].blocks) for name in ("reference", "partial")}
    assert len(rendered["partial"].blocks) == 4 and len(ref.blocks) == 10
    # The 4 matched blocks, counted on both pages, over all 14 blocks (the pages have the same size).
    assert partial["render_block"] == pytest.approx(2 * area["partial"] / (area["partial"] + area["reference"]),
                                                    abs=1e-3)
    assert 0.2 < partial["render_block"] < 0.8 and partial["render_text"] < 0.8
    assert partial["render_color"] == pytest.approx(1.0)  # what is there has the right colours
    assert 0.5 < extra["render_block"] < 0.99 and extra["render_text"] < 1
    assert 1 > extra["render_score"] > partial["render_score"]


@pytest.mark.browser
def test_changing_only_the_text_colour_lowers_render_color(rendered):
    scores = render_score(rendered["recoloured"], rendered["reference"])
    assert scores["render_color"] < 0.95, scores
    for key in ("render_text", "render_structure", "render_block", "render_position"):
        assert scores[key] == pytest.approx(1.0), (key, scores)
    assert scores["render_score"] < 1


@pytest.mark.browser
def test_moving_a_block_lowers_render_position(rendered):
    scores = render_score(rendered["moved"], rendered["reference"])
    assert scores["render_position"] < 0.99, scores
    for key in ("render_text", "render_structure", "render_color"):
        assert scores[key] == pytest.approx(1.0), (key, scores)
    assert scores["render_visual"] < 1


@pytest.mark.browser
def test_scores_survive_the_json_round_trip(rendered):
    for name in ("reference", "restyled", "empty"):
        page = rendered[name]
        restored = RenderedPage.from_json(page.to_json(), page.screenshot)
        assert "screenshot" not in page.to_json()
        assert restored == page
        assert render_score(restored, rendered["reference"]) == render_score(page, rendered["reference"])


@pytest.mark.browser
def test_thumbnail_is_a_small_image(rendered):
    from PIL import Image

    png = rendered["reference"].screenshot
    small = thumbnail(png)
    assert len(small) < 30_000 and len(small) < len(png) / 3
    assert image_mime(small) in ("image/webp", "image/jpeg")
    with Image.open(io.BytesIO(small)) as image:
        assert image.width == 360 and image.height == round(360 * 768 / 1024)


# --------------------------------------------------------------------------- without a browser


def test_a_page_that_did_not_render_scores_zero_without_a_browser():
    failed = RenderedPage(ok=False, error="timed out", screenshot=None)
    anything = RenderedPage(ok=True, error=None, screenshot=b"not used", text="x", width=10, height=10)
    assert_all(render_score(failed, anything), 0.0, abs_tol=0)
    assert_all(render_score(anything, failed), 0.0, abs_tol=0)  # a reference that did not render


def test_chromium_problem_names_a_missing_browser(tmp_path):
    problem = chromium_problem(str(tmp_path / "no-chromium"))
    assert problem and "no Chromium at" in problem and "no-chromium" in problem


def test_text_and_tag_similarity_on_hand_made_cases():
    assert text_similarity("Hello world", "hello  WORLD") == 1.0
    assert text_similarity("", "") == 1.0 and text_similarity("a", "") == 0.0
    assert text_similarity("red green blue", "alpha beta") == 0.0
    # unigrams {a, b, c} vs {a, b, d}, bigrams {ab, bc} vs {ab, bd}: 2 * 3 shared / 10
    assert ngram_dice(list("abc"), list("abd"), 2) == pytest.approx(0.6)
    # repeating the text lowers it
    assert text_similarity("buy now " * 20, "buy now") < 0.2
    started = time.monotonic()
    text_similarity("lorem ipsum dolor " * 3000, "lorem ipsum sit " * 3000)  # degenerate output stays fast
    assert time.monotonic() - started < 1
