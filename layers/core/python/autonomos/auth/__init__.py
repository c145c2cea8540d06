"""Passwords (Argon2id) and access tokens (JWT HS256)."""

from autonomos.auth.passwords import PasswordHasher
from autonomos.auth.tokens import TokenService

__all__ = ["PasswordHasher", "TokenService"]
