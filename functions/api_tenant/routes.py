"""Tenant settings and the webhook signing secret."""

from autonomos.http import Api
from autonomos.runtime import runtime
from autonomos.schemas.tenant import TenantSettingsOut, TenantSettingsUpdate, WebhookSecret
from autonomos.tenancy import TenantContext

api = Api(__name__, tag="tenant")


@api.get("/api/v1/tenant/settings")
def get_settings(ctx: TenantContext) -> TenantSettingsOut:
    """The tenant's settings (provider keys are reported as set or not, never returned)."""
    return runtime().tenant_settings.view(ctx)


@api.put("/api/v1/tenant/settings", responses={404: "An unknown agent in `agents`"})
def update_settings(ctx: TenantContext, body: TenantSettingsUpdate) -> TenantSettingsOut:
    """Change settings (admin; quotas: owner)."""
    return runtime().tenant_settings.update(ctx, body)


@api.get("/api/v1/tenant/webhook-secret")
def webhook_secret(ctx: TenantContext) -> WebhookSecret:
    """The secret that signs this tenant's callbacks (admin)."""
    return runtime().tenant_settings.webhook_secret(ctx)
