"""Pure rules of the counseling room: records, roles, scoring, state machines. No I/O, no Qt."""
