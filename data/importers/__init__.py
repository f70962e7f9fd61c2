"""Bringing official tables into a raw data folder: `observatory import` and the upload wizard.

An import reads a foreign file (any delimiter or encoding, or Excel), maps its columns onto the
data model, matches its places to cities, and writes the raw CSV tables in one atomic step. It
accounts for every row it read, in a report that the CLI prints and the wizard shows. The build
(`data/pipeline`) stays the only way from raw to processed data.
"""
