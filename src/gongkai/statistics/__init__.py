"""Statistics of applications and review cases: tables 三 and 四 of the annual report, by database aggregation."""
