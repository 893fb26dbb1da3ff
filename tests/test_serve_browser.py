"""The try-it page in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.register_assert_rewrite("conftest_serve")  # before the import below; pytest_plugins loads it too
from conftest_serve import http_request

pytest_plugins = ["conftest_serve"]

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                                     "(apt-get install -y chromium)"),
]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]

PAGE = ('<!DOCTYPE html><html><head><style>h1 { color: rgb(200, 0, 0); }</style></head>'
        '<body><h1>Hello preview</h1><p>Made by htmlgen</p></body></html>')

# A generated page that tries everything a script could do to the page showing it.
ATTACK = """<!DOCTYPE html><html><body>
<p id="static">static content</p>
<script>
  document.documentElement.dataset.ran = "yes";
  try { parent.document.title = "pwned"; } catch (e) {}
  try { parent.document.body.dataset.stolen = parent.document.cookie || document.cookie; } catch (e) {}
  try { parent.localStorage.setItem("pwned", "1"); } catch (e) {}
  fetch("/api/health?stolen=" + encodeURIComponent(document.cookie)).catch(() => {});
</script>
<img src="data:," onerror="parent.document.title = 'pwned by onerror'" onload="parent.document.title = 'pwned'">
</body></html>"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # the default 5 s is tight on a busy 2-core machine

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def generate_in_page(page, prompt: str, max_new_tokens: int | None = None, seed: int | None = None,
                     temperature: float | None = None) -> None:
    page.fill("#prompt", prompt)
    if max_new_tokens is not None:
        page.fill("#max-new-tokens", str(max_new_tokens))
    if seed is not None:
        page.fill("#seed", str(seed))
    if temperature is not None:
        page.fill("#temperature", str(temperature))
    page.click("#generate")


def test_source_streams_in_and_the_preview_renders(page, scripted_engine, serve_engine):
    from playwright.sync_api import expect

    server = serve_engine(scripted_engine(PAGE, seconds_per_token=0.02, max_new_tokens=512))  # ~75 tokens
    page.goto(server.url + "/")
    generate_in_page(page, "A page that says hello", max_new_tokens=512)
    page.wait_for_function("document.querySelector('#source').textContent.length > 0")
    assert len(page.text_content("#source")) < len(PAGE)  # visible while still arriving
    expect(page.locator("#source")).to_have_text(PAGE)
    expect(page.locator("#status")).to_contain_text("Done (stop)")
    heading = page.frame_locator("#preview").locator("h1")
    expect(heading).to_have_text("Hello preview")
    assert heading.evaluate("e => getComputedStyle(e).color") == "rgb(200, 0, 0)"  # its <style> applies


def test_page_shows_what_the_api_answers_for_the_same_seed(page, tiny_server):
    from playwright.sync_api import expect

    page.goto(tiny_server.url + "/")
    generate_in_page(page, "A pricing table", max_new_tokens=24, seed=42, temperature=1)
    expect(page.locator("#status")).to_contain_text("Done")
    api = http_request(tiny_server.url, "POST", "/api/generate",
                       {"prompt": "A pricing table", "max_new_tokens": 24, "seed": 42, "temperature": 1}).json()
    assert page.text_content("#source") == api["html"]


def test_page_shows_bad_input_errors(page, tiny_server):
    from playwright.sync_api import expect

    page.goto(tiny_server.url + "/")
    generate_in_page(page, "table " * 200)
    expect(page.locator("#status")).to_contain_text("400: the prompt is")
    expect(page.locator("#status")).to_have_class("error")


def test_generated_script_cannot_reach_the_page_or_its_cookies(page, scripted_engine, serve_engine):
    from playwright.sync_api import expect

    server = serve_engine(scripted_engine(ATTACK, max_new_tokens=512))  # ~400 tokens
    page.context.add_cookies([{"name": "session", "value": "secret-cookie", "url": server.url}])
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url + "/")
    assert page.evaluate("document.cookie") == "session=secret-cookie"  # there is something to steal
    generate_in_page(page, "anything", max_new_tokens=512)
    expect(page.locator("#status")).to_contain_text("Done")
    preview = page.frame_locator("#preview")
    expect(preview.locator("#static")).to_have_text("static content")  # the preview did render it
    page.wait_for_timeout(300)  # time for any script to have run
    assert page.title() == "htmlgen"
    assert page.evaluate("document.body.dataset.stolen") is None
    assert page.evaluate("localStorage.getItem('pwned')") is None
    assert preview.locator("html").evaluate("e => e.dataset.ran") is None  # not even inside the frame
    assert not [url for url in requests if "stolen" in url]
    assert page.get_attribute("#preview", "sandbox") == ""
    # The scripts are there and did not run (the control test below shows they do where allowed).
    # Chromium's console report of the blocked script is not asserted: in one full-suite run it
    # never came within 10 s while every effect above was absent, and alone it always comes.
    assert preview.locator("script").count() >= 1


def test_the_attack_does_run_where_the_sandbox_allows_it(page):
    """Control for the test above: the payload is a working attack, and the empty sandbox alone stops it."""
    srcdoc = ATTACK.replace("&", "&amp;").replace('"', "&quot;")
    page.set_content(f'<title>control</title><iframe sandbox="" srcdoc="{srcdoc}"></iframe>')
    page.wait_for_timeout(300)
    assert page.title() == "control"
    page.set_content(f'<title>control</title><iframe sandbox="allow-scripts allow-same-origin" '
                     f'srcdoc="{srcdoc}"></iframe>')
    page.wait_for_function("document.title.startsWith('pwned')")
