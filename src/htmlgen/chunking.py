"""Where a long HTML page may be cut into training chunks, and what is open at each cut.

A cut falls only between tokens of the stdlib HTML tokenizer (``html.parser``: before a tag, a
comment, a doctype, an entity or a text run, or after a newline inside text), never inside a tag or
an attribute. ``<style>`` and ``<script>`` bodies are one opaque text run to that tokenizer, and real
pages carry stylesheets and scripts of tens of thousands of characters, so their bodies get a small
scanner each: CSS is cut only after a rule's closing ``}`` (or a top-level ``;`` / comment), JS only
after a ``;`` or ``}`` outside strings, template literals, regular expressions, comments, brackets
and parentheses. LangChain's HTML splitter has no separator inside either and cuts a long stylesheet
at arbitrary characters.

Each cut carries the stack of still-open elements (``html > body > div#app``, plus the enclosing CSS
at-rules inside a stylesheet), which a chunk's prompt shows the model so it can continue the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that never hold content: they are not pushed on the open-element stack.
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                           "source", "track", "wbr", "!doctype"})
RAW_TEXT_ELEMENTS = ("script", "style")  # html.parser's CDATA_CONTENT_ELEMENTS
CHUNK_ID_SEPARATOR = "#part"  # chunk ids are "<row id>#part<k>": never a record id (records.py ids are hashes)


@dataclass(frozen=True)
class Cut:
    offset: int  # characters into the page: the page is cut just before this one
    open_elements: tuple[str, ...]  # outermost first, e.g. ("html", "body", "div#app", "style", "@media (x)")


def chunk_id(row_id: str, part: int) -> str:
    return f"{row_id}{CHUNK_ID_SEPARATOR}{part}"


def page_id(example_id: str) -> str:
    """The row id a tokenized example (whole page or chunk) came from."""
    return example_id.split(CHUNK_ID_SEPARATOR, 1)[0]


def element_label(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """``div#main.card``: the tag with its id and first class, enough to say where the page is."""
    values = dict(attrs)
    label = tag
    if values.get("id"):
        label += f"#{values['id'].split()[0]}"
    if values.get("class") and values["class"].split():
        label += f".{values['class'].split()[0]}"
    return label


class _CutFinder(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)  # raw text runs, entities as their own tokens
        self.text = text
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.stack: list[tuple[str, str]] = []  # (tag, label)
        self.cuts: list[Cut] = []
        self.raw_start: int | None = None  # where the body of an open <script>/<style> begins

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.stack)

    def token(self) -> int:
        """A new token starts here: a cut is allowed before it."""
        here = self.position()
        if self.raw_start is None:
            self.cuts.append(Cut(here, self.labels()))
        return here

    def handle_starttag(self, tag, attrs):
        here = self.token()
        if tag in VOID_ELEMENTS:
            return
        self.stack.append((tag, element_label(tag, attrs)))
        if tag in RAW_TEXT_ELEMENTS:
            self.raw_start = here + len(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):  # <br/>, <svg/>: opens nothing
        self.token()

    def handle_endtag(self, tag):
        here = self.position()
        if self.raw_start is not None:
            self.raw_body(self.raw_start, here)
            self.raw_start = None
        self.cuts.append(Cut(here, self.labels()))
        names = [name for name, _ in self.stack]
        if tag in names:  # close it and anything left open inside it (lenient, like browsers)
            del self.stack[len(names) - 1 - names[::-1].index(tag):]

    def raw_body(self, start: int, end: int) -> None:
        body = self.text[start:end]
        scanner = css_cuts if self.stack and self.stack[-1][0] == "style" else script_cuts
        for relative, extra in scanner(body):
            self.cuts.append(Cut(start + relative, self.labels() + extra))

    def handle_data(self, data):
        if self.raw_start is not None:
            return  # a <script>/<style> body: scanned as a whole at its end tag
        here = self.token()
        labels = self.labels()
        for i, ch in enumerate(data[:-1]):
            if ch == "\n":
                self.cuts.append(Cut(here + i + 1, labels))

    def handle_comment(self, data):
        self.token()

    def handle_decl(self, decl):
        self.token()

    def handle_pi(self, data):
        self.token()

    def unknown_decl(self, data):
        self.token()

    def handle_entityref(self, name):
        self.token()

    def handle_charref(self, name):
        self.token()


