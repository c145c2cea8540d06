"""The LLM paths of connect (real SDKs against the local fake provider), a crash between
build and switch, and a SQL source — all against the real local services."""

import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text

from autonomos.config import Settings
from autonomos.faults import InjectedFault
from autonomos.runtime import build_runtime
from autonomos.schemas.dcl import ConnectRequest
from autonomos.tenancy import TenantContext
from tests.fakes.llm_server import FakeLlmServer
from tests.support.api import Account, register
from tests.support.dcl import connect, upload
from tests.support.services import RunningStack

CRM = (
    b"cust_ref,cust_label,seg_code,yrly_amt\n"
    b"K1,Acme,retail,1200\nK2,Beta,energy,3400\nK3,Gamma,retail,560\n"
)


@pytest.fixture
def fake_llm() -> Iterator[FakeLlmServer]:
    with FakeLlmServer() as server:
        yield server


def _use_llm(api: httpx.Client, account: Account, server: FakeLlmServer, provider: str) -> None:
    base = server.base_url_openai if provider == "openai" else server.base_url_gemini
    llm = {
        "provider": provider,
        "model": f"{provider}-test-model",
        f"{provider}_api_key": "sk-tenant-key",
        f"{provider}_base_url": base,
    }
    response = api.put("/api/v1/tenant/settings", headers=account.headers, json={"llm": llm})
    assert response.status_code == 200, response.text
    assert response.json()["llm"][f"{provider}_api_key_set"] is True
    assert "sk-tenant-key" not in response.text


def _llm_tenant(api: httpx.Client, server: FakeLlmServer, provider: str) -> tuple[Account, str]:
    account = register(api)
    _use_llm(api, account, server, provider)
    source = upload(api, account, {"ledger.csv": CRM}).json()
    import time

    time.sleep(5.5)  # the worker's tenant-settings cache
    return account, source["key"]


@pytest.mark.parametrize("provider", ["openai", "gemini"])
def test_good_answer_maps_with_the_llm(
    api: httpx.Client, fake_llm: FakeLlmServer, provider: str
) -> None:
    account, key = _llm_tenant(api, fake_llm, provider)
    result = connect(api, account, [key], [], mode="llm")["result"]
    assert result["llm_calls"] >= 1 and result["llm_tokens"] > 0
    asked = [r for r in fake_llm.requests if r.provider == provider]
    assert asked and asked[0].model == f"{provider}-test-model"
    assert asked[0].api_key == "sk-tenant-key"
    assert "cust_label" in asked[0].prompt_text
    assert "inferred_type" in asked[0].prompt_text  # the column profile is in the prompt
    methods = {
        m["method"]
        for m in api.get(
            "/api/v1/dcl/mappings", params={"limit": 200}, headers=account.headers
        ).json()["items"]
    }
    assert "llm" in methods
    state = api.get("/api/v1/dcl/state", headers=account.headers).json()
    assert state["llm"]["calls"] == result["llm_calls"]


@pytest.mark.parametrize("mode", ["malformed", "invalid", "slow", "error500", "error429"])
def test_bad_llm_answers_fall_back_to_heuristics(
    api: httpx.Client, fake_llm: FakeLlmServer, mode: str
) -> None:
    account, key = _llm_tenant(api, fake_llm, "openai")
    fake_llm.mode = mode
    fake_llm.slow_seconds = 5  # longer than the stack's 2 s LLM timeout
    done = connect(api, account, [key], [], mode="llm")
    assert fake_llm.requests, "the provider was never asked"
    rows = api.get("/api/v1/dcl/mappings", params={"limit": 200}, headers=account.headers).json()[
        "items"
    ]
    assert rows and {m["method"] for m in rows} <= {"heuristic"}
    events = api.get("/api/v1/dcl/state", headers=account.headers).json()["events"]
    assert any("llm" in e["message"].lower() for e in events)
    assert done["result"]["llm_calls"] == 0


def test_llm_mode_without_a_key_says_so(api: httpx.Client) -> None:
    account = register(api)
    key = upload(api, account, {"ledger.csv": CRM}).json()["key"]
    connect(api, account, [key], [], mode="llm")
    events = api.get("/api/v1/dcl/state", headers=account.headers).json()["events"]
    assert any("no provider key" in e["message"] for e in events)


def test_memory_saves_llm_calls(api: httpx.Client, fake_llm: FakeLlmServer) -> None:
    account, key = _llm_tenant(api, fake_llm, "openai")
    first = connect(api, account, [key], [], mode="llm")["result"]
    for row in api.get(
        "/api/v1/dcl/mappings", params={"limit": 200}, headers=account.headers
    ).json()["items"]:
        if row["status"] != "approved":
            api.post(f"/api/v1/dcl/mappings/{row['id']}/approve", headers=account.headers)
    again = upload(api, account, {"ledger_copy.csv": CRM}).json()["key"]
    second = connect(api, account, [again], [], mode="llm")["result"]
    assert second["hits"] >= 1
    assert second["llm_calls"] < first["llm_calls"] or second["llm_calls"] == 0


