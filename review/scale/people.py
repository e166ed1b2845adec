"""Enterprises across the 16 cities, each with its enterprise user, and the staff who review them.

Credit codes follow GB 32100-2015: ``91`` (enterprise, company), a real division code of the city's
districts, a nine-character organisation code and the check character of ``portal.accounts.credit_code``.
Every generated account has the user name prefix ``gen_`` and one shared password (hashed once), so
a benchmark can log in as any of them; the demo accounts are never read or written.
"""
from django.contrib.auth.hashers import make_password

from portal.accounts import credit_code as cc
from portal.accounts.constants import REGULATION_BRANCH_DIVISIONS, LegalForm, Role
from portal.accounts.models import Enterprise, User

PASSWORD = "Scale-Shandong-2025"
USER_PREFIX = "gen_"

# Each city's districts and counties: (division code, name). Laiwu's old codes (3712xx) are Jinan's.
DISTRICTS = {
    "370100": [("370102", "历下区"), ("370103", "市中区"), ("370104", "槐荫区"), ("370105", "天桥区"),
               ("370112", "历城区"), ("370113", "长清区"), ("370114", "章丘区"), ("370115", "济阳区"),
               ("370116", "莱芜区"), ("370117", "钢城区"), ("370124", "平阴县"), ("370126", "商河县"),
               ("371202", "莱城区"), ("371203", "钢城区")],
    "370200": [("370202", "市南区"), ("370203", "市北区"), ("370211", "黄岛区"), ("370212", "崂山区"),
               ("370213", "李沧区"), ("370214", "城阳区"), ("370215", "即墨区"), ("370281", "胶州市"),
               ("370283", "平度市"), ("370285", "莱西市")],
    "370300": [("370302", "淄川区"), ("370303", "张店区"), ("370304", "博山区"), ("370305", "临淄区"),
               ("370306", "周村区"), ("370321", "桓台县"), ("370322", "高青县"), ("370323", "沂源县")],
    "370400": [("370402", "市中区"), ("370403", "薛城区"), ("370404", "峄城区"), ("370405", "台儿庄区"),
               ("370406", "山亭区"), ("370481", "滕州市")],
    "370500": [("370502", "东营区"), ("370503", "河口区"), ("370505", "垦利区"), ("370522", "利津县"),
               ("370523", "广饶县")],
    "370600": [("370602", "芝罘区"), ("370611", "福山区"), ("370612", "牟平区"), ("370613", "莱山区"),
               ("370614", "蓬莱区"), ("370681", "龙口市"), ("370682", "莱阳市"), ("370683", "莱州市"),
               ("370685", "招远市"), ("370686", "栖霞市"), ("370687", "海阳市")],
    "370700": [("370702", "潍城区"), ("370703", "寒亭区"), ("370704", "坊子区"), ("370705", "奎文区"),
               ("370781", "青州市"), ("370782", "诸城市"), ("370783", "寿光市"), ("370784", "安丘市"),
               ("370785", "高密市"), ("370786", "昌邑市")],
    "370800": [("370811", "任城区"), ("370812", "兖州区"), ("370881", "曲阜市"), ("370883", "邹城市"),
               ("370826", "微山县"), ("370827", "鱼台县"), ("370828", "金乡县"), ("370829", "嘉祥县"),
               ("370830", "汶上县"), ("370831", "泗水县"), ("370832", "梁山县")],
    "370900": [("370902", "泰山区"), ("370911", "岱岳区"), ("370982", "新泰市"), ("370983", "肥城市"),
               ("370921", "宁阳县"), ("370923", "东平县")],
    "371000": [("371002", "环翠区"), ("371003", "文登区"), ("371082", "荣成市"), ("371083", "乳山市")],
    "371100": [("371102", "东港区"), ("371103", "岚山区"), ("371121", "五莲县"), ("371122", "莒县")],
    "371300": [("371302", "兰山区"), ("371311", "罗庄区"), ("371312", "河东区"), ("371321", "沂南县"),
               ("371322", "郯城县"), ("371323", "沂水县"), ("371324", "兰陵县"), ("371325", "费县"),
               ("371326", "平邑县"), ("371327", "莒南县"), ("371328", "蒙阴县"), ("371329", "临沭县")],
    "371400": [("371402", "德城区"), ("371403", "陵城区"), ("371481", "乐陵市"), ("371482", "禹城市"),
               ("371422", "宁津县"), ("371423", "庆云县"), ("371424", "临邑县"), ("371425", "齐河县"),
               ("371426", "平原县"), ("371427", "夏津县"), ("371428", "武城县")],
    "371500": [("371502", "东昌府区"), ("371503", "茌平区"), ("371581", "临清市"), ("371521", "阳谷县"),
               ("371522", "莘县"), ("371524", "东阿县"), ("371525", "冠县"), ("371526", "高唐县")],
    "371600": [("371602", "滨城区"), ("371603", "沾化区"), ("371681", "邹平市"), ("371621", "惠民县"),
               ("371622", "阳信县"), ("371623", "无棣县"), ("371625", "博兴县")],
    "371700": [("371702", "牡丹区"), ("371703", "定陶区"), ("371721", "曹县"), ("371722", "单县"),
               ("371723", "成武县"), ("371724", "巨野县"), ("371725", "郓城县"), ("371726", "鄄城县"),
               ("371728", "东明县")],
}

