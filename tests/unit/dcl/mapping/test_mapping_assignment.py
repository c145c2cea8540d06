"""The assignment step: greedy one-to-one per source table, then n:m extras."""

from autonomos_dcl.mapping.assignment import AssignmentRules, Candidate, assign


def _pairs(chosen: list[Candidate]) -> set[tuple[str, str]]:
    return {(c.source[1], c.target[1]) for c in chosen}


def test_one_to_one_takes_the_best_pairs_first() -> None:
    candidates = [
        Candidate(("s", "a"), ("t", "x"), 0.9),
        Candidate(("s", "a"), ("t", "y"), 0.6),
        Candidate(("s", "b"), ("t", "x"), 0.8),
        Candidate(("s", "b"), ("t", "y"), 0.7),
    ]
    chosen = assign(candidates, AssignmentRules(min_score=0.5))
    assert _pairs(chosen) == {("a", "x"), ("b", "y")}


def test_pairs_under_the_minimum_are_dropped() -> None:
    chosen = assign([Candidate(("s", "a"), ("t", "x"), 0.3)], AssignmentRules(min_score=0.5))
    assert chosen == []


def test_a_column_takes_a_second_target_when_nearly_as_good() -> None:
    candidates = [
        Candidate(("s", "site"), ("t", "site_of_resection"), 0.80),
        Candidate(("s", "site"), ("t", "organ_of_origin"), 0.795),
        Candidate(("s", "size"), ("t", "weight"), 0.50),
    ]
    chosen = assign(candidates, AssignmentRules(min_score=0.45))
    assert _pairs(chosen) == {
        ("site", "site_of_resection"),
        ("site", "organ_of_origin"),
        ("size", "weight"),
    }
    strict = assign(candidates, AssignmentRules(min_score=0.45, max_targets_per_source=1))
    assert ("site", "organ_of_origin") not in _pairs(strict)


def test_a_target_takes_a_second_column_only_when_both_are_strong() -> None:
    candidates = [
        Candidate(("s", "race"), ("t", "race"), 0.95),
        Candidate(("s", "ethnicity"), ("t", "race"), 0.90),
        Candidate(("s", "account_number"), ("t", "race"), 0.60),
    ]
    chosen = assign(candidates, AssignmentRules(min_score=0.45))
    assert _pairs(chosen) == {("race", "race"), ("ethnicity", "race")}


def test_two_source_tables_may_feed_the_same_target_field() -> None:
    candidates = [
        Candidate(("dynamics_accounts", "name"), ("account", "account_name"), 0.9),
        Candidate(("salesforce_account", "Name"), ("account", "account_name"), 0.9),
    ]
    assert len(assign(candidates, AssignmentRules(min_score=0.5))) == 2


def test_a_column_takes_a_strong_target_in_another_table() -> None:
    candidates = [
        Candidate(("s", "price"), ("lines", "unit_price"), 0.90),
        Candidate(("s", "price"), ("products", "unit_price"), 0.80),
        Candidate(("s", "price"), ("lines", "discount"), 0.80),
        Candidate(("s", "qty"), ("lines", "quantity"), 0.90),
        Candidate(("s", "qty"), ("products", "stock"), 0.50),
    ]
    chosen = {(c.source[1], c.target) for c in assign(candidates, AssignmentRules(min_score=0.4))}
    assert ("price", ("products", "unit_price")) in chosen
    assert ("price", ("lines", "discount")) not in chosen  # same table: only near ties
    assert ("qty", ("products", "stock")) not in chosen  # not strong in its own right
