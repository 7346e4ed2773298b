"""预约: kinds, statuses and the conflict rules of a booking."""
