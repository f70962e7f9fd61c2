"""Each table of a build as an Arrow IPC file, beside its Parquet file, for the app to map.

Parquet is compressed: every gunicorn worker that read it held its own decoded copy of every
table (the observations were most of a worker's memory). An uncompressed Arrow file is
memory-mapped instead, and its text and decimal columns become pandas columns over the mapped
pages without a copy: the operating system keeps one copy of them in its page cache for every
worker of the host, and a worker holds alone only what pandas cannot take as it lies (nullable
integers, true/false columns, indexes) and what it computes. docs/deployment.md says how each
worker's memory is counted.

The frames read here equal what `pd.read_parquet` gives for the Parquet file (tested): texts
are stored as `large_string` (pandas' own string storage, so nothing is converted) and decimal
columns with NaN for "not known", as pandas holds them, rather than as Arrow nulls (which pandas
would have to copy into NaN). A build is never changed once written (data/builds.py), so a
mapped file never changes under a worker; a removed old build's pages stay readable until the
last worker drops it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

SUFFIX = ".arrow"

# pandas' default string dtype over Arrow storage: how it reads Parquet's strings itself.
STRINGS = {t: pd.StringDtype("pyarrow", na_value=np.nan) for t in (pa.string(), pa.large_string())}


def write(frame: pd.DataFrame, path: Path) -> None:
    """`frame` as one uncompressed record batch per column chunk, ready to be mapped."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_string(field.type):
            column = column.cast(pa.large_string())
        elif frame[field.name].dtype.kind == "f":  # NaN kept as a value: no mask to copy
            column = pa.chunked_array([pa.array(frame[field.name].to_numpy(), from_pandas=False)])
        columns.append(column)
    pandas_metadata = table.schema.metadata  # dtypes pandas restores (Int64, datetimes)
    table = pa.Table.from_arrays(columns, names=table.column_names)
    table = table.replace_schema_metadata(pandas_metadata).combine_chunks()
    with ipc.new_file(path, table.schema) as writer:
        writer.write_table(table)


def read(path: Path) -> pd.DataFrame:
    """The table in `path`, its columns over the mapped file wherever pandas allows."""
    table = ipc.open_file(pa.memory_map(str(path), "r")).read_all()
    # split_blocks: one block per column, so that pandas does not copy same-typed columns into
    # one two-dimensional block
    frame = table.to_pandas(split_blocks=True, types_mapper=STRINGS.get)
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.Int64Dtype):
            frame[name] = _whole_numbers(table[name], frame[name])
    return frame


def _whole_numbers(column: pa.ChunkedArray, read: pd.Series) -> pd.Series:
    """A nullable whole-number column over the mapped numbers: pandas copies them (years and
    populations of every observation, 70 MB a worker at 20,000 cities); only the mask of gaps,
    a byte a row, is the worker's own."""
    if column.num_chunks != 1 or column.type != pa.int64():
        return read
    array = column.chunk(0)
    numbers = np.frombuffer(array.buffers()[1], dtype=np.int64, count=len(array) + array.offset)
    gaps = array.is_null().to_numpy(zero_copy_only=False)
    values = pd.arrays.IntegerArray(numbers[array.offset :], gaps, copy=False)
    return pd.Series(values, index=read.index, name=read.name, copy=False)
