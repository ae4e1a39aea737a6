"""Customer type-ahead for intake (R-FIRST-1): loading on both backends, ranking, speed sanity."""

from __future__ import annotations

import time

from sqlalchemy import select

from console.models import District
from console.services.orders.customers import (
    CustomerHit,
    normalize,
    search,
    search_index,
)
from tests.factories import make_customer, small_branch


def hit(i: int, account: str, name: str, phone: str, address: str = "八一大道1号", **kw) -> CustomerHit:
    return CustomerHit(i, account, name, phone, address, 1, "八一社区", **kw)


INDEX = [
    hit(1, "360100000001", "张三", "13907910001", "红谷滩区丰和中大道88号"),
    hit(2, "360100000002", "李四", "13807911390", "八一大道139号"),
    hit(3, "360100000003", "张三丰", "0791-88881234", "青山湖区北京东路12号"),
    hit(4, "360100001390", "王五", "15000000000", "象湖新城3栋"),
    hit(5, "360100000005", "南昌大学第一附属医院", "0791-86000000", "永外正街17号", is_major=True,
        major_category="hospital"),
]


def ids(hits) -> list[int]:
    return [h.id for h in hits]


def test_index_loads_the_accounts_of_one_branch_only(store):
    nc = small_branch(store)["nc"]
    with store.write() as s:
        district = s.scalar(select(District).where(District.branch_id == nc))
        c = make_customer(s, district, "A0000003", "王小明")
        c.phone, c.is_major, c.major_category, c.active = "0791-8888 1234", True, "school", False
    hits = search_index(store, nc)
    assert [h.account_no for h in hits] == ["A0000001", "A0000003"]  # not JX's A0000002
    wang = hits[1]
    assert (wang.name, wang.district, wang.is_major, wang.major_category, wang.active) == (
        "王小明", "八一社区", True, "school", False)
    assert search(hits, "88881234") == [wang]  # phone digits, whatever the separators
    assert search(hits, "0791 8888-1234") == [wang]


def test_exact_account_or_phone_comes_first_then_prefix_then_substring():
    # "1390" is a substring of 2's phone and address, a suffix of 4's account, a prefix of 1's phone
    assert ids(search(INDEX, "1390")) == [1, 2, 4]
    assert ids(search(INDEX, "360100001390")) == [4]
    assert ids(search(INDEX, "13807911390")) == [2]
    # exact phone beats an account that merely contains it
    assert ids(search(INDEX, "15000000000"))[0] == 4


def test_name_prefix_ranks_before_a_name_that_only_contains_it():
    assert ids(search([hit(1, "A1", "李张三", "1"), hit(2, "A2", "张三", "2")], "张三")) == [2, 1]
    assert ids(search(INDEX, "张三")) == [1, 3]
    assert ids(search(INDEX, "三丰")) == [3]
    assert ids(search(INDEX, "医院")) == [5]


def test_address_and_several_words_narrow_the_search():
    assert ids(search(INDEX, "北京东路")) == [3]
    assert ids(search(INDEX, "张三 青山湖")) == [3]
    assert ids(search(INDEX, "八一")) == [1, 2, 3, 4, 5]  # every account is in 八一社区
    assert ids(search(INDEX, "八一 李")) == [2]


def test_case_insensitive_account_numbers_and_empty_queries():
    index = [hit(1, "NC-A001", "Zhang San", "139"), hit(2, "NC-B002", "Li Si", "138")]
    assert ids(search(index, "nc-a")) == [1]
    assert ids(search(index, "zhang")) == [1]
    assert search(index, "") == [] and search(index, "   ") == []
    assert normalize(" +86 139-0791 ") == ("861390791",)
    assert normalize("Zhang  San") == ("zhang", "san")


def test_limit_keeps_the_best():
    many = [hit(i, f"3601{i:08d}", f"用户{i}", f"139{i:08d}") for i in range(1, 500)]
    found = search(many, "139", limit=20)
    assert len(found) == 20 and all(h.phone.startswith("139") for h in found)
    assert ids(search(many, "13900000042", limit=5)) == [42]


def test_a_keystroke_over_30000_accounts_is_fast():
    # speed sanity only; benchmarks/customer_search.py measures it properly
    many = [hit(i, f"3601{i:08d}", f"用户{i}", f"13{i:09d}", f"红谷滩区{i % 97}号") for i in range(30_000)]
    worst = 0.0
    for text in ("1", "13", "3601", "用户", "红谷滩区5", "13000029999", "无此人"):
        t = time.perf_counter()
        search(many, text)
        worst = max(worst, time.perf_counter() - t)
    assert worst < 0.1
