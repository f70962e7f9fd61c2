"""Gantt-style timeline of interventions: one row each, grouped, coloured by theme.

Every row has the same height and its own label, and each group opens with a bold header row,
so labels never overlap however many rows there are; the caller pages long lists.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.figures.style import MUTED, PALETTE, finish
from data.i18n import _
from data.schema import THEMES

ROW_HEIGHT = 26
LABEL_CHARS = 44
MIN_DAYS = 45  # a planned intervention with no end still shows as a sliver
HOVER = "%{customdata[1]}<extra></extra>"


def theme_colours() -> dict[str, str]:
    return {theme: PALETTE[i % len(PALETTE)] for i, theme in enumerate(THEMES)}


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_date(when: pd.Timestamp, precision: str = "month") -> str:
    if precision == "year":
        return str(when.year)
    if precision == "day":
        return when.strftime("%Y-%m-%d")
    return when.strftime("%Y-%m")


def period(row: pd.Series | tuple) -> str:  # type: ignore[type-arg]
    """'2018-03 to 2021-06', '2021 to ongoing': the dates as recorded, no invented precision."""
    get = row.get if isinstance(row, pd.Series) else lambda k, d=None: getattr(row, k, d)
    start = format_date(get("start"), get("start_precision", "month") or "month")
    if get("open_end"):
        end = _("ongoing")
    else:
        end = format_date(get("end"), get("end_precision", "month") or "month")
    if end == start:
        return start
    return _("{start} to {end}", start=start, end=end)


def budget_text(budget: object, currency: object) -> str:
    if budget is None or pd.isna(budget):  # type: ignore[arg-type]
        return _("not stated")
    return f"{currency} {float(budget):,.0f}"  # type: ignore[arg-type]


def _hover(row: tuple) -> str:  # type: ignore[type-arg]
    partners = row.partners.replace(";", ", ") if isinstance(row.partners, str) else ""
    lines = [
        f"<b>{row.title}</b>",
        _("{city} · {period}", city=row.city, period=period(row)),
        _("Lead: {lead}", lead=row.lead_organisation),
    ]
    if partners:
        lines.append(_("Partners: {partners}", partners=_short(partners, 80)))
    funder = row.funder if isinstance(row.funder, str) else _("not stated")
    lines.append(_("Funder: {funder}", funder=funder))
    lines.append(_("Budget: {budget}", budget=budget_text(row.budget, row.currency)))
    return "<br>".join(lines)


def row_labels(frame: pd.DataFrame) -> list[str]:
    """Unique labels: two rows with the same title in one group would share a row otherwise."""
    seen: dict[str, int] = {}
    labels = []
    for title, start in zip(frame["title"], frame["start"]):
        label = f"{_short(str(title))} · {start.year}"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def timeline_figure(frame: pd.DataFrame, *, source: str, today: date | None = None) -> go.Figure:
    """`frame` has the columns of `data.queries.interventions.listing`, in its order."""
    frame = frame.reset_index(drop=True)
    labels = row_labels(frame)
    order: list[str] = []
    headers: list[str] = []
    previous = None
    for group, label in zip(frame["group"], labels):
        if group != previous:
            header = f"<b>{_short(str(group), LABEL_CHARS + 4)}</b>"
            order.append(header)
            headers.append(header)
            previous = group
        order.append(label)
    frame = frame.assign(
        _label=labels,
        _end=frame[["start", "end"]]
        .max(axis=1)
        .where(
            frame["end"] - frame["start"] >= pd.Timedelta(days=MIN_DAYS),
            frame["start"] + pd.Timedelta(days=MIN_DAYS),
        ),
    )
    fig = go.Figure()
    colours = theme_colours()
    for theme in [t for t in THEMES if t in set(frame["theme"])]:
        rows = frame[frame["theme"] == theme]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=rows["_label"],
                base=rows["start"],
                x=(rows["_end"] - rows["start"]).dt.total_seconds() * 1000,
                name=_(THEMES[theme]),
                marker={
                    "color": colours[theme],
                    "pattern": {"shape": ["/" if o else "" for o in rows["open_end"]]},
                },
                customdata=[[r.intervention_id, _hover(r)] for r in rows.itertuples()],
                hovertemplate=HOVER,
            )
        )
    fig.add_trace(  # the group header rows: no bar, only their bold label
        go.Scatter(
            x=[frame["start"].min()] * len(headers),
            y=headers,
            mode="markers",
            marker={"opacity": 0},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    now = pd.Timestamp(today or date.today())
    fig.add_vline(x=now, line={"color": MUTED, "width": 1, "dash": "dot"})
    fig.add_annotation(
        x=now,
        y=1,
        yref="paper",
        yanchor="top",
        xanchor="left",
        text=_("today"),
        showarrow=False,
        font={"size": 11, "color": MUTED},
        bgcolor="rgba(255,255,255,0.8)",
    )
    fig.update_xaxes(type="date", showgrid=True, mirror="allticks", ticks="outside")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=order,
        range=[len(order) - 0.5, -0.5],
        showgrid=False,
        automargin=True,
        tickfont={"size": 12},
    )
    themes = [_(THEMES[t]) for t in THEMES if t in set(frame["theme"])]
    legend_lines = max(1, -(-sum(len(t) * 7 + 45 for t in themes) // 900))
    top = 50 + 22 * legend_lines
    height = top + 100 + ROW_HEIGHT * len(order)
    fig.update_layout(barmode="overlay", bargap=0.35, clickmode="event")
    fig = finish(fig, title=_("Interventions over time"), source=source, height=height)
    fig.update_layout(margin={"t": top}, legend={"traceorder": "normal"})
    return fig
