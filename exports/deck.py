"""A deck to PowerPoint, PDF or a ZIP of PNGs and CSVs, with charts drawn server-side.

The browser page (as a background callback) and `observatory deck` both call `export()`, so the
command line and the button give the same file. One Chromium starts per export (kaleido), never
one per slide; maps draw from the topojson files the app serves itself, never from a CDN.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

import plotly.graph_objects as go

from components.figures.data_text import plain
from components.figures.style import FONT, MUTED, text_below, with_notes
from components.figures.timeline import in_parts
from data.deck import Deck, DeckError, Slide
from data.i18n import _
from data.repository import Repository
from data.safe_csv import to_csv
from data.settings import ROOT, Settings
from views import VIEWS
from views.record import Chart, UnknownView

Format = Literal["pptx", "pdf", "zip"]
FORMATS: tuple[Format, ...] = ("pptx", "pdf", "zip")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
TOPOJSON = (ROOT / "assets" / "vendor" / "topojson").as_uri() + "/"

# A 16:9 slide is 13.333 x 7.5 in; the chart box below the title keeps that width minus margins.
SLIDE_W, SLIDE_H = 12_192_000, 6_858_000  # EMU
CHART_PX = (1180, 500)  # layout pixels of a slide chart; rendered at SCALE for projectors
SCALE = 2
PAGE_PX = (1280, 720)  # one PDF page
TALLEST = 2400  # pixels

Progress = Callable[[int, int], None]  # (slides done, chart slides in all)
log = logging.getLogger(__name__)


def public_url() -> str:
    """OBSERVATORY_PUBLIC_URL (README): where readers open the observatory; '' when unset."""
    return Settings.from_env().public_url


def view_address(url: str) -> str:
    """The slide's view as readers open it: absolute when the public address is set."""
    return public_url() + url


class NoChromium(RuntimeError):
    """No browser to draw charts with: the message says how to install one."""


def no_chromium_message() -> str:
    return _(
        "Exports draw the charts with Chromium, and none was found on this server. Install it "
        "(Debian or Ubuntu: `apt-get install chromium`) or set BROWSER_PATH to a Chrome or "
        "Chromium program, then export again."
    )


@dataclass(frozen=True)
class Rendered:
    number: int  # 1-based among the chart slides
    slide: Slide
    chart: Chart
    image: bytes  # PNG for pptx and zip, one PDF page for pdf
    part: tuple[int, int] = (1, 1)  # a long timeline goes over several slides or PDF pages


def check(deck: Deck) -> None:
    """Fail before Chromium starts if a slide names no view."""
    if not deck.slides:
        raise DeckError(_("The deck has no slides yet: add views with “Add to presentation”."))
    for i, slide in enumerate(deck.slides, start=1):
        try:
            VIEWS.parse(slide.url)
        except UnknownView as error:
            raise DeckError(_("Slide {n}: {error}", n=i, error=str(error))) from None


def export(repo: Repository, deck: Deck, fmt: Format, *, progress: Progress | None = None) -> bytes:
    """The finished file. Raises DeckError for a bad deck and NoChromium without a browser."""
    check(deck)
    for name in ("kaleido", "choreographer", "logistro"):  # one line per tab move otherwise
        logging.getLogger(name).setLevel(logging.WARNING)
    built = repo.built_at[:10]
    if not public_url():
        log.warning(
            "OBSERVATORY_PUBLIC_URL is not set: slide footers name their view by a relative "
            "address (/trends?...). Set it to the observatory's public address for full links."
        )
    renders = asyncio.run(_render_all(repo, deck, fmt, built, progress or (lambda _d, _t: None)))
    if fmt == "pptx":
        return pptx_bytes(deck, renders.slides, built)
    if fmt == "pdf":
        return merged_pdf(renders.pages)
    return zip_bytes(repo, deck, renders.slides)


@dataclass(frozen=True)
class Renders:
    slides: list[Rendered]
    pages: list[bytes]  # PDF only: title page, one per slide, closing page


