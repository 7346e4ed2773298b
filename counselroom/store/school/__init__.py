"""The school row, terms, classes and grades, staff, rooms, opening hours and the school's own days."""
