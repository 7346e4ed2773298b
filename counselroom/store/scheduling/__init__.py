"""Appointments and the waitlist."""
