"""Working-day calendar from the command line.

manage.py workdays due 2026-12-21 20    # the 20th working day after, ISO date
manage.py workdays between 2026-09-30 2026-10-09   # working days in (A, B]
manage.py workdays check 2027           # whether the year's schedule is known
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from disclosure import workdays


def _parse_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"日期“{value}”无效，应为 YYYY-MM-DD 格式，如 2026-12-21。"
        ) from None


def _parse_count(value):
    try:
        count = int(value)
    except ValueError:
        raise CommandError(f"工作日数“{value}”无效，应为非负整数。") from None
    if count < 0:
        raise CommandError(f"工作日数“{value}”无效，不能为负数。")
    return count


def _parse_year(value):
    try:
        year = int(value)
    except ValueError:
        raise CommandError(f"年份“{value}”无效，应为四位数字，如 2027。") from None
    if not 1 <= year <= 9999:
        raise CommandError(f"年份“{value}”无效，应为四位数字，如 2027。")
    return year


class Command(BaseCommand):
    help = "工作日计算：due 日期 天数 | between 日期A 日期B | check 年份"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="{due,between,check}")
        sub.required = True
        due = sub.add_parser("due", help="起算日之后第 N 个工作日（起算日不计）")
        due.add_argument("start")
        due.add_argument("days")
        between = sub.add_parser("between", help="区间 (A, B] 内的工作日数")
        between.add_argument("a")
        between.add_argument("b")
        check = sub.add_parser("check", help="该年节假日安排是否已知")
        check.add_argument("year")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "due":
            start = _parse_date(options["start"])
            count = _parse_count(options["days"])
            try:
                due = workdays.add(start, count)
            except OverflowError:
                raise CommandError("截止日期超出可计算范围。") from None
            self.stdout.write(due.isoformat())
        elif action == "between":
            a = _parse_date(options["a"])
            b = _parse_date(options["b"])
            self.stdout.write(str(workdays.between(a, b)))
        elif action == "check":
            year = _parse_year(options["year"])
            if workdays.year_known(year):
                self.stdout.write(f"{year}年节假日安排已知。")
            else:
                self.stdout.write(f"{year}年节假日安排尚未录入，工作日按周末推算。")
