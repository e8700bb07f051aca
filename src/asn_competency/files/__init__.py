"""Files layer: safe YAML with source positions, kind dispatch, JSON Schema checks, canonical
JSON and content hashes. Knows nothing of the document kinds' meaning.

Imports the ``errors`` layer only.
"""

from asn_competency.files.canonical import canonical_json, content_hash, file_sha256
from asn_competency.files.document import SourceDocument, SourceMap
from asn_competency.files.header import read_header
from asn_competency.files.safe_yaml import Limits, read_yaml, read_yaml_text
from asn_competency.files.schema import schema_problems

__all__ = [
    "Limits",
    "SourceDocument",
    "SourceMap",
    "canonical_json",
    "content_hash",
    "file_sha256",
    "read_header",
    "read_yaml",
    "read_yaml_text",
    "schema_problems",
]
