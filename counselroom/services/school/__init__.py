"""School set-up: the school's facts, classes and staff, 学年学期, rooms and opening hours, hotlines,
the policy profile (政策依据) and the school's form of class names."""
