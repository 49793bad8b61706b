"""信息处理费 (国办函〔2020〕109号, 《政府信息公开信息处理费管理办法》).

Reading of the scales (Art. 3: "均按照超额累进方式计算收费金额"): the fee is
*marginal per band*, like an income tax: each item or page is charged the
price of the band it falls in, and the lower bands keep their own price.

By item (Art. 4), counted per applicant per natural month at one unit:

* items 1–10: free;
* items 11–30: 100 元 each;
* from item 31 on, in bands of 10, the price per item rises by 100 元 for
  every further band: items 31–40 cost 200 元 each, 41–50 300 元 each, …

  10 → 0, 11 → 100, 30 → 2000, 31 → 2200, 40 → 4000, 41 → 4300.

By page (Art. 5):

* pages 1–30: free; 31–100: 10 元 each; 101–200: 20 元 each; 201 on: 40 元 each.

  30 → 0, 31 → 10, 100 → 700, 101 → 720, 200 → 2700, 201 → 2740.

The page scale has no monthly accumulation in the 办法: it is applied to the
pages of the information provided for one application. Counting the month's
pages together would charge more than the scale allows, so the monthly rule
applies to the item method only.

A unit uses one method (``ApplicationDesk.fee_method``, set by the
webmaster). A fee notice pauses nothing (the issue's rule; the clock knows no
fee event); the applicant pays within 20 working days or the application is
closed as 逾期未缴费.
"""

from django.utils.translation import gettext_lazy as _

ITEM = "item"
PAGE = "page"
METHODS = [(ITEM, _("按件计收")), (PAGE, _("按量计收"))]

FREE_ITEMS = 10
SECOND_BAND_LAST_ITEM = 30
ITEM_PRICE = 100
ITEM_BAND = 10

#: (first page of the band, price per page in 元), ascending.
PAGE_BANDS = [(1, 0), (31, 10), (101, 20), (201, 40)]

#: Days the applicant has to pay after the fee notice.
PAYMENT_WORKDAYS = 20


def _check(count):
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError("count must be a non-negative integer")


def item_price(n):
    """The price of the ``n``-th item of the month (1-based), in 元."""
    if n <= FREE_ITEMS:
        return 0
    if n <= SECOND_BAND_LAST_ITEM:
        return ITEM_PRICE
    band = (n - SECOND_BAND_LAST_ITEM - 1) // ITEM_BAND + 1
    return ITEM_PRICE * (band + 1)


def by_item(count):
    """The total fee for ``count`` items in a month."""
    _check(count)
    return sum(item_price(n) for n in range(1, count + 1))


def page_price(n):
    """The price of the ``n``-th page (1-based), in 元."""
    price = 0
    for first, band_price in PAGE_BANDS:
        if n >= first:
            price = band_price
    return price


def by_page(count):
    """The total fee for ``count`` pages."""
    _check(count)
    return sum(page_price(n) for n in range(1, count + 1))


def amount(method, count):
    if method == ITEM:
        return by_item(count)
    if method == PAGE:
        return by_page(count)
    raise ValueError(f"unknown fee method {method!r}")


def marginal(method, count, earlier=0):
    """The fee of ``count`` more items or pages after ``earlier`` of them."""
    return amount(method, earlier + count) - amount(method, earlier)
