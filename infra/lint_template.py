"""Offline checks of ``template.yaml`` (a ``sam validate --lint`` equivalent, no AWS account):
cfn-lint on the template itself and on its translation by aws-sam-translator (cfn-lint alone
misses errors inside ``AWS::Serverless::*``), then the production rules of
:mod:`infra.template_checks` (least privilege, reserved concurrency, dead-letter alarms,
encryption, log retention) on the translation. Exits non-zero on any error."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import boto3
import yaml
from samtranslator.parser.parser import Parser
from samtranslator.translator.arn_generator import ArnGenerator
from samtranslator.translator.translator import Translator

from infra.template import _CfnLoader
from infra.template_checks import problems

REGION = "us-east-1"


def _as_packaged(document: dict[str, Any]) -> dict[str, Any]:
    """Point local code folders at S3, as ``sam package`` does before deployment."""
    sections = [document.get("Globals", {}).get("Function", {})]
    sections += [r.get("Properties", {}) for r in document.get("Resources", {}).values()]
    for props in sections:
        for key in ("CodeUri", "ContentUri"):
            value = props.get(key)
            if isinstance(value, str) and not value.startswith("s3://"):
                props[key] = f"s3://autonomos-artifacts/{value.strip('/')}.zip"
    return document


def translate(path: Path) -> dict[str, Any]:
    ArnGenerator.BOTO_SESSION_REGION_NAME = REGION
    document = _as_packaged(yaml.load(path.read_text(), Loader=_CfnLoader))
    parameters = {
        "AWS::Region": REGION,
        "AWS::AccountId": "123456789012",
        "AWS::Partition": "aws",
        "AWS::StackName": "autonomos",
        "AWS::URLSuffix": "amazonaws.com",
    }
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name=REGION))
    # Managed-policy lookups would ask IAM; the template names policies by statement only.
    return translator.translate(document, parameter_values=parameters, get_managed_policy_map=dict)


def cfn_lint(path: Path) -> int:
    executable = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(executable), "--regions", REGION, "--", str(path)], check=False)
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    path = Path((argv or sys.argv[1:] or ["template.yaml"])[0])
    status = cfn_lint(path)
    try:
        translated = translate(path)
    except Exception as exc:  # the translator reports template errors as exceptions
        print(f"{path}: SAM translation failed: {exc}", file=sys.stderr)
        return 1
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
        json.dump(translated, out)
    status = max(status, cfn_lint(Path(out.name)))
    print(f"{path}: cfn-lint {'failed' if status else 'passed'} (template and SAM translation)")
    found = problems(translated)
    for problem in found:
        print(f"{path}: {problem}", file=sys.stderr)
    print(f"{path}: production rules {'failed' if found else 'passed'} ({len(found)} problems)")
    return 1 if status or found else 0


if __name__ == "__main__":
    sys.exit(main())
