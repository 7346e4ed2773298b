"""Dialogs and table models of the 预警 page."""
