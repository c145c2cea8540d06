"""The type vocabulary of the DCL (:data:`FieldType`) applied to Arrow data."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.types as pat

from autonomos_dcl.models import FieldType


def arrow_field_type(dtype: pa.DataType) -> FieldType:
    """The :data:`FieldType` word for an Arrow type (nested and binary types are ``string``)."""
    if pat.is_boolean(dtype):
        return "boolean"
    if pat.is_integer(dtype):
        return "integer"
    if pat.is_floating(dtype) or pat.is_decimal(dtype):
        return "decimal"
    if pat.is_date(dtype):
        return "date"
    if pat.is_timestamp(dtype):
        return "timestamp"
    if pat.is_dictionary(dtype):
        return arrow_field_type(dtype.value_type)
    return "string"
