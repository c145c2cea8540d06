"""The fuzz suite's fast profile (``make fuzz`` runs the full one): every category against
one fresh local stack, each with zero failures (the failures are listed when not)."""

from collections.abc import Iterator

import pytest

from tests.hardening.fuzz.report import Category, failure_details, table
from tests.hardening.fuzz.run import FAST_REQUESTS
from tests.hardening.fuzz.suite import CATEGORIES, STACK_SETTINGS, Profile, run_suite
from tests.support.services import local_stack

pytestmark = [pytest.mark.functional, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def results(admin_database_url: str, redis_server_url: str) -> Iterator[dict[str, Category]]:
    with local_stack(admin_database_url, redis_server_url, extra=STACK_SETTINGS) as stack:
        ran = run_suite(stack, Profile(requests=FAST_REQUESTS, full=False))
    print("\n" + table(ran))
    yield {category.name: category for category in ran}


@pytest.mark.parametrize("name", list(CATEGORIES))
def test_category_has_no_failures(results: dict[str, Category], name: str) -> None:
    category = results[name]
    assert category.requests > 0, f"{name} tried nothing"
    assert not category.failures, failure_details([category])
