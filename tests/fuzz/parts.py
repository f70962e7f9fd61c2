"""The parts of the suite: raw data folders for `observatory build`, official-style tables for
`observatory import` (docs/importing.md's recipes), and spreadsheets for the command line and
the /admin/import wizard."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.fuzz import values
from tests.fuzz.cases import RAW, Case, Outcome, Verdict


@dataclass(frozen=True)
class Part:
    name: str
    generate: Callable[[random.Random, str], Case]
    run: Callable[[Case, Path], Outcome]
    share: float  # of the cases of a run


def _quiet(command: list[str]) -> tuple[int, str]:
    """`observatory COMMAND`, its exit code and what it printed (argparse's exit included)."""
    from app import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(command)
        except SystemExit as stop:  # argparse refusing an option
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue()


def _files(folder: Path) -> dict[str, str]:
    """What a folder holds, to tell whether a refusal left it as it was."""
    found = {}
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "-> " + str(path.readlink())
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[key] = "/"
    return found


# Raw data folders -------------------------------------------------------------------------


def generate_raw(rng: random.Random, name: str) -> Case:
    """The fixture folder with one to three of its tables damaged."""
    case = Case("raw", name)
    tables = sorted(p.name for p in RAW.glob("*.csv"))
    chosen = rng.sample(tables, rng.choice((1, 2, 3, 3, 4, 5)))
    kind = rng.random()  # a gentle case changes only what the build accepts, in every file
    for file in chosen:
        roll = rng.random() if kind > 0.4 else 0.2
        if roll < 0.04:
            case.specials[file] = rng.choice(("folder", "loop", "dangling", "missing"))
            continue
        table = values.rows((RAW / file).read_bytes())
        if roll < 0.45:  # values the build accepts: the case may reach derive and the app
            values.gentle(rng, table, file, _ids())
        elif roll < 0.85:
            values.mutate_table(rng, table)
        data = values.to_bytes(table, newline=rng.choice(("\n", "\n", "\r\n")))
        if roll >= 0.45 and rng.random() < 0.35:
            data = values.damage_bytes(rng, data)
        case.files[file] = data
    if rng.random() < 0.03:
        case.files[rng.choice(("stray.csv", "notes.txt"))] = values.cell(rng).encode()
    case.fuzzed = len(chosen)
    return case


def _ids() -> dict[str, list[str]]:
    """The keys of the fixture's tables, for references that hold."""
    return {
        "cities": ["alpha", "beta", "gamma", "delta"],
        "indicators": ["homicide-rate", "perceived-safety"],
        "networks": ["net-a", "net-b"],
        "sources": ["police", "survey", "demo"],
    }


# Views drawn from an accepted build, as the app and its CSV routes draw them.
VIEW_URLS = (
    "/", "/trends", "/trends?cities=alpha,beta,gamma,delta&smooth=1&index=1",
    "/city/alpha", "/city/beta?indicator=perceived-safety", "/interventions",
    "/interventions?group=theme", "/map", "/map?colour=homicide-rate&year=2020",
)  # fmt: skip


def _serve_views(out: Path) -> str | None:
    """Every view's chart and CSV from the new build; the error if one fails (the app would
    answer that page with a server error)."""
    import traceback

    from data.repository import Repository
    from views import VIEWS
    from views.record import UnknownView
    from web.downloads import view_csv

    repo = Repository(out)
    for url in VIEW_URLS:
        try:
            VIEWS.chart(repo, url)
        except UnknownView:  # a view may refuse a state (a city the build lacks)
            continue
        except Exception:
            return f"{url}: {traceback.format_exc()}"
    for name in (*VIEWS.csv_names(), "cities"):
        try:
            view_csv(repo, name, {})
        except Exception:
            return f"/data/{name}.csv: {traceback.format_exc()}"
    return None


def _processed(work: Path) -> Path:
    """This worker's processed folder, holding a good build of the fixture to start from."""
    out = work / "processed"
    if not (out / "current").exists():
        from data.pipeline.build import build

        shutil.rmtree(out, ignore_errors=True)
        assert build(RAW, out).ok
    return out


def run_raw(case: Case, work: Path) -> Outcome:
    from data.builds import served, verify
    from data.repository import load_snapshot

    out = _processed(work)
    raw = work / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.copytree(RAW, raw)
    case.write(raw)
    before = served(out)
    assert before is not None
    before_target, before_id = before.readlink(), verify(before)["build_id"]
    code, said = _quiet(["build", "--raw", str(raw), "--out", str(out)])
    after = served(out)
    if code == 0:
        try:
            loaded = load_snapshot(out)
        except Exception as error:
            return Outcome(Verdict.DAMAGED, f"the new build does not load: {error}\n{said}")
        if loaded.build_id == before_id:
            return Outcome(Verdict.DAMAGED, f"exit 0 but the served build is the old one\n{said}")
        failed = _serve_views(out)
        if failed:
            return Outcome(Verdict.TRACEBACK, f"the app fails on the accepted build: {failed}")
        return Outcome(Verdict.ACCEPTED)
    if after is None or after.readlink() != before_target:
        return Outcome(Verdict.DAMAGED, f"a refused build changed the served one\n{said}")
    if code == 1 and said.strip():
        return Outcome(Verdict.REFUSED, said)
    return Outcome(Verdict.DAMAGED, f"exit {code} without a message\n{said}")


# Official-style tables ----------------------------------------------------------------------

# (name, admin, official code, country): cities of the fixture, real places GeoNames knows,
# and rows official exports hold that are not cities.
PLACES = (
    ("Álpha", "Valle del Cauca", "76001", "COL"), ("Alpha", "Valle del Cauca", "76001", "COL"),
    ("Beta", "Antioquia", "05001", "COL"), ("Cali", "Valle del Cauca", "76001", "COL"),
    ("Palmira", "Valle del Cauca", "76520", "COL"), ("Bello", "Antioquia", "05088", "COL"),
    ("Medellín", "Antioquia", "05001", "COL"), ("Guadalajara", "Jalisco", "14039", "MEX"),
    ("Tijuana", "Baja California", "02004", "MEX"), ("No especificado", "Jalisco", "14999", "MEX"),
    ("Gamma", "Nairobi", "", "KEN"), ("Total", "", "", "COL"), ("Nueva Villa", "", "99", "COL"),
)  # fmt: skip
ENTITIES = (
    ("Colombia", "COL"), ("Mexico", "MEX"), ("World", "OWID_WRL"), ("Africa (UN)", ""),
    ("Scotland", "OWID_SCT"), ("Kenya", "KEN"), ("Atlantis", "ATL"),
)  # fmt: skip


def _long(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    header = ["mun_code", "Municipio", "Departamento", "Año", "Homicidios", "Población"]
    table = [header]
    for _ in range(rng.randrange(1, 12)):
        name, admin, code, _country = rng.choice(PLACES)
        population = rng.randrange(1_000, 3_000_000)
        table.append(
            [code, name, admin, str(rng.randrange(2000, 2024)), str(rng.randrange(0, 900)),
             str(population)]
        )  # fmt: skip
    args = ["--country", "COL", "--city-column", "Municipio", "--admin-column", "Departamento",
            "--code-column", "mun_code", "--year-column", "Año", "--count-column", "Homicidios",
            "--population-column", "Población"]  # fmt: skip
    return table, args


def _monthly(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    months = [f"m{m:02d}" for m in range(1, 13)]
    table = [["cve_mun", "municipio", "estado", "anio", *months]]
    for _ in range(rng.randrange(1, 8)):
        name, admin, code, _country = rng.choice(PLACES[7:10])
        table.append(
            [code, name, admin, str(rng.randrange(2000, 2016))]
            + [str(rng.randrange(0, 40)) for _ in months]
        )
    args = ["--country", "MEX", "--city-column", "municipio", "--admin-column", "estado",
            "--code-column", "cve_mun", "--year-column", "anio"]  # fmt: skip
    for month in months:
        args += ["--count-column", month]
    return table, args


def _wide(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    years = sorted(rng.sample(range(2005, 2024), rng.randrange(1, 5)))
    table = [["Municipio", "Departamento", *map(str, years)]]
    for _ in range(rng.randrange(1, 8)):
        name, admin, _code, _country = rng.choice(PLACES[:7])
        table.append([name, admin, *(f"{rng.uniform(0, 120):.1f}" for _ in years)])
    args = ["--country", "COL", "--city-column", "Municipio", "--admin-column", "Departamento",
            "--year-columns", "auto"]  # fmt: skip
    return table, args


def _survey(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    table = [["city", "year", "share"]]
    for _ in range(rng.randrange(1, 6)):
        name, _admin, _code, _country = rng.choice(PLACES[:3])
        table.append([name, str(rng.randrange(2015, 2024)), f"{rng.uniform(0, 100):.1f}"])
    args = ["--indicator", "perceived-safety", "--country", "COL", "--city-column", "city",
            "--year-column", "year", "--value-column", "share"]  # fmt: skip
    return table, args


def _national(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    table = [["entity", "code", "year", "homicide_rate_per_100k"]]
    for _ in range(rng.randrange(1, 12)):
        entity, code = rng.choice(ENTITIES)
        table.append([entity, code, str(rng.randrange(1990, 2025)), f"{rng.uniform(0, 60):.2f}"])
    args = ["--entity-column", "entity", "--code-column", "code", "--year-column", "year",
            "--value-column", "homicide_rate_per_100k"]  # fmt: skip
    return table, args


SHAPES = {
    "long": ("observations", _long),
    "monthly": ("observations", _monthly),
    "wide": ("observations", _wide),
    "survey": ("observations", _survey),
    "national": ("national", _national),
}
WRONG_OPTIONS = (
    ["--city-column", "Ciudad"], ["--year-column", "x"], ["--country", "ZZZ"],
    ["--decimal", ","], ["--decimal", "."], ["--header-row", "3"], ["--header-row", "0"],
    ["--where", "Departamento=Antioquia"], ["--where", "nothing"], ["--encoding", "latin-1"],
    ["--encoding", "no-such-encoding"], ["--delimiter", ";"], ["--delimiter", "ab"],
    ["--sheet", "Hoja2"], ["--indicator", "no-such-indicator"], ["--on-existing", "fail"],
    ["--on-existing", "keep"], ["--source", "=1+1"], ["--source", "Otro título"],
    ["--wide-as", "count"], ["--lat-column", "Municipio"], ["--year-columns", "2019"],
)  # fmt: skip


def _table_case(rng: random.Random, part: str, name: str) -> tuple[Case, list[list[str]]]:
    shape = rng.choice(tuple(SHAPES))
    kind, make = SHAPES[shape]
    table, args = make(rng)
    if rng.random() < 0.8:
        values.mutate_table(rng, table, keep_header=rng.random() < 0.6)
    args += ["--source-id", "police"] if rng.random() < 0.7 else ["--source", "Fuzz source"]
    if kind == "observations":
        args += ["--on-unknown-city", rng.choice(("create", "skip", "skip", "fail"))]
    if rng.random() < 0.15:
        args += rng.choice(WRONG_OPTIONS)
    case = Case(part, name, options={"kind": kind, "shape": shape, "args": args})
    if shape == "monthly" and rng.random() < 0.7:  # population from a second file
        population = [["code", "year", "sex", "population"]]
        for _, _admin, code, _country in PLACES[7:10]:
            for year in range(2000, 2016):
                for sex in ("Total", "Hombres"):
                    population.append([code, str(year), sex, str(rng.randrange(1_000, 2_000_000))])
        if rng.random() < 0.3:
            values.mutate_table(rng, population, keep_header=True)
        case.files["population.csv"] = values.to_bytes(population)
        case.fuzzed += 1
        case.options["args"] = [*args, "--population-file", "population.csv",
                                "--population-where", "sex=Total"]  # fmt: skip
    return case, table


def generate_table(rng: random.Random, name: str) -> Case:
    case, table = _table_case(rng, "tables", name)
    if rng.random() < 0.15:  # a title above the header, as many official exports have
        table.insert(0, [rng.choice(("Homicidios por municipio", "Fuente: Policía", ""))])
        case.options["args"] = [*case.options["args"], "--header-row", "2"]
    delimiter = rng.choice((",", ",", ";", "\t", "|"))
    if delimiter == ";":
        table = [[c.replace(".", ",") if c[:1].isdigit() else c for c in row] for row in table]
    data = values.to_bytes(table, delimiter=delimiter, newline=rng.choice(("\n", "\r\n")))
    encoding = rng.choice(values.ENCODINGS)
    data = data.decode("utf-8", errors="replace").encode(encoding, errors="replace")
    if rng.random() < 0.35:
        data = values.damage_bytes(rng, data)
    case.files["table.csv"] = data
    if rng.random() < 0.02:
        case.specials["table.csv"] = rng.choice(("folder", "loop", "dangling"))
    return case


def _import_command(case: Case, folder: Path, raw: Path, file: str) -> list[str]:
    args = [
        str(folder / a) if a == "population.csv" else a for a in case.options["args"]
    ]  # the population file lives beside the table
    return ["import", case.options["kind"], str(folder / file), "--raw", str(raw), *args]


def _fresh_raw(work: Path, empty: bool) -> Path:
    raw = work / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    if not empty:
        shutil.copytree(RAW, raw)
    return raw


def _after_import(
    code: int, said: str, raw: Path, before: dict[str, str], *, check: bool
) -> Outcome:
    """Exit 0: the folder (clean before) must still build, as the import's own report says
    and, when `check`, as a build of it says. A refusal: the folder must be as it was."""
    from data.i18n import _
    from data.pipeline.build import validate

    if code == 0:
        if _("The build would still refuse the folder:") in said:
            return Outcome(Verdict.DAMAGED, f"the import left a folder the build refuses\n{said}")
        if check:
            _tables, problems = validate(raw, date.today())
            errors = [str(p) for p in problems if p.severity == "error"]
            if errors:
                return Outcome(Verdict.DAMAGED, "the import left a folder the build refuses: " +
                               "; ".join(errors[:5]) + "\n" + said)  # fmt: skip
        return Outcome(Verdict.ACCEPTED)
    if _files(raw) != before:
        return Outcome(Verdict.DAMAGED, f"a refused import changed the raw folder\n{said}")
    if code in (1, 2) and said.strip():
        return Outcome(Verdict.REFUSED, said)
    return Outcome(Verdict.DAMAGED, f"exit {code} without a message\n{said}")


def run_table(case: Case, work: Path) -> Outcome:
    folder = work / "input"
    shutil.rmtree(folder, ignore_errors=True)
    case.write(folder)
    raw = _fresh_raw(work, empty=case.name.endswith("0"))  # a tenth start from an empty folder
    before = _files(raw)
    file = next(n for n in ("table.csv", "table.xlsx") if (folder / n).exists() or
                (folder / n).is_symlink())  # fmt: skip
    code, said = _quiet(_import_command(case, folder, raw, file))
    # every fourth accepted import is also built, not only checked by the import itself
    return _after_import(code, said, raw, before, check=case.name.endswith(("0", "4")))


# Spreadsheets -------------------------------------------------------------------------------


def _xlsx(rng: random.Random, table: list[list[str]]) -> bytes:
    """The table as a workbook, cells typed as a spreadsheet would hold them."""
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = rng.choice(("Hoja1", "Sheet1", "Datos", "=x", "a" * 31))
    for r, row in enumerate(table, start=1):
        for c, text in enumerate(row, start=1):
            value: object = text
            roll = rng.random()
            if r > 1 and roll < 0.5:
                with contextlib.suppress(ValueError):
                    value = float(text) if "." in text else int(text)
                if isinstance(value, int) and abs(value) > 2**63:  # openpyxl cannot write it
                    value = text
            elif r > 1 and roll < 0.53:
                value = rng.choice((date(2020, 1, 1), True, None, "=1+1", "=A1*2", 1e308))
            with contextlib.suppress(ValueError, TypeError, IllegalCharacterError):  # refused text
                sheet.cell(r, c, value)
    if rng.random() < 0.2:
        book.create_sheet(rng.choice(("Hoja2", "Notas")))["A1"] = "notas"
    if rng.random() < 0.05 and sheet.max_row > 1:
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_SHEET = "xl/worksheets/sheet1.xml"
BOMB_ROW = (
    '<row><c t="inlineStr"><is><t>Alpha</t></is></c><c t="inlineStr"><is><t>Valle</t></is></c>'
    "<c><v>2011</v></c><c><v>100</v></c><c><v>1000000</v></c></row>"
)


def _damage_xlsx(rng: random.Random, data: bytes, *, bombs: bool) -> bytes:
    """Damage a workbook inside its zip, as a broken tool or a hostile sender would."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            parts[info.filename] = archive.read(info)
    sheet = parts.get(_SHEET, b"").decode()
    choice = rng.random()
    if choice < 0.12:  # entities declared (a "billion laughs")
        doctype = (
            '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        )
        sheet = sheet.replace("?>", "?>" + doctype, 1).replace("<v>", "<v>&c;", 1)
    elif choice < 0.24:  # a declared size of a million rows, cells at the far corner
        sheet = sheet.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>', 1)
        sheet = sheet.replace(
            "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        )
    elif choice < 0.36:  # a shared string that does not exist, a number that is not one
        sheet = sheet.replace('t="s"><v>', 't="s"><v>99999', 1)
        sheet = sheet.replace("<v>", "<v>abc", 1)
    elif choice < 0.46:  # a date format on a serial no calendar holds
        sheet = sheet.replace("<v>", "<v>1e300", 1)
    elif choice < 0.56:  # XML cut in the middle
        sheet = sheet[: rng.randrange(max(len(sheet), 1))]
    elif choice < 0.64:  # a part gone
        parts.pop(rng.choice(sorted(parts)), None)
    elif choice < 0.70 and bombs:  # a bomb: far more rows unpacked than bytes sent
        head, _sep, tail = sheet.partition("</sheetData>")
        sheet = head + BOMB_ROW * rng.choice((50_000, 400_000)) + "</sheetData>" + tail
    if sheet:
        parts[_SHEET] = sheet.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    data = out.getvalue()
    if rng.random() < 0.1:  # bytes damaged after zipping
        at = rng.randrange(len(data))
        data = data[:at] + bytes(rng.randrange(256) for _ in range(8)) + data[at + 8 :]
    return data


def generate_sheet(rng: random.Random, name: str) -> Case:
    case, table = _table_case(rng, "sheets", name)
    wizard = (
        rng.random() < 0.5
        and case.options["kind"] == "observations"
        and "--population-file" not in case.options["args"]
    )
    case.options["via"] = "wizard" if wizard else "command"
    if rng.random() < 0.15:
        table.insert(0, ["Homicidios por municipio"])
        case.options["args"] = [*case.options["args"], "--header-row", "2"]
    data = _xlsx(rng, table)
    if rng.random() < 0.45:
        # bombs go to the wizard, whose limits refuse them at once; the command line reads
        # tens of MB as it should, which would only make the suite slow
        data = _damage_xlsx(rng, data, bombs=wizard)
    case.files["table.xlsx"] = data
    return case


def run_sheet(case: Case, work: Path) -> Outcome:
    if case.options.get("via") != "wizard":
        return run_table(case, work)
    return _run_wizard(case, work)


def _run_wizard(case: Case, work: Path) -> Outcome:
    """The /admin/import wizard's three steps: upload, check, and (when the check passes)
    confirm, which imports and builds; a refusal must leave both folders as they were."""
    from app import parser
    from data.builds import served
    from data.importers import cli, wizard
    from data.importers.mapping import ObservationMapping
    from data.importers.reading import ImportFailed
    from data.repository import load_snapshot

    try:
        args = parser().parse_args(["import", "observations", "table.xlsx", *case.options["args"]])
        mapping = cli._population(args, cli._mapping(args, ObservationMapping))
    except (SystemExit, ImportFailed) as stop:
        return Outcome(Verdict.REFUSED, f"options: {stop}")
    raw = _fresh_raw(work, empty=False)
    out = _processed(work)
    before_raw, before_out = _files(raw), served(out)
    assert before_out is not None
    target = before_out.readlink()
    data_url = "data:;base64," + base64.b64encode(case.files["table.xlsx"]).decode()
    try:
        upload, sheet = wizard.save_upload(data_url, "table.xlsx", work / "uploads", 1)
        header_row = int(getattr(args, "header_row", None) or 1)
        sheet = wizard.load_upload(upload.upload_id, upload.name, work / "uploads", header_row)
        report = wizard.check(sheet, mapping, raw)
        if not report.ok:
            return Outcome(Verdict.REFUSED, "\n".join(report.lines()))
        report, result = wizard.confirm(sheet, mapping, raw, out)
    except ImportFailed as refusal:
        if _files(raw) != before_raw or served(out).readlink() != target:  # type: ignore[union-attr]
            return Outcome(Verdict.DAMAGED, f"a refusal changed a folder: {refusal}")
        return Outcome(Verdict.REFUSED, str(refusal))
    if result is not None and result.ok:
        try:
            load_snapshot(out)
        except Exception as error:
            return Outcome(Verdict.DAMAGED, f"the wizard's build does not load: {error}")
        return Outcome(Verdict.ACCEPTED)
    if _files(raw) != before_raw or served(out).readlink() != target:  # type: ignore[union-attr]
        return Outcome(Verdict.DAMAGED, "a refused confirmation changed a folder")
    return Outcome(Verdict.REFUSED, json.dumps(report.lines()))


PARTS = {
    "raw": Part("raw", generate_raw, run_raw, 0.45),
    "tables": Part("tables", generate_table, run_table, 0.35),
    "sheets": Part("sheets", generate_sheet, run_sheet, 0.20),
}
