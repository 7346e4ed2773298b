"""The demo school generator, above services: the same data for a seed, written through the store and services."""
