"""Exported slides never lay title, legend and plot over each other (issue 17): a 12-slide mixed
deck on the demo data, each slide's figure drawn by plotly.js in Chromium at the sizes the
export draws it (a 16:9 PDF page; the chart box of a 16:9 PowerPoint slide), and the boxes of
the drawn title, legend and plot area compared."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
from dash.testing.composite import DashComposite

from app import create_app
from data.deck import Slide
from data.repository import Repository
from data.settings import Settings
from exports import deck as deck_export
from tests.conftest import free_port
from views import VIEWS

EIGHT = "cali,nairobi,kano,hargeisa,guadalajara,bogota,medellin,ciudad-juarez"
URLS = (
    "/",
    "/?network=scn",
    "/trends",
    f"/trends?indicator=homicide-rate&cities={EIGHT}",
    f"/trends?indicator=homicide-rate&cities={EIGHT}&index=true",
    "/city/cali",
    "/city/nairobi?indicator=perceived-safety",
    "/interventions",
    "/interventions?group=city",
    "/interventions?intervention=pif-kano",
    "/map",
    "/map?network=pioc,scn",
)

# The boxes plotly.js drew, in pixels from the figure's top left: [left, top, right, bottom].
BOXES = """
const [figure, done] = [arguments[0], arguments[arguments.length - 1]];
const div = document.createElement('div');
document.body.appendChild(div);
const config = {staticPlot: true, topojsonURL: '/assets/vendor/topojson/'};  // never a CDN
Plotly.newPlot(div, figure.data, figure.layout, config).then(gd => {
  const base = gd.getBoundingClientRect();
  const box = el => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    return [r.left - base.left, r.top - base.top, r.right - base.left, r.bottom - base.top];
  };
  const s = gd._fullLayout._size;
  const out = {
    title: box(gd.querySelector('.g-gtitle .gtitle')),
    legend: box(gd.querySelector('.legend .bg')),
    plot: [s.l, s.t, s.l + s.w, s.t + s.h],
    width: gd._fullLayout.width,
    height: gd._fullLayout.height,
  };
  Plotly.purge(gd);
  div.remove();
  done(out);
}).catch(error => done({error: String(error)}));
"""


def _overlap(a: list[float] | None, b: list[float] | None, slack: float = 1.0) -> bool:
    if a is None or b is None:
        return False
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def _inside(box: list[float] | None, width: float, height: float) -> bool:
    return box is None or (
        box[0] >= -1 and box[1] >= -1 and box[2] <= width + 1 and box[3] <= height + 1
    )


def _figures(demo: Repository) -> list[tuple[str, str, go.Figure]]:
    """(url, which, figure) for every slide: its PDF pages and its PowerPoint pictures (more
    than one for a long timeline)."""
    out = []
    built = demo.built_at[:10]
    for number, url in enumerate(URLS, start=1):
        chart = VIEWS.chart(demo, url)
        slide = Slide(url=url, title="", notes="", id=str(number))
        for part in deck_export.pdf_parts(chart):
            page = deck_export.pdf_page(part, slide, number=number, total=len(URLS), built=built)
            out.append((url, "pdf", page))
        out += [(url, "pptx", picture) for picture in deck_export.slide_pictures(chart)]
    return out


def test_no_slide_of_a_mixed_deck_lays_title_legend_and_plot_over_each_other(
    dash_duo: DashComposite, demo: Repository, own_cache: Settings
) -> None:
    assert deck_export.PAGE_PX[0] * 9 == deck_export.PAGE_PX[1] * 16  # the PDF page is 16:9
    dash_duo.start_server(create_app(own_cache, demo), port=free_port())
    dash_duo.wait_for_element(".js-plotly-plot .main-svg")  # the overview: plotly.js is loaded
    dash_duo.driver.set_script_timeout(30)
    problems = []
    for url, which, figure in _figures(demo):
        boxes: dict[str, Any] = dash_duo.driver.execute_async_script(
            BOXES, json.loads(figure.to_json())
        )
        assert "error" not in boxes, (url, which, boxes)
        title, legend, plot = boxes["title"], boxes["legend"], boxes["plot"]
        named = f"{which} {url}"
        if which == "pdf":
            assert title is not None, named  # the page's title is drawn in the picture
            # 16:9, larger for a long timeline rather than rows drawn over each other
            assert abs(boxes["width"] * 9 - boxes["height"] * 16) <= 16, named
        for a, b, what in (
            (title, legend, "title/legend"),
            (title, plot, "title/plot"),
            (legend, plot, "legend/plot"),
        ):
            if _overlap(a, b):
                problems.append(f"{named}: {what} {a} {b}")
        for name in ("title", "legend"):
            if not _inside(boxes[name], boxes["width"], boxes["height"]):
                problems.append(f"{named}: {name} outside the picture {boxes[name]}")
    assert not problems, "\n".join(problems)
    assert dash_duo.get_logs() == []
