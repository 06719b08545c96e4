"""``manage.py import_questions FILE --framework CODE [--competence CODE --level N] [--strict]``.

Moodle XML, GIFT or Aiken (by extension, or ``--format``). A file with any broken question imports nothing;
each problem is listed with its line (GIFT, Aiken) or question number (XML). Exit status 0 only when
something was imported and nothing was broken; ``--strict`` makes skipped questions errors too.

Imported questions are drafts: an editor with the ``quizzes.approve_question`` permission approves them in the
admin before a test can draw them. Questions with no competence tag (and no ``--competence``) arrive *untagged*
and are tagged in bulk, per source category, in the admin (“Câu hỏi chờ duyệt”).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.importers import FORMATS, detect_format, parse
from quizzes.services import questions_import


class Command(BaseCommand):
    help = "Import questions (Moodle XML, GIFT, Aiken) into the question bank."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--framework", required=True, help="Framework code, e.g. TT02-2025")
        parser.add_argument("--competence", help="Competence code for questions without a tag, e.g. 4.2 "
                            "(without it such questions are imported untagged)")
        parser.add_argument("--level", type=int, help="Level (1–8) for questions without a tag (with --competence)")
        parser.add_argument("--format", choices=FORMATS, help="Default: from the file name and content")
        parser.add_argument("--strict", action="store_true", help="Treat skipped questions as errors")

    def handle(self, *args, file, framework, competence=None, level=None, format=None, strict=False, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}")
        fmt = format or detect_format(path.name, text)
        report = questions_import(result=parse(text, fmt), framework_code=framework, competence_code=competence,
                                  level=level, strict=strict)
        for problem in report.skipped:
            self.stdout.write(f"BỎ QUA {problem}")
        for problem in report.errors:
            self.stderr.write(f"LỖI {problem}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} lỗi: không nhập câu hỏi nào từ {path.name}.")
        if not report.created:
            raise CommandError(f"Không có câu hỏi nào để nhập trong {path.name}.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã nhập {len(report.created)} câu hỏi ({fmt}), bỏ qua {len(report.skipped)}; "
            f"{len(report.untagged)} câu chưa gắn năng lực. Các câu mới chờ duyệt trước khi được rút vào bài "
            f"kiểm tra (trang quản trị: Câu hỏi chờ duyệt)."))
