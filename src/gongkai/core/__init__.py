"""What every Django app of gongkai shares: the append-only log, the read-only admin, the system's calendar."""
