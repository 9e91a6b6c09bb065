"""The annual report: formats as data, model, cross-check rules, readers and writers (pure, no Django)."""
