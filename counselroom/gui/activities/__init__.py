"""The 活动 page's widgets (issue #12)."""