# Above-size industrial enterprises per city (thousands, roughly): how the enterprises are spread.
CITY_WEIGHTS = {
    "370100": 31, "370200": 52, "370300": 23, "370400": 11, "370500": 12, "370600": 37, "370700": 43,
    "370800": 23, "370900": 12, "371000": 16, "371100": 8, "371300": 31, "371400": 21, "371500": 17,
    "371600": 15, "371700": 20,
}

BRANDS = list("鲁泉华齐恒信瑞丰宏泰盛源海岳金鼎天成润德正阳康博远航新星汇通明达卓越")
# The GB/T 4754-2017 divisions the generated enterprises are in (manufacturing mostly, some mining and
# utilities, as Shandong's above-size industry), each with a word for the enterprise's name.
INDUSTRY_WORDS = {
    "06": "煤业", "07": "油气", "09": "矿业", "13": "食品", "14": "食品", "15": "酿酒", "16": "卷烟",
    "17": "纺织", "18": "服饰", "22": "纸业", "25": "石化", "26": "化工", "27": "制药", "29": "橡塑",
    "30": "建材", "31": "特钢", "32": "有色金属", "33": "金属制品", "34": "机械", "35": "智能装备",
    "36": "汽车零部件", "37": "船舶", "38": "电气", "39": "电子科技", "40": "仪器仪表", "41": "制造",
    "44": "热电",
}
BRANCH_DIVISIONS = frozenset(d for divisions in REGULATION_BRANCH_DIVISIONS.values() for d in divisions)
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌鹏辉")
UNIVERSITIES = ["山东大学", "中国海洋大学", "山东科技大学", "青岛大学", "济南大学", "山东理工大学",
                "齐鲁工业大学", "山东建筑大学", "青岛科技大学", "烟台大学", "潍坊学院", "临沂大学",
                "山东省机械设计研究院", "山东省标准化研究院", "山东产业技术研究院"]


class Firm:
    """What the later phases need to know of one generated enterprise."""

    __slots__ = ("id", "city_id", "city_code", "name", "credit_code", "user_id", "username", "email", "industry")

    def __init__(self, **values):
        for key, value in values.items():
            setattr(self, key, value)


class Staff:
    __slots__ = ("id", "username", "role", "city_id", "name")

    def __init__(self, **values):
        for key, value in values.items():
            setattr(self, key, value)


def _organisation_codes(rng, taken):
    """Nine-character organisation codes ``MA`` + seven characters, distinct and never one in ``taken``."""
    seen = set()
    space = 31 ** 7
    while True:
        n = rng.randrange(space)
        chars = []
        for _ in range(7):
            n, r = divmod(n, 31)
            chars.append(cc.CHARSET[r])
        code = "MA" + "".join(chars)
        if code not in seen and code not in taken:
            seen.add(code)
            yield code


def credit_code(division, organisation):
    first17 = f"91{division}{organisation}"
    return first17 + cc.check_character(first17)


