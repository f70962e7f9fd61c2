"""Pure figure builders: DataFrame in, `go.Figure` out. No Dash, no data loading."""
