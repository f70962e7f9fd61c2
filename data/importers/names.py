"""Place names as official tables write them, folded so that spellings of one place compare equal.

"Bogotá, D.c.", "BOGOTA D.C." and "Bogotá" share a key; "Santiago de Cali" also answers to
"Cali". Keys only decide what is compared: names shown in the app keep their accents and case.
"""

from __future__ import annotations

import re
import unicodedata

# "Santiago de Cali" -> "cali", "San José de Cúcuta" -> "cucuta", "Heroica Puebla de Zaragoza"
# -> "puebla de zaragoza": ceremonial prefixes that official names carry and everyday names drop.
_PREFIX = re.compile(
    r"^(?:santiago|san [a-z]+|santa [a-z]+|ciudad|villa|municipio|distrito|heroica(?: ciudad)?"
    r"|h) de (?:(?:los|las|la|el) )?"
)
_HEROICA = re.compile(r"^(?:heroica|h)(?: ciudad de)? ")

# Rows that stand for "somewhere unknown" or "abroad" in official tables, never for a city.
PLACEHOLDERS = frozenset(
    {
        "no especificado",
        "no especificada",
        "sin especificar",
        "sin informacion",
        "sin dato",
        "desconocido",
        "no identificado",
        "no aplica",
        "otros",
        "otro",
        "extranjero",
        "otros paises",
        "unknown",
        "not specified",
        "not stated",
        "abroad",
        "other",
        "others",
        "total",
        "inconnu",
        "non precise",
        "etranger",
        "autres",
    }
)


def fold(text: str) -> str:
    """Lowercase ASCII words: accents, case and punctuation removed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.casefold()).strip()


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def name_keys(name: str) -> tuple[str, tuple[str, ...]]:
    """The folded name, and looser variants: qualifiers after a comma or in brackets removed,
    ceremonial prefixes removed. Variants are only tried when the folded names match nothing."""
    full = fold(name)
    variants: list[str] = []
    for part in (name.split(",")[0], re.sub(r"\(.*?\)", " ", name)):
        variants.append(fold(part))
    for key in [*variants, full]:
        variants.append(_PREFIX.sub("", key))
        variants.append(_HEROICA.sub("", key))
    return full, tuple(dict.fromkeys(v for v in variants if v and v != full))


def same_area(a: str, b: str) -> bool:
    """Two admin-area names that may well be the same ('Bogotá, D.c.' and 'Bogotá D.C.');
    an empty name is compatible with anything."""
    if not a.strip() or not b.strip():
        return True
    full_a, loose_a = name_keys(a)
    full_b, loose_b = name_keys(b)
    return bool({full_a, *loose_a} & {full_b, *loose_b})


def is_placeholder(name: str) -> bool:
    return fold(name) in PLACEHOLDERS


def normal_code(code: str) -> str:
    """Official codes compare without spaces and leading zeros: Excel turns '05001' into 5001."""
    compact = re.sub(r"\s+", "", code)
    if compact.endswith(".0") and compact[:-2].isdigit():  # a code Excel stored as a number
        compact = compact[:-2]
    if compact.isdigit():
        return compact.lstrip("0") or "0"
    return compact.upper()


# Words that Spanish and Portuguese names write in lower case inside a name ("Cartagena de
# Indias", "San Juan del Río"); a file that title-cased every word ("Cartagena De Indias") lost it.
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "da", "do", "dos", "das"})
_ABBREVIATION = re.compile(r"^(?:[A-Za-z]\.)+,?$")  # "D.c." -> "D.C."


def official_spelling(name: str) -> str:
    """The name as the place writes it when a file title-cased it by machine: particles inside
    the name in lower case, abbreviations in capitals ("Bogotá, D.c." -> "Bogotá, D.C.").
    A name without such traces is returned as it is."""
    words = name.split(" ")
    out = []
    for i, word in enumerate(words):
        if _ABBREVIATION.match(word):
            out.append(word.upper())
        elif i > 0 and word.lower() in _PARTICLES and word[:1].isupper() and word[1:].islower():
            out.append(word.lower())
        else:
            out.append(word)
    return " ".join(out)
