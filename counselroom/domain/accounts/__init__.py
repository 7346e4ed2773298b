"""Rules of accounts: password and sign-in policy, the printed recovery key."""
