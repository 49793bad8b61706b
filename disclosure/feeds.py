import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone

FEED_ITEMS = 30


class ColumnFeed(Feed):
    """RSS of one unit's column: its latest published items."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.column

    def title(self, column):
        return f"{column.title} - 政府信息公开"

    def link(self, column):
        return column.get_url(request=self.request)

    def description(self, column):
        return f"{column.unit.name}主动公开的政府信息"

    def items(self, column):
        return column.items()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [f"索引号：{item.index_number}"]
        if item.document_number:
            parts.append(f"文号：{item.document_number}")
        if item.summary:
            parts.append(item.summary)
        return "　".join(parts)

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return item.index_number or str(item.pk)

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        if item.published_on is None:
            return None
        return timezone.make_aware(
            datetime.datetime.combine(item.published_on, datetime.time(8, 0))
        )

    def item_categories(self, item):
        return [item.category.name]
