"""Before/after chart: the city's values around an intervention, and, when the data supports
an estimate, the pre-trend projected forward against what happened."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import MUTED, PALETTE, finish
from data.i18n import _
from data.queries.before_after import BeforeAfter

OBSERVED = PALETTE[0]
PROJECTED = PALETTE[1]
COMPARISON = "#6c757d"
SPAN = "rgba(0, 114, 178, 0.08)"


def _with_gaps(frame: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """One row per year from first to last, so that a missing year breaks the line; and an
    empty point half a year before a series break (flag `break`), so that the line does not
    join values that are not comparable."""
    if frame.empty:
        return frame
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    out = frame.set_index("year")[[column]].reindex(years).rename_axis("year").reset_index()
    if "flags" not in frame.columns:
        return out
    breaks = frame.loc[frame["flags"].fillna("").str.contains("break"), "year"]
    cuts = pd.DataFrame({"year": [float(y) - 0.5 for y in breaks if y > years.start]})
    if cuts.empty:
        return out
    return pd.concat([out, cuts]).sort_values("year", kind="stable").reset_index(drop=True)


@data_text
def evidence_figure(
    result: BeforeAfter,
    *,
    title_text: str,
    end_year: int | None,
    source: str,
) -> go.Figure:
    """`end_year` is the intervention's last year (None while it runs)."""
    unit = result.indicator.unit
    series = result.series
    fig = go.Figure()
    last = int(series["year"].max()) if len(series) else result.start_year
    span_end = (end_year if end_year is not None else last) + 0.5
    fig.add_vrect(
        x0=result.start_year - 0.5,
        x1=max(span_end, result.start_year + 0.5),
        fillcolor=SPAN,
        line_width=0,
        layer="below",
    )
    fig.add_vline(x=result.start_year - 0.5, line={"color": MUTED, "width": 1, "dash": "dot"})
    fig.add_annotation(
        x=result.start_year - 0.5,
        y=1,
        yref="paper",
        xanchor="left",
        yanchor="top",
        text=_("start"),
        showarrow=False,
        font={"size": 11, "color": MUTED},
    )
    comparison = result.comparison
    if comparison is not None and not comparison.series.empty:
        drawn = _with_gaps(comparison.series[comparison.series["year"].isin(series["year"])])
        fig.add_trace(
            go.Scatter(
                x=drawn["year"],
                y=drawn["value"],
                name=_("Comparison cities (mean of {n})", n=len(comparison.city_names)),
                mode="lines",
                line={"color": COMPARISON, "width": 2, "dash": "dash"},
                hovertemplate="%{x}: %{y:,.1f}<extra></extra>",
            )
        )
    fit = result.fit
    if fit is not None:
        lines = fit.lines
        after = lines[lines["after"]]
        before = lines[~lines["after"]]
        band = pd.concat([before.tail(1), after])
        if (series["value"].dropna() >= 0).all():  # a rate or a share is never below zero
            band = band.assign(projected_low=band["projected_low"].clip(lower=0))
        fig.add_trace(
            go.Scatter(
                x=list(band["year"]) + list(band["year"])[::-1],
                y=list(band["projected_high"]) + list(band["projected_low"])[::-1],
                fill="toself",
                fillcolor="rgba(213, 94, 0, 0.12)",
                line={"width": 0},
                hoverinfo="skip",
                name=_("95% interval of the projection"),
            )
        )
        fig.add_trace(
            go.Scatter(
                x=band["year"],
                y=band["projected"],
                name=_("Trend before, projected"),
                mode="lines",
                line={"color": PROJECTED, "width": 2, "dash": "dash"},
                hovertemplate="%{x}: %{y:,.1f}<extra></extra>",
            )
        )
        for part, name in ((before, _("Fitted before")), (after, _("Fitted after"))):
            fig.add_trace(
                go.Scatter(
                    x=part["year"],
                    y=part["fitted"],
                    name=name,
                    mode="lines",
                    line={"color": PROJECTED, "width": 2},
                    showlegend=name == _("Fitted after"),
                    legendgroup="fitted",
                    hovertemplate="%{x}: %{y:,.1f}<extra></extra>",
                )
            )
        fig.data[-1].name = _("Fitted lines")
    observed = _with_gaps(series)
    fig.add_trace(
        go.Scatter(
            x=observed["year"],
            y=observed["value"],
            name=result.city,
            mode="lines+markers",
            line={"color": OBSERVED, "width": 2.5},
            marker={"size": 7},
            connectgaps=False,
            hovertemplate="%{x}: %{y:,.1f} " + unit + "<extra></extra>",
        )
    )
    fig.update_xaxes(dtick=2 if len(observed) > 12 else 1, showgrid=False)
    fig.update_yaxes(title={"text": unit}, rangemode="tozero", showgrid=True)
    if fit is not None:  # a count model's band can run far off the chart for small counts:
        # keep the values in view and let the band leave it at the top
        shown = pd.concat([series["value"], fit.lines["fitted"], fit.lines["projected"]])
        top = float(shown.max()) if shown.notna().any() else 0.0
        if top > 0 and float(fit.lines["projected_high"].max()) > 2 * top:
            fig.update_yaxes(range=[0, 2 * top])
    fig = finish(fig, title=title_text, source=source, height=440)
    return fig.update_layout(margin={"t": 90}, legend={"y": 1.04})
