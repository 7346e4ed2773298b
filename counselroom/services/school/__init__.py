"""School set-up: the school's facts, classes and staff, 学年学期, rooms and opening hours, hotlines."""
