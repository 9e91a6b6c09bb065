"""Every report judged (年报体检): on time, the right format, complete, consistent, continuous with last
year, not copied, with a concrete problems section — a score with the reasons (pure, no Django)."""
