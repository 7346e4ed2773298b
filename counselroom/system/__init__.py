"""Where things live, the OS keyring, the clock."""
