"""Template tags of the web project."""
