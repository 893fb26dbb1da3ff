"""plots/gallery.html: per test prompt, the screenshots of the reference, the base answer and the
fine-tuned answer side by side, their figures and their source.

Generated HTML is untrusted: the gallery never runs it. Pages are shown as screenshots taken in
the sandboxed headless Chromium of the render score (embedded as small WebP or JPEG data URIs, so the one
committed file is the whole gallery), and their source only as escaped text. The page's own
Content-Security-Policy allows nothing but inline styles and data: images.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

SIDES = ("reference", "base", "finetuned")
TITLES = {"reference": "reference", "base": "base", "finetuned": "fine-tuned"}
HEADLINE = ("finished_page", "chrf", "markup_rougeL", "render_score", "perplexity", "text_rougeL")


def _figure(value) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _interval(entry) -> str:
    if not isinstance(entry, dict):
        return "–"
    low, high = entry["ci95"]
    return f"{entry['mean']:.3f} <small>[{low:.3f}, {high:.3f}]</small>"


def thumbnail_uri(png: Path, width: int) -> str | None:
    """A data: URI of a small WebP (JPEG where Pillow has no WebP) of the screenshot, or None."""
    if not png.is_file():
        return None
    from htmlgen.render import image_mime, thumbnail

    small = thumbnail(png.read_bytes(), width)
    return f"data:{image_mime(small)};base64," + base64.b64encode(small).decode()


def summary_table(summary: dict) -> str:
    lines = ["<table class=summary><tr><th>metric</th><th>base</th><th>fine-tuned</th>"
             "<th>fine-tuned − base (paired)</th></tr>"]
    for name in HEADLINE:
        if name in summary["finetuned"]:
            lines.append(f"<tr><td>{name}</td><td>{_interval(summary['base'].get(name))}</td>"
                         f"<td>{_interval(summary['finetuned'].get(name))}</td>"
                         f"<td>{_interval(summary['delta'].get(name))}</td></tr>")
    lines.append("</table>")
    return "".join(lines)


def cell(side: str, source: str, row: dict | None, image: str | None) -> str:
    picture = (f'<img src="{image}" alt="screenshot of the {TITLES[side]} page" loading="lazy">' if image
               else "<div class=noimage>no screenshot</div>")
    figures = ""
    if row is not None:
        figures = (f"<p class=figures>finished {'yes' if row['finished_page'] else 'no'} ({row['finish_reason']}) · "
                   f"chrF {_figure(row['chrf'])} · markup ROUGE-L {_figure(row['markup_rougeL'])} · "
                   f"render {_figure(row.get('render_score'))}</p>")
    return (f"<td><h4>{TITLES[side]}</h4>{picture}{figures}<details><summary>source ({len(source):,} chars)"
            f"</summary><pre>{html.escape(source)}</pre></details></td>")


def render_gallery(examples: list[dict], base_rows: dict[str, dict], tuned_rows: dict[str, dict], summary: dict,
                   images: dict[tuple[str, str], str | None]) -> str:
    """The gallery page. ``images`` maps (side, id) to a data: URI (or None)."""
    body = []
    for number, example in enumerate(examples, start=1):
        rid = example["id"]
        label = example["part"].replace("_", " ") + (f", {example['category']}" if example.get("category") else "")
        body.append(f"<tr><th colspan=3 class=prompt>{number}. {html.escape(example['prompt'])} "
                    f"<small>({html.escape(label)})</small></th></tr><tr>"
                    + cell("reference", example["html"], None, images.get(("reference", rid)))
                    + cell("base", base_rows[rid]["text"], base_rows[rid], images.get(("base", rid)))
                    + cell("finetuned", tuned_rows[rid]["text"], tuned_rows[rid], images.get(("finetuned", rid)))
                    + "</tr>")
    render_note = (f"<p class=note>Render score skipped: {html.escape(summary['render_skipped'])}</p>"
                   if summary.get("render_skipped") else "")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>htmlgen: base vs fine-tuned on the test split</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.summary {{ width: auto; margin-bottom: 1rem; }}
td, table.summary th {{ vertical-align: top; padding: .4rem; border: 1px solid #ddd; }}
th.prompt {{ text-align: left; background: #f3f4f6; padding: .5rem; }}
img {{ width: 100%; border: 1px solid #ccc; }}
.noimage {{ height: 120px; display: grid; place-items: center; background: #f9fafb; color: #6b7280; }}
.figures {{ font-size: 12px; color: #374151; margin: .3rem 0; }}
pre {{ white-space: pre-wrap; font-size: 11px; max-height: 300px; overflow: auto; }}
h4 {{ margin: .2rem 0; }}
</style>
</head>
<body>
<h1>Base vs fine-tuned, {len(examples)} test prompts</h1>
<p>Same decoding for both ({html.escape(summary.get('decoding_label', ''))}). Means with 95% bootstrap intervals;
the difference is paired on the same prompts. Screenshots: headless Chromium, network blocked.</p>
{render_note}
{summary_table(summary)}
<table>
{''.join(body)}
</table>
</body>
</html>
"""
