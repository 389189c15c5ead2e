"""Models of the measures app."""
