import json
import logging
import threading

from autonomos.observability import JsonFormatter, bind_value, bound, current


def _line(record_message: str, **extra: object) -> dict[str, object]:
    record = logging.LogRecord(
        "autonomos.test", logging.INFO, __file__, 1, record_message, (), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return json.loads(JsonFormatter().format(record))  # type: ignore[no-any-return]


def test_bound_ids_appear_on_every_line_and_are_restored() -> None:
    with bound(request_id="r1", correlation_id="c1", tenant_id="t1"):
        line = _line("hello", code="x")
        assert line["request_id"] == "r1" and line["tenant_id"] == "t1"
        assert line["message"] == "hello" and line["code"] == "x"
        with bound(task_id="k9"):
            assert _line("inner")["task_id"] == "k9"
        assert "task_id" not in _line("after")
    assert current("request_id") is None
    assert "request_id" not in _line("outside")


def test_ids_do_not_leak_between_threads() -> None:
    seen: list[str | None] = []
    bind_value("tenant_id", "main-thread")
    thread = threading.Thread(target=lambda: seen.append(current("tenant_id")))
    thread.start()
    thread.join()
    assert seen == [None]
    bind_value("tenant_id", None)


def test_submit_carries_the_ids_into_the_pool_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from autonomos.observability import submit

    with ThreadPoolExecutor(1) as pool, bound(task_id="k1", tenant_id="t1"):
        assert submit(pool, lambda: (current("task_id"), current("tenant_id"))).result() == (
            "k1",
            "t1",
        )
        assert pool.submit(lambda: current("task_id")).result() is None
