"""Raw CSV folder -> validated, derived Parquet tables, swapped into place atomically."""