async def _render_all(
    repo: Repository, deck: Deck, fmt: Format, built: str, progress: Progress
) -> Renders:
    from kaleido import Kaleido
    from kaleido.errors import BrowserFailedError, ChromeNotFoundError

    total = len(deck.slides)
    charts = [VIEWS.chart(repo, slide.url) for slide in deck.slides]
    parts = [pdf_parts(chart) if fmt == "pdf" else [chart] for chart in charts]
    pages = sum(len(p) for p in parts)  # PDF pages of charts: the footers count them
    page = 0
    jobs: list[tuple[Slide, Chart, list[tuple[go.Figure, dict[str, Any]]]]] = []
    for slide, chart, own_parts in zip(deck.slides, charts, parts, strict=True):
        if fmt == "pptx":
            pictures = [
                (part, _opts("png", CHART_PX[0], int(part.layout.height)))
                for part in slide_pictures(chart)
            ]
        elif fmt == "pdf":
            pictures = []
            for i, part in enumerate(own_parts, start=1):
                page += 1
                figure = pdf_page(
                    part, slide, number=page, total=pages, built=built, part=(i, len(own_parts))
                )
                size = int(figure.layout.width), int(figure.layout.height)
                pictures.append((figure, _opts("pdf", *size) | {"scale": 1}))  # vector
        else:
            pictures = [(with_footer(chart, slide, built), _opts("png", CHART_PX[0], 0, chart))]
        jobs.append((slide, chart, pictures))
    slides: list[Rendered] = []
    try:
        async with Kaleido(mathjax=False) as kaleido:
            for number, (slide, chart, pictures) in enumerate(jobs, start=1):
                for i, (figure, opts) in enumerate(pictures, start=1):
                    image = await kaleido.calc_fig(figure, opts=opts, topojson=TOPOJSON)
                    slides.append(Rendered(number, slide, chart, image, (i, len(pictures))))
                progress(number, total)
            if fmt != "pdf":
                return Renders(slides, [])
            pdf = _opts("pdf", *PAGE_PX) | {"scale": 1}
            pages = [await kaleido.calc_fig(title_page(deck, built), opts=pdf)]
            pages += [r.image for r in slides]
            if deck.closing:
                closing = closing_page(deck, [r.chart for r in slides])
                pages.append(await kaleido.calc_fig(closing, opts=pdf))
            return Renders(slides, pages)
    except ChromeNotFoundError:
        raise NoChromium(no_chromium_message()) from None
    except BrowserFailedError as error:
        raise NoChromium(f"{no_chromium_message()} ({error})") from None


def _opts(fmt: str, width: int, height: int, chart: Chart | None = None) -> dict[str, Any]:
    """Charts taller than the box (long timelines) keep their own height rather than squash,
    at a scale that keeps them under TALLEST pixels: a slide cannot show more."""
    height = max(height, int(chart.figure.layout.height or 0) if chart else 0) or CHART_PX[1]
    return {"format": fmt, "width": width, "height": height, "scale": min(SCALE, TALLEST / height)}


def _without_source(figure: go.Figure, source: str) -> go.Figure:
    figure = go.Figure(figure)
    figure.layout.annotations = [a for a in figure.layout.annotations if a.text != plain(source)]
    return figure


# On a wide slide the key goes beside the plot, where it has the height for many cities and
# long names without reaching into the title above or the plot below (a key above the plot
# grows upward into the title as it wraps: tests/browser/test_slide_layout.py).
LEGEND_ASIDE = {
    "orientation": "v",
    "x": 1.02,
    "xanchor": "left",
    "y": 1,
    "yanchor": "top",
    "yref": "paper",
    "bgcolor": "rgba(0,0,0,0)",
}


def slide_chart(chart: Chart) -> go.Figure:
    """The chart as it sits on a slide: the slide carries title and source as editable text."""
    figure = _without_source(chart.figure, chart.attribution.text())
    figure.update_layout(title_text="", margin_b=40, margin_t=50, legend=LEGEND_ASIDE)
    return with_notes(figure, list(chart.notes))


def slide_pictures(chart: Chart) -> list[go.Figure]:
    """The chart's pictures on PowerPoint slides, at the size they are drawn: one, or a long
    timeline's parts, one a slide, whose rows keep a readable size."""
    parts = in_parts(slide_chart(chart), CHART_PX[1])
    for part in parts:
        part.update_layout(width=CHART_PX[0], height=max(CHART_PX[1], int(part.layout.height or 0)))
    return parts


PDF_TOP, PDF_FOOT = 110, 30  # px of a PDF page: its title; the footer line under everything


def part_title(title: str, part: tuple[int, int]) -> str:
    """A long timeline's slides say which part of it each shows."""
    if part[1] == 1:
        return title
    return _("{title} ({n} of {total})", title=title, n=part[0], total=part[1])


