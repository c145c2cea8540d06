"""Name analysis: conventions, abbreviations, synonyms, context, similarity."""

from autonomos_dcl.mapping.conventions import ANY_SYSTEM, SYSTEMS, describe
from autonomos_dcl.mapping.names import analyse_name, name_similarity, token_weights


def _sim(a: str, b: str, **kwargs: str) -> float:
    fa = analyse_name(a, **kwargs)
    fb = analyse_name(b)
    return name_similarity(fa, fb, token_weights([fa, fb]))


def test_system_conventions_translate_codes() -> None:
    assert analyse_name("KUNNR").tokens == ("customer", "number")
    assert analyse_name("NUMBEROFEMPLOYEES").tokens == ("employee", "quantity")
    assert describe("stagename", "salesforce") == "stage"
    assert describe("estimatedvalue", "dynamics") == "amount"
    assert analyse_name("hs_deal_stage_probability", system="hubspot").tokens == ("probability",)


def test_generic_names_of_one_system_do_not_leak_into_others() -> None:
    # Dynamics calls the customer reference "customerid"; elsewhere it is a customer id.
    assert "customerid" in SYSTEMS["dynamics"]
    assert "customerid" not in ANY_SYSTEM
    assert analyse_name("customerid").tokens == ("customer", "id")


def test_abbreviations_and_synonyms_are_canonical() -> None:
    assert analyse_name("acct_no").tokens == ("account", "number")
    assert analyse_name("qty").tokens == ("quantity",)
    assert analyse_name("mobileno").tokens == ("phone",)
    assert analyse_name("telephone").tokens == analyse_name("phone").tokens
    assert analyse_name("last_updated").tokens == ("updated",)


def test_sap_custom_fields_and_legacy_prefixes() -> None:
    assert analyse_name("ZZRESID").tokens == ("resource", "id")
    assert analyse_name("strRegion", system="legacy_sql").tokens == ("region",)


def test_table_name_tokens_become_context() -> None:
    feature = analyse_name("customer_name", table="customer")
    assert feature.context == frozenset({"customer"})
    assert analyse_name("name", table="customer").context == frozenset()


def test_weak_words_are_flagged_only_when_something_stronger_is_there() -> None:
    assert "name" in analyse_name("cityLabel").weak
    assert analyse_name("label").weak == frozenset()


def test_similarity_ranks_the_right_name_first() -> None:
    assert _sim("AnnualRevenue", "revenue") > _sim("AnnualRevenue", "employee_count")
    assert _sim("numberOfChildren", "NChildren") > 0.6
    assert _sim("dealname", "opportunity_name") > _sim("dealname", "stage")
    assert _sim("cost_center", "cost") < 0.75  # different head word
    assert _sim("annual_revenue", "revenue") >= 0.75  # same head word


def test_identical_names_score_one_and_unrelated_score_low() -> None:
    assert _sim("close_date", "CloseDate") == 1.0
    assert _sim("religion", "webpage") < 0.3


def test_the_head_word_comes_before_a_preposition() -> None:
    assert analyse_name("age_at_diagnosis").head == "age"
    assert analyse_name("site_of_resection_or_biopsy").head == "site"
    assert analyse_name("corrected_age").head == "age"
    # "age" is the head of both, so the shorter name contains it fully.
    assert _sim("Age", "age_at_diagnosis") > _sim("Age", "undescended_testis_corrected_age")
    assert _sim("Age", "age_at_diagnosis") >= 0.75


def test_general_business_abbreviations_expand() -> None:
    assert analyse_name("supp_nme").tokens == ("supplier", "name")
    assert analyse_name("fy_qtr").tokens == ("fiscal", "year", "quarter")
    assert analyse_name("whse_cd").tokens == ("warehouse", "code")


def test_weak_words_such_as_units_do_not_block_containment() -> None:
    # "cm" is a unit: "tumor size cm" is contained in "tumor largest size".
    assert _sim("Tumor_Size_cm", "tumor_largest_dimension") >= 0.75
    assert _sim("Tumor_Size_cm", "tumor_grade") < 0.6
