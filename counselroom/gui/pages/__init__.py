"""The sidebar's pages."""
