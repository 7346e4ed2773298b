"""Students, guardians, flags and timeline events; what a 名单 (enrolment) import reads and writes."""
