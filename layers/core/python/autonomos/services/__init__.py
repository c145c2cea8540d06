"""Use cases. Each takes a :class:`~autonomos.tenancy.TenantContext` (or none, for sign-up
and login) and returns the contract's response models."""
