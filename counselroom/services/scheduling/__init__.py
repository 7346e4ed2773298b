"""Scheduling (预约): booking, the week and day views, the waitlist, calendar export."""
