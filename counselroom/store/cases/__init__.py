"""个案 and 辅导记录 in the care store, and the full-text search over them."""
