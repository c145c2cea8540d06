"""Sign-up and login."""

from autonomos.http import Api, RawRequest
from autonomos.runtime import runtime
from autonomos.schemas.auth import LoginRequest, RegisterRequest, RegisterResponse, TokenResponse
from autonomos.schemas.forms import PasswordForm

api = Api(__name__, tag="auth")


@api.post("/api/v1/auth/register", status=201, responses={409: "The e-mail is taken"})
def register(body: RegisterRequest) -> RegisterResponse:
    """Create an organisation and its owner; returns an access token."""
    return runtime().auth.register(body)


@api.post("/api/v1/auth/login", responses={401: "Wrong e-mail or password"})
def login(body: LoginRequest, request: RawRequest) -> TokenResponse:
    """Exchange e-mail and password for an access token (429 after too many attempts for
    the e-mail or from the client address)."""
    return runtime().auth.login(body, request.source_ip)


@api.post("/token", responses={401: "Wrong e-mail or password"})
def token(form: PasswordForm, request: RawRequest) -> TokenResponse:
    """OAuth2 password form login (for Swagger's Authorize button)."""
    login = LoginRequest(email=form.username, password=form.password)
    return runtime().auth.login(login, request.source_ip)
