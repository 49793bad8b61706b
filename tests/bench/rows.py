"""Synthetic rows in the import format (disclosure.importer) for the
benchmarks and the query-count and import tests: realistic titles after the
seed's documents, spread over units, years and categories."""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from disclosure.models import Category, Unit

# Title patterns after the seed's documents (demo/data.py): (category
# slug, topic leaf, pattern, has 文号). {unit} is the unit's name, {short} its
# short name, {year} the year formed, {prev} the year before, {subject} a
# subject of the county's work.
_COMMON_PATTERNS = [
    ("wenjian", "政务公开", "关于印发{unit}{year}年政务公开工作要点的通知", True),
    ("wenjian", "政务公开", "关于做好{year}年{subject}工作的通知", True),
    ("wenjian", None, "关于印发{unit}{subject}实施方案的通知", True),
    ("wenjian", None, "关于进一步加强{subject}工作的意见", True),
    ("wenjian", None, "关于开展{subject}专项检查的通知", True),
    ("yingji", "应急管理", "关于印发{unit}{year}年度{emergency}应急预案的通知", True),
    ("yingji", "减灾救灾", "{unit}{year}年{emergency}工作情况通报", False),
    ("lingdao", "政务公开", "{unit}领导班子成员及分工（{year}年调整）", False),
    ("jigou", "政务公开", "{unit}主要职责与内设机构（{year}年）", False),
    ("zhongdian", "政务公开", "{unit}{year}年工作要点", False),
    ("zhongdian", "政府工作报告", "{unit}{prev}年工作总结和{year}年工作安排", False),
    ("zhongdian", None, "{unit}召开{subject}工作推进会", False),
    ("jihua", "政府工作报告", "{unit}{prev}年国民经济和社会发展计划执行情况", False),
    ("jihua", "政务公开", "{unit}{prev}年政府信息公开工作年度报告", False),
    ("renshi", "人事工作", "{unit}关于{name_person}等同志任免职务的通知", True),
    ("renshi", "劳动就业", "{unit}{year}年公开招聘工作人员公告", False),
    ("caizheng", "财政", "{unit}{year}年部门预算", False),
    ("caizheng", "财政", "{unit}{prev}年部门决算", False),
    ("caizheng", "财政", "{unit}{year}年“三公”经费预算情况说明", False),
    ("caizheng", "审计", "{unit}{prev}年度预算执行审计结果公告", False),
    ("ziyuan", "土地", "{unit}{year}年国有建设用地使用权出让结果公示", False),
    ("xuke", "政务公开", "{unit}{year}年{month}月行政许可事项办理结果公示", False),
    ("caigou", "财政", "{unit}{subject}项目政府采购中标公告", False),
    ("tongji", "政务公开", "{unit}{year}年{month}月主要经济指标", False),
]
_TOWNSHIP_PATTERNS = [
    ("nongcun", "农业", "{short}{year}年种粮农民直接补贴发放情况公示", False),
    ("nongcun", "农业", "{short}{year}年耕地地力保护补贴发放名册公示", False),
    ("shuili", "水利", "{short}{year}年农田水利基本建设项目公示", False),
    ("tudi", "土地", "{short}{year}年土地承包经营权流转情况", False),
    ("zhaijidi", "土地", "{short}{year}年农村宅基地审批情况公示", False),
    ("zhengshou", "土地", "{short}{year}年房屋征收拆迁补偿公示", False),
    ("jiuzhu", "社会救助", "{short}{year}年民政福利资金发放情况", False),
    ("jiuzhu", "社会救助", "{short}{year}年第{quarter}季度城乡低保对象名单公示", False),
    ("ziyuan", "财政", "{short}集体资产处置情况公示（{year}年{month}月）", False),
    ("wenjian", "政务公开", "关于印发{short}{year}年政务公开工作要点的通知", True),
    ("wenjian", "劳动就业", "关于做好{short}{year}年城乡居民养老保险工作的通知", True),
]
_SUBJECTS = [
    "政府信息公开",
    "防汛抗旱",
    "森林防火",
    "安全生产",
    "秸秆禁烧",
    "农村危房改造",
    "精准扶贫",
    "城乡居民医疗保险",
    "义务教育均衡发展",
    "食品安全",
    "城乡环境卫生整治",
    "河湖长制",
    "农村人居环境整治",
    "耕地保护",
    "招商引资",
    "优化营商环境",
    "农村饮水安全",
    "城市公共交通",
    "农村智能广播网",
    "地质灾害防治",
    "最低生活保障",
    "重大行政处罚案件备案审查",
    "政府网站绩效评估",
    "“两癌”免费检查",
]
_EMERGENCIES = [
    "防汛抗旱",
    "低温雨雪冰冻灾害",
    "地质灾害",
    "森林火灾",
    "重大食品安全事故",
]
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
_GIVEN = "国建华明军平志伟红文海春德永光林刚勇强丽芳兵涛"
_DOC_PREFIX = {
    "发改局": "随发改",
    "人社局": "随人社",
    "国土资源局": "随国土资",
    "食药监局": "随食药监",
    "卫计局": "随卫计",
    "交通运输局": "随交",
    "法制办": "随法制",
    "县政府办": "随政办",
    "县政府": "随政",
}
_VALIDITIES = ["有效"] * 17 + ["valid"] * 3 + ["已修改", "已废止", "repealed", "已失效"]


