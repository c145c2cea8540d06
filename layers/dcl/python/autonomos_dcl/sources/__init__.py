"""Source readers: bundled demo systems, uploaded files, SQL databases, catalogue."""
