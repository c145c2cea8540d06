"""Names that list the other column's category values."""

from autonomos_dcl.mapping.name_values import (
    NAME_VALUES_SCORE,
    listed_values,
    name_lists_values,
    name_values_score,
)


def test_a_name_of_two_to_six_words_lists_candidate_values() -> None:
    assert listed_values("Tumor/Normal") == ("tumor", "normal")
    assert listed_values("Yes_No") == ("true", "false")
    assert listed_values("Gender") == ()
    assert listed_values("a_b_c_d_e_f_g") == ()


def test_every_listed_word_must_be_a_value() -> None:
    values = frozenset({"tumor", "normal", "abnormal"})
    assert name_lists_values(("tumor", "normal"), values)
    assert not name_lists_values(("tumor", "size"), values)
    assert not name_lists_values((), values)


def test_either_side_may_list_the_others_values() -> None:
    listed = listed_values("Male/Female")
    categories = frozenset({"male", "female"})
    assert name_values_score(listed, frozenset({"m", "f"}), (), categories) == NAME_VALUES_SCORE
    assert name_values_score((), categories, listed, frozenset({"m", "f"})) == NAME_VALUES_SCORE
    assert name_values_score(listed_values("first_name"), frozenset(), (), categories) == 0.0
