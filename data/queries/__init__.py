"""Typed queries, one module per view: a view's state class and the frames it shows.

Pages, embeds and CSV downloads call the same functions, so the CSV is the chart's data.
"""
