"""Benchmark: the 政府信息公开目录 (catalogue) and its Chinese full-text search over 100,000 documents.

    .venv/bin/python bench/bench_catalogue.py                       # SQLite (var/bench/catalogue.sqlite3)
    .venv/bin/python bench/bench_catalogue.py --database-url postgres://postgres@127.0.0.1:5432/proactive_t

One agency with 100,000 published documents over ten years (titles, 文号, summaries and a text of a few
hundred characters each, generated from real-looking phrases), made once per database with bulk_create and
kept for later runs (`--rebuild` makes it again). Each figure is the catalogue page served through the real
view by the Django test client, logged in as a clerk of the agency (the page counts its matches, reads the
themes and the date of the last publication): the first page, a deep page, every filter, and searches — a
one-character and a two-character word, a longer word, a 文号 prefix, two words, a word found nowhere.
Target < 200 ms each (issue 10). Prints a table: median and best of five runs after one warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
AGENCY_CODE = "bench-catalogue"
TARGET = 0.2

SUBJECTS = (
    "义务教育招生",
    "城乡居民医疗保险",
    "农村道路养护",
    "生活垃圾分类",
    "安全生产专项整治",
    "食品安全监督抽检",
    "困难群众救助",
    "高标准农田建设",
    "老旧小区改造",
    "中小企业融资服务",
    "河道综合治理",
    "公共文化服务",
    "就业创业补贴",
    "防汛抗旱应急",
    "住房公积金缴存",
    "政府集中采购",
    "耕地保护",
    "校外培训治理",
    "养老服务补贴",
    "大气污染防治",
)
FORMS = ("实施方案", "管理办法", "工作要点", "实施细则", "通知", "考核办法", "工作方案", "公告", "意见")
PHRASES = (
    "为深入贯彻落实党中央、国务院决策部署，",
    "根据有关法律法规和上级文件精神，结合本地实际，",
    "各乡镇人民政府、各街道办事处，区各有关部门：",
    "现将有关事项通知如下，请认真贯彻执行。",
    "坚持以人民为中心的发展思想，",
    "进一步规范工作流程，提高服务质量和效率。",
    "各单位要高度重视，明确责任分工，确保各项任务落到实处。",
    "对工作推进不力的，予以通报批评。",
    "本办法自发布之日起施行，有效期五年。",
    "资金由区财政统筹安排，专款专用，接受审计监督。",
    "申请人应当如实提交申请材料，并对材料的真实性负责。",
    "建立健全长效管理机制，定期开展督查评估。",
    "加强宣传引导，营造良好社会氛围。",
    "符合条件的，按照规定程序予以办理；不符合条件的，书面告知理由。",
    "联系电话：0517-80912345。",
)
THEMES = (
    "科技、教育",
    "卫生、体育",
    "城乡建设、环境保护",
    "劳动、人事、监察",
    "财政、金融、审计",
    "农业、林业、水利",
)
KINDS = (
    ("normative", 15),
    ("other_document", 45),
    ("notice", 20),
    ("plan", 10),
    ("statistics", 5),
    ("budget", 5),
)
ITEMS = {"normative": "20.1", "plan": "20.3", "statistics": "20.4", "budget": "20.7", "notice": "20.15"}
YEARS = tuple(range(2016, 2026))


def setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'catalogue.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    os.environ.setdefault("GONGKAI_DEBUG", "0")
    os.environ.setdefault("GONGKAI_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def _document(rng: random.Random, agency: Any, serial: int) -> Any:
    from gongkai.proactive.models import Document, State, search_text_of

    year = YEARS[serial * len(YEARS) // DOCUMENTS]
    written = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(350))
    published = written + dt.timedelta(days=rng.randrange(1, 15))
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    subject = rng.choice(SUBJECTS)
    title = f"基准区{rng.choice(('教育局', '卫生健康委员会', '人民政府办公室', '财政局', '农业农村局'))}关于{subject}的{rng.choice(FORMS)}"
    body = "".join(rng.choice(PHRASES) for _ in range(rng.randrange(12, 30)))
    expired = kind == "normative" and year < 2021 and rng.random() < 0.3
    document = Document(
        agency=agency,
        state=State.PUBLISHED,
        title=title,
        doc_number=f"基教发〔{year}〕{serial % 10_000 + 1}号" if rng.random() < 0.6 else "",
        issuers=["基准区教育局"],
        written_on=written,
        formed_on=written,
        publication_due=written + dt.timedelta(days=28),
        published_on=published,
        kind=kind,
        theme=rng.choice(THEMES),
        article_item=ITEMS.get(kind, "20.11"),
        validity="repealed" if expired else "valid",
        invalid_on=dt.date(year + 4, 6, 30) if expired else None,
        keywords=subject,
        summary=f"本文件就{subject}工作作出安排。",
        body=body,
        index_number=f"BENCH00000/{year}-{serial:06d}",
        imported=True,
    )
    document.search_text = search_text_of(document)
    return document


DOCUMENTS = 100_000


def populate(rebuild: bool) -> None:
    from django.db import transaction

    from gongkai.agencies.models import Agency
    from gongkai.proactive.models import Document

    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency and not rebuild and Document.objects.filter(agency=agency).count() == DOCUMENTS:
        print(f"数据已存在：{DOCUMENTS:,} 件政府信息（--rebuild 重新生成）")
        return
    started = time.monotonic()
    with transaction.atomic():
        if agency:
            Document.objects.filter(agency=agency).delete()
        else:
            agency = Agency.objects.create(name="基准区教育局", kind="department", code=AGENCY_CODE)
    rng = random.Random(10)
    for start in range(0, DOCUMENTS, 5_000):
        with transaction.atomic():
            Document.objects.bulk_create(
                [_document(rng, agency, n) for n in range(start, min(start + 5_000, DOCUMENTS))],
                batch_size=1_000,
            )
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load (statistics, and the visibility map that lets
        # PostgreSQL count index matches without reading rows).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"生成 {DOCUMENTS:,} 件政府信息：{time.monotonic() - started:.0f} s")


def timed(label: str, run: Callable[[], Any], repeat: int = 5) -> tuple[str, float, float]:
    run()  # warm the caches: the figures are for a system in use, not a cold start
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return label, statistics.median(times), min(times)


CASES: tuple[tuple[str, dict[str, str]], ...] = (
    ("目录：第1页", {}),
    ("目录：第200页", {"page": "200"}),
    ("目录：第4000页", {"page": "4000"}),
    ("目录：两个机关合在一起 第1页", {"agency": ""}),
    ("目录：两个机关 搜索 耕地", {"agency": "", "q": "耕地"}),
    ("筛选：第二十条（一）", {"article_item": "20.1"}),
    ("筛选：主题 科技、教育", {"theme": "科技、教育"}),
    ("筛选：文件类型 规划计划", {"kind": "plan"}),
    ("筛选：2024年", {"year": "2024"}),
    ("筛选：废止", {"validity": "repealed"}),
    ("筛选：类型+年份+有效性", {"kind": "normative", "year": "2019", "validity": "valid"}),
    ("搜索：一个字 税", {"q": "税"}),
    ("搜索：一个字 垃", {"q": "垃"}),
    ("搜索：两个字 耕地", {"q": "耕地"}),
    ("搜索：常见的两个字 通知", {"q": "通知"}),
    ("搜索：两个字 第50页", {"q": "耕地", "page": "50"}),
    ("搜索：四个字 校外培训", {"q": "校外培训"}),
    ("搜索：文号前缀 基教发〔2024〕", {"q": "基教发〔2024〕"}),
    ("搜索：文号 基教发〔2024〕123号", {"q": "基教发〔2024〕123号"}),
    ("搜索：两个词 养老 补贴", {"q": "养老 补贴"}),
    ("搜索：一个字无结果 鑫", {"q": "鑫"}),
    ("搜索：两个字无结果 量子", {"q": "量子"}),
    ("搜索：无结果 不存在的词语", {"q": "不存在的词语"}),
    ("搜索+筛选：耕地 2020年", {"q": "耕地", "year": "2020"}),
)


def run(database_url: str | None, rebuild: bool) -> int:
    setup_django(database_url)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from gongkai.agencies.models import Agency, Membership

    print(f"== {connection.vendor}")
    populate(rebuild)
    agency = Agency.objects.get(code=AGENCY_CODE)
    user, _ = User.objects.get_or_create(username="bench-catalogue-clerk")
    Membership.objects.get_or_create(user=user, agency=agency, role="clerk")
    # A second agency of the same clerk, so that the catalogue without a chosen agency spans two.
    other, _ = Agency.objects.get_or_create(
        code=f"{AGENCY_CODE}-2", defaults={"name": "基准区财政局", "kind": "department"}
    )
    Membership.objects.get_or_create(user=user, agency=other, role="clerk")
    client = Client()
    client.force_login(user)

    def page(params: dict[str, str]) -> Callable[[], Any]:
        def get() -> Any:
            chosen = {} if params.get("agency") == "" else {"agency": str(agency.pk)}
            response = client.get("/catalogue/", {**chosen, **{k: v for k, v in params.items() if v}})
            assert response.status_code == 200, (response.status_code, response.content[:300])
            return response

        return get

    slow = 0
    print(f"  {'查询':<30} {'中位数':>10} {'最快':>10}  目标 < {TARGET * 1000:.0f} ms")
    for label, params in CASES:
        name, median, best = timed(label, page(params))
        verdict = "达标" if median < TARGET else "未达标"
        slow += median >= TARGET
        print(f"  {name:<30} {median * 1000:7.1f} ms {best * 1000:7.1f} ms  {verdict}")
    print(f"  {len(CASES) - slow}/{len(CASES)} 项达标")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="政府信息公开目录与检索的性能基准（十万件政府信息）")
    parser.add_argument(
        "--database-url", help="PostgreSQL 数据库（默认 SQLite：var/bench/catalogue.sqlite3）"
    )
    parser.add_argument("--rebuild", action="store_true", help="重新生成数据")
    args = parser.parse_args()
    return run(args.database_url, args.rebuild)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
