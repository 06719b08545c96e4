"""What an editor reads when a package is refused: one message per problem. Tests assert on these constants."""

from django.utils.translation import gettext_lazy as _

NOT_A_ZIP = _("Tệp tải lên không phải gói .h5p hợp lệ (không đọc được dạng nén zip).")
UPLOAD_TOO_LARGE = _("Tệp tải lên quá lớn: %(size)s MB, tối đa %(limit)s MB.")
ENCRYPTED = _("Gói có tệp được mã hóa bằng mật khẩu: %(name)s.")
UNSAFE_PATH = _("Đường dẫn không an toàn trong gói (đường dẫn tuyệt đối, “..” hoặc dấu “\\”): %(name)s.")
SYMLINK = _("Gói chứa liên kết tượng trưng (symlink) hoặc tệp đặc biệt, không được phép: %(name)s.")
DUPLICATE_NAME = _("Gói có hai tệp trùng tên: %(name)s.")
TOO_MANY_FILES = _("Gói có %(count)s tệp, tối đa %(limit)s tệp.")
TOO_LARGE_UNPACKED = _("Gói giải nén ra quá lớn: %(size)s MB, tối đa %(limit)s MB.")
FILE_TOO_LARGE = _("Tệp %(name)s quá lớn: %(size)s MB, tối đa %(limit)s MB mỗi tệp.")
SIZE_MISMATCH = _("Tệp %(name)s giải nén ra nhiều hơn kích thước khai báo (nghi là “bom nén”).")
CORRUPT_MEMBER = _("Không giải nén được tệp %(name)s (gói bị hỏng).")
H5P_JSON_MISSING = _("Thiếu tệp h5p.json ở thư mục gốc của gói.")
H5P_JSON_INVALID = _("Tệp h5p.json không đọc được (JSON không hợp lệ): %(error)s.")
H5P_JSON_FIELD = _("Tệp h5p.json thiếu hoặc sai trường “%(field)s”.")
CONTENT_JSON_MISSING = _("Thiếu tệp content/content.json.")
CONTENT_JSON_INVALID = _("Tệp content/content.json không đọc được (JSON không hợp lệ): %(error)s.")
LIBRARY_JSON_MISSING = _("Thư mục thư viện %(folder)s thiếu tệp library.json.")
LIBRARY_JSON_INVALID = _("Tệp %(folder)s/library.json không hợp lệ: %(error)s.")
LIBRARY_FOLDER_MISMATCH = _("Thư mục %(folder)s không khớp với thư viện %(library)s khai báo trong library.json.")
LIBRARY_FILE_MISSING = _("Thư viện %(library)s khai báo tệp %(name)s nhưng gói không có tệp này.")
MAIN_LIBRARY_NOT_DEPENDENCY = _("Thư viện chính %(library)s không có trong danh sách preloadedDependencies của h5p.json.")
LIBRARY_MISSING = _(
    "Thiếu thư viện %(library)s (cần cho %(needed_by)s): gói không kèm theo và hệ thống chưa cài phiên bản này."
)
CONTENT_EXTENSION = _(
    "Loại tệp không được phép trong nội dung: %(name)s (quy tắc của H5P: chỉ nhận ảnh, âm thanh, video, phông chữ, "
    "văn bản và tài liệu văn phòng trong danh sách loại tệp của H5P). Hãy xóa tệp này khỏi gói hoặc đổi sang "
    "định dạng được nhận."
)
LIBRARY_EXTENSION = _(
    "Loại tệp không được phép trong thư viện: %(name)s (quy tắc của H5P: chỉ js, css và các loại tệp được nhận trong "
    "nội dung). Hãy xuất lại gói từ H5P."
)
LIBRARY_FOLDER_NAME = _(
    "Tên thư mục thư viện không hợp lệ: %(folder)s (quy tắc của H5P: chỉ chữ không dấu, số, “.”, “-”, “_”; "
    "dạng TênThưViện-major.minor)."
)
CORE_API_INVALID = _("Trường “coreApi” trong %(file)s không hợp lệ (cần majorVersion và minorVersion là số).")
CORE_API_UNSUPPORTED = _(
    "%(file)s cần H5P core API %(required)s, nhưng trình phát của hệ thống (h5p-standalone %(player)s) chỉ có "
    "%(current)s. Hãy dùng phiên bản cũ hơn của nội dung này hoặc nhờ quản trị viên nâng cấp trình phát."
)
SEMANTICS_INVALID = _("Tệp %(name)s không đọc được (JSON không hợp lệ): %(error)s.")
LANGUAGE_FILE_NAME = _(
    "Tệp ngôn ngữ %(name)s đặt tên sai (quy tắc của H5P: mã ngôn ngữ + .json, ví dụ vi.json, en.json, pt-br.json)."
)
LANGUAGE_FILE_INVALID = _("Tệp ngôn ngữ %(name)s không đọc được (JSON không hợp lệ): %(error)s.")
SVG_INVALID = _(
    "Tệp %(name)s không phải ảnh SVG hợp lệ (phần tử gốc phải là <svg>, mã hóa UTF-8). Hãy xuất lại ảnh hoặc "
    "chuyển sang PNG."
)
SVG_CLEANED = _("Ảnh %(name)s đã được làm sạch trước khi lưu (bỏ phần có thể chạy mã hoặc tải từ nơi khác): %(removed)s.")
MAGIC_MISMATCH = _("Nội dung tệp %(name)s không khớp với phần mở rộng .%(ext)s.")
INSTALL_PERMISSION = _(
    "Gói cần cài thư viện mới hoặc bản vá mới (%(libraries)s). Chỉ người có quyền “Cài thư viện H5P” mới làm được; "
    "hãy nhờ kiểm duyệt viên tải gói này lên."
)
UPGRADE_NEEDS_REVIEWER = _(
    "Gói có bản vá mới hơn của thư viện %(library)s; hoạt động vẫn chạy trên bản đã cài (%(installed)s). Muốn "
    "nâng cấp thư viện, hãy nhờ kiểm duyệt viên (quyền “Cài thư viện H5P”) tải gói này lên."
)
ADD_PERMISSION = _("Bạn không có quyền tải lên hoạt động H5P.")
MAIN_LIBRARY_NOT_RUNNABLE = _("Thư viện chính %(library)s không chạy được độc lập (runnable = 0).")
