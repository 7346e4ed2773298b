"""Prints: the data each printout needs, building it, writing it, and the audit of every print."""
