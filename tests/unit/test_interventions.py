"""Interventions on the fixture data: filters, search, facets, pages, summary, the detail and its
before/after evidence, the page's outputs and the CSV. Expected values are worked out by hand
from tests/fixtures/raw."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from flask.testing import FlaskClient

from callbacks import interventions as callback
from components.figures.evidence import evidence_figure
from components.ids import Interventions
from components.intervention_detail import evidence
from data.pipeline.build import build
from data.queries import intervention_summary, interventions
from data.queries.before_after import before_after, best_indicator
from data.queries.interventions import (
    COLUMNS,
    InterventionsState,
    facets,
    listed,
    listing,
    page_at,
    page_choices,
    records,
    slug,
)
from data.repository import Repository
from exports import deck as deck_export
from views import VIEWS
from views import interventions as view

TODAY = date(2026, 1, 1)


def _ids(repo: Repository, query: str) -> list[str]:
    state = InterventionsState.from_query(query)
    return listing(repo, state, today=TODAY)["intervention_id"].tolist()


def _text(component: object) -> str:
    return str(component.to_plotly_json())  # type: ignore[attr-defined]


def test_timeline_lists_by_group_then_start(repo: Repository) -> None:
    assert _ids(repo, "") == ["alpha-youth", "beta-women", "gamma-radio"]  # Álpha, Beta, Gamma
    # by funder: 'Fund A' first (alpha 2018, beta 2021), the one without a funder last
    assert _ids(repo, "group=funder") == ["alpha-youth", "beta-women", "gamma-radio"]
    assert _ids(repo, "group=theme") == ["beta-women", "gamma-radio", "alpha-youth"]


def test_search_ignores_accents_and_case_and_needs_every_word(repo: Repository) -> None:
    assert _ids(repo, "q=ALPHA") == ["alpha-youth"]  # the city is 'Álpha'
    assert _ids(repo, "q=radio") == ["gamma-radio"]
    assert _ids(repo, "q=counselling+women") == ["beta-women"]
    assert _ids(repo, "q=radio+women") == []
    assert _ids(repo, "q=women's") == ["beta-women"]  # an apostrophe is a normal search


def test_filters(repo: Repository) -> None:
    assert _ids(repo, "statuses=ongoing,planned") == ["beta-women", "gamma-radio"]
    assert _ids(repo, f"funders={slug('Fund A')}") == ["alpha-youth", "beta-women"]
    assert _ids(repo, "funders=not-stated") == ["gamma-radio"]
    assert _ids(repo, "networks=net-b") == ["gamma-radio"]
    assert _ids(repo, "cities=beta") == ["beta-women"]
    assert _ids(repo, "regions=africa") == ["gamma-radio"]  # Gamma is in Kenya
    # running in or after 2022: alpha ended in 2021; beta is ongoing, gamma starts in 2027
    assert _ids(repo, "from=2022") == ["beta-women", "gamma-radio"]
    assert _ids(repo, "to=2020") == ["alpha-youth"]  # started by 2020
    assert _ids(repo, "intervention=beta-women&themes=organised-crime") == ["beta-women"]


def test_facet_counts_leave_their_own_filter_out(repo: Repository) -> None:
    found = facets(repo, InterventionsState(themes=("organised-crime",)), today=TODAY)
    themes = {v.value: v.count for v in found["themes"]}
    assert themes == {"violence-against-women": 1, "organised-crime": 1, "youth-violence": 1}
    statuses = {v.value: v.count for v in found["statuses"]}
    assert statuses == {"planned": 1, "ongoing": 0, "completed": 0}
    funders = {v.label: v.count for v in found["funders"]}
    assert funders == {"Fund A": 0, "Funder not stated": 1}


def test_searched_facets_offer_the_chosen_then_the_first_matches(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cities(state: InterventionsState, typed: str = "") -> list[tuple[str, int]]:
        found = facets(repo, state, today=TODAY, names=["cities"], typed=typed)
        return [(v.label, v.count) for v in found["cities"]]

    assert cities(InterventionsState()) == [
        ("Álpha, Colombia", 1),
        ("Beta, Colombia", 1),
        ("Gamma, Kenya", 1),
    ]
    assert cities(InterventionsState(), typed="ALPHA") == [("Álpha, Colombia", 1)]  # accents
    assert cities(InterventionsState(), typed="kenya") == [("Gamma, Kenya", 1)]
    # at most FACET_CHOICES besides the chosen ones, which come first whatever was typed
    monkeypatch.setattr(interventions, "FACET_CHOICES", 1)
    assert cities(InterventionsState()) == [("Álpha, Colombia", 1)]
    chosen = InterventionsState(cities=("gamma", "unknown"), statuses=("completed",))
    assert cities(chosen, typed="beta") == [("Gamma, Kenya", 0), ("Beta, Colombia", 0)]
    # the checklists still offer every value
    assert len(facets(repo, InterventionsState(), today=TODAY)["themes"]) == 3


def test_the_city_picker_answers_what_was_typed(repo: Repository) -> None:
    found = callback.choices(repo, "cities", "?themes=youth-violence", "alp")
    assert found == [{"label": "Álpha, Colombia (1)", "value": "alpha"}]
    assert callback.choices(repo, "funders", "", "fund a") == [
        {"label": "Fund A (2)", "value": slug("Fund A")}
    ]


def test_the_page_picker_lists_few_pages_of_many() -> None:
    assert page_choices(2, 3) == [1, 2, 3]
    assert page_choices(1, 30) == list(range(1, 31))
    many = page_choices(250, 500)
    assert many[0] == 1 and many[-1] == 500 and len(many) <= 30
    assert set(range(245, 256)) <= set(many)  # the pages around this one
    assert {50, 100, 450} <= set(many)  # and round numbers to jump to
    assert page_choices(500, 500)[-2:] == [499, 500]


def test_records_are_kept_with_the_build(repo: Repository) -> None:
    assert records(repo, TODAY) is records(repo, TODAY)
    assert records(repo, date(2030, 1, 1)) is not records(repo, TODAY)  # open ends run to today


def test_library_sorts(repo: Repository) -> None:
    assert _ids(repo, "tab=library&sort=title") == ["gamma-radio", "beta-women", "alpha-youth"]
    assert _ids(repo, "tab=library&sort=oldest") == ["alpha-youth", "beta-women", "gamma-radio"]
    assert _ids(repo, "tab=library") == ["gamma-radio", "beta-women", "alpha-youth"]  # newest


def test_pages_clamp_to_the_last_one(repo: Repository) -> None:
    kept = listed(repo, InterventionsState(), today=TODAY)
    last = page_at(repo, kept, 9, 2, today=TODAY)
    assert (last.number, last.pages, last.first, last.last) == (2, 2, 3, 3)
    assert last.rows["intervention_id"].tolist() == ["gamma-radio"]
    assert last.rows.index.tolist() == [2]  # its row number in the listing
    assert last.rows.columns.tolist() == COLUMNS


def test_summary_counts_and_budgets(repo: Repository) -> None:
    frame = listing(repo, InterventionsState(), today=TODAY)
    counts = intervention_summary.by_theme_and_year(frame)
    assert sorted(zip(counts["theme"], counts["year"], counts["interventions"])) == [
        ("organised-crime", 2027, 1),
        ("violence-against-women", 2021, 1),
        ("youth-violence", 2018, 1),
    ]
    budgets = intervention_summary.budgets(frame)
    assert budgets.totals.to_dict("records") == [
        {"currency": "USD", "total": 250000.0, "interventions": 1}
    ]
    assert (budgets.without, budgets.listed) == (2, 3)
    funders = intervention_summary.by_funder(frame)
    assert funders["funder"].tolist() == ["Fund A", "Funder not stated"]
    assert funders["interventions"].tolist() == [2, 1]
    assert funders["totals"].tolist()[0] == (("USD", 250000.0),)


def test_too_few_years_say_so_instead_of_estimating(repo: Repository) -> None:
    result = before_after(repo, "alpha-youth", "homicide-rate")
    assert result is not None and result.fit is None
    # alpha reports 2015-2017 before the 2018 start (2018 itself is missing) and 2019-2023 after
    assert "3 with a value before 2018 and 5 from 2018 on" in result.problem
    assert result.means is not None
    assert result.means.before == pytest.approx((12 + 11.5 + 11) / 3)
    assert result.means.after == pytest.approx((10 + 9 + 8 + 7.5 + 7) / 5)
    assert any("Provisional or estimated values in 2023" in c for c in result.cautions)
    planned = before_after(repo, "gamma-radio", "homicide-rate")
    assert planned is not None and "no year after it" in planned.problem
    assert before_after(repo, "nope", "homicide-rate") is None
    assert before_after(repo, "alpha-youth", "nope") is None


@pytest.fixture(scope="module")
def longer(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    """The fixture data with alpha's homicide counts for 2011-2014 and 2018 added: 7 years
    before alpha-youth's 2018 start, falling by exactly 0.5 per 100,000 a year, and 6 from it."""
    raw = tmp_path_factory.mktemp("longer") / "raw"
    raw.mkdir()
    for source in (Path(__file__).parent.parent / "fixtures" / "raw").glob("*.csv"):
        (raw / source.name).write_text(source.read_text())
    extra = "".join(
        f"alpha,homicide-rate,{year},,{count},1000000,police,\n"
        for year, count in ((2011, 140), (2012, 135), (2013, 130), (2014, 125), (2018, 105))
    )
    with (raw / "observations.csv").open("a") as rows:
        rows.write(extra)
    out = raw.parent / "processed"
    assert build(raw, out).ok
    return Repository(out)


