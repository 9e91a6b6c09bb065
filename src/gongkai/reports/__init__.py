"""The annual report in the web system: per agency and year, drafted, checked, approved, published."""
