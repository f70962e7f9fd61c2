"""Exports drawn with the real renderer (Chromium via kaleido) from the fixture data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from app import main
from data.deck import Deck, DeckError, Slide
from data.repository import Repository
from exports import deck as deck_export
from tests.deck_content import pptx_content
from views import VIEWS

TRENDS = "/trends?indicator=homicide-rate&cities=alpha"
DECK = Deck(
    title="Review 2026",
    network="Network A",
    period="2015–2022",
    author="Ana",
    closing_text="Gracias",
    slides=(
        Slide(url=TRENDS, title="Homicide in Álpha", notes="Fell by a third.", id="a"),
        Slide(url="/map?networks=net-b", title="", notes="", id="b"),
    ),
)


def test_pptx_has_title_charts_sources_notes_and_alt_text(
    repo: Repository, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OBSERVATORY_PUBLIC_URL", "https://observatory.example/")
    steps: list[tuple[int, int]] = []
    slides = pptx_content(
        deck_export.export(repo, DECK, "pptx", progress=lambda *s: steps.append(s))
    )
    assert steps == [(1, 2), (2, 2)]
    assert [s["title"] for s in slides] == [
        "Review 2026",
        "Homicide in Álpha",
        "Member cities of 2 networks",
        "Gracias",
    ]
    assert "Network A · 2015–2022" in slides[0]["texts"][0] and "Ana" in slides[0]["texts"][0]
    trends, members = slides[1], slides[2]
    assert trends["pictures"] == members["pictures"] == 1
    assert trends["notes"] == "Fell by a third."
    # the default title says indicator, city and years (the fixture has Álpha 2015-2023)
    assert trends["alt"][0].startswith("Homicide rate: Álpha, 2015–2023. Homicide rate in Álpha")
    footer = trends["texts"][0]
    assert "Source: National Police, 2024" in footer
    assert f"https://observatory.example{TRENDS}" in footer  # the address readers open
    assert "Demo data" not in footer
    assert members["texts"][0].count("Demo data") == 1  # Network B is a demo source: said once
    assert "OBSERVATORY_PUBLIC_URL" not in caplog.text
    assert "National Police, 2024" in slides[3]["texts"][0]  # the closing slide lists sources


def test_a_long_timeline_goes_over_slides_at_a_readable_size(demo_repo: Repository) -> None:
    """The demo's first page of the timeline (40 interventions under their cities' headers) is
    far taller than a slide: shrunk to fit, its labels would be a few points high. It goes over
    several slides instead, each picture at the slide's full width (not shrunk), and over several
    PDF pages of the usual size."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Deck(slides=(Slide(url="/interventions", title="", id="t"),), closing=False)
    prs = Presentation(io.BytesIO(deck_export.export(demo_repo, deck, "pptx")))
    parts = list(prs.slides)[1:]
    assert len(parts) >= 3
    total = len(parts)
    titles = [s.shapes.title.text for s in parts]
    assert titles == [f"Interventions over time ({n} of {total})" for n in range(1, total + 1)]
    for slide in parts:
        (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert picture.width == deck_export.SLIDE_W - 2 * 457_200  # the 0.5 in margins only
    # the PDF likewise: pages of a 16:9 slide's size (1280 × 720 px, 960 × 540 pt), none larger
    pdf = PdfReader(io.BytesIO(deck_export.export(demo_repo, deck, "pdf")))
    assert len(pdf.pages) >= 3
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(960, 540)}
    assert "(1 of " in pdf.pages[1].extract_text()


def test_pdf_has_one_page_per_slide(
    repo: Repository, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("OBSERVATORY_PUBLIC_URL", raising=False)
    pdf = PdfReader(io.BytesIO(deck_export.export(repo, DECK, "pdf")))
    assert len(pdf.pages) == 4
    assert "Homicide in Álpha" in pdf.pages[1].extract_text()
    # unset, the footer names the view relative to the site, and the log says so once
    assert caplog.text.count("OBSERVATORY_PUBLIC_URL is not set") == 1
    closing = Deck(slides=DECK.slides, closing=False)
    assert len(PdfReader(io.BytesIO(deck_export.export(repo, closing, "pdf"))).pages) == 3


def test_zip_holds_a_png_and_the_csv_behind_each_chart(repo: Repository) -> None:
    archive = zipfile.ZipFile(io.BytesIO(deck_export.export(repo, DECK, "zip")))
    assert sorted(archive.namelist()) == [
        "01-homicide-in-alpha.csv",
        "01-homicide-in-alpha.png",
        "02-member-cities-of-2-networks.csv",
        "02-member-cities-of-2-networks.png",
        "deck.json",
    ]
    assert archive.read("01-homicide-in-alpha.png")[:4] == b"\x89PNG"
    csv = pd.read_csv(archive.open("01-homicide-in-alpha.csv"))
    assert list(csv["year"]) == list(VIEWS.table(repo, TRENDS)["year"])
    assert Deck.from_json(archive.read("deck.json")) == DECK


def test_without_chromium_the_export_says_how_to_install_it(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(deck_export.NoChromium, match="apt-get install chromium"):
        deck_export.export(repo, DECK, "pptx")


def test_empty_deck_and_unknown_views_fail_before_rendering(repo: Repository) -> None:
    with pytest.raises(DeckError, match="no slides yet"):
        deck_export.export(repo, Deck(), "pdf")
    with pytest.raises(DeckError, match="Slide 2: No view at /nowhere"):
        deck_export.export(repo, Deck().add("/map", "").add("/nowhere", ""), "pdf")


def test_command_line_writes_the_same_deck(
    repo: Repository, built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "deck.json").write_text(DECK.to_json())
    out = tmp_path / "review.pptx"
    assert main(["deck", str(tmp_path / "deck.json"), "--out", str(out), "--data", str(built)]) == 0
    assert "Wrote 2 slides" in capsys.readouterr().out
    assert pptx_content(out) == pptx_content(deck_export.export(repo, DECK, "pptx"))


def test_command_line_draws_the_slides_in_the_language_asked_for(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = Deck(title="Revue 2026", slides=(Slide(url=TRENDS, title="", notes="", id="a"),))
    (tmp_path / "deck.json").write_text(deck.to_json())
    out = tmp_path / "revue.pdf"
    args = ["deck", str(tmp_path / "deck.json"), "--out", str(out), "--data", str(built)]
    assert main([*args, "--lang", "fr"]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    # the fixture's indicators.csv gives homicide-rate in French (label_fr, unit_fr)
    assert "Taux d'homicides" in text and "pour 100 000" in text and "Homicide rate" not in text
    assert "Colombie (national)" in text  # the country's name from CLDR, then "(national)"
    said = capsys.readouterr()
    assert "Slide 1 of 1" in said.err and "Wrote 1 slides" in said.out  # the command: English


def test_command_line_explains_bad_input(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "deck.json"
    assert main(["deck", str(deck), "--out", str(tmp_path / "a.pptx")]) == 2
    assert "No deck file at" in capsys.readouterr().err
    deck.write_text('{"slides": [{"url": "nope"}]}')
    assert main(["deck", str(deck), "--out", str(tmp_path / "a.docx")]) == 2
    assert "must end in .pptx, .pdf or .zip" in capsys.readouterr().err
    assert main(["deck", str(deck), "--out", str(tmp_path / "a.pdf"), "--data", str(built)]) == 1
    assert "slide 1: 'url' must be a path" in capsys.readouterr().err
    deck.write_text(DECK.to_json())
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert main(["deck", str(deck), "--out", str(tmp_path / "a.pdf"), "--data", str(built)]) == 1
    assert "apt-get install chromium" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()
