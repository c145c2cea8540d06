"""Auth and users."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

RoleName = Literal["owner", "admin", "member"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RegisterRequest(_Strict):
    organization: str = Field(min_length=1, max_length=200)
    email: EmailStr
    password: str = Field(min_length=8, max_length=256)
    name: str | None = Field(None, max_length=200)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class LoginRequest(_Strict):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class TenantOut(BaseModel):
    id: uuid.UUID
    name: str


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str | None = None
    role: RoleName
    is_active: bool = True


class MeResponse(UserOut):
    tenant: TenantOut


class RegisterResponse(BaseModel):
    tenant: TenantOut
    user: UserOut
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class CreateUserRequest(_Strict):
    email: EmailStr
    password: str = Field(min_length=8, max_length=256)
    role: RoleName = "member"
    name: str | None = Field(None, max_length=200)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class UpdateUserRequest(_Strict):
    role: RoleName | None = None
    is_active: bool | None = None


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None = None
