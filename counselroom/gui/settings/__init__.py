"""Dialogs of the 设置 page: rooms, classes and staff."""
