"""A tiny course in FORMAT.md's notation, with an English translation: the loader's tests use it so they do not
depend on the real demo courses (which may change, or not have landed yet)."""

COURSE = {
    "slug": "khoa-thu-nghiem",
    "title": "Khóa thử nghiệm",
    "summary": "Một khóa học nhỏ để kiểm thử trình nạp nội dung mẫu.",
    "description": "<p>Chỉ dùng trong kiểm thử.</p>",
    "topic": "an-toan-tren-mang",
    "level": "basic",
    "estimated_minutes": 20,
    "competences": ["4.2"],
    "population_groups": ["adult"],
    "cover": {"bg": "#7f1d1d", "icon": "shield"},
    "modules": [
        {
            "slug": "chuong-1",
            "title": "Chương 1",
            "summary": "Mật khẩu",
            "lessons": [
                {
                    "slug": "bai-mat-khau",
                    "title": "Mật khẩu mạnh",
                    "summary": "Đặt mật khẩu khó đoán.",
                    "minutes": 8,
                    "body": [
                        ("heading", {"text": "Vì sao cần mật khẩu mạnh", "level": "h2"}),
                        ("paragraph", "<p>Mật khẩu dài và khó đoán bảo vệ tài khoản của bạn.</p>"),
                        ("callout", {"kind": "warning", "title": "Cảnh giác", "text": "<p>Không đọc mã OTP cho ai.</p>"}),
                        ("steps", {"title": "Đổi mật khẩu", "steps": [
                            {"title": "Mở phần cài đặt", "text": "<p>Vào mục tài khoản.</p>",
                             "screenshot": {"screen": ["Cài đặt", "Tài khoản", "(Đổi mật khẩu)"],
                                            "alt": "Màn hình cài đặt có nút đổi mật khẩu"}},
                            {"title": "Nhập mật khẩu mới", "text": "<p>Ít nhất 12 ký tự.</p>"},
                        ]}),
                        ("image", {"illustration": {"bg": "#fef3c7", "icon": "lock", "caption": "Khóa an toàn"},
                                   "alt": "Hình ổ khóa"}),
                        ("knowledge_check", {"title": "Kiểm tra nhanh", "pass_percent": 100, "questions": [
                            {"prompt": "Mật khẩu nào mạnh hơn?", "multiple": False, "explanation": "Dài và ngẫu nhiên.",
                             "choices": [
                                 {"text": "123456", "correct": False, "feedback": "Quá dễ đoán."},
                                 {"text": "ca-phe-sua-da-luc-7-gio", "correct": True, "feedback": "Đúng: dài, khó đoán."},
                             ]},
                        ]}),
                    ],
                },
            ],
        },
    ],
    "translation_en": {
        "title": "Test course",
        "summary": "A small course to test the demo loader.",
        "description": "<p>Tests only.</p>",
        "modules": [
            {
                "title": "Chapter 1",
                "summary": "Passwords",
                "lessons": [
                    {
                        "title": "Strong passwords",
                        "summary": "Choose a password that is hard to guess.",
                        "body": [
                            ("heading", {"text": "Why a strong password", "level": "h2"}),
                            ("paragraph", "<p>A long, hard-to-guess password protects your account.</p>"),
                            ("callout", {"kind": "warning", "title": "Beware", "text": "<p>Never read out an OTP.</p>"}),
                            ("steps", {"title": "Change your password", "steps": [
                                {"title": "Open settings", "text": "<p>Go to the account section.</p>",
                                 "screenshot": {"alt": "Settings screen with a change-password button"}},
                                {"title": "Type a new password", "text": "<p>At least 12 characters.</p>"},
                            ]}),
                            ("image", {"illustration": {"bg": "#fef3c7", "icon": "lock", "caption": "Stay safe"},
                                       "alt": "A padlock"}),
                            ("knowledge_check", {"title": "Quick check", "pass_percent": 100, "questions": [
                                {"prompt": "Which password is stronger?", "multiple": False,
                                 "explanation": "Long and random.",
                                 "choices": [
                                     {"text": "123456", "correct": False, "feedback": "Too easy to guess."},
                                     {"text": "coffee-with-milk-at-7", "correct": True,
                                      "feedback": "Right: long and hard to guess."},
                                 ]},
                            ]}),
                        ],
                    },
                ],
            },
        ],
    },
}
