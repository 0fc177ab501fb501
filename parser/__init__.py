"""Parse Chinese government gazettes into documents and provision trees.

The whole public API::

    from parser import parse_gazette, decode
    gazette = parse_gazette(decode(data, "corpus/x.txt").text, source="corpus/x.txt")

Parsing is pure: functions take text and return frozen records (:mod:`parser.records`).
"""

from .coverage import Coverage, coverage
from .decode import Decoded, decode
from .errors import DecodeError, GazetteError, ParseError, ParserDefect
from .gazette import parse_gazette
from .source import FORMATS, Source, parse_source, read_source
from .ids import Eid, provision_id, split_provision_id
from .numerals import cn_to_int, int_to_cn
from .records import DocNumber, DocType, Document, Gazette, HistoryEvent, LineRole, ParseWarning, Provision, Relation

__all__ = [
    "parse_gazette",
    "parse_source",
    "read_source",
    "Source",
    "FORMATS",
    "decode",
    "coverage",
    "Coverage",
    "Decoded",
    "GazetteError",
    "ParseError",
    "DecodeError",
    "ParserDefect",
    "Eid",
    "provision_id",
    "split_provision_id",
    "cn_to_int",
    "int_to_cn",
    "DocNumber",
    "DocType",
    "Document",
    "Gazette",
    "HistoryEvent",
    "LineRole",
    "ParseWarning",
    "Provision",
    "Relation",
]
