"""The supervising office's view (政务公开办): which of its agencies have published their annual reports."""
