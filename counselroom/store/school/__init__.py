"""The school row, terms, rooms, opening hours and the school's own days."""