def test_a_long_enough_series_gets_an_estimate_against_the_projected_pre_trend(
    longer: Repository,
) -> None:
    result = before_after(longer, "alpha-youth", "homicide-rate")
    assert result is not None and result.fit is not None and result.problem == ""
    fit = result.fit
    assert (fit.n_before, fit.n_after, fit.last_year) == (7, 6, 2023)
    # counts with a population: a count model, whose pre-trend is a yearly change in the rate.
    # 140, 135, ... 110 events from 2011 to 2017 fall by (110 / 140)^(1/6) - 1 = -3.94% a year
    # on average; the fitted trend is within 0.1 point of that
    assert fit.counts and fit.pre_slope.relative
    assert fit.pre_slope.value == pytest.approx((110 / 140) ** (1 / 6) - 1, abs=1e-3)
    lines = fit.lines.set_index("year")
    # projected from the fitted 2017 value by six more years of that trend
    trend = 1 + fit.pre_slope.value
    assert lines.at[2023, "projected"] == pytest.approx(lines.at[2017, "fitted"] * trend**6)
    assert lines.at[2023, "projected_low"] < lines.at[2023, "projected"]
    assert result.means is not None
    assert result.means.before == pytest.approx(12.5)
    assert result.means.after == pytest.approx((10.5 + 10 + 9 + 8 + 7.5 + 7) / 6)
    assert fit.at_last.low <= fit.at_last.value <= fit.at_last.high
    # 7 and 6 values: autocorrelation cannot be ruled out, and the panel says so
    assert not fit.autocorrelation_ruled_out
    assert any("autocorrelation" in c and "cannot be ruled out" in c for c in result.cautions)
    # beta and delta report homicide-rate but not in every one of these years: no comparison
    compared = before_after(longer, "alpha-youth", "homicide-rate", compare=True)
    assert compared is not None and compared.comparison is not None
    assert compared.comparison.result is None
    assert "Only 0 other cities" in compared.comparison.problem


