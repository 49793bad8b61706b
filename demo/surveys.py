"""The demo's 在线调查: 教育局's school-bus survey, open now (SMS-verified,
results after closing), and 住建局's old-neighbourhood renovation survey,
closed a month ago with 300 generated answers and published results.

The answers are generated in one bulk insert and counted by the same
function the Celery task runs, so the demo stays quick to build."""

import random
from datetime import timedelta

from django.utils import timezone

from disclosure.models import Unit
from interaction.mailbox.roles import SYSTEM
from interaction.models import (
    InteractionIndexPage,
    Survey,
    SurveyIndexPage,
    SurveyPage,
    SurveyResponse,
)
from interaction.surveys import identity, lifecycle, permissions, results

CLOSED_ANSWERS = 300

SCHOOL_BUS = {
    "slug": "xiaoche-2026",
    "title": "城区中小学校车线路调整意见调查",
    "unit": "jyuj",
    "verification": "sms",
    "results_visibility": "after_close",
    "intro": "<p>为方便学生上下学，县教育局拟于2026年秋季学期调整城区校车线路和站点，"
    "现公开征求家长意见。每个手机号码可参与一次，号码只用于验证，不会保存。</p>",
    "questions": [
        (
            "single",
            {
                "label": "您的孩子就读的学校",
                "required": True,
                "options": [
                    "随县第一中学",
                    "随县实验小学",
                    "厉山镇中心小学",
                    "厉山镇初级中学",
                    "其他学校",
                ],
            },
        ),
        (
            "multiple",
            {
                "label": "您最希望校车改进的方面",
                "required": True,
                "options": [
                    "增加站点",
                    "调整发车时间",
                    "缩短乘车时间",
                    "增加随车照管人员",
                    "更新车辆",
                ],
                "min_picks": 1,
                "max_picks": 3,
            },
        ),
        (
            "rating",
            {
                "label": "您对现有校车服务的满意程度",
                "required": True,
                "low_label": "很不满意",
                "high_label": "非常满意",
            },
        ),
        (
            "short_text",
            {
                "label": "您建议增设的上车点",
                "help_text": "如：烈山大道与神农路交叉口。",
                "required": False,
            },
        ),
        ("long_text", {"label": "其他意见和建议", "required": False}),
    ],
}

RENOVATION = {
    "slug": "laojiu-xiaoqu-gaizao",
    "title": "城区老旧小区改造居民意愿调查",
    "unit": "zjj",
    "verification": "open",
    "results_visibility": "after_close",
    "intro": "<p>县住房和城乡建设局拟将城区2000年以前建成的老旧小区纳入改造计划，"
    "现就改造内容征求居民意见。调查结果将作为确定改造项目的依据。</p>",
    "questions": [
        (
            "single",
            {
                "label": "您居住的小区",
                "required": True,
                "options": [
                    "烈山社区粮食局宿舍",
                    "神农社区供销社宿舍",
                    "厉山镇卫生院家属院",
                    "其他小区",
                ],
            },
        ),
        (
            "matrix",
            {
                "label": "您对以下改造项目的需要程度",
                "required": True,
                "rows": [
                    "屋面防水",
                    "外墙保温",
                    "雨污分流",
                    "增设停车位",
                    "加装电梯",
                    "适老化设施",
                ],
                "scale": ["非常需要", "需要", "一般", "不需要"],
            },
        ),
        (
            "rating",
            {
                "label": "您对小区目前居住环境的满意程度",
                "required": True,
                "low_label": "很不满意",
                "high_label": "非常满意",
            },
        ),
        (
            "multiple",
            {
                "label": "您愿意以哪些方式参与改造",
                "required": False,
                "options": [
                    "参加居民议事会",
                    "出资参与加装电梯",
                    "监督施工质量",
                    "不参与",
                ],
                "min_picks": 0,
                "max_picks": None,
            },
        ),
        ("long_text", {"label": "对改造工作的意见建议", "required": False}),
    ],
}

