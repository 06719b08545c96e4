"""``manage.py export_questions --format moodle-xml --output FILE [--framework CODE]``."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.importers import moodle_xml
from quizzes.selectors import question_list


class Command(BaseCommand):
    help = "Export the question bank as Moodle XML."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["moodle-xml"], default="moodle-xml")
        parser.add_argument("--output", required=True, help="File to write ('-' for standard output)")
        parser.add_argument("--framework", help="Only this framework's questions")

    def handle(self, *args, output, framework=None, **options):
        questions = question_list(framework_code=framework, active_only=False)  # hidden ones as <hidden>1
        if not questions.exists():
            raise CommandError("Không có câu hỏi nào để xuất.")
        data = moodle_xml.export(questions)
        if output == "-":
            self.stdout.write(data.decode("utf-8"))
        else:
            with open(output, "wb") as fh:
                fh.write(data)
            self.stderr.write(self.style.SUCCESS(f"Đã xuất {questions.count()} câu hỏi vào {output}."))