def test_the_detail_opens_on_the_richest_indicator(repo: Repository) -> None:
    assert best_indicator(repo, "alpha", 2018) == "homicide-rate"  # 8 values against 2
    assert best_indicator(repo, "gamma", 2027) == "homicide-rate"  # a tie: the default
    assert view.resolve(repo, InterventionsState(intervention="alpha-youth")).indicator == (
        "homicide-rate"
    )


def test_page_outputs_for_each_tab(repo: Repository) -> None:
    out = view.outputs(repo, "?themes=youth-violence")
    assert out[(Interventions.SUMMARY, "children")].startswith("Showing 1-1 of 1 interventions")
    assert out[(Interventions.DOWNLOAD, "href")] == "/data/interventions.csv?themes=youth-violence"
    timeline = go.Figure(out[(Interventions.GRAPH, "figure")])  # a plain dict: checked here
    assert [t.name for t in timeline.data] == ["Youth violence prevention"]
    assert out[(Interventions.BROWSE, "hidden")] is False
    assert out[(Interventions.DETAIL, "hidden")] is True
    assert "intervention=alpha-youth" in _text(out[(Interventions.TIMELINE_LIST, "children")])

    library = view.outputs(repo, "?tab=library&q=radio")
    cards = _text(library[(Interventions.LIBRARY, "children")])
    assert "/interventions?tab=library&q=radio&intervention=gamma-radio" in cards
    assert "Youth employment" not in cards
    assert library[(Interventions.TIMELINE, "hidden")] is True

    summary = view.outputs(repo, "?tab=summary")
    assert summary[(Interventions.SUMMARY, "children")] == (
        "3 interventions in 3 cities, 1 still running."
    )
    assert "USD 250,000" in _text(summary[(Interventions.COUNTS_TABLES, "children")])
    assert summary[(Interventions.PAGER, "hidden")] is True

    empty = view.outputs(repo, "?q=nothing-like-this")
    assert empty[(Interventions.SUMMARY, "children")] == "No interventions match these filters."