SUGGESTIONS = [
    "希望先解决屋顶漏水问题，每逢下雨家里就要接水。",
    "楼道灯经常不亮，晚上老人上下楼不安全。",
    "建议加装电梯时按楼层分摊费用，低楼层少出一些。",
    "小区停车太难，希望利用空地规划停车位。",
    "施工期间请注意噪音，错开午休时间。",
    "我家住3栋2单元，联系电话13907221234，愿意参加议事会。",
]


def ensure_index(home):
    interaction = InteractionIndexPage.objects.child_of(home).first()
    index = SurveyIndexPage.objects.first()
    if index is None:
        index = interaction.add_child(
            instance=SurveyIndexPage(
                title="在线调查",
                slug="diaocha",
                live=True,
                intro="<p>县直部门和镇（场）围绕群众关心的事项开展的网上调查。"
                "每项调查每人限答一次，调查结束后按约定公布结果。</p>",
            )
        )
    permissions.grant_unit_editors()
    return index


def ensure_survey(index, spec, opens_at, closes_at):
    page = SurveyPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is None:
        fields = {k: v for k, v in spec.items() if k != "unit"}
        page = index.add_child(
            instance=SurveyPage(
                live=True,
                unit=Unit.objects.get(slug=spec["unit"]),
                opens_at=opens_at,
                closes_at=closes_at,
                **fields,
            )
        )
    # Read back: the question and option ids are those stored with the page.
    page = SurveyPage.objects.get(pk=page.pk)
    return page, lifecycle.sync_from_page(page)


def _answer(rng, questions, suggestions):
    answers = {}
    for q in questions:
        ids = [i for i, _label in q.options]
        if q.kind == "single":
            answers[q.id] = rng.choices(ids, weights=range(len(ids), 0, -1))[0]
        elif q.kind == "multiple":
            if not q.required and rng.random() < 0.2:
                continue
            high = min(q.max_picks or len(ids), len(ids))
            answers[q.id] = rng.sample(ids, rng.randint(max(q.min_picks, 1), high))
        elif q.kind == "rating":
            answers[q.id] = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 5, 4, 2])[0]
        elif q.kind == "matrix":
            answers[q.id] = {
                row_id: rng.choices(ids, weights=[4, 3, 2, 1])[0]
                for row_id, _label in q.rows
            }
        elif q.is_text and rng.random() < 0.25:
            answers[q.id] = rng.choice(suggestions)
    return answers


def generate_answers(survey, count, start, end, seed=2026):
    """``count`` answers spread between ``start`` and ``end`` (open poll)."""
    rng = random.Random(seed)
    questions = survey.page.question_list
    span = (end - start).total_seconds()
    rows = []
    for n in range(count):
        answers = _answer(rng, questions, SUGGESTIONS)
        rows.append(
            SurveyResponse(
                survey=survey,
                browser_hash=identity.browser_hash(survey.pk, f"demo-{seed}-{n}"),
                answers=answers,
                submitted_at=start + timedelta(seconds=span * (n + 0.5) / count),
                personal_data=any("1390722" in str(v) for v in answers.values()),
            )
        )
    SurveyResponse.objects.bulk_create(rows, batch_size=500)


def load(home, log=None):
    """Build the two demo surveys; returns the number of answers added."""
    index = ensure_index(home)
    now = timezone.now().replace(second=0, microsecond=0)
    _page, survey = ensure_survey(
        index, SCHOOL_BUS, now - timedelta(days=3), now + timedelta(days=30)
    )
    if survey.status == Survey.Status.SCHEDULED and survey.opens_at <= now:
        lifecycle.transition(survey, "open", by=SYSTEM, now=survey.opens_at)

    opens_at, closes_at = now - timedelta(days=60), now - timedelta(days=30)
    _page, survey = ensure_survey(index, RENOVATION, opens_at, closes_at)
    added = 0
    if survey.status == Survey.Status.SCHEDULED:
        lifecycle.transition(survey, "open", by=SYSTEM, now=survey.opens_at)
        generate_answers(survey, CLOSED_ANSWERS, survey.opens_at, survey.closes_at)
        added = CLOSED_ANSWERS
        lifecycle.transition(survey, "close", by=SYSTEM, now=survey.closes_at)
    elif not hasattr(survey, "results"):
        results.aggregate(survey, final=True)
    if log:
        log(f"在线调查：{Survey.objects.count()} 项")
    return added
