"""The help box on the door roster and the slip: the profile's lines then the room's own contacts
(free text: a QQ number, where the 心理信箱 hangs); no box at all when there is nothing to print."""

from __future__ import annotations

import dataclasses

from counselroom.domain.school.hotlines import Hotline
from counselroom.reports.appointment_slip import HELP_TITLE as SLIP_HELP
from counselroom.reports.appointment_slip import build_slip
from counselroom.reports.door_rota import HELP_TITLE as DOOR_HELP
from counselroom.reports.door_rota import build_door_rota
from tests.reports import printout_data as sample
from tests.reports.pdf_checks import page_texts

OWN = (Hotline("QQ 2851736409", "心理辅导室QQ"), Hotline("教学楼一楼大厅东侧（阳光信箱）", "心理信箱"))


def test_a_profile_without_lines_and_no_contacts_prints_no_box() -> None:
    roster = dataclasses.replace(sample.door_roster(), hotlines=(), local_numbers=())
    slip = dataclasses.replace(sample.slip(), hotlines=())
    assert DOOR_HELP.split("　")[0] not in "".join(page_texts(build_door_rota(roster)))
    assert SLIP_HELP not in "".join(page_texts(build_slip(slip)))


def test_free_text_contacts_fit_beside_their_labels() -> None:
    roster = dataclasses.replace(sample.door_roster(), hotlines=(), local_numbers=OWN)
    text = "".join(page_texts(build_door_rota(roster)))
    assert "2851736409" in text and "阳光信箱" in text and "心理信箱" in text
    slip = dataclasses.replace(sample.slip(), hotlines=(*sample.JIANGXI, *OWN))
    text = "".join(page_texts(build_slip(slip)))
    assert "966525" in text and "阳光信箱" in text