def pdf_parts(chart: Chart) -> list[Chart]:
    """The chart as PDF pages: one, or a long timeline's parts, a page each at its rows' own
    size (shrunk to a screen's height, one page of 50 rows would have unreadable labels)."""
    own = chart.figure.layout
    margins = int(own.margin.t or 0) + int(own.margin.b or 0)
    room = PAGE_PX[1] - PDF_TOP - max(90, int(own.margin.b or 0)) - PDF_FOOT + margins
    return [replace(chart, figure=part) for part in in_parts(chart.figure, room)]


def pdf_page(
    chart: Chart,
    slide: Slide,
    *,
    number: int,
    total: int,
    built: str,
    part: tuple[int, int] = (1, 1),
) -> go.Figure:
    """One 16:9 page: the title, the chart with its own notes under it, and a footer line of
    its own at the bottom (date, address, page number), below the source line. A chart still
    taller than the page has room for (long notes) gets a larger page of the same shape rather
    than rows drawn over each other."""
    figure = with_notes(chart.figure, list(chart.notes))
    own = figure.layout
    top, foot = PDF_TOP, PDF_FOOT
    bottom = max(90, int(own.margin.b or 0)) + foot
    plot = max(
        PAGE_PX[1] - top - bottom,
        int(own.height or 0) - int(own.margin.t or 0) - int(own.margin.b or 0),
    )
    scale = max(1.0, (top + plot + bottom) / PAGE_PX[1])
    width, height = round(PAGE_PX[0] * scale), round(PAGE_PX[1] * scale)
    plot = height - top - bottom
    figure.update_layout(
        title={
            "text": plain(part_title(slide.title or chart.title, part)),
            "font": {"size": 26},
            "x": 0.04,
            "xref": "container",
            "y": 1 - 24 / height,
            "yref": "container",
            "yanchor": "top",
        },
        margin={"t": top, "b": bottom, "l": 70, "r": 40},
        legend=LEGEND_ASIDE,
        width=width,
        height=height,
    )
    figure.add_annotation(
        text=plain(
            _(
                "Data built {date} · {url} · {n} / {total}",
                date=built,
                url=view_address(slide.url),
                n=number,
                total=total,
            )
        ),
        xref="paper",
        yref="paper",
        x=0,
        y=-(bottom - 12) / plot,  # 12 px above the page's bottom edge
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": MUTED},
    )
    return figure


def _text_page(lines: list[tuple[str, int, str]]) -> go.Figure:
    """A page of centred text lines (text, size, colour) for the title and closing pages."""
    figure = go.Figure()
    y = 0.68
    for text, size, colour in lines:
        figure.add_annotation(
            text=plain(text),
            x=0.5,
            y=y,
            xref="paper",
            yref="paper",
            yanchor="top",
            showarrow=False,
            font={"size": size, "color": colour},
        )
        y -= size * 1.9 / PAGE_PX[1]
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure.update_layout(
        template="plotly_white",
        font={"family": FONT},
        width=PAGE_PX[0],
        height=PAGE_PX[1],
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
    )


def title_lines(deck: Deck, built: str) -> tuple[str, list[str]]:
    """Title and subtitle lines of the title slide, shared by PowerPoint and PDF."""
    title = deck.title or _("Review")
    lines = [" · ".join(p for p in (deck.network, deck.period) if p), deck.author]
    lines.append(_("Urban Peace Observatory · data built {date}", date=built))
    return title, [line for line in lines if line]


def closing_lines(deck: Deck, charts: list[Chart]) -> tuple[str, list[str]]:
    title = deck.closing_text or _("Thank you")
    sources = list(dict.fromkeys(s for c in charts for s in c.attribution.sources))
    lines = [_("Sources: {sources}", sources="; ".join(sources))] if sources else []
    if any(c.attribution.simulated for c in charts):
        lines.append(_("Some charts show demo data: simulated values, not real measurements."))
    return title, lines


def title_page(deck: Deck, built: str) -> go.Figure:
    title, lines = title_lines(deck, built)
    return _text_page([(title, 40, "#212529"), *((line, 18, MUTED) for line in lines)])


def closing_page(deck: Deck, charts: list[Chart]) -> go.Figure:
    title, lines = closing_lines(deck, charts)
    return _text_page([(title, 36, "#212529"), *((line, 15, MUTED) for line in lines)])


def alt_text(chart: Chart) -> str:
    parts = [chart.title + ".", chart.summary, chart.attribution.text()]
    return " ".join(p for p in parts if p)


