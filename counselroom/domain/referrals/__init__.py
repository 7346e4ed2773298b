"""转介 and 随访 (issue #11): the partner hospitals and agencies, who may work a referral, and the
referral's state machine with its due dates."""
