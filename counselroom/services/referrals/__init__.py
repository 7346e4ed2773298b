"""转介 and 随访 (issue #11): referrals to hospitals, leave and return, follow-ups."""
