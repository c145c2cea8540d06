"""The template reader's pure parts: short-form tags and parameter references."""

import pytest
import yaml

from infra.template import _CfnLoader, _number, parameter_defaults


def test_short_form_tags_become_their_json_form() -> None:
    document = yaml.load(
        "a: !Ref Queue\nb: !GetAtt Queue.Arn\nc: !Condition InVpc\nd: !If [X, 1, 2]\n",
        Loader=_CfnLoader,
    )
    assert document == {
        "a": {"Ref": "Queue"},
        "b": {"Fn::GetAtt": ["Queue", "Arn"]},
        "c": {"Condition": "InVpc"},
        "d": {"Fn::If": ["X", 1, 2]},
    }


def test_numbers_resolve_parameter_references_to_their_defaults() -> None:
    params = parameter_defaults(
        {"Parameters": {"Workers": {"Type": "Number", "Default": 20}, "Arn": {"Type": "String"}}}
    )
    assert params == {"Workers": 20}
    assert _number({"Ref": "Workers"}, params, 4) == 20
    assert _number("7", params, 4) == 7
    assert _number(None, params, 4) == 4
    with pytest.raises(ValueError, match="Arn"):
        _number({"Ref": "Arn"}, params, 4)
