"""Activities (issue #12): talks and home visits (care store), and their counts in the school store."""
