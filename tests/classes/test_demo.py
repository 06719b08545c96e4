"""seed_demo_classes(): a trainer of the demo ward, upcoming sessions in Vietnamese, and a session held a week ago
with its attendance counted on the demo manager's dashboard; a second run adds nothing."""

import pytest

from classes.models import Attendance, Session, TrainerAssignment
from lms.accounts.models import User
from reporting import queries


@pytest.mark.django_db
def test_seed_demo_classes_is_idempotent_and_counted():
    from demo.accounts import seed_demo_accounts
    from demo.bank import load_demo_bank
    from demo.classes import seed_demo_classes
    from demo.reporting import seed_demo_reporting

    seed_demo_accounts()
    load_demo_bank(verbosity=0)
    seed_demo_reporting()
    first = seed_demo_classes()
    second = seed_demo_classes()
    assert first == second == {"buổi hướng dẫn": 4, "lượt có mặt": 8}
    assert Session.objects.count() == 4 and Attendance.objects.count() == 8
    assert Session.objects.filter(topic="Hướng dẫn cài đặt VNeID mức 2 tại Nhà văn hoá tổ dân phố 5").exists()
    trainer = User.objects.get(email="huongdan@hocvuso.vn")
    assert TrainerAssignment.objects.get(user=trainer).unit.code == "C-TN-PHANDINHPHUNG"
    manager = User.objects.get(email="quanly@hocvuso.vn")
    board = queries.dashboard(manager, None)
    assert (board.in_person.sessions, board.in_person.attendances, board.in_person.attendees) == (1, 8, 8)
