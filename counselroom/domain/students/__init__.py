"""Students' statuses and flags, pinyin search, and the rules of a 名单 (enrolment) sheet."""
