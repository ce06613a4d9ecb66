"""One module a screen. Every screen is rebuilt when a citizen session ends."""
