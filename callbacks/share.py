"""The Embed dialog: the snippet for the view on screen, written in the browser from its URL."""

from __future__ import annotations

import json

from dash import Dash, Input, Output, State

from components.embed import DEFAULT_HEIGHT
from components.ids import Embed, Shell
from components.share import BAR_CLASS
from data.repository import Repository
from views import VIEWS

# Room the title, controls and footer take around the chart in an embed (pixels), so the
# snippet's iframe height fits without the resize script on a desktop.
FRAME_EXTRA = 150

SHOW_BAR = """
function (pathname) {
    const parts = (pathname || "/").split("/").filter(Boolean);
    const view = EMBEDDABLE[parts[0] || ""];
    const ready = view && (view.param ? parts.length === 2 : parts.length <= 1);
    return ready ? BAR_CLASS : "d-none";  // not a style: d-flex's !important beats display
}
"""

# (`</script>` may not appear literally: Dash inlines this function in a <script> element.)
SNIPPET = """
function (clicks, height, controls, theme, isOpen) {
    const ctx = window.dash_clientside.callback_context;
    const opened = ctx.triggered.some((t) => t.prop_id.startsWith(OPEN + "."));
    const parts = window.location.pathname.split("/").filter(Boolean);
    const view = EMBEDDABLE[parts[0] || ""];
    if (!view) { return Array(5).fill(window.dash_clientside.no_update); }
    const params = new URLSearchParams(window.location.search);
    if (view.param && parts[1]) { params.set(view.param, decodeURIComponent(parts[1])); }
    const chartHeight = Number(height) || DEFAULT_HEIGHT;
    if (chartHeight !== DEFAULT_HEIGHT) { params.set("height", String(chartHeight)); }
    if (!controls) { params.set("controls", "0"); }
    if (theme === "dark") { params.set("theme", "dark"); }
    const encoded = params.toString().replace(/%2C/g, ",");
    const query = encoded ? "?" + encoded : "";
    const origin = window.location.origin;
    const src = origin + "/embed/" + view.name + query;
    const heading = document.querySelector("main h1");
    const title = (heading ? heading.textContent : document.title).replace(/"/g, "&quot;");
    const code = '<iframe src="' + src.replace(/&/g, "&amp;") + '" title="' + title +
        '" width="100%" height="' + (chartHeight + FRAME_EXTRA) +
        '" style="border:0;width:100%" loading="lazy"></iframe>\\n' +
        '<script src="' + origin + '/assets/embed/resize.js" async><' + '/script>';
    return [opened ? true : isOpen, code, "/embed/" + view.name + query,
            {height: (chartHeight + FRAME_EXTRA) + "px"}, "/embed/" + view.name + ".html" + query];
}
"""


def constants(**values: object) -> str:
    return "".join(f"const {name} = {json.dumps(value)};\n" for name, value in values.items())


def embeddable() -> dict[str, dict[str, str | None]]:
    """The embeddable views by the first part of their page's path ('' for /)."""
    return {v.path.strip("/"): {"name": v.name, "param": v.path_param} for v in VIEWS.embeddable()}


def register(app: Dash, repo: Repository) -> None:
    del repo  # the dialog needs no data: the snippet is the URL on screen
    app.clientside_callback(
        SHOW_BAR.replace("{", "{\n" + constants(EMBEDDABLE=embeddable(), BAR_CLASS=BAR_CLASS), 1),
        Output(Embed.BAR, "className"),
        Input(Shell.URL, "pathname"),
    )
    app.clientside_callback(
        SNIPPET.replace(
            "{",
            "{\n"
            + constants(
                OPEN=str(Embed.OPEN),
                DEFAULT_HEIGHT=DEFAULT_HEIGHT,
                FRAME_EXTRA=FRAME_EXTRA,
                EMBEDDABLE=embeddable(),
            ),
            1,
        ),
        Output(Embed.DIALOG, "is_open"),
        Output(Embed.CODE, "value"),
        Output(Embed.PREVIEW, "src"),
        Output(Embed.PREVIEW, "style"),
        Output(Embed.STANDALONE, "href"),
        Input(Embed.OPEN, "n_clicks"),
        Input(Embed.HEIGHT, "value"),
        Input(Embed.CONTROLS, "value"),
        Input(Embed.THEME, "value"),
        State(Embed.DIALOG, "is_open"),
        prevent_initial_call=True,
    )
