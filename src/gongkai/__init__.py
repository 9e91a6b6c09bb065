"""gongkai (公开): government information disclosure work, end to end."""

__version__ = "0.1.0"