def cut_points(html: str) -> list[Cut]:
    """Every place ``html`` may be cut, in order, without 0 and ``len(html)``. Works on a partial
    page too (generation stopped mid-way): an unfinished tag at the end is one token, cut before it."""
    finder = _CutFinder(html)
    finder.feed(html)
    finder.close()
    if finder.raw_start is not None:  # a <script>/<style> still open at the end of the text
        finder.raw_body(finder.raw_start, len(html))
    seen, cuts = set(), []
    for cut in sorted(finder.cuts, key=lambda c: c.offset):
        if 0 < cut.offset < len(html) and cut.offset not in seen:
            seen.add(cut.offset)
            cuts.append(cut)
    return cuts


def open_elements_at_end(html: str) -> tuple[str, ...]:
    """The elements still open after all of ``html`` (a page cut off mid-way)."""
    finder = _CutFinder(html)
    finder.feed(html)
    finder.close()
    return finder.labels()


# --------------------------------------------------------------------------- stylesheet and script bodies


def css_cuts(css: str) -> list[tuple[int, tuple[str, ...]]]:
    """(offset, enclosing at-rules) after each complete rule, top-level ``;`` statement or comment,
    skipping strings and comments; never inside a rule's selector or declarations."""
    cuts: list[tuple[int, tuple[str, ...]]] = []
    blocks: list[str] = []  # preludes of the open blocks: "@media (x)" or a selector
    prelude_start, i, n = 0, 0, len(css)
    while i < n:
        ch = css[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "\"'":
            end = i + 1
            while end < n and css[end] != ch and css[end] != "\n":
                end += 2 if css[end] == "\\" else 1
            i = end + 1
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            before = css[prelude_start:i]
            i = n if end < 0 else end + 2
            # only a comment between statements: `.a /* x */ {` is inside a selector
            if (not blocks or blocks[-1].startswith("@")) and not before.strip():
                cuts.append((i, tuple(blocks)))
                prelude_start = i
            continue
        if ch == "{":
            blocks.append(" ".join(css[prelude_start:i].split()))
            prelude_start = i + 1
        elif ch == "}":
            if blocks:
                blocks.pop()
            prelude_start = i + 1
            if not blocks or blocks[-1].startswith("@"):  # a rule ended, and we are not inside another rule
                cuts.append((i + 1, tuple(blocks)))
        elif ch == ";" and (not blocks or blocks[-1].startswith("@")):
            # @import ...; at top level (inside a rule, ';' ends a declaration: no cut there)
            prelude_start = i + 1
            cuts.append((i + 1, tuple(blocks)))
        i += 1
    return [(offset, tuple(b for b in stack if b.startswith("@"))) for offset, stack in cuts]


# A '/' after one of these (or at the start) begins a regular expression, not a division.
_REGEX_AFTER_CHARS = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
                      "yield", "await", "instanceof"}


def script_cuts(js: str) -> list[tuple[int, tuple[str, ...]]]:
    """Offsets after each ``;`` / ``}`` that ends a statement: outside strings, template literals,
    regular expressions and comments, with no parenthesis or bracket open (``for (;;)``)."""
    cuts: list[tuple[int, tuple[str, ...]]] = []
    parens = 0  # ( and [ depth
    last = ""  # last significant character or word, for the regex-or-division question
    i, n = 0, len(js)
    while i < n:
        ch = js[i]
        if ch in " \t\r\n\f":
            i += 1
            continue
        if ch in "\"'":
            end = i + 1
            while end < n and js[end] != ch and js[end] != "\n":  # a newline ends a broken string
                end += 2 if js[end] == "\\" else 1
            i, last = end + 1, "a"
            continue
        if ch == "`":
            end = i + 1
            while end < n and js[end] != "`":
                end += 2 if js[end] == "\\" else 1
            i, last = end + 1, "a"
            continue
        if js.startswith("//", i):
            end = js.find("\n", i)
            i = n if end < 0 else end
            continue
        if js.startswith("/*", i):
            end = js.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch == "/" and (last == "" or last in _REGEX_AFTER_CHARS or last in _REGEX_AFTER_WORDS):
            end, in_class = i + 1, False
            while end < n and js[end] != "\n" and (in_class or js[end] != "/"):
                if js[end] == "\\":
                    end += 1
                elif js[end] == "[":
                    in_class = True
                elif js[end] == "]":
                    in_class = False
                end += 1
            while end + 1 < n and js[end + 1].isalpha():  # flags
                end += 1
            i, last = end + 1, "a"
            continue
        if ch.isalnum() or ch in "_$":
            end = i
            while end < n and (js[end].isalnum() or js[end] in "_$"):
                end += 1
            i, last = end, js[i:end]
            continue
        if ch in "([":
            parens += 1
        elif ch in ")]":
            parens = max(0, parens - 1)
        elif ch in ";}" and parens == 0:
            cuts.append((i + 1, ()))
        last = ch
        i += 1
    return cuts
