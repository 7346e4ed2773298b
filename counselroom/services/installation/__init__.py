"""Checks of an installation itself (issue #15): no school data involved."""
