"""The warning list, proposals, mentors, plans, 心理委员 and their reports."""
