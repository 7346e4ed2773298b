"""Screening entry and the platform import dialog."""
