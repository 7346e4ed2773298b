"""个案 and 辅导记录 (issue #10): cases, notes from templates, signing, supervision."""
