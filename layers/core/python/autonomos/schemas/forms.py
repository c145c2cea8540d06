"""Form-encoded bodies."""

from pydantic import BaseModel, ConfigDict, Field


class PasswordForm(BaseModel):
    """OAuth2 password grant form (``username`` is the e-mail)."""

    model_config = ConfigDict(extra="ignore")

    username: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=256)
    grant_type: str | None = None
