import threading

import pytest

from autonomos.batching import GroupRunner


def test_a_lone_caller_runs_its_own_group_at_once() -> None:
    groups: list[list[int]] = []

    def run(items: list[int]) -> list[int]:
        groups.append(items)
        return [i * 10 for i in items]

    runner = GroupRunner(run)
    assert runner.submit([1, 2]) == [10, 20]
    assert runner.submit([3]) == [30]
    assert groups == [[1, 2], [3]]


def test_callers_arriving_during_a_group_share_the_next_one() -> None:
    first_running, release = threading.Event(), threading.Event()
    groups: list[list[int]] = []

    def run(items: list[int]) -> list[int]:
        groups.append(items)
        if items == [0]:
            first_running.set()
            release.wait(5)
        return [-i for i in items]

    runner = GroupRunner(run)
    results: dict[int, list[int]] = {}

    def call(n: int) -> None:
        results[n] = runner.submit([n, n + 100])

    first = threading.Thread(target=lambda: results.setdefault(0, runner.submit([0])))
    first.start()
    assert first_running.wait(5)
    others = [threading.Thread(target=call, args=(n,)) for n in range(1, 6)]
    for thread in others:
        thread.start()
    while sum(len(w.items) for w in runner._waiting) < 10:  # all five callers queued
        threading.Event().wait(0.001)
    release.set()
    for thread in [first, *others]:
        thread.join(5)
    assert groups[0] == [0]
    assert len(groups) == 2 and sorted(groups[1]) == sorted(
        x for n in range(1, 6) for x in (n, n + 100)
    )
    assert results == {0: [0], **{n: [-n, -n - 100] for n in range(1, 6)}}


def test_a_group_holds_whole_callers_up_to_max_items() -> None:
    gate = threading.Event()
    groups: list[list[str]] = []

    def run(items: list[str]) -> list[str]:
        groups.append(items)
        if items == ["block"]:
            gate.wait(5)
        return items

    runner: GroupRunner[str, str] = GroupRunner(run, max_items=4)
    blocker = threading.Thread(target=runner.submit, args=(["block"],))
    blocker.start()
    while not groups:
        threading.Event().wait(0.001)
    callers = [
        threading.Thread(target=runner.submit, args=([f"{n}a", f"{n}b", f"{n}c"],))
        for n in range(3)
    ]
    for thread in callers:
        thread.start()
        while not any(f"{callers.index(thread)}a" in w.items for w in runner._waiting):
            threading.Event().wait(0.001)
    gate.set()
    for thread in [blocker, *callers]:
        thread.join(5)
    assert [len(g) for g in groups] == [1, 3, 3, 3]  # 3 + 3 > 4: one caller per group


def test_a_failed_group_raises_in_every_caller_and_the_runner_goes_on() -> None:
    calls = 0

    def run(items: list[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("boom")
        return items

    runner = GroupRunner(run)
    with pytest.raises(ValueError, match="boom"):
        runner.submit([1])
    assert runner.submit([2]) == [2]


def test_a_wrong_number_of_results_is_an_error() -> None:
    runner = GroupRunner(lambda items: items[:-1])
    with pytest.raises(RuntimeError, match="1 results for 2"):
        runner.submit([1, 2])


def test_many_threads_each_get_their_own_results() -> None:
    runner = GroupRunner(lambda items: [i * 2 for i in items], max_items=7)
    results: dict[int, list[int]] = {}

    def call(n: int) -> None:
        for k in range(50):
            got = runner.submit([n * 1000 + k, n * 1000 + k + 1])
            assert got == [2 * (n * 1000 + k), 2 * (n * 1000 + k + 1)]
        results[n] = got

    threads = [threading.Thread(target=call, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 16


def _recording() -> tuple[list[list[int]], GroupRunner[int, int]]:
    groups: list[list[int]] = []

    def run(items: list[int]) -> list[int]:
        groups.append(items)
        return items

    return groups, GroupRunner(run, max_items=100, linger_seconds=60)


def test_a_group_waits_for_announced_callers_and_takes_their_items() -> None:
    groups, runner = _recording()
    announced, leader_waits = threading.Event(), threading.Event()
    results: dict[str, list[int]] = {}

    def announced_caller() -> None:
        with runner.announce() as announcement:
            announced.set()
            assert leader_waits.wait(5)
            results["announced"] = runner.submit([2], announcement)

    caller = threading.Thread(target=announced_caller)
    caller.start()
    assert announced.wait(5)
    leader = threading.Thread(target=lambda: results.setdefault("leader", runner.submit([1])))
    leader.start()
    while not runner._waiting:  # the leader's items are in line, its group not yet run
        threading.Event().wait(0.001)
    leader_waits.set()
    for thread in (caller, leader):
        thread.join(5)
        assert not thread.is_alive()
    assert groups == [[1, 2]]
    assert results == {"leader": [1], "announced": [2]}


def test_a_withdrawn_announcement_stops_the_wait() -> None:
    groups, runner = _recording()
    withdraw = threading.Event()

    def gives_up() -> None:
        with runner.announce():
            withdraw.wait(5)  # e.g. its transaction failed: it never submits

    caller = threading.Thread(target=gives_up)
    caller.start()
    leader = threading.Thread(target=lambda: runner.submit([1]))
    leader.start()
    while not runner._waiting:
        threading.Event().wait(0.001)
    withdraw.set()
    for thread in (caller, leader):
        thread.join(5)
        assert not thread.is_alive()
    assert groups == [[1]]


def test_without_announcements_a_group_does_not_linger() -> None:
    groups, runner = _recording()
    lone = threading.Thread(target=lambda: runner.submit([7]))
    lone.start()
    lone.join(5)  # the linger is a minute: only waiting for nobody would make this time out
    assert not lone.is_alive()
    assert groups == [[7]]
