"""The week calendar and the dialogs of the 预约 page."""
