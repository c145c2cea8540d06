"""The embedded servers can be halted and resumed at the same URL with their data (the chaos
suite restarts them under a running stack)."""

import shutil
import tempfile
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from infra.embedded import start_postgres, start_redis

pytestmark = pytest.mark.functional


def test_redis_halts_and_resumes_on_its_socket() -> None:
    root = Path(tempfile.mkdtemp(prefix="emb-"))
    server = start_redis(root / "data", root / "r.sock")
    client = redis.Redis.from_url(server.url)
    try:
        client.set("kept", "yes")
        server.halt()
        with pytest.raises(redis.ConnectionError):
            client.get("kept")
        server.resume()
        assert server.url == f"unix://{root / 'r.sock'}"
        assert client.get("kept") == b"yes"
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_postgres_halts_and_resumes_at_the_same_url() -> None:
    root = Path(tempfile.mkdtemp(prefix="emb-"))
    server = start_postgres(root, "postgres")
    engine = create_engine(server.url, pool_pre_ping=True)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)"))
        server.halt()
        with pytest.raises(OperationalError), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        server.resume()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM kept")).scalar_one() == 1
    finally:
        engine.dispose()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
