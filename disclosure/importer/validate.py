"""Validating rows: the lookups of units, categories and topics, the checks
of one row (dates, 文号, 索引号, the automated review) and whether a valid row
is imported or skipped as existing."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale

from .. import docnumber, workdays
from ..models import (
    Category,
    DisclosureItemPage,
    IndexNumber,
    Topic,
    Unit,
    UnitColumnPage,
    stored_field_label,
)
from ..models.items import DISCLOSURE_WORKDAYS
from . import review as importer_review
from .rows import (
    FIRST_YEAR,
    INDEX_NUMBER_RE,
    MAX_LENGTHS,
    TEXT_FIELDS,
    TOPIC_SEPARATORS_RE,
    VALIDITY,
    _body_html,
    _parse_date,
    _Row,
    _RowInvalid,
)


class RowValidator:
    """The validating half of :class:`~disclosure.importer.items.ItemImporter`."""

    def _load(self):
        if self._loaded:
            return
        db = self.using
        units = list(Unit.objects.using(db).all())
        self.units = {}
        for unit in units:
            for code in unit.codes():
                self.units.setdefault(code, unit)
        for unit in units:
            self.units.setdefault(unit.name, unit)
        self.units_by_short_name = defaultdict(list)
        for unit in units:
            if unit.short_name:
                self.units_by_short_name[unit.short_name].append(unit)
        self.reviewer = importer_review.row_reviewer()
        locale = Locale.get_default()
        self.column_of_unit = {}
        for unit_id, page_id in (
            UnitColumnPage.objects.using(db)
            .filter(locale=locale)
            .order_by("-pk")
            .values_list("unit_id", "pk")
        ):
            self.column_of_unit[unit_id] = page_id  # lowest pk wins
        categories = list(Category.objects.using(db).all())
        self.categories = {c.slug: c for c in categories}
        self.categories.update({c.name: c for c in categories})
        topics = list(Topic.objects.using(db).select_related("parent"))
        self.topics_by_path = {t.path: t for t in topics}
        self.topics_by_name = defaultdict(list)
        for topic in topics:
            self.topics_by_name[topic.name].append(topic)
        self.existing_numbers = {}
        self.taken_serials = set()
        for value, unit_id, year, serial in IndexNumber.objects.using(db).values_list(
            "value", "unit_id", "year", "serial"
        ):
            self.existing_numbers[value] = True
            self.taken_serials.add((unit_id, year, serial))
        self.existing_keys = set(
            DisclosureItemPage.objects.using(db).values_list(
                "unit_id", "title", "formed_on"
            )
        )
        self.content_type_id = ContentType.objects.get_for_model(DisclosureItemPage).pk
        self.seen_numbers = {}  # index number -> line
        self.seen_keys = {}  # (unit, title, formed_on) -> line
        self._loaded = True

    def _unit(self, value):
        if not isinstance(value, str) or not value.strip():
            raise _RowInvalid("缺少发布机构（unit）")
        value = value.strip()
        unit = self.units.get(value)
        if unit is not None:
            return unit
        matches = self.units_by_short_name.get(value, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = "、".join(f"{u.name}（{u.code}）" for u in matches)
            raise _RowInvalid(
                f"发布机构简称“{value}”对应多个机构：{names}，请写机构代码或全称"
            )
        raise _RowInvalid(f"发布机构“{value}”不存在（应为机构代码、机构全称或简称）")

    def _category(self, value, unit):
        if not isinstance(value, str) or not value.strip():
            raise _RowInvalid("缺少信息类别（category）")
        category = self.categories.get(value.strip())
        if category is None:
            raise _RowInvalid(f"信息类别“{value}”不存在")
        if (
            unit is not None
            and not unit.is_township
            and category.scope != Category.Scope.ALL
        ):
            raise _RowInvalid(
                f"信息类别“{category.name}”仅适用于镇（场），{unit.name}不能使用"
            )
        return category

    def _topic(self, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise _RowInvalid("主题分类（topic）应为文本")
        path = TOPIC_SEPARATORS_RE.sub("\\\\", value.strip())
        topic = self.topics_by_path.get(path)
        if topic is not None:
            return topic
        matches = self.topics_by_name.get(path, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise _RowInvalid(
                f"主题分类“{value}”不唯一，请写完整路径，如“{matches[0].path}”"
            )
        raise _RowInvalid(f"主题分类“{value}”不存在")

    def _due_on(self, formed_on):
        due = self._due_cache.get(formed_on)
        if due is None:
            due = self._due_cache[formed_on] = workdays.add(
                formed_on, DISCLOSURE_WORKDAYS
            )
        return due

    # -- one row ----------------------------------------------------------

    def validate(self, line, data):
        """A ``_Row`` for ``data``, or None after recording its errors.

        Returns ``(row, problems, warnings)``; ``row`` is None when there are
        problems."""
        problems = []
        warnings = []

        def check(func, *args):
            try:
                return func(*args)
            except _RowInvalid as exc:
                problems.append(str(exc))
                return None

        texts = {}
        for name in TEXT_FIELDS:
            value = data.get(name)
            if value is None:
                texts[name] = ""
            elif isinstance(value, list) and name == "keywords":
                texts[name] = " ".join(str(v).strip() for v in value if str(v).strip())
            elif isinstance(value, str):
                texts[name] = value.strip()
            else:
                problems.append(f"{stored_field_label(name)}（{name}）应为文本")
                texts[name] = ""
        for name, limit in MAX_LENGTHS.items():
            if len(texts[name]) > limit:
                problems.append(f"{stored_field_label(name)}超过 {limit} 个字符")

        unit = check(self._unit, data.get("unit"))
        column_id = None
        if unit is not None:
            column_id = self.column_of_unit.get(unit.pk)
            if column_id is None:
                problems.append(f"{unit.name}没有政府信息公开栏目")

        title = texts["title"]
        if not title:
            problems.append("缺少标题（title）")

        formed_on = None
        raw_formed = data.get("formed_on")
        if raw_formed in (None, ""):
            problems.append("缺少成文日期（formed_on）")
        else:
            try:
                formed_on = _parse_date(raw_formed)
            except (ValueError, TypeError):
                problems.append(f"成文日期“{raw_formed}”不是有效日期，应为 YYYY-MM-DD")
            else:
                if formed_on > self.today:
                    problems.append(f"成文日期 {formed_on} 晚于今天")
                    formed_on = None
                elif formed_on.year < FIRST_YEAR:
                    problems.append(f"成文日期 {formed_on} 不合理")
                    formed_on = None

        published_on = None
        raw_published = data.get("published_on")
        if raw_published not in (None, ""):
            try:
                published_on = _parse_date(raw_published)
            except (ValueError, TypeError):
                problems.append(
                    f"发布日期“{raw_published}”不是有效日期，应为 YYYY-MM-DD"
                )
            else:
                if published_on > self.today:
                    problems.append(f"发布日期 {published_on} 晚于今天")
                elif formed_on and published_on < formed_on:
                    problems.append(f"发布日期 {published_on} 早于成文日期 {formed_on}")

        document_number = texts["document_number"]
        if document_number:
            problem = docnumber.check(document_number)
            if problem:
                message = problem.message
                if problem.suggestion:
                    message += f"建议改为：{problem.suggestion}"
                problems.append(message)

        category = check(self._category, data.get("category"), unit)
        topic = check(self._topic, data.get("topic"))

        raw_validity = data.get("validity")
        validity = DisclosureItemPage.Validity.VALID
        if raw_validity not in (None, ""):
            key = raw_validity.strip() if isinstance(raw_validity, str) else None
            validity = VALIDITY.get(key) or VALIDITY.get((key or "").lower())
            if validity is None:
                problems.append(
                    f"有效性“{raw_validity}”无效，应为 有效、已修改、已废止 或 已失效"
                )

        index_number, index_year, index_serial = "", 0, 0
        raw_index = data.get("index_number")
        if raw_index not in (None, ""):
            if not isinstance(raw_index, str):
                problems.append("索引号（index_number）应为文本")
            elif unit is not None:
                index_number = raw_index.strip()
                match = INDEX_NUMBER_RE.match(index_number)
                if not match:
                    problems.append(
                        f"索引号“{index_number}”格式不正确，"
                        f"应形如“{unit.code}/{(formed_on or self.today).year}-00001”"
                    )
                elif match["code"] not in unit.codes():
                    problems.append(
                        f"索引号“{index_number}”的机构代码与发布机构"
                        f"{unit.name}的代码（{'、'.join(unit.codes())}）不符"
                    )
                else:
                    index_year = int(match["year"])
                    index_serial = int(match["serial"])
                    if index_serial == 0:
                        problems.append(f"索引号“{index_number}”的序号不能为 00000")
                    elif index_year > self.today.year or index_year < FIRST_YEAR:
                        problems.append(f"索引号“{index_number}”的年份不合理")
                    elif formed_on and index_year != formed_on.year:
                        # 索引号 are never changed: a migrated number keeps the
                        # year the old system gave it.
                        warnings.append(
                            f"索引号“{index_number}”的年份与成文日期 {formed_on} "
                            "不一致，按迁移数据保留原索引号"
                        )

        if not problems:
            body_html = _body_html(texts["body"])
            problems.extend(
                importer_review.blocking_problems(
                    self.reviewer,
                    title,
                    texts["summary"],
                    texts["keywords"],
                    body_html,
                )
            )
        if problems:
            return None, problems, warnings
        row = _Row(
            line=line,
            unit=unit,
            column_id=column_id,
            title=title,
            document_number=document_number,
            formed_on=formed_on,
            published_on=published_on,
            category_id=category.pk,
            topic_id=topic.pk if topic else None,
            validity=validity,
            summary=texts["summary"],
            keywords=texts["keywords"],
            body=body_html,
            index_number=index_number,
            index_year=index_year,
            index_serial=index_serial,
            number_given=bool(index_number),
        )
        return row, [], warnings

    def _classify(self, row):
        """'import', 'skip' or an error message, for a valid row; records the
        row's keys so that later rows see it."""
        key = (row.unit.pk, row.title, row.formed_on)
        if row.index_number:
            first = self.seen_numbers.get(row.index_number)
            if first is not None:
                return f"索引号“{row.index_number}”与第 {first} 行重复"
            self.seen_numbers[row.index_number] = row.line
            if row.index_number in self.existing_numbers:
                self.existing_keys.add(key)
                return "skip"
            triple = (row.unit.pk, row.index_year, row.index_serial)
            if triple in self.taken_serials:
                return (
                    f"索引号“{row.index_number}”的序号已被{row.unit.name}"
                    f"{row.index_year}年的其他索引号占用"
                )
            self.taken_serials.add(triple)
            self.existing_keys.add(key)
            return "import"
        if key in self.existing_keys:
            first = self.seen_keys.get(key)
            if first is not None:
                self._warn(
                    row.line,
                    f"与第 {first} 行为同一条信息（机构、标题、成文日期相同），已跳过",
                )
            return "skip"
        self.existing_keys.add(key)
        self.seen_keys[key] = row.line
        return "import"
