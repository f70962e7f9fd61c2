"""The data side of the observatory: model, pipeline, demo generator and the data-access layer."""
