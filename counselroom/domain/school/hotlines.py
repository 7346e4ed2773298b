"""Help lines and contacts printed on slips and on the door roster (S004: 热线电话（或QQ、微信等）公开).

Two kinds, printed in this order: the lines of the school's policy profile (policy_profiles: 12355,
966525 and 0791-88330120 for 南昌; 12355, 966525 and 12356 for 江西; none for 渭南, whose notice
names no number), then the room's own contacts as the school writes them — its phone, QQ, 微信,
心理信箱 — kept in settings. A Hotline is one printed line: `number` is what to dial or look for
(a phone number, a QQ number, a 微信 id, where the 心理信箱 hangs), `label` says what it is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hotline:
    number: str
    label: str
