"""What each import kind reads: its columns, their header names (English and Chinese), whether
they are required, and how a cell is parsed. Text limits come from the model's column lengths.

Header matching ignores case, spaces, underscores, dashes and a trailing unit or note in
brackets: "Account No", "account_no", "账号", "户号（必填）" all name the account column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from console.i18n import T
from console.models import Customer, District, Staff
from console.services.imports import fields
from console.vocabulary import AreaType, Role

KINDS = ("customers", "districts", "staff")
MAJOR_CATEGORIES = ("hospital", "school", "hotel", "government", "estate")  # R-VISIT-5


@dataclass(frozen=True)
class Column:
    key: str
    names: tuple[str, ...]  # accepted header texts; the first is the canonical English one
    parse: Callable[[object], object]
    required: bool = True


def _len(model, key: str) -> int:
    return model.__table__.c[key].type.length


def _text(model, key: str) -> Callable[[object], str]:
    return partial(fields.text, max_len=_len(model, key))


def _phone(model, key: str) -> Callable[[object], str]:
    return partial(fields.phone, max_len=_len(model, key))


AREA = fields.choice(AreaType, {"城区": "urban", "城市": "urban", "市区": "urban", "city": "urban",
                                "农村": "rural", "乡村": "rural", "乡镇": "rural", "county": "rural"})
ROLE = fields.choice(Role, {"调度员": "dispatcher", "调度": "dispatcher", "维护员": "maintainer",
                            "装维": "maintainer", "网格员": "maintainer", "维修员": "maintainer",
                            "督查员": "inspector", "稽查员": "inspector", "经理": "manager",
                            "主管": "manager", "管理员": "admin"})


def _major(value: object) -> str:
    aliases = {"医院": "hospital", "学校": "school", "酒店": "hotel", "宾馆": "hotel",
               "政府": "government", "机关": "government", "小区": "estate", "楼盘": "estate"}
    s = str(value).strip()
    found = s.lower() if s.lower() in MAJOR_CATEGORIES else aliases.get(s)
    if found is None:
        raise fields.Bad(T("unknown value {value!r} (one of: {choices})", value=s,
                           choices=", ".join(MAJOR_CATEGORIES)), code="bad_enum")
    return found


CUSTOMER_COLUMNS = (
    Column("account_no", ("account_no", "account", "账号", "户号", "用户编号", "客户编号"),
           _text(Customer, "account_no")),
    Column("name", ("name", "姓名", "户名", "客户名称", "用户名称"), _text(Customer, "name")),
    Column("phone", ("phone", "电话", "手机", "手机号", "联系电话"), _phone(Customer, "phone")),
    Column("address", ("address", "地址", "装机地址"), _text(Customer, "address")),
    Column("district", ("district", "片区", "所属片区", "片区编码", "district_code"), partial(fields.text, max_len=100)),
    Column("subscribed_on", ("subscribed_on", "开户日期", "入网日期", "开通日期"), fields.date),
    Column("expires_on", ("expires_on", "到期日期", "缴费到期"), fields.date),
    Column("is_major", ("is_major", "重要客户", "是否重要客户"), fields.boolean, required=False),
    Column("major_category", ("major_category", "重要客户类别", "客户类别"), _major, required=False),
    Column("active", ("active", "在网", "是否在网"), fields.boolean, required=False),
    Column("latitude", ("latitude", "lat", "纬度"), fields.latitude, required=False),
    Column("longitude", ("longitude", "lon", "lng", "经度"), fields.longitude, required=False),
)

DISTRICT_COLUMNS = (
    Column("code", ("code", "编码", "片区编码", "编号"), _text(District, "code")),
    Column("name", ("name", "名称", "片区名称", "片区"), _text(District, "name")),
    Column("area_type", ("area_type", "类型", "区域类型", "城乡"), AREA),
    Column("households", ("households", "户数", "用户数"), fields.count),
    Column("service_phone", ("service_phone", "服务电话"), _phone(District, "service_phone")),
    Column("supervision_phone", ("supervision_phone", "监督电话"), _phone(District, "supervision_phone")),
    Column("geojson", ("geojson", "boundary", "polygon", "边界", "范围"), partial(fields.text, max_len=1_000_000)),
    Column("latitude", ("latitude", "lat", "纬度"), fields.latitude, required=False),
    Column("longitude", ("longitude", "lon", "lng", "经度"), fields.longitude, required=False),
)

STAFF_COLUMNS = (
    Column("work_number", ("work_number", "工号", "员工编号"),
           partial(fields.work_number, max_len=_len(Staff, "work_number"))),
    Column("name", ("name", "姓名"), _text(Staff, "name")),
    Column("role", ("role", "角色", "岗位"), ROLE),
    Column("phone", ("phone", "电话", "手机", "手机号", "联系电话"), _phone(Staff, "phone")),
    Column("active", ("active", "在职", "是否在职"), fields.boolean, required=False),
    Column("hired_on", ("hired_on", "入职日期"), fields.date, required=False),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "customers": CUSTOMER_COLUMNS, "districts": DISTRICT_COLUMNS, "staff": STAFF_COLUMNS}

_NOISE = re.compile(r"[\s_\-]+|[（(【\[].*?[）)】\]]\s*$|\*")


def normalise(header: str) -> str:
    return _NOISE.sub("", header.strip().rstrip("*").lower())


def header_index(kind: str) -> dict[str, Column]:
    """Normalised header text -> column, for one kind."""
    return {normalise(n): c for c in COLUMNS[kind] for n in c.names}
