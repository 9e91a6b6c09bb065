"""Accounts: logins and their throttling, passwords, idle sessions, and the audit log of who did what to whom."""
