"""Agencies (governments and their departments) and the people who work in them, with their roles."""
