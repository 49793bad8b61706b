"""OpenSearch with the same text and query as Elasticsearch (elastic.py);
a module of its own because it needs the opensearch-py client, which only
sites that use OpenSearch install."""

from copy import deepcopy

from modelsearch.backends.opensearch2 import (
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
)
from modelsearch.utils import deep_update

from .elastic import INDEX_SETTINGS, SegmentingMappingMixin


class ChineseOpenSearch2Mapping(SegmentingMappingMixin, OpenSearch2Mapping):
    pass


class ChineseOpenSearch2SearchBackend(OpenSearch2SearchBackend):
    mapping_class = ChineseOpenSearch2Mapping
    settings = deep_update(deepcopy(OpenSearch2SearchBackend.settings), INDEX_SETTINGS)
