"""Signing in and staying safe: first run, login, recovery, lock screen, idle watch, privacy screen, accounts."""
