"""/admin/import: the upload wizard, only when OBSERVATORY_ADMIN_TOKEN is set.

Every callback checks the token again: the page is public knowledge, the token is not.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, no_update
from dash.development.base_component import Component

from components import admin_import as view
from components.ids import AdminImport as ids
from data.i18n import _
from data.importers import wizard
from data.importers.mapping import ObservationMapping, Source
from data.importers.rawfolder import KNOWN_INDICATORS
from data.importers.reading import ImportFailed
from data.repository import Repository
from data.settings import Settings

PATH = "/admin/import"
_SELECTS = (ids.CITY, ids.ADMIN, ids.CODE, ids.YEAR, ids.POPULATION, ids.VALUE)
_ROLES = ("city", "admin", "code", "year", "population", "value")


def enabled() -> bool:
    return bool(Settings.from_env().admin_token)


def page(repo: Repository, _search: str) -> Component:
    indicators = repo.table("indicators")
    options = {
        i: f"{label} ({unit})"
        for i, label, unit in zip(indicators.index, indicators["label"], indicators["unit"])
    }
    for i, row in KNOWN_INDICATORS.items():
        options.setdefault(i, f"{row['label']} ({row['unit']})")
    return view.layout([{"label": label, "value": i} for i, label in options.items()])


def _refused() -> Component:
    return dbc.Alert(_("The admin token is not right."), color="danger", className="mt-2")


def _failed(error: ImportFailed) -> Component:
    return dbc.Alert(str(error), color="danger", className="mt-2")


def _mapping(values: dict[str, Any]) -> ObservationMapping:
    def column(name: str) -> str | None:
        return values.get(name) or None

    return ObservationMapping(
        indicator=values.get("indicator") or "homicide-rate",
        city_column=values.get("city") or "",
        country=(values.get("country") or "").strip().upper() or None,
        admin_column=column("admin"),
        code_column=column("code"),
        year_column=column("year"),
        count_columns=tuple(values.get("counts") or ()),
        population_column=column("population"),
        value_column=column("value"),
        on_unknown_city=values.get("unknown") or "create",
        source=Source(
            title=(values.get("source") or "").strip() or None,
            source_id=(values.get("source_id") or "").strip() or None,
        ),
    )


# The mapping form's fields, by the name `_mapping` reads them with.
_FIELDS = {
    "indicator": ids.INDICATOR,
    "city": ids.CITY,
    "country": ids.COUNTRY,
    "admin": ids.ADMIN,
    "code": ids.CODE,
    "year": ids.YEAR,
    "counts": ids.COUNTS,
    "population": ids.POPULATION,
    "value": ids.VALUE,
    "source": ids.SOURCE,
    "source_id": ids.SOURCE_ID,
    "unknown": ids.UNKNOWN,
}
# What checking and confirming read: a callback given `state={"form": _FORM}` gets one dict.
_FORM = {
    "upload": State(ids.FILE, "data"),
    "token": State(ids.TOKEN, "value"),
    "values": {name: State(i, "value") for name, i in _FIELDS.items()},
}


def register(app: Dash, repo: Repository) -> None:
    def settings() -> Settings:
        return Settings.from_env()

    @app.callback(
        Output(ids.FILE, "data"),
        Output(ids.STATUS, "children"),
        Output(ids.PREVIEW, "children"),
        Output(ids.MAPPING, "hidden"),
        *(Output(i, "options") for i in _SELECTS),
        *(Output(i, "value") for i in _SELECTS),
        Output(ids.COUNTS, "options"),
        Output(ids.COUNTS, "value"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.HEADER_ROW, "value"),
        State(ids.UPLOAD, "filename"),
        State(ids.TOKEN, "value"),
        State(ids.FILE, "data"),
        prevent_initial_call=True,
    )
    def _upload(
        contents: str | None,
        header_row: int | str | None,
        name: str | None,
        token: str | None,
        saved: dict[str, Any] | None,
    ) -> tuple[Any, ...]:
        keep = (no_update,) * (2 * len(_SELECTS) + 2)
        config = settings()
        if not wizard.token_ok(token, config.admin_token):
            return None, _refused(), None, True, *keep
        try:
            row = max(int(header_row or 1), 1)
        except ValueError:
            row = 1
        folder = config.cache_dir / "uploads"
        try:
            if ctx.triggered_id == ids.HEADER_ROW:
                if not saved:
                    return no_update, no_update, no_update, no_update, *keep
                upload = wizard.Upload(saved["id"], saved["name"])
                sheet = wizard.load_upload(upload.upload_id, upload.name, folder, row)
            elif contents:
                upload, sheet = wizard.save_upload(contents, name or "upload", folder, row)
            else:
                return no_update, no_update, no_update, no_update, *keep
        except ImportFailed as error:
            return None, _failed(error), None, True, *keep
        columns = sheet.columns
        guessed = wizard.guess(columns)
        options = view.column_options(columns)
        status = dbc.Alert(
            _("{file} read as {how}.", file=sheet.name, how=sheet.describe()),
            color="success",
            className="mt-2 py-2",
        )
        return (
            {"id": upload.upload_id, "name": upload.name, "header_row": row},
            status,
            view.preview(sheet.frame, sheet.name),
            False,
            *(options for _s in _SELECTS),
            *(guessed[r] or view.NONE for r in _ROLES),
            [{"label": c, "value": c} for c in columns],
            guessed["counts"],
        )

    def _run(form: dict[str, Any], *, write: bool) -> tuple[Component, bool]:
        upload, token = form["upload"], form["token"]
        config = settings()
        if not wizard.token_ok(token, config.admin_token):
            return _refused(), False
        if not upload:
            return _failed(ImportFailed(_("Upload a file first."))), False
        try:
            sheet = wizard.load_upload(
                upload["id"],
                upload["name"],
                config.cache_dir / "uploads",
                int(upload.get("header_row") or 1),
            )
            mapping = _mapping(form["values"])
            if not write:
                report = wizard.check(sheet, mapping, config.raw_dir)
                return view.report_block(report.lines(), report.ok), report.ok
            report, result = wizard.confirm(sheet, mapping, config.raw_dir, repo.folder)
        except ImportFailed as error:
            return _failed(error), False
        lines = report.lines()
        if report.ok and result is not None and result.ok:
            lines.append(_("Built: the new data is served now, no restart needed."))
            wizard.forget_upload(upload["id"], config.cache_dir / "uploads")
        return view.report_block(lines, report.ok), False

    @app.callback(
        output=[
            Output(ids.REPORT, "children"),
            Output(ids.CONFIRM, "disabled"),
            Output(ids.RESULT, "children", allow_duplicate=True),
        ],
        inputs={"clicks": Input(ids.CHECK, "n_clicks")},
        state={"form": _FORM},
        prevent_initial_call=True,
    )
    def _check(clicks: int | None, form: dict[str, Any]) -> tuple[Any, ...]:
        block, ok = _run(form, write=False)
        return block, not ok, None

    @app.callback(
        output=Output(ids.CONFIRM, "disabled", allow_duplicate=True),
        inputs={
            "upload": Input(ids.FILE, "data"),
            "values": {name: Input(i, "value") for name, i in _FIELDS.items()},
        },
        prevent_initial_call=True,
    )
    def _changed(upload: Any, values: dict[str, Any]) -> bool:
        """A changed file or column choice needs a new check before it can be confirmed."""
        return True

    @app.callback(
        output=[
            Output(ids.RESULT, "children"),
            Output(ids.CONFIRM, "disabled", allow_duplicate=True),
        ],
        inputs={"clicks": Input(ids.CONFIRM, "n_clicks")},
        state={"form": _FORM},
        prevent_initial_call=True,
    )
    def _confirm(clicks: int | None, form: dict[str, Any]) -> tuple[Any, ...]:
        block, _ok = _run(form, write=True)
        return block, True
