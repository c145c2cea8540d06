"""Encryption at rest for tenant secrets (provider keys, database passwords): Fernet with a
key from configuration. Ciphertexts never leave the server; the API reports only whether a
secret is set."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class SecretBox:
    def __init__(self, key_material: str) -> None:
        if len(key_material) < 32:
            raise ValueError("the data encryption key must be at least 32 characters")
        digest = hashlib.sha256(key_material.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, token: str) -> str:
        """The plaintext; ``ValueError`` when the token was not sealed with this key."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("secret cannot be decrypted with the configured key") from exc
