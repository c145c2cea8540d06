"""Sign-up and login."""

from autonomos.http import Api
from autonomos.runtime import runtime
from autonomos.schemas.auth import LoginRequest, RegisterRequest, RegisterResponse, TokenResponse
from autonomos.schemas.forms import PasswordForm

api = Api(__name__, tag="auth")


@api.post("/api/v1/auth/register", status=201)
def register(body: RegisterRequest) -> RegisterResponse:
    """Create an organisation and its owner; returns an access token."""
    return runtime().auth.register(body)


@api.post("/api/v1/auth/login")
def login(body: LoginRequest) -> TokenResponse:
    """Exchange e-mail and password for an access token."""
    return runtime().auth.login(body)


@api.post("/token")
def token(form: PasswordForm) -> TokenResponse:
    """OAuth2 password form login (for Swagger's Authorize button)."""
    return runtime().auth.login(LoginRequest(email=form.username, password=form.password))
