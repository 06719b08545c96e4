"""``manage.py load_quiz_demo``: the demo question bank and the two standard tests (idempotent)."""

from django.core.management.base import BaseCommand

from demo.bank import load_demo_bank


class Command(BaseCommand):
    help = "Load the demo question bank (demo/bank.gift) and the standard tests."

    def handle(self, *args, **options):
        result = load_demo_bank()
        self.stdout.write(f"Ngân hàng demo: {result['questions']} câu hỏi (mới nhập {result['imported']}); "
                          f"bài kiểm tra: {', '.join(result['tests'])}.")
