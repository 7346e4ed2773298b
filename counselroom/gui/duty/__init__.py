"""The month grid, models and dialogs of the 值班 page."""