def test_detail_outputs(repo: Repository) -> None:
    out = view.outputs(repo, "?q=youth&intervention=alpha-youth")
    assert out[(Interventions.BROWSE, "hidden")] is True
    assert out[(Interventions.DETAIL, "hidden")] is False
    record = _text(out[(Interventions.RECORD, "children")])
    for text in ("Youth employment for peace", "University of Alpha; Youth Forum", "USD 250,000"):
        assert text in record
    assert "/trends?indicator=homicide-rate&cities=alpha" in record
    evidence = _text(out[(Interventions.EVIDENCE, "children")])
    assert "Not enough years to estimate a change" in evidence
    assert "Association is not causation" in evidence
    assert out[(Interventions.BACK, "href")] == "/interventions?q=youth"
    missing = view.outputs(repo, "?intervention=nope")
    assert "no intervention with the id 'nope'" in _text(
        missing[(Interventions.RECORD, "children")]
    )


def test_a_filter_change_goes_back_to_page_one() -> None:
    old = InterventionsState(page=3)
    assert view.adjust(old, old.replace(page=2)).page == 2
    assert view.adjust(old, old.replace(q="radio")).page == 1


def test_csv_returns_exactly_the_listed_interventions(
    repo: Repository, client: FlaskClient
) -> None:
    query = "statuses=ongoing,planned&tab=library&sort=title"
    response = client.get(f"/data/interventions.csv?{query}")
    assert response.status_code == 200
    table = pd.read_csv(io.BytesIO(response.data))
    assert table["intervention_id"].tolist() == _ids(repo, query)
    assert table["intervention_id"].tolist() == ["gamma-radio", "beta-women"]
    ongoing = table.set_index("intervention_id").loc["beta-women"]
    assert pd.isna(ongoing["end"]) and bool(ongoing["open_end"])  # open, not dated today
    assert "group" not in table.columns and "funder_id" not in table.columns
    one = pd.read_csv(
        io.BytesIO(client.get("/data/interventions.csv?intervention=beta-women").data)
    )
    assert one["intervention_id"].tolist() == ["beta-women"]
    bad = client.get("/data/interventions.csv?statuses=finished&group=colour")
    assert bad.status_code == 400 and "Parameter 'group'" in bad.get_data(as_text=True)


def test_the_evidence_chart_draws_a_projection_only_when_there_is_an_estimate(
    repo: Repository, longer: Repository
) -> None:
    estimated = before_after(longer, "alpha-youth", "homicide-rate")
    refused = before_after(repo, "alpha-youth", "homicide-rate")
    assert estimated is not None and refused is not None
    drawn = evidence_figure(estimated, title_text="t", end_year=2021, source="s")
    names = [t.name for t in drawn.data]
    assert "Trend before, projected" in names and "95% interval of the projection" in names
    assert names[-1] == "Álpha"
    plain = evidence_figure(refused, title_text="t", end_year=2021, source="s")
    assert [t.name for t in plain.data] == ["Álpha"]
    # 2018 is missing in the fixture: the line breaks there instead of bridging the gap
    city = plain.data[0]
    assert pd.isna(list(city.y)[list(city.x).index(2018)])
    text = _text(evidence(estimated, indicator_known=True))
    assert "Homicide rate from 2018 to 2023: on average" in text and "95% interval" in text
    assert "In 2023, the last year with data" in text
    assert "Change in the yearly trend" in text and "A count model" in text


