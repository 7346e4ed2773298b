"""三级预警 levels and reasons, and the key groups to cover with 成长导师."""
