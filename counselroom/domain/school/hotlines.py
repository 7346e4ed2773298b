"""Help lines printed on slips and on the door roster (S004: 热线电话公开).

The labels follow the wording of the policy documents in shared/seeds: “共青团12355青少年服务热线”,
“全国统一心理援助热线12356” and “省966525心理服务热线” (a Jiangxi document, so 江西省). A school
adds its local numbers (its own room's phone, the city's line such as 0791-88330120) in settings;
they are passed alongside these, never instead of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hotline:
    number: str
    label: str


PUBLIC_HOTLINES: tuple[Hotline, ...] = (
    Hotline("12355", "共青团青少年服务热线"),
    Hotline("12356", "全国统一心理援助热线"),
    Hotline("966525", "江西省心理服务热线"),
)