def footer_text(chart: Chart, slide: Slide, built: str) -> list[str]:
    """Source, data date and the view's address; the demo notice has a line of its own
    (`pptx_bytes`), so the source line leaves it out: "Demo data" once per slide."""
    sources = replace(chart.attribution, simulated=False).text()
    lines = (
        [sources] if sources else [] if chart.attribution.simulated else [_("Source not stated")]
    )
    lines.append(_("Data built {date} · {url}", date=built, url=view_address(slide.url)))
    return lines


def with_footer(chart: Chart, slide: Slide, built: str) -> go.Figure:
    """A picture that travels alone (the ZIP's PNGs) names its data date and address under
    its source line."""
    figure = with_notes(chart.figure, list(chart.notes))
    bottom = int(figure.layout.margin.b or 80) + 22
    figure.update_layout(margin_b=bottom, height=int(figure.layout.height or 440) + 22)
    text = plain(_("Data built {date} · {url}", date=built, url=view_address(slide.url)))
    text_below(figure, text, shift=-(bottom - 24))  # the picture's last line, under any notes
    return figure


def pptx_bytes(deck: Deck, rendered: list[Rendered], built: str) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    margin = Emu(457_200)  # 0.5 in
    width = Emu(SLIDE_W - 2 * margin)

    def text_slide(title: str, lines: list[str]) -> None:
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = title
        slide.shapes.title.left, slide.shapes.title.top = margin, Emu(1_900_000)
        slide.shapes.title.width, slide.shapes.title.height = width, Emu(1_400_000)
        body = slide.placeholders[1]
        body.left, body.top, body.width, body.height = margin, Emu(3_400_000), width, Emu(2_400_000)
        body.text = "\n".join(lines)
        for paragraph in body.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(18)

    title, lines = title_lines(deck, built)
    text_slide(title, lines)
    for item in rendered:
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": a real, editable title
        heading = slide.shapes.title
        heading.text = part_title(item.slide.title or item.chart.title, item.part)
        heading.left, heading.top, heading.width, heading.height = (
            margin,
            Emu(228_600),
            width,
            Emu(914_400),
        )
        heading.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        box_top, box_h = Emu(1_188_720), Emu(4_800_000)
        picture = slide.shapes.add_picture(io.BytesIO(item.image), margin, box_top, width=width)
        if picture.height > box_h:  # a long timeline: fit the height, centre it
            ratio = box_h / picture.height
            picture.height, picture.width = box_h, int(picture.width * ratio)
            picture.left = Emu((SLIDE_W - picture.width) // 2)
        picture._element.nvPicPr.cNvPr.set("descr", alt_text(item.chart))
        footer = slide.shapes.add_textbox(margin, Emu(6_080_000), width, Emu(640_000))
        frame = footer.text_frame
        frame.word_wrap = True
        address = view_address(item.slide.url)
        linked = address.startswith(("http://", "https://"))
        for i, line in enumerate(footer_text(item.chart, item.slide, built)):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            link = linked and line.endswith(address)
            for part in (line[: -len(address)], address) if link else (line,):
                run = paragraph.add_run()
                run.text = part
                run.font.size = Pt(11)
                run.font.color.rgb = RGBColor(0x6C, 0x75, 0x7D)
            if link:
                run.hyperlink.address = address  # the address a reader can click in the deck
        if item.chart.attribution.simulated:
            run = frame.add_paragraph().add_run()
            run.text = _("Demo data: simulated values, not real measurements.")
            run.font.size, run.font.bold = Pt(11), True
            run.font.color.rgb = RGBColor(0xB0, 0x5A, 0x00)
        slide.notes_slide.notes_text_frame.text = item.slide.notes
    if deck.closing:
        text_slide(*closing_lines(deck, [r.chart for r in rendered]))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def merged_pdf(pages: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "slide"


def zip_bytes(repo: Repository, deck: Deck, rendered: list[Rendered]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("deck.json", deck.to_json())
        for item in rendered:
            name = f"{item.number:02d}-{slug(item.slide.title or item.chart.title)}"
            archive.writestr(f"{name}.png", item.image)
            frame = VIEWS.table(repo, item.slide.url)
            archive.writestr(
                f"{name}.csv",
                to_csv(frame, float_format="%.6g", date_format="%Y-%m-%d"),
            )
    return out.getvalue()


def file_name(deck: Deck, fmt: Format, today: date | None = None) -> str:
    return f"{slug(deck.title or 'presentation')}-{(today or date.today()).isoformat()}.{fmt}"
