"""The DCL through the gateway and the worker: connect, publish, review, memory, views,
uploads and tenant isolation."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.support.api import Account, events, register, submit, wait_task
from tests.support.dcl import DEMO_SOURCES, connect, upload


@pytest.fixture(scope="module")
def connected(stack: object, api: httpx.Client) -> Account:
    account = register(api, "DCL Co")
    connect(api, account)
    return account


@pytest.fixture(scope="module")
def api(stack: object) -> httpx.Client:  # type: ignore[override]
    from tests.support.services import RunningStack

    assert isinstance(stack, RunningStack)
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        yield client  # type: ignore[misc]


def test_catalog_lists_demo_sources(api: httpx.Client, connected: Account) -> None:
    items = api.get("/api/v1/dcl/sources", headers=connected.headers).json()["items"]
    keys = {s["key"] for s in items if s["kind"] == "demo"}
    assert keys == set(DEMO_SOURCES)
    salesforce = next(s for s in items if s["key"] == "salesforce")
    assert {t["name"] for t in salesforce["tables"]} == {"Account", "Opportunity"}
    assert all(t["row_count"] > 0 and t["columns"] for t in salesforce["tables"])


def test_unified_entities_hold_the_rows_of_every_mapped_source(
    api: httpx.Client, connected: Account
) -> None:
    state = api.get("/api/v1/dcl/state", headers=connected.headers).json()
    versions = api.get("/api/v1/dcl/versions", headers=connected.headers).json()["items"]
    current = next(v for v in versions if v["current"])
    assert current["version"] == state["version"]
    ontology = api.get("/api/v1/dcl/ontology", headers=connected.headers).json()
    catalog = {
        s["key"]: {t["name"]: t["row_count"] for t in s["tables"]}
        for s in api.get("/api/v1/dcl/sources", headers=connected.headers).json()["items"]
    }
    for entity in ontology["entities"]:
        feeding = [m for m in entity["source_mappings"] if m["feeds_rows"]]
        expected = sum(catalog[m["source_key"]][m["source_table"]] for m in feeding)
        assert current["row_counts"].get(f"entity_{entity['name']}", 0) == expected, entity["name"]
        systems = {m["source_system"] for m in feeding}
        if entity["name"] in ("account", "opportunity"):
            assert len(systems) >= 2  # a union across CRMs, not one source
    preview = api.get(
        "/api/v1/dcl/preview",
        params={"view": "opportunity", "limit": 500},
        headers=connected.headers,
    ).json()
    systems = {row[preview["columns"].index("_source_system")] for row in preview["rows"]}
    assert len(systems) >= 2


def test_state_graph_and_etag(api: httpx.Client, connected: Account) -> None:
    first = api.get("/api/v1/dcl/state", headers=connected.headers)
    body = first.json()
    layers = {n["type"]: n["layer"] for n in body["graph"]["nodes"]}
    assert layers == {"source_parent": 0, "source": 1, "ontology": 2, "agent": 3}
    kinds = {e["edge_type"] for e in body["graph"]["edges"]}
    assert kinds == {"hierarchy", "dataflow"}
    mapped = [e for e in body["graph"]["edges"] if e.get("field_mappings")]
    assert mapped and all(0 <= fm["confidence"] <= 1 for e in mapped for fm in e["field_mappings"])
    assert 0 < body["confidence"] <= 1
    assert body["llm"] == {"calls": 0, "tokens": 0}
    assert any("heuristic" in e["message"] for e in body["events"])
    again = api.get(
        "/api/v1/dcl/state", headers={**connected.headers, "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


def test_connect_is_idempotent(api: httpx.Client, connected: Account) -> None:
    before = api.get("/api/v1/dcl/state", headers=connected.headers).json()
    mappings_before = api.get(
        "/api/v1/dcl/mappings", params={"limit": 200}, headers=connected.headers
    ).json()["items"]
    result = connect(api, connected)["result"]
    after = api.get("/api/v1/dcl/state", headers=connected.headers).json()
    assert result["reused"] is True and after["version"] == before["version"]
    assert after["graph"] == before["graph"]
    mappings_after = api.get(
        "/api/v1/dcl/mappings", params={"limit": 200}, headers=connected.headers
    ).json()["items"]

    def key(m: dict[str, str]) -> tuple[str, ...]:
        return (
            m["source_key"],
            m["source_table"],
            m["source_field"],
            m["ontology_field"],
            m["status"],
        )

    assert sorted(map(key, mappings_before)) == sorted(map(key, mappings_after))


def test_lineage_ontology_and_universe(api: httpx.Client, connected: Account) -> None:
    approved = api.get(
        "/api/v1/dcl/mappings",
        params={"status": "approved", "limit": 200},
        headers=connected.headers,
    ).json()["items"]
    chosen = next(m for m in approved if m["entity"] == "opportunity")
    found = api.get(
        "/api/v1/dcl/lineage", params={"q": chosen["ontology_field"]}, headers=connected.headers
    ).json()["items"]
    unified = next(f for f in found if f["unified_field"] == chosen["ontology_field"])
    assert (chosen["source_system"], chosen["source_table"], chosen["source_field"]) in {
        (s["system"], s["table"], s["column"]) for s in unified["sources"]
    }
    assert "revops_pilot" in unified["agents"]
    universe = api.get("/api/v1/dcl/universe", headers=connected.headers).json()
    source = next(s for s in universe["sources"] if s["key"] == chosen["source_key"])
    fields = {(t["name"], f["name"]): f for t in source["tables"] for f in t["fields"]}
    field = fields[(chosen["source_table"], chosen["source_field"])]
    targets = {m["ontology_field"] for m in field.get("mappings", [])}
    assert chosen["ontology_field"] in targets | {field.get("mapped_to")}


def test_review_approve_reject_and_edit_then_publish(api: httpx.Client) -> None:
    account = register(api)
    connect(api, account)
    proposed = api.get(
        "/api/v1/dcl/mappings", params={"status": "proposed"}, headers=account.headers
    ).json()["items"]
    assert len(proposed) >= 3
    approve, reject, edit = proposed[:3]
    ok = api.post(f"/api/v1/dcl/mappings/{approve['id']}/approve", headers=account.headers)
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    no = api.post(f"/api/v1/dcl/mappings/{reject['id']}/reject", headers=account.headers)
    assert no.json()["status"] == "rejected"
    edited = api.patch(
        f"/api/v1/dcl/mappings/{edit['id']}",
        headers=account.headers,
        json={"ontology_field": "account.industry"},
    )
    assert (
        edited.json()["method"] == "human" and edited.json()["ontology_field"] == "account.industry"
    )
    bad = api.patch(
        f"/api/v1/dcl/mappings/{edit['id']}",
        headers=account.headers,
        json={"ontology_field": "account.nope"},
    )
    assert bad.status_code == 400
    before = api.get("/api/v1/dcl/state", headers=account.headers).json()["version"]
    published = api.post("/api/v1/dcl/publish", headers=account.headers)
    assert published.status_code == 202
    done = wait_task(api, account, published.json()["id"], timeout=120)
    assert done["status"] == "success" and done["result"]["version"] == before + 1
    lineage = api.get(
        "/api/v1/dcl/lineage", params={"q": f"{approve['ontology_field']}"}, headers=account.headers
    ).json()["items"]
    columns = {(s["table"], s["column"]) for f in lineage for s in f["sources"]}
    assert (approve["source_table"], approve["source_field"]) in columns
    # a second connect keeps the people's decisions
    connect(api, account)
    statuses = {
        m["id"]: m["status"]
        for m in api.get(
            "/api/v1/dcl/mappings", params={"limit": 200}, headers=account.headers
        ).json()["items"]
    }
    assert statuses.get(reject["id"]) == "rejected"


def test_memory_reuse_changes_the_method(api: httpx.Client) -> None:
    account = register(api)
    crm = b"company_id,company_title,yearly_turnover_usd\nC1,Acme,1000\nC2,Beta,2000\n"
    source = upload(api, account, {"crm_accounts.csv": crm}, "First CRM").json()
    connect(api, account, [source["key"]], [])
    rows = api.get("/api/v1/dcl/mappings", params={"limit": 200}, headers=account.headers).json()[
        "items"
    ]
    title = next((m for m in rows if m["source_field"] == "company_title"), None)
    if title is None or title["ontology_field"] != "account.account_name":
        pending = next(m for m in rows if m["source_field"] == "company_title")
        api.patch(
            f"/api/v1/dcl/mappings/{pending['id']}",
            headers=account.headers,
            json={"ontology_field": "account.account_name"},
        )
    else:
        api.post(f"/api/v1/dcl/mappings/{title['id']}/approve", headers=account.headers)
    renamed = b"CompanyId,CompanyTitle,Country\nX1,Initech,US\nX2,Hooli,DE\n"
    second = upload(api, account, {"crm2_accounts.csv": renamed}, "Second CRM").json()
    result = connect(api, account, [source["key"], second["key"]], [])["result"]
    assert result["hits"] >= 1
    rows = api.get(
        "/api/v1/dcl/mappings",
        params={"source": second["key"], "limit": 200},
        headers=account.headers,
    ).json()["items"]
    reused = next(m for m in rows if m["source_field"] == "CompanyTitle")
    assert reused["method"] == "memory" and reused["ontology_field"] == "account.account_name"
    memory = api.get("/api/v1/dcl/state", headers=account.headers).json()["memory"]
    assert memory["llm_calls_saved"] >= 1 and memory["entries"] >= 1


@pytest.mark.parametrize(
    ("name", "body", "status"),
    [
        ("ragged.csv", b"a,b\n1,2,3,4\n", 400),
        ("broken.json", b'[{"a": 1}, {"a": ', 400),
        ("fake.parquet", b"PAR1 this is not parquet", 400),
        ("empty.csv", b"", 400),
        ("notes.txt", b"hello", 400),
    ],
)
def test_bad_uploads_are_rejected_naming_the_file(
    api: httpx.Client, connected: Account, name: str, body: bytes, status: int
) -> None:
    before = len(api.get("/api/v1/dcl/sources", headers=connected.headers).json()["items"])
    response = upload(api, connected, {name: body})
    assert response.status_code == status, response.text
    assert name in response.json()["error"]["message"]
    after = len(api.get("/api/v1/dcl/sources", headers=connected.headers).json()["items"])
    assert after == before


def test_upload_over_the_limit_is_413(api: httpx.Client, connected: Account) -> None:
    big = b"a,b\n" + b"1,2\n" * 3_000_000
    assert upload(api, connected, {"big.csv": big}).status_code == 413


def test_concurrent_connects_of_one_tenant_serialise(api: httpx.Client) -> None:
    account = register(api)

    def run(_: int) -> dict[str, object]:
        with httpx.Client(base_url=str(api.base_url), timeout=60) as client:
            return connect(client, account)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, range(2)))
    windows = []
    for done in results:
        history = events(api, account, done["id"])
        stages = [e for e in history if e["kind"] == "stage"]
        windows.append((stages[0]["at"], stages[-1]["at"]))
    windows.sort()
    assert windows[0][1] <= windows[1][0], windows  # one ran after the other


def test_two_tenants_connect_in_parallel(api: httpx.Client) -> None:
    a, b = register(api), register(api)
    ids = []
    for account in (a, b):
        response = api.post(
            "/api/v1/dcl/connect",
            headers=account.headers,
            json={"sources": DEMO_SOURCES, "agents": []},
        )
        ids.append((account, response.json()["id"]))
    windows = []
    for account, task_id in ids:
        assert wait_task(api, account, task_id, timeout=120)["status"] == "success"
        stages = [e for e in events(api, account, task_id) if e["kind"] == "stage"]
        windows.append((stages[0]["at"], stages[-1]["at"]))
    windows.sort()
    assert windows[1][0] < windows[0][1], windows  # the second started before the first ended


def test_match_is_stateless(api: httpx.Client) -> None:
    account = register(api)
    response = api.post(
        "/api/v1/dcl/match",
        headers=account.headers,
        json={
            "source": {"tables": {"crm": {"AcctName": ["Acme", "Beta"], "AnnualRev": [10, 20]}}},
            "target": {"entities": {"account": {"account_name": [], "revenue": []}}},
        },
    )
    assert response.status_code == 200
    pairs = {(m["source_column"], m["field"]) for m in response.json()["matches"]}
    assert ("AcctName", "account_name") in pairs
    assert api.get("/api/v1/dcl/mappings", headers=account.headers).json()["items"] == []
    assert api.get("/api/v1/dcl/versions", headers=account.headers).json()["items"] == []


def test_bad_connect_requests(api: httpx.Client, connected: Account) -> None:
    assert (
        api.post("/api/v1/dcl/connect", headers=connected.headers, json={"sources": []}).status_code
        == 400
    )
    unknown_agent = api.post(
        "/api/v1/dcl/connect",
        headers=connected.headers,
        json={"sources": ["sap"], "agents": ["skynet"]},
    )
    assert unknown_agent.status_code == 400
    task = api.post(
        "/api/v1/dcl/connect", headers=connected.headers, json={"sources": ["no_such_source"]}
    ).json()
    done = wait_task(api, connected, task["id"])
    assert done["status"] == "failed" and "no_such_source" in done["error"]["message"]


def test_cross_tenant_isolation(api: httpx.Client, connected: Account) -> None:
    intruder = register(api)
    own = upload(api, connected, {"secret_accounts.csv": b"id,name\n1,Secret\n"}).json()
    keys = {
        s["key"] for s in api.get("/api/v1/dcl/sources", headers=intruder.headers).json()["items"]
    }
    assert own["key"] not in keys
    mapping = api.get("/api/v1/dcl/mappings", headers=connected.headers).json()["items"][0]
    for verb in ("approve", "reject"):
        response = api.post(
            f"/api/v1/dcl/mappings/{mapping['id']}/{verb}", headers=intruder.headers
        )
        assert response.status_code == 404
    assert (
        api.patch(
            f"/api/v1/dcl/mappings/{mapping['id']}",
            headers=intruder.headers,
            json={"ontology_field": "account.industry"},
        ).status_code
        == 404
    )
    assert api.get("/api/v1/dcl/mappings", headers=intruder.headers).json()["items"] == []
    assert api.get("/api/v1/dcl/versions", headers=intruder.headers).json()["items"] == []
    assert (
        api.get(
            "/api/v1/dcl/preview", params={"view": "account"}, headers=intruder.headers
        ).status_code
        == 404
    )
    task = submit(api, intruder, "dcl.connect", {"sources": [own["key"]], "agents": []})
    done = wait_task(api, intruder, task["id"])
    assert done["status"] == "failed" and own["key"] in done["error"]["message"]
    time.sleep(0.1)
