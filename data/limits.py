"""How much the observatory reads from one input, in one place.

No real official export comes near these limits (the largest public table we import is a few
MB); a file made to hurt reaches them at once. Each limit answers with a message that names it,
so a coordinator learns what to change instead of waiting for a worker that never answers.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20

MAX_CELL_CHARS = 32_767  # the most a spreadsheet cell holds (Excel's own limit)
MAX_WHOLE_NUMBER = 2**53  # beyond this a whole number (a population) is no longer kept exactly
MAX_RAW_FILE_BYTES = 2048 * MIB  # one raw CSV read by `observatory build`


@dataclass(frozen=True)
class ReadLimits:
    """What one import may read. The web wizard reads less than the command line: its answer
    must arrive well before the server's request timeout (gunicorn's default is 30 s)."""

    file_bytes: int
    unzipped_bytes: int  # an .xlsx is a zip archive: what it unpacks to
    cells: int  # cells read, counting the empty ones a sparse sheet pads rows with (and empty
    # rows as one each)
    seconds: float


COMMAND_LINE = ReadLimits(
    file_bytes=256 * MIB, unzipped_bytes=256 * MIB, cells=5_000_000, seconds=600
)
WIZARD = ReadLimits(file_bytes=10 * MIB, unzipped_bytes=32 * MIB, cells=1_000_000, seconds=20)

# The wizard keeps each upload until it is imported; the ones never confirmed are dropped after
# a day, and never more than this many (the oldest go first) or this many bytes are kept.
UPLOAD_HOURS = 24
UPLOADS_KEPT = 20
UPLOADS_BYTES = 512 * MIB
