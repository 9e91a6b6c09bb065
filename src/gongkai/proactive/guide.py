"""The 政府信息公开指南 (第十二条) generated from the agency's data: how its information is classified
and arranged, how to obtain it, and the office's name, address, hours, telephone, fax and web contact;
as sections for the page and as a Word document the office can edit further."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count
from docx import Document as WordDocument
from docx.shared import Pt

from gongkai.agencies.models import Agency
from gongkai.law.catalogue import KINDS
from gongkai.law.codes import DEFAULT_INDEX_PATTERN
from gongkai.proactive.models import Document, ProactiveSettings, State


@dataclass(frozen=True)
class GuideSection:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    agency: str
    sections: tuple[GuideSection, ...]
    updated_on: dt.date | None

    @property
    def title(self) -> str:
        return f"{self.agency}政府信息公开指南"


def _classification(agency: Agency) -> tuple[str, ...]:
    counts = dict(
        Document.objects.filter(agency=agency, state=State.PUBLISHED)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    kinds = "、".join(f"{label}（{counts.get(key, 0)}件）" for key, label in KINDS.items() if counts.get(key))
    return (
        "本机关主动公开的政府信息按《中华人民共和国政府信息公开条例》第二十条、第二十一条规定的公开事项分类，"
        "并按主题分类和文件类型编排。",
        f"目前已主动公开的信息按文件类型为：{kinds or '（尚无）'}。",
    )


def _arrangement(settings: ProactiveSettings) -> tuple[str, ...]:
    pattern = settings.index_pattern or DEFAULT_INDEX_PATTERN
    prefix = settings.index_prefix or "本机关代码"
    example = pattern.replace("{prefix}", prefix).replace("{year}", "2026").replace("{month}", "01")
    example = example.replace("{serial:05d}", "00001").replace("{serial}", "1")
    return (
        "政府信息公开目录的每条信息包括索引号、名称、内容概述、生成日期（成文日期）、发文机关、文号、发布日期、"
        "有效性等内容。",
        f"索引号在信息发布时生成，此后不再改变，格式为“{example}”（前段码/年份-顺序号）。",
        "目录按发布日期由近及远排列，可按公开事项、主题分类、文件类型、年份和有效性筛选，并可全文检索。",
    )


def _obtaining(settings: ProactiveSettings) -> tuple[str, ...]:
    office = settings.office_name or "本机关政府信息公开工作机构"
    return (
        "（一）主动公开：本机关在信息形成或者变更之日起20个工作日内，通过本机关门户网站“政府信息公开”专栏、"
        "政府公报等途径予以公开（第二十三条、第二十六条）。",
        f"（二）依申请公开：公民、法人或者其他组织可以向{office}提出申请，写明申请人的姓名或者名称、身份证明、"
        "联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和途径"
        "（第二十九条）。本机关收到申请之日起20个工作日内予以答复；需要延长的，经负责人同意可延长不超过"
        "20个工作日（第三十三条）。",
        "（三）申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作"
        "主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（第五十一条）。",
    )


def _office(settings: ProactiveSettings) -> tuple[str, ...]:
    lines = (
        ("机构名称", settings.office_name),
        ("办公地址", settings.office_address),
        ("邮政编码", settings.postcode),
        ("办公时间", settings.office_hours),
        ("联系电话", settings.office_phone),
        ("传真", settings.office_fax),
        ("网址或电子邮箱", settings.office_web),
    )
    return tuple(f"{label}：{value or '（尚未填写）'}" for label, value in lines)


def build_guide(agency: Agency, settings: ProactiveSettings) -> Guide:
    """The guide as it stands today from the agency's data (the catalogue's counts are current)."""
    sections = [
        GuideSection("一、政府信息的分类", _classification(agency)),
        GuideSection("二、编排体系", _arrangement(settings)),
        GuideSection("三、获取方式", _obtaining(settings)),
        GuideSection("四、政府信息公开工作机构", _office(settings)),
    ]
    if settings.guide_notes.strip():
        sections.append(GuideSection("五、其他说明", tuple(settings.guide_notes.strip().splitlines())))
    updated = settings.guide_updated_at.date() if settings.guide_updated_at else None
    return Guide(agency.name, tuple(sections), updated)


def missing_contacts(settings: ProactiveSettings) -> list[str]:
    """The office's details 第十二条 requires that are still empty."""
    required = {
        "机构名称": settings.office_name,
        "办公地址": settings.office_address,
        "办公时间": settings.office_hours,
        "联系电话": settings.office_phone,
        "传真": settings.office_fax,
        "网址或电子邮箱": settings.office_web,
    }
    return [label for label, value in required.items() if not value.strip()]


def guide_docx(guide: Guide) -> bytes:
    """The guide as a Word document (.docx), to edit and print."""
    word = WordDocument()
    style = word.styles["Normal"]
    style.font.size = Pt(12)
    word.add_heading(guide.title, level=0)
    for section in guide.sections:
        word.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            word.add_paragraph(paragraph)
    if guide.updated_on:
        word.add_paragraph(
            f"本指南更新于{guide.updated_on.year}年{guide.updated_on.month}月{guide.updated_on.day}日。"
        )
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