@pytest.fixture
def inprocess(stack: RunningStack, admin_database_url: str, redis_server_url: str):  # type: ignore[no-untyped-def]
    """A runtime in this process on the stack's database, Redis and emulator, with its own
    data bucket, so a fault can be injected in the publish path."""
    bucket = f"faults-{uuid.uuid4().hex[:10]}"
    stack.s3().create_bucket(Bucket=bucket)
    base = stack.settings.model_dump(by_alias=True)
    base.update({"DATA_BUCKET": bucket, "AWS_ENDPOINT_URL": stack.emulator_url})

    def make(faults: str = "") -> object:
        settings = Settings.model_validate({**base, "FAULT_INJECTION": faults})
        return build_runtime(settings)

    return make


def test_crash_between_build_and_switch_keeps_the_old_version(
    api: httpx.Client, inprocess, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import os

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, os.environ.get(name, "test"))
    account = register(api)
    ctx = TenantContext.system(uuid.UUID(account.tenant_id))
    healthy = inprocess()
    request = ConnectRequest(sources=["salesforce", "hubspot"], agents=[])
    first = healthy.dcl_pipeline.connect(ctx, request, lambda *a: None)
    assert first["version"] == 1
    more = ConnectRequest(sources=["salesforce", "hubspot", "dynamics"], agents=[])
    from autonomos import config

    crashing = inprocess("dcl.after_build")
    config.configure(crashing.settings)
    try:
        with pytest.raises(InjectedFault):
            crashing.dcl_pipeline.connect(ctx, more, lambda *a: None)
    finally:
        config.configure(None)
    state = api.get("/api/v1/dcl/state", headers=account.headers).json()
    assert state["version"] == 1
    versions = api.get("/api/v1/dcl/versions", headers=account.headers).json()["items"]
    assert [v["version"] for v in versions] == [1]
    preview = healthy.dcl.preview(ctx, "opportunity", 500)
    systems = {r[preview.columns.index("_source_system")] for r in preview.rows}
    assert "dynamics" not in systems  # readers still see the complete old version
    after = healthy.dcl_pipeline.connect(ctx, more, lambda *a: None)
    assert after["version"] == 2


def test_sql_source(api: httpx.Client, admin_database_url: str) -> None:
    engine = create_engine(admin_database_url)
    if not engine.url.host:  # the embedded server listens on a Unix socket only
        engine.dispose()
        pytest.skip("SQL sources refuse Unix-socket URLs: set DATABASE_URL to a TCP server")
    schema = f"crm_{uuid.uuid4().hex[:8]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(
            text(
                f'CREATE TABLE "{schema}".customers (customer_id text, '
                "customer_name text, annual_revenue numeric, industry text)"
            )
        )
        conn.execute(
            text(
                f'INSERT INTO "{schema}".customers VALUES '
                "('c1', 'Acme', 1000, 'Retail'), ('c2', 'Beta', 2000, 'Energy')"
            )
        )
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO autonomos_app'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO autonomos_app'))
    try:
        account = register(api)
        url = str(
            engine.url.set(
                drivername="postgresql", username="autonomos_app", password="autonomos_app"
            ).render_as_string(hide_password=False)
        )
        created = api.post(
            "/api/v1/dcl/sources",
            headers=account.headers,
            json={"kind": "sql", "url": url, "schema": schema, "name": "Warehouse"},
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["kind"] == "sql" and body["tables"][0]["row_count"] == 2
        assert "autonomos_app@" not in created.text and "password" not in created.text
        listed = api.get("/api/v1/dcl/sources", headers=account.headers).text
        assert url not in listed
        connect(api, account, [body["key"]], [])
        preview = api.get(
            "/api/v1/dcl/preview", params={"view": "account"}, headers=account.headers
        ).json()
        assert len(preview["rows"]) == 2
        refused = api.post(
            "/api/v1/dcl/sources",
            headers=account.headers,
            json={"kind": "sql", "url": "postgresql://u:p@10.0.0.5/db"},
        )
        assert refused.status_code == 400
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_errors_of_the_engine_keep_their_status(api: httpx.Client) -> None:
    account = register(api)
    response = api.put(
        "/api/v1/dcl/ontology",
        headers=account.headers,
        json={
            "entities": [
                {
                    "name": "thing",
                    "primary_key": "missing_key",
                    "fields": [{"name": "a", "type": "string"}],
                }
            ]
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_ontology"