def _doc_prefix(unit):
    short = unit.short_name or unit.name
    if unit.kind == Unit.Kind.TOWNSHIP:
        return f"{short[0]}政"
    return _DOC_PREFIX.get(short, f"随{short[0]}")


def synthetic_rows(n, units, categories, topics, seed=0, *, serial_start=1001):
    """Yield ``n`` realistic rows in the import format, reproducible by ``seed``.

    Titles follow the seed's document patterns; items are spread over
    2010–2026 (never after today) and over every unit (the county government
    and its office publish most); about a third carry a 文号. About 80 % are
    migrated with their 索引号 and 发布日期, 8 % bring only 发布日期 and 12 %
    neither (numbered and published by the importer). Migrated serials start at
    ``serial_start`` per unit and year so that they do not meet the demo's.
    (unit, title, 成文日期) is unique across the rows.

    ``units``, ``categories`` and ``topics`` are model instances (or anything
    with the same attributes: units need code, name, short_name and kind;
    categories slug, name and scope; topics pk, name and parent_id)."""
    rng = random.Random(seed)
    units = list(units)
    categories = {c.slug: c for c in categories}
    topics = list(topics)
    if not units or not categories:
        return
    by_pk = {t.pk: t for t in topics}
    topic_path = {
        t.name: (
            f"{by_pk[t.parent_id].name}\\{t.name}" if t.parent_id in by_pk else t.name
        )
        for t in topics
    }
    leaf_paths = [topic_path[t.name] for t in topics if t.parent_id]
    weights = [
        4 if u.kind == Unit.Kind.COUNTY else 3 if u.short_name == "县政府办" else 1
        for u in units
    ]
    today = timezone.localdate()
    first_year, last_year = 2010, min(2026, today.year)
    serials = defaultdict(lambda: serial_start - 1)
    doc_serials = defaultdict(int)
    keys = set()
    for _ in range(n):
        unit = rng.choices(units, weights)[0]
        patterns = _COMMON_PATTERNS
        if unit.kind == Unit.Kind.TOWNSHIP and rng.random() < 0.4:
            patterns = _TOWNSHIP_PATTERNS
        category_slug, topic_name, pattern, has_number = rng.choice(patterns)
        category = categories.get(category_slug) or rng.choice(
            list(categories.values())
        )
        if category.scope != Category.Scope.ALL and unit.kind != Unit.Kind.TOWNSHIP:
            category = categories.get("wenjian", category)
        year = rng.randint(first_year, last_year)
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), today)
        formed_on = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        subject = rng.choice(_SUBJECTS)
        title = pattern.format(
            unit=unit.name,
            short=unit.short_name or unit.name,
            year=year,
            prev=year - 1,
            subject=subject,
            emergency=rng.choice(_EMERGENCIES),
            month=formed_on.month,
            quarter=(formed_on.month - 1) // 3 + 1,
            name_person=rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN),
        )
        suffix = 1
        base_title = title
        while (unit.code, title, formed_on) in keys:
            suffix += 1
            title = f"{base_title}（{suffix}）"
        keys.add((unit.code, title, formed_on))

        document_number = ""
        if has_number or rng.random() < 0.1:
            kind = "任" if category_slug == "renshi" else "发"
            prefix = _doc_prefix(unit) + (
                "办" if kind == "发" and rng.random() < 0.2 else ""
            )
            doc_serials[(prefix, kind, year)] += 1
            document_number = (
                f"{prefix}{kind}〔{year}〕{doc_serials[(prefix, kind, year)]}号"
            )

        topic = topic_path.get(topic_name) if topic_name else None
        if topic is None and leaf_paths and rng.random() < 0.8:
            topic = rng.choice(leaf_paths)

        sentences = [
            f"{title}。",
            f"为做好{subject}工作，根据上级有关文件精神，结合{unit.short_name or unit.name}实际，"
            "现将有关事项通知如下。",
            f"各单位要高度重视，明确责任分工，确保{year}年各项工作任务按期完成。",
            "本信息经保密审查和规范性审查后，依照《中华人民共和国政府信息公开条例》"
            "主动公开。",
            f"联系电话：0722-43{rng.randint(10000, 99999)}。",
        ]
        paragraphs = sentences[: rng.randint(3, 5)]
        if rng.random() < 0.7:
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
        else:
            body = "\n".join("\u3000\u3000" + p for p in paragraphs)

        row = {
            "unit": unit.code if rng.random() < 0.8 else unit.name,
            "title": title,
            "document_number": document_number,
            "formed_on": formed_on.isoformat(),
            "category": category.name if rng.random() < 0.5 else category.slug,
            "topic": topic or "",
            "body": body,
        }
        kind = rng.random()
        if kind < 0.88:
            published_on = min(
                formed_on + datetime.timedelta(days=rng.randint(1, 40)), today
            )
            row["published_on"] = published_on.isoformat()
        if kind < 0.80:
            serials[(unit.code, year)] += 1
            row["index_number"] = f"{unit.code}/{year}-{serials[(unit.code, year)]:05d}"
        row["summary"] = title if rng.random() < 0.6 else ""
        row["keywords"] = " ".join(filter(None, [topic_name, category.name]))
        row["validity"] = rng.choice(_VALIDITIES)
        yield row