def test_pager_links_keep_the_view_and_hide_where_there_is_no_page() -> None:
    state = InterventionsState(group="theme", page=2)
    middle = view._pager(state, 2, 3)
    assert middle[(Interventions.PREVIOUS, "href")] == "/interventions?group=theme"
    assert middle[(Interventions.NEXT, "href")] == "/interventions?group=theme&page=3"
    assert "invisible" not in middle[(Interventions.NEXT, "className")]
    last = view._pager(state.replace(page=3), 3, 3)
    assert "invisible" in last[(Interventions.NEXT, "className")]
    assert [o["label"] for o in last[(Interventions.PAGE, "options")]] == [
        "Page 1 of 3",
        "Page 2 of 3",
        "Page 3 of 3",
    ]


def test_the_section_on_screen_comes_first_so_its_chart_draws_first(repo: Repository) -> None:
    def graphs(search: str) -> list[str]:
        ids = [getattr(c, "id", None) for c in view.page(repo, search)._traverse()]
        return [i for i in ids if i in (Interventions.GRAPH, Interventions.EVIDENCE_GRAPH)]

    assert graphs("") == [Interventions.GRAPH, Interventions.EVIDENCE_GRAPH]
    assert graphs("?intervention=alpha-youth") == [
        Interventions.EVIDENCE_GRAPH,
        Interventions.GRAPH,
    ]


def test_the_worst_year_caution_needs_the_series_peak(raw_copy: Path, tmp_path: Path) -> None:
    """alpha-youth starts in 2018 (2018 itself is missing). The caution fires only when 2017 is
    the highest value of the whole series, not when it merely tops the years before the start."""
    rows = raw_copy / "observations.csv"
    original = rows.read_text()

    def cautions(text: str, name: str) -> list[str]:
        rows.write_text(text)
        out = tmp_path / name
        assert build(raw_copy, out).ok
        result = before_after(Repository(out), "alpha-youth", "homicide-rate")
        assert result is not None
        return result.cautions

    # 2015-2017: 100, 105, 110 (2017 the worst before the start), but 120 in 2019
    rising = (
        original.replace("2015,,120,", "2015,,100,")
        .replace("2016,,115,", "2016,,105,")
        .replace("2019,,100,", "2019,,120,")
    )
    assert not any("worst year" in c for c in cautions(rising, "rising"))
    peaked = original.replace("2017,,110,", "2017,,130,")  # 13.0: the series' peak
    found = cautions(peaked, "peaked")
    assert any("right after the worst year of the series (2017: 13.0)" in c for c in found)


def test_an_open_intervention_is_its_before_after_on_slides_and_embeds(
    longer: Repository, client: FlaskClient
) -> None:
    """Issue 17: "Add to presentation" on an intervention's page gave a one-bar timeline."""
    chart = VIEWS.chart(longer, "/interventions?intervention=alpha-youth")
    assert chart.title == "Youth employment for peace: before and after"
    names = [t.name for t in chart.figure.data]
    assert "Álpha" in names and "Trend before, projected" in names
    slide = deck_export.slide_chart(chart)  # the picture on its slide
    notes = " ".join(str(a.text) for a in slide.layout.annotations)
    assert "Homicide rate from 2018 to 2023: on average" in notes and "95% interval" in notes
    assert "Association is not causation" in notes
    assert "autocorrelation" in notes  # this series' own caution
    assert "95% interval" in chart.summary  # the embed's text under the chart, and alt text
    # without an estimate (the fixture's short series) the embed says why, with the cautions
    page = client.get("/embed/interventions?intervention=alpha-youth").get_data(as_text=True)
    assert "Youth employment for peace: before and after" in page
    assert "Association is not causation" in page
    assert 'name="group"' not in page  # the timeline's grouping means nothing here
    assert "Interventions over time" in VIEWS.chart(longer, "/interventions").title


def test_the_before_after_line_does_not_join_across_a_series_break(repo: Repository) -> None:
    result = before_after(repo, "alpha-youth", "homicide-rate")
    assert result is not None
    years = result.series["year"].tolist()
    cut = years[len(years) // 2]
    flags = result.series["flags"].where(result.series["year"] != cut, "break")
    broken = dataclasses.replace(result, series=result.series.assign(flags=flags))
    line = evidence_figure(broken, title_text="t", end_year=2021, source="s").data[-1]
    xs, ys = list(line.x), list(line.y)
    at = xs.index(cut)
    assert xs[at - 1] == cut - 0.5 and pd.isna(ys[at - 1])  # an empty point just before it
    whole = evidence_figure(result, title_text="t", end_year=2021, source="s").data[-1]
    assert cut - 0.5 not in list(whole.x)
