"""Data access. Each repository works inside a session the caller opened for one tenant."""
