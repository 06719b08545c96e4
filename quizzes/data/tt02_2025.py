"""The national digital competency framework for learners (Thông tư 02/2025/TT-BGDĐT, 24/01/2025).

Loaded by migration ``quizzes.0002_load_tt02_2025``. 6 areas, 24 competences, 8 levels in 4 tiers.
"""

CODE = "TT02-2025"
NAME = "Khung năng lực số cho người học"
NAME_EN = "Digital competency framework for learners"
VERSION = "2025.1"
SOURCE = "Thông tư 02/2025/TT-BGDĐT ngày 24/01/2025 của Bộ Giáo dục và Đào tạo"
DESCRIPTION = (
    "Năng lực số là khả năng sử dụng công nghệ số để hoàn thành nhiệm vụ cụ thể hoặc giải quyết "
    "vấn đề trong thực tiễn. Khung gồm 6 miền năng lực, 24 năng lực thành phần và 8 bậc trình độ, "
    "xây dựng theo mô hình DigComp 2.2 của Liên minh châu Âu và bổ sung miền ứng dụng trí tuệ nhân tạo."
)

AREAS = [
    ("1", "Khai thác dữ liệu và thông tin", "Information and data literacy", [
        ("1.1", "Duyệt, tìm kiếm và lọc dữ liệu, thông tin và nội dung số",
         "Browsing, searching and filtering data, information and digital content"),
        ("1.2", "Đánh giá dữ liệu, thông tin và nội dung số", "Evaluating data, information and digital content"),
        ("1.3", "Quản lý dữ liệu, thông tin và nội dung số", "Managing data, information and digital content"),
    ]),
    ("2", "Giao tiếp và hợp tác trong môi trường số", "Communication and collaboration", [
        ("2.1", "Tương tác thông qua công nghệ số", "Interacting through digital technologies"),
        ("2.2", "Chia sẻ thông qua công nghệ số", "Sharing through digital technologies"),
        ("2.3", "Tham gia với tư cách công dân thông qua công nghệ số",
         "Engaging in citizenship through digital technologies"),
        ("2.4", "Hợp tác thông qua công nghệ số", "Collaborating through digital technologies"),
        ("2.5", "Quy tắc ứng xử trên mạng", "Netiquette"),
        ("2.6", "Quản lý danh tính số", "Managing digital identity"),
    ]),
    ("3", "Sáng tạo nội dung số", "Digital content creation", [
        ("3.1", "Phát triển nội dung số", "Developing digital content"),
        ("3.2", "Tích hợp và tạo lập lại nội dung số", "Integrating and re-elaborating digital content"),
        ("3.3", "Bản quyền và giấy phép", "Copyright and licences"),
        ("3.4", "Lập trình", "Programming"),
    ]),
    ("4", "An toàn", "Safety", [
        ("4.1", "Bảo vệ thiết bị", "Protecting devices"),
        ("4.2", "Bảo vệ dữ liệu cá nhân và quyền riêng tư", "Protecting personal data and privacy"),
        ("4.3", "Bảo vệ sức khỏe và an sinh số", "Protecting health and well-being"),
        ("4.4", "Bảo vệ môi trường", "Protecting the environment"),
    ]),
    ("5", "Giải quyết vấn đề", "Problem solving", [
        ("5.1", "Giải quyết các vấn đề kỹ thuật", "Solving technical problems"),
        ("5.2", "Xác định nhu cầu và giải pháp công nghệ", "Identifying needs and technological responses"),
        ("5.3", "Sử dụng sáng tạo công nghệ số", "Creatively using digital technologies"),
        ("5.4", "Xác định khoảng trống về năng lực số", "Identifying digital competence gaps"),
    ]),
    ("6", "Ứng dụng trí tuệ nhân tạo", "Applying artificial intelligence", [
        ("6.1", "Hiểu biết về trí tuệ nhân tạo", "Understanding AI"),
        ("6.2", "Sử dụng trí tuệ nhân tạo", "Using AI"),
        ("6.3", "Đánh giá trí tuệ nhân tạo", "Evaluating AI"),
    ]),
]

# (number, tier, name, name_en, description)
LEVELS = [
    (1, "basic", "Bậc 1", "Level 1",
     "Thực hiện nhiệm vụ đơn giản khi có hướng dẫn; ghi nhớ được thao tác cơ bản."),
    (2, "basic", "Bậc 2", "Level 2",
     "Thực hiện nhiệm vụ đơn giản, tự làm được một phần và cần hỗ trợ khi cần thiết."),
    (3, "intermediate", "Bậc 3", "Level 3",
     "Tự thực hiện nhiệm vụ rõ ràng, thường ngày và giải quyết vấn đề đơn giản."),
    (4, "intermediate", "Bậc 4", "Level 4",
     "Tự thực hiện nhiệm vụ và giải quyết vấn đề rõ ràng theo nhu cầu của bản thân."),
    (5, "advanced", "Bậc 5", "Level 5",
     "Thực hiện nhiều nhiệm vụ khác nhau và hướng dẫn người khác."),
    (6, "advanced", "Bậc 6", "Level 6",
     "Lựa chọn cách làm phù hợp nhất cho nhiệm vụ phức tạp; thích ứng với tình huống mới."),
    (7, "specialised", "Bậc 7", "Level 7",
     "Giải quyết vấn đề phức tạp có nhiều yếu tố tương tác; đóng góp cho thực tiễn chuyên môn."),
    (8, "specialised", "Bậc 8", "Level 8",
     "Giải quyết vấn đề rất phức tạp, đề xuất ý tưởng mới và dẫn dắt sự phát triển trong lĩnh vực."),
]


def load(Framework, CompetenceArea, Competence, ProficiencyLevel):
    """Create or update the framework with the given (historical or real) model classes."""
    framework, _ = Framework.objects.update_or_create(
        code=CODE,
        defaults={
            "name": NAME,
            "name_en": NAME_EN,
            "version": VERSION,
            "source": SOURCE,
            "description": DESCRIPTION,
            "is_default": True,
        },
    )
    for area_order, (area_code, area_name, area_name_en, competences) in enumerate(AREAS, start=1):
        area, _ = CompetenceArea.objects.update_or_create(
            framework=framework,
            code=area_code,
            defaults={"name": area_name, "name_en": area_name_en, "sort_order": area_order},
        )
        for order, (code, name, name_en) in enumerate(competences, start=1):
            Competence.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={"area": area, "name": name, "name_en": name_en, "sort_order": order},
            )
    for number, tier, name, name_en, description in LEVELS:
        ProficiencyLevel.objects.update_or_create(
            framework=framework,
            number=number,
            defaults={"tier": tier, "name": name, "name_en": name_en, "description": description},
        )
    return framework
