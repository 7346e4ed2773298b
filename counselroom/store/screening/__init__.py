"""Screening batches, results and saved column mappings."""
