"""The upload wizard's work, apart from Dash: keep an upload, check it, and on confirmation write
the raw folder and rebuild so that the app serves the new data or, on any failure, the old.

Nothing touches the raw folder before confirmation: the check is the importer's dry run. The
confirmed import runs on a copy of the raw folder; the copy is built into the processed folder
(itself swapped in one step, and only when the build passes), and only then does the copy
replace the raw folder.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hmac
import logging
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from data.atomic import replace_dir, write_bytes
from data.i18n import _
from data.importers.mapping import ObservationMapping
from data.importers.observations import import_observations
from data.importers.rawfolder import locked
from data.importers.reading import Cells, ImportFailed, Sheet, read_cells
from data.importers.report import Report
from data.limits import MIB, UPLOAD_HOURS, UPLOADS_BYTES, UPLOADS_KEPT, WIZARD
from data.pipeline.build import BuildResult, build
from data.pipeline.problems import summarise

MAX_BYTES = WIZARD.file_bytes
CELLS = "cells.json"  # an upload as kept: its rows as text, and how it was read
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
log = logging.getLogger(__name__)

# Column names official exports use, folded, for a first guess of each dropdown.
GUESSES: dict[str, tuple[str, ...]] = {
    "city": ("municipio", "municipality", "city", "ciudad", "commune", "ville", "nombre", "name"),
    "admin": ("departamento", "department", "estado", "state", "provincia", "province", "region"),
    "code": ("codigo", "code", "mun_code", "cod_mun", "divipola", "cve_mun", "id"),
    "year": ("ano", "anio", "year", "annee", "periodo"),
    "counts": ("homicidios", "homicides", "count", "casos", "total", "homicides_total", "events"),
    "population": ("poblacion", "population", "habitantes", "pop"),
    "value": ("tasa", "rate", "rate_per_100k", "value", "valor", "taux"),
}


def token_ok(given: str | None, expected: str) -> bool:
    """The admin token, compared in constant time; never true while no token is configured."""
    return bool(expected) and hmac.compare_digest((given or "").encode(), expected.encode())


@dataclass(frozen=True)
class Upload:
    upload_id: str
    name: str


def save_upload(
    contents: str, name: str, folder: Path, header_row: int = 1
) -> tuple[Upload, Sheet]:
    """Keep an uploaded file (a data: URL from the browser) once it reads as a table. What is
    kept is its cells, read once: choosing a header row or checking again reads no file."""
    _header, _sep, payload = contents.partition(",")
    if len(payload) > 4 * (MAX_BYTES // 3 + 1):  # refused before it is decoded
        raise ImportFailed(
            _(
                "{file} is larger than {limit} MB; import it with `observatory import` instead.",
                file=name,
                limit=f"{MAX_BYTES / MIB:g}",
            )
        )
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ImportFailed(_("{file}: the upload arrived damaged; try again.", file=name)) from None
    cells = read_cells(data, name=name, limits=dataclasses.replace(WIZARD, file_bytes=MAX_BYTES))
    sheet = cells.table(header_row)
    upload = Upload(uuid.uuid4().hex, _SAFE_NAME.sub("_", Path(name).name)[:100] or "upload")
    folder.mkdir(parents=True, exist_ok=True)
    prune_uploads(folder)
    target = folder / upload.upload_id
    target.mkdir()
    write_bytes(target / CELLS, cells.to_json())
    return upload, sheet


def load_upload(upload_id: str, name: str, folder: Path, header_row: int = 1) -> Sheet:
    if not _UPLOAD_ID.match(upload_id or ""):
        raise ImportFailed(_("Upload the file again."))
    try:
        cells = Cells.from_json((folder / upload_id / CELLS).read_bytes())
    except (OSError, ValueError, TypeError, KeyError):  # pruned, or damaged on disk
        raise ImportFailed(_("The uploaded file is no longer there; upload it again.")) from None
    return cells.table(header_row)


def forget_upload(upload_id: str, folder: Path) -> None:
    if _UPLOAD_ID.match(upload_id or ""):
        shutil.rmtree(folder / upload_id, ignore_errors=True)


def prune_uploads(folder: Path, now: float | None = None) -> None:
    """Drop uploads never imported: those older than a day, then the oldest beyond the count
    and size the folder may hold (data/limits.py)."""
    now = time.time() if now is None else now
    kept = []
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        try:
            age = path.stat().st_mtime
            size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        except OSError:
            continue
        if now - age > UPLOAD_HOURS * 3600:
            shutil.rmtree(path, ignore_errors=True)
        else:
            kept.append((age, size, path))
    kept.sort(reverse=True)  # newest first
    total = 0
    for n, (_age, size, path) in enumerate(kept):
        total += size
        if n >= UPLOADS_KEPT - 1 or total > UPLOADS_BYTES:  # room for the one coming in
            shutil.rmtree(path, ignore_errors=True)


def guess(columns: list[str]) -> dict[str, str | list[str] | None]:
    """A first choice for each dropdown, by the names official exports use."""
    from data.importers.names import fold

    folded = {fold(c).replace(" ", "_"): c for c in columns}
    found: dict[str, str | list[str] | None] = {}
    for role, names in GUESSES.items():
        hit = next((folded[n] for n in names if n in folded), None)
        found[role] = [hit] if role == "counts" and hit else ([] if role == "counts" else hit)
    if found["counts"] and found["value"]:
        found["value"] = None  # a count with a population is better than a ready rate
    return found


def check(sheet: Sheet, mapping: ObservationMapping, raw: Path) -> Report:
    """The report of the import, with nothing written."""
    with _no_traceback(sheet.name):
        return import_observations(sheet, mapping, raw, dry_run=True)


def confirm(
    sheet: Sheet, mapping: ObservationMapping, raw: Path, processed: Path
) -> tuple[Report, BuildResult | None]:
    """Import into a copy of `raw`, build it into `processed`, then swap the copy in."""
    with (
        _no_traceback(sheet.name),
        locked(raw),
        tempfile.TemporaryDirectory(prefix="observatory-wizard-") as tmp,
    ):
        copy = Path(tmp) / "raw"
        if raw.is_dir():
            shutil.copytree(raw, copy)
        report = import_observations(sheet, mapping, copy)
        if not report.ok or not report.written:
            return report, None
        result = build(copy, processed)
        if not result.ok:
            report.build_problems = summarise(result.errors)
            report.written = False
            report.failed = _("the build refused the result; the served data is unchanged.")
            return report, result
        with replace_dir(raw) as staging:
            for item in copy.iterdir():
                if item.is_file():
                    shutil.copy2(item, staging / item.name)
        report.raw = str(raw)
        return report, result


@contextmanager
def _no_traceback(name: str) -> Iterator[None]:
    """A page answers with a message, never a server error: a failure the importer did not
    foresee is logged for the maintainers and told to the admin; nothing was written (the
    import works on a copy, and the folders are swapped only at the end)."""
    try:
        yield
    except ImportFailed:
        raise
    except Exception:
        log.exception("import of %s failed", name)
        raise ImportFailed(
            _(
                "The import of {file} stopped on an unexpected problem; nothing was changed. "
                "The server log has the details for the maintainers.",
                file=name,
            )
        ) from None
