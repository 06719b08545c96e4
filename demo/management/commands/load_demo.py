"""``manage.py load_demo``: the demo site (courses, English translation, units, accounts, question bank).

Safe to run again: it updates the demo in place and adds no duplicates. Content lives in ``demo/``.
"""

from django.core.management.base import BaseCommand, CommandError

from demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật nội dung mẫu (khóa học, bản dịch tiếng Anh, đơn vị, tài khoản, ngân hàng câu hỏi)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--courses-only", action="store_true", help="Chỉ nạp khóa học, không tạo đơn vị, tài khoản, câu hỏi."
        )

    def handle(self, *args, courses_only=False, verbosity=1, **options):
        try:
            summary = load_demo(with_extras=not courses_only, verbosity=verbosity)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Đã nạp nội dung mẫu: {summary}"))
