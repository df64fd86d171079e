"""OS services behind small interfaces, each with real backends, a fake and a no-op fallback."""
