"""Students: search, the 一生一档 file and its timeline, and the 名单 (enrolment) import."""
