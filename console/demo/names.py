"""Word lists for the demo branch: Chinese person names, Nanchang place names, phone numbers.

Place names are real streets, communities and townships of Nanchang city and Jinxian
county (Jiangxi), so a map of the demo looks like the place it claims to be.
Everything here is drawn from a `random.Random` handed in: never the global one.
"""

from __future__ import annotations

import random

# Common surnames, most frequent first (Jiangxi has many 熊, 涂, 万, 喻, 龚).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文涂喻付聂甘饶"
)
_SURNAME_WEIGHTS = [max(1.0, 30.0 - i * 0.4) for i in range(len(SURNAMES))]

GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环"
    "雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓"
    "纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓"
    "欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽俊峰建国志强文斌海波宏亮鹏飞华明辉东林晨阳浩然子轩宇航"
)

# 42 contract districts of the city branch: streets (街道) and communities (社区) of Nanchang.
CITY_DISTRICTS = (
    "八一广场社区", "滕王阁街道", "绳金塔街道", "万寿宫社区", "象山北路社区", "中山路社区",
    "胜利路社区", "船山路社区", "孺子路社区", "系马桩街道", "百花洲街道", "南浦街道",
    "朝阳洲街道", "沙井街道", "桃花街道", "桃苑社区", "洪城社区", "西山社区",
    "青云谱街道", "京山街道", "三家店街道", "岱山街道", "徐家坊街道", "象湖社区",
    "洪都街道", "青山湖社区", "上海路街道", "塘山街道", "湖坊街道", "京东街道",
    "罗家社区", "昌北社区", "蛟桥街道", "长堎社区", "红谷滩社区", "卫东街道",
    "凤凰洲社区", "九龙湖社区", "生米街道", "丰和社区", "墩子塘社区", "彭家桥街道",
)

# Townships of Jinxian county (进贤县): rural contract districts.
COUNTY_DISTRICTS = (
    "民和镇", "李渡镇", "温圳镇", "文港镇", "长山晏乡", "梅庄镇", "张公镇",
    "罗溪镇", "架桥镇", "前坊镇", "三里乡", "二塘乡", "钟陵乡", "池溪乡",
)

CITY_ROADS = (
    "阳明路", "叠山路", "中山路", "胜利路", "象山北路", "船山路", "孺子路", "井冈山大道",
    "八一大道", "北京西路", "洪都中大道", "青山南路", "解放西路", "站前路", "抚河北路",
    "丰和中大道", "红谷中大道", "会展路", "庐山南大道", "京东大道", "昌北大道", "洪城路",
)
ESTATES = (
    "锦江花园", "金色家园", "滨江花苑", "阳光小区", "青山湖公寓", "世纪花城", "洪都新村",
    "绿地新都会", "万达星城", "中央公园", "象湖新城", "梦时代花园", "铁路二村", "省府大院",
    "水榭花都", "天赐良园", "嘉利来花园", "丽景湾", "朝阳新城", "红谷凯旋", "恒大名都",
)
VILLAGE_SUFFIX = ("村", "村", "村", "居委会")
VILLAGE_WORDS = "东西南北上下前后新老大小塘湖桥港坪岭山田坊埠洲"

# R-VISIT-5: major clients, by category (hospital, school, hotel, government, estate).
MAJOR_CLIENTS = (
    ("hospital", "南昌市第一医院"), ("hospital", "南昌市第三医院"), ("hospital", "江西省妇幼保健院"),
    ("hospital", "南昌市洪都中医院"), ("hospital", "南昌市第九医院"), ("hospital", "进贤县人民医院"),
    ("school", "南昌市第二中学"), ("school", "南昌市第十中学"), ("school", "江西师范大学附属中学"),
    ("school", "南昌大学前湖校区"), ("school", "南昌市育新学校"), ("school", "进贤县第一中学"),
    ("hotel", "江西宾馆"), ("hotel", "南昌前湖迎宾馆"), ("hotel", "滕王阁大酒店"),
    ("hotel", "红谷滩喜来登酒店"), ("hotel", "洪都大酒店"), ("hotel", "进贤军山湖宾馆"),
    ("government", "东湖区人民政府"), ("government", "西湖区人民政府"), ("government", "青云谱区人民政府"),
    ("government", "青山湖区人民政府"), ("government", "红谷滩区管委会"), ("government", "进贤县人民政府"),
    ("estate", "绿地中央广场"), ("estate", "万达星城小区"), ("estate", "恒茂国际华城"),
    ("estate", "保利半山国际"), ("estate", "新力帝泊湾"), ("estate", "中海朝阳郡"),
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
)


def person_name(rng: random.Random) -> str:
    """A plausible Chinese full name: surname plus one or (mostly) two given characters."""
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    n = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(n))


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, area: str = "0791") -> str:
    """A Nanchang landline (area code 0791, 8-digit local numbers starting 8)."""
    return f"{area}-8{rng.randrange(10**7):07d}"


def city_address(rng: random.Random, district_name: str) -> str:
    """A street address inside a city district (the district's community name first)."""
    base = district_name.removesuffix("街道").removesuffix("社区")
    estate = rng.choice(ESTATES)
    return (
        f"南昌市{base}{rng.choice(CITY_ROADS)}{rng.randint(1, 399)}号{estate}"
        f"{rng.randint(1, 28)}栋{rng.randint(1, 4)}单元{rng.randint(1, 33)}{rng.randint(1, 4):02d}室"
    )


def rural_address(rng: random.Random, town: str) -> str:
    """A village address inside a township of Jinxian county."""
    village = rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_SUFFIX)
    return f"进贤县{town}{village}{rng.randint(1, 12)}组{rng.randint(1, 120)}号"
