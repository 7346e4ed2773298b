"""转介 and 随访 (issue #11): care store repositories."""