def person(rng):
    return rng.choice(SURNAMES), rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def make_enterprises(ctx, count):
    """``count`` enterprises with one enterprise user each; returns the ``Firm`` records."""
    rng = ctx.rng
    taken = set(Enterprise.objects.values_list("credit_code", flat=True))
    taken_orgs = {code[8:17] for code in taken}
    codes = _organisation_codes(rng, taken_orgs)
    city_codes = list(CITY_WEIGHTS)
    weights = [CITY_WEIGHTS[c] for c in city_codes]
    divisions = list(INDUSTRY_WORDS)
    enterprise_ids = ctx.writer.ids(Enterprise, count)
    user_ids = ctx.writer.ids(User, count)
    password = make_password(PASSWORD)
    enterprises, users, firms = [], [], []
    for eid, uid in zip(enterprise_ids, user_ids, strict=True):
        city_code = rng.choices(city_codes, weights)[0]
        city = ctx.cities[city_code]
        division, district = rng.choice(DISTRICTS[city_code])
        code = credit_code(division, next(codes))
        industry = rng.choice(divisions)
        legal_form, parent = LegalForm.LEGAL_PERSON, ""
        if industry in BRANCH_DIVISIONS and rng.random() < 0.15:
            legal_form, parent = LegalForm.BRANCH, credit_code(rng.choice(DISTRICTS[city_code])[0], next(codes))
        name = f"{city.name_zh}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{INDUSTRY_WORDS[industry]}有限公司"
        if legal_form == LegalForm.BRANCH:
            name = name.replace("有限公司", f"有限公司{district.rstrip('区县市')}分公司")
        family, given = person(rng)
        username = f"{USER_PREFIX}{code.lower()}"
        email = f"{username}@scale.example.com"
        registered = ctx.random_time(ctx.epoch, ctx.rounds[-1].opens_at)
        enterprises.append({
            "id": eid, "credit_code": code, "name": name, "city_id": city.pk, "district": district,
            "legal_form": legal_form, "parent_credit_code": parent, "industry": industry,
            "above_designated_size": rng.random() < 0.9, "contact_name": family + given,
            "contact_phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}", "contact_email": email,
            "created_at": registered,
        })
        users.append({
            "id": uid, "password": password, "last_login": None, "is_superuser": False, "username": username,
            "first_name": given, "last_name": family, "email": email, "is_staff": False, "is_active": True,
            "date_joined": registered, "role": Role.ENTERPRISE, "enterprise_id": eid, "city_id": None,
            "phone": "", "organisation": "",
        })
        firms.append(Firm(id=eid, city_id=city.pk, city_code=city_code, name=name, credit_code=code,
                          user_id=uid, username=username, email=email, industry=industry))
        ctx.audit_row(registered, uid, "accounts.enterprise_registered", Enterprise, eid, name,
                      after={"credit_code": code, "name": name, "city": city_code})
    ctx.writer.write(Enterprise, enterprises)
    ctx.writer.write(User, users)
    return firms


def make_staff(ctx, *, experts_per_city=12):
    """Two officials per city, four provincial officers, an admin, and experts in every city."""
    rng = ctx.rng
    specs = []
    for code, city in ctx.cities.items():
        for n in (1, 2):
            specs.append((f"{USER_PREFIX}city_{code}_{n}", Role.CITY_OFFICIAL, city.pk,
                          f"{city.name_zh}市工业和信息化局"))
    for n in range(1, 5):
        specs.append((f"{USER_PREFIX}province_{n}", Role.PROVINCIAL_OFFICER, None, "山东省工业和信息化厅"))
    specs.append((f"{USER_PREFIX}admin", Role.ADMIN, None, "山东省工业和信息化厅"))
    for code, city in ctx.cities.items():
        for n in range(1, experts_per_city + 1):
            specs.append((f"{USER_PREFIX}expert_{code}_{n}", Role.EXPERT, city.pk, rng.choice(UNIVERSITIES)))
    existing = set(User.objects.filter(username__in=[s[0] for s in specs]).values_list("username", flat=True))
    specs = [s for s in specs if s[0] not in existing]
    ids = ctx.writer.ids(User, len(specs))
    password = make_password(PASSWORD)
    rows = []
    for uid, (username, role, city_id, organisation) in zip(ids, specs, strict=True):
        family, given = person(rng)
        joined = ctx.epoch
        rows.append({
            "id": uid, "password": password, "last_login": None, "is_superuser": role == Role.ADMIN,
            "username": username, "first_name": given, "last_name": family, "email": f"{username}@scale.example.com",
            "is_staff": role == Role.ADMIN, "is_active": True, "date_joined": joined, "role": role, "enterprise_id": None,
            "city_id": city_id, "phone": "", "organisation": organisation,
        })
        ctx.audit_row(joined, None, "accounts.staff_created", User, uid, family + given,
                      after={"username": username, "role": role})
    ctx.writer.write(User, rows)
    staff = [Staff(id=u.pk, username=u.username, role=u.role, city_id=u.city_id, name=str(u))
             for u in User.objects.filter(username__startswith=USER_PREFIX).exclude(role=Role.ENTERPRISE)
             .order_by("pk")]
    return staff
