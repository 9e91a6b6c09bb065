"""On-line applications through the API: submit one to an agency, look it up with its 受理编号 and 查询码.

Both call the use cases of `gongkai.online.services` (the same application the public form creates,
unconfirmed until the clerk confirms it, with the same rate limits per address). An unknown number, a
wrong code and a locked number all get the same 404. Nothing here is cached (`Cache-Control: no-store`).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from gongkai.api import queries
from gongkai.api.responses import JSON_TYPE, ApiError, not_found
from gongkai.applications.errors import InvalidInput, StepRefused
from gongkai.online import services
from gongkai.online.limits import TooManyTries

router = Router(tags=["依申请公开"])


class ApplicantIn(Schema):
    name: str = Field(max_length=200, description="申请人姓名或者名称")
    kind: str = Field(max_length=40, description="申请人类型，与统计表的申请人类型键相同，如 natural_person")
    id_type: str = Field("resident_id", max_length=40, description="身份证明类型")
    id_number: str = Field(max_length=64, description="身份证明号码")
    phone: str = Field("", max_length=40, description="联系电话")
    email: str = Field("", max_length=200, description="电子邮箱（受理编号和办理情况发送至此）")
    address: str = Field("", max_length=300, description="通信地址")


class ApplicationIn(Schema):
    applicant: ApplicantIn
    content: str = Field(
        max_length=5000, description="申请公开的政府信息的名称、文号或者便于查询的其他特征性描述"
    )
    delivery: str = Field(max_length=64, description="获取信息的方式，如 邮寄、电子邮件、自行领取")
    form: str = Field("", max_length=64, description="提供信息的形式，如 纸质、电子")


class SubmittedOut(Schema):
    number: str = Field(description="受理编号")
    lookup_code: str = Field(description="查询码（只显示这一次，请妥善保存）")


class LetterOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    issued_on: str | None


class LookupOut(Schema):
    number: str
    agency: str
    status: str
    submitted_on: str
    received_on: str | None
    reply_due: str | None
    reply_due_basis: str = Field(
        "", description="答复期限的依据：依照条例第三十五条确定延迟答复期限的，写明；否则为空"
    )
    awaiting: str = Field(description="可在网上提交的材料：amendment（补正）、payment（缴费凭证）或空")
    act_by: str | None = Field(default=None, description="补正或缴费的最后一日（无需补正或缴费时为空）")
    letters: list[LetterOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


def _json(payload: Any, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(payload, ensure_ascii=False), status=status, content_type=JSON_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


@router.post(
    "/agencies/{code}/applications",
    response={201: SubmittedOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    url_name="applications",
    summary="提交政府信息公开申请",
)
def submit(
    request: HttpRequest,
    payload: ApplicationIn,
    code: str = Path(..., max_length=64, description="机关代码"),
) -> HttpResponse:
    """与网上申请表相同：得到受理编号和查询码；机关确认收到之日为收到申请之日（第三十一条（三））。"""
    agency = queries.agency(code)
    if agency is None:
        raise not_found(f"代码为“{code[:64]}”的机关")
    try:
        submitted = services.submit_application(
            agency,
            payload.applicant.model_dump(),
            payload.content,
            payload.delivery,
            client_address=_address(request),
            form=payload.form,
        )
    except InvalidInput as exc:
        raise ApiError(400, "申请内容有误，请按说明修改后重新提交。", exc.errors) from None
    except TooManyTries as exc:
        raise ApiError(429, str(exc)) from None
    except StepRefused as exc:
        raise ApiError(400, str(exc)) from None
    return _json({"number": submitted.number, "lookup_code": submitted.lookup_code}, 201)


@router.get(
    "/applications/{number}",
    response={200: LookupOut, 404: ErrorOut, 429: ErrorOut},
    url_name="application",
    summary="查询申请办理情况",
)
def lookup(
    request: HttpRequest,
    number: str = Path(..., max_length=40, description="受理编号"),
    lookup_code: str = Query("", max_length=40, description="查询码"),
) -> HttpResponse:
    """受理编号和查询码正确时的办理情况；编号不存在、查询码错误或已锁定时，回答相同的 404。"""
    try:
        view = services.lookup(number, lookup_code, _address(request))
    except services.LookupRefused:
        raise ApiError(404, services.NOT_FOUND) from None
    except TooManyTries as exc:
        raise ApiError(429, str(exc)) from None
    letters = [
        {
            "id": letter.id,
            "kind": str(letter.kind),
            "title": letter.title,
            "number": letter.number,
            "issued_on": _iso(letter.issued_on),
        }
        for letter in view.letters
    ]
    payload = {
        "number": view.number,
        "agency": view.agency,
        "status": view.status,
        "submitted_on": view.submitted_on.isoformat(),
        "received_on": _iso(view.received_on),
        "reply_due": _iso(view.reply_due),
        "reply_due_basis": view.reply_due_basis,
        "awaiting": view.awaiting,
        "act_by": _iso(view.act_by),
        "letters": letters,
    }
    return _json(payload, 200)
