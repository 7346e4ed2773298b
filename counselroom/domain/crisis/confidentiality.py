"""保密例外 (SECURITY.md 13): confidential information shared without the student's consent, only for
the three reasons counseling ethics and the law allow — a risk to life, abuse, a legal demand — each
its own recorded action with recipients and a justification, producing a notice that carries only
the fields the recipient needs.

The audit row in the school store names the exception's id and its category word only: the
justification, the recipients and what was disclosed stay in the care store.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counselroom.domain.errors import ValidationError

MAX_JUSTIFICATION = 2000
MAX_DISCLOSED = 1000
MAX_RECIPIENTS = 10


class ExceptionCategory(enum.StrEnum):
    """The words care.confidentiality_exceptions.category keeps (its CHECK lists the same three)."""

    RISK_TO_LIFE = "生命安全风险"
    ABUSE = "虐待/性侵犯"
    LEGAL_DEMAND = "法律要求"

    @property
    def basis(self) -> str:
        """The sentence the printed notice gives as the reason confidentiality gives way."""
        return EXCEPTION_BASIS[self]


EXCEPTION_BASIS = {
    ExceptionCategory.RISK_TO_LIFE: "学生存在危及自身或他人生命安全的风险，依照保密原则的例外规定，告知以下必要信息。",
    ExceptionCategory.ABUSE: "学生可能遭受虐待或性侵害，依照未成年人保护的有关规定，告知以下必要信息。",
    ExceptionCategory.LEGAL_DEMAND: "依照法律规定或有关机关的依法要求，提供以下必要信息。",
}


@dataclass(frozen=True)
class Recipient:
    """Who is told: a name and how they stand to the student (母亲, 班主任, 派出所 …)."""

    name: str
    relation: str


def check_exception(
    category: str, recipients: list[Recipient], justification: str, disclosed: str
) -> tuple[ExceptionCategory, tuple[Recipient, ...], str, str]:
    """The exception's parts cleaned, or a ValidationError naming the field."""
    try:
        kind = ExceptionCategory(category)
    except ValueError:
        choices = "、".join(c.value for c in ExceptionCategory)
        raise ValidationError(f"保密例外只限三种情形：{choices}", field="类别") from None
    people = tuple(Recipient(r.name.strip(), r.relation.strip()) for r in recipients if r.name.strip())
    if not people:
        raise ValidationError("请写明告知对象（姓名与身份）", field="告知对象")
    if len(people) > MAX_RECIPIENTS or any(not r.relation for r in people):
        raise ValidationError(f"告知对象最多 {MAX_RECIPIENTS} 位，每位请写明身份（如 母亲、班主任）", field="告知对象")
    reason, what = justification.strip(), disclosed.strip()
    if not reason:
        raise ValidationError("请写明为何必须突破保密", field="理由")
    if len(reason) > MAX_JUSTIFICATION:
        raise ValidationError(f"理由请控制在 {MAX_JUSTIFICATION} 字以内", field="理由")
    if not what:
        raise ValidationError("请写明告知的内容（只写对方必须知道的）", field="告知内容")
    if len(what) > MAX_DISCLOSED:
        raise ValidationError(f"告知内容请控制在 {MAX_DISCLOSED} 字以内：只写对方必须知道的", field="告知内容")
    return kind, people, reason, what
