"""The DCL as a tenant service: sources, mappings and review, the mapping memory, versioned
publishes in the data bucket under a fenced per-tenant lock, and the read views."""
