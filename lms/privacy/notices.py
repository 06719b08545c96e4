"""The privacy notice (thông báo xử lý dữ liệu cá nhân), one text per version, in Vietnamese and English.

Changing the text means adding a new version and setting ``CURRENT_VERSION`` to it: everyone is then asked again
on their next sign-in. ``tests/privacy/test_consent.py`` pins the SHA-256 of each version so that a text cannot be
edited in place (a consent must point at what the person actually read).
"""

from __future__ import annotations

import hashlib

CURRENT_VERSION = "2026-1"

NOTICES: dict[str, dict[str, str]] = {
    "2026-1": {
        "vi": """Nền tảng Bình dân học vụ số (sau đây gọi là "nền tảng") xử lý dữ liệu cá nhân của bạn theo Luật Bảo vệ dữ liệu cá nhân năm 2025 và Nghị định 13/2023/NĐ-CP.

1. Dữ liệu được thu thập: họ và tên, email, số điện thoại (nếu bạn nhập), năm sinh (nếu bạn nhập), nhóm đối tượng, tỉnh hoặc thành phố, xã hoặc phường, cơ quan hoặc đơn vị; các khóa học bạn tham gia và tiến độ; các lần làm bài kiểm tra và kết quả; kết quả hoạt động tương tác (H5P); chứng nhận được cấp; thời điểm và địa chỉ IP khi bạn đồng ý với thông báo này.

2. Mục đích xử lý: (a) tạo và quản lý tài khoản để bạn đăng nhập và học; (b) ghi nhận tiến độ, chấm bài kiểm tra và cấp, kiểm tra chứng nhận; (c) cho cán bộ quản lý của đơn vị, địa phương nơi bạn học, làm việc xem kết quả học tập để theo dõi phong trào và hỗ trợ bạn; (d) thống kê tổng hợp, không nêu tên, về phong trào Bình dân học vụ số. Nền tảng không dùng dữ liệu của bạn để quảng cáo và không bán, chuyển giao cho bên khác.

3. Ai được xem: bạn; cán bộ quản lý được giao phụ trách đơn vị, địa phương của bạn (chỉ trong phạm vi được giao); quản trị viên và kiểm tra viên của nền tảng. Mỗi lần cán bộ xem hay xuất dữ liệu của bạn đều được ghi nhật ký, và bạn xem được nhật ký đó.

4. Thời gian lưu: dữ liệu tài khoản và học tập được lưu đến khi bạn yêu cầu xóa tài khoản. Tệp xuất danh sách của cán bộ quản lý bị xóa sau tối đa 72 giờ. Khi bạn xóa tài khoản: họ tên, email, số điện thoại và năm sinh bị xóa; kết quả học tập chỉ còn được tính trong số liệu tổng hợp, không còn gắn với bạn; chứng nhận đã cấp vẫn kiểm tra được (bạn có thể yêu cầu ẩn họ tên trên trang kiểm tra).

5. Quyền của bạn: được biết, đồng ý hoặc không đồng ý, xem và tải về toàn bộ dữ liệu của mình, sửa hồ sơ, yêu cầu xóa tài khoản, rút lại sự đồng ý (bằng cách xóa tài khoản), khiếu nại tới cơ quan có thẩm quyền. Bạn thực hiện các quyền này trong mục "Dữ liệu của tôi" sau khi đăng nhập.

6. Nếu bạn không đồng ý, nền tảng không thể tạo hoặc duy trì tài khoản cho bạn; bạn vẫn xem được bài học công khai mà không cần tài khoản.""",
        "en": """The Digital Literacy for All platform ("the platform") processes your personal data under Vietnam's Personal Data Protection Law of 2025 and Decree 13/2023/ND-CP.

1. Data collected: full name, email, phone number (if you give it), birth year (if you give it), population group, province or city, commune or ward, agency or unit; the courses you take and your progress; your test attempts and results; results of interactive activities (H5P); certificates issued; the time and IP address at which you accepted this notice.

2. Purposes: (a) creating and running your account so that you can sign in and learn; (b) recording progress, scoring tests, issuing and verifying certificates; (c) letting the managers of the unit or area where you study or work see learning results, to follow the movement and help you; (d) aggregate statistics, with no names, about the Digital Literacy for All movement. The platform does not use your data for advertising and does not sell or pass it to anyone else.

3. Who can see it: you; the managers assigned to your unit or area (only within their assignment); the platform's administrators and auditors. Every time staff view or export your data it is logged, and you can see that log.

4. How long: account and learning data are kept until you ask for your account to be deleted. Managers' export files are deleted after at most 72 hours. When you delete your account, your name, email, phone number and birth year are removed; your results count only in aggregate statistics and are no longer linked to you; certificates already issued stay verifiable (you may ask for your name to be hidden on the verification page).

5. Your rights: to be informed, to agree or refuse, to see and download all your data, to correct your profile, to have your account deleted, to withdraw consent (by deleting your account), and to complain to the competent authority. You use these rights under "My data" once signed in.

6. If you do not agree, the platform cannot create or keep an account for you; you can still read the public lessons without an account.""",
    },
}


def notice_text(version: str, language: str = "vi") -> str:
    texts = NOTICES[version]
    return texts.get(language) or texts["vi"]


def notice_sha256(version: str) -> str:
    texts = NOTICES[version]
    return hashlib.sha256((texts["vi"] + "\n\n" + texts.get("en", "")).encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]
