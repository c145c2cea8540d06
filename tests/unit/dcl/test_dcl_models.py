"""Shared models: the ontology document round-trips and is validated."""

from typing import Any

import pytest

from autonomos_dcl.errors import InvalidOntologyError
from autonomos_dcl.models import ColumnProfile, FieldMapping, Ontology, entity_label
from autonomos_dcl.ontology import DEFAULT_ONTOLOGY


def test_the_default_ontology_round_trips_through_its_api_shape() -> None:
    document = DEFAULT_ONTOLOGY.to_dict()
    assert Ontology.from_dict(document) == DEFAULT_ONTOLOGY
    first = document["entities"][0]
    assert set(first) == {"name", "primary_key", "fields"}
    assert first["fields"][0] == {"name": "account_id", "type": "string"}


def test_source_mappings_in_the_document_are_ignored() -> None:
    document = DEFAULT_ONTOLOGY.to_dict()
    document["entities"][0]["source_mappings"] = [{"source_system": "x"}]
    assert Ontology.from_dict(document) == DEFAULT_ONTOLOGY


def _one(entity: dict[str, Any]) -> dict[str, Any]:
    return {"entities": [entity]}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({}, "list 'entities'"),
        ({"entities": []}, "at least one entity"),
        (_one({"name": "Bad Name", "primary_key": "id", "fields": [{"name": "id"}]}), "name"),
        (_one({"name": "a", "primary_key": "id", "fields": []}), "non-empty"),
        (_one({"name": "a", "primary_key": "x", "fields": [{"name": "id"}]}), "is not a field"),
        (
            _one({"name": "a", "primary_key": "id", "fields": [{"name": "id", "type": "money"}]}),
            "money",
        ),
        (
            _one({"name": "a", "primary_key": "id", "fields": [{"name": "id"}, {"name": "id"}]}),
            "duplicate fields",
        ),
        (
            {
                "entities": [
                    {"name": "a", "primary_key": "id", "fields": [{"name": "id"}]},
                    {"name": "a", "primary_key": "id", "fields": [{"name": "id"}]},
                ]
            },
            "duplicate entity",
        ),
    ],
)
def test_malformed_documents_are_rejected_with_a_400(document: Any, message: str) -> None:
    with pytest.raises(InvalidOntologyError, match=message) as raised:
        Ontology.from_dict(document)
    assert raised.value.status == 400
    assert raised.value.code == "invalid_ontology"


def test_fields_default_to_string_and_keep_their_unit() -> None:
    ontology = Ontology.from_dict(
        _one(
            {
                "name": "metric",
                "primary_key": "id",
                "fields": [{"name": "id"}, {"name": "share", "type": "decimal", "unit": "percent"}],
            }
        )
    )
    entity = ontology.entities[0]
    assert entity.fields[0].type == "string"
    share = entity.field("share")
    assert share is not None and share.unit == "percent"
    assert ontology.to_dict()["entities"][0]["fields"][1]["unit"] == "percent"


def test_entity_labels_title_case_words_and_keep_acronyms() -> None:
    assert entity_label("aws_resources") == "AWS Resources"
    assert entity_label("cost_reports") == "Cost Reports"
    assert [e.label for e in DEFAULT_ONTOLOGY.entities if "(" in e.label] == []


def test_field_mapping_and_profile_serialise_to_json_shapes() -> None:
    mapping = FieldMapping("sf", "salesforce", "Account", "Id", "account", "account_id",
                           0.912345, "heuristic")  # fmt: skip
    assert mapping.to_dict()["confidence"] == 0.9123
    assert mapping.to_dict()["transform"] is None
    profile = ColumnProfile(
        name="x", source_type="string", inferred_type="integer", row_count=10, sampled_rows=10,
        null_ratio=0.1, distinct_ratio=1.0, patterns=("id_like",), pattern_shares={"id_like": 1.0},
        min_value=1, max_value=9, samples=("1",),
    )  # fmt: skip
    shape = profile.to_dict()
    assert shape["min"] == 1 and shape["max"] == 9 and shape["patterns"] == ["id_like"]
