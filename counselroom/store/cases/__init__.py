"""个案 and 辅导记录 in the care store (issue #10)."""
