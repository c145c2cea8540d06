"""Swagger UI and ReDoc pages. Their assets come from npm and are served from the dashboard
bucket under ``/vendor/`` (no CDN)."""

from html import escape


def swagger_page(spec_url: str) -> str:
    url = escape(spec_url, quote=True)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AutonomOS API — Swagger UI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/vendor/swagger-ui/init.js" data-spec-url="{url}"></script>
</body></html>"""


def redoc_page(spec_url: str) -> str:
    url = escape(spec_url, quote=True)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AutonomOS API — ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="{url}"></redoc>
<script src="/vendor/redoc/redoc.standalone.js"></script>
</body></html>"""
