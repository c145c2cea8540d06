"""Outbound HTTP safety: which URLs the platform may call on a tenant's behalf."""

from autonomos.net.url_policy import UrlPolicy, UrlRefused

__all__ = ["UrlPolicy", "UrlRefused"]
