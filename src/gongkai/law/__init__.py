"""The law as code and data: working-day calendar, deadlines, fees, outcome taxonomy (pure, no Django)."""
