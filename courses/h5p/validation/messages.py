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
UNEXPECTED_FILE = _("Tệp %(name)s nằm ngoài chỗ cho phép (chỉ có h5p.json, content/ và các thư mục thư viện).")
CONTENT_EXTENSION = _("Loại tệp không được phép trong nội dung: %(name)s.")
LIBRARY_EXTENSION = _("Loại tệp không được phép trong thư viện: %(name)s (chỉ js, css, json, phông chữ, ảnh, âm thanh).")
SVG_REFUSED = _("Tệp SVG không được chấp nhận (có thể chứa mã chạy được): %(name)s. Hãy chuyển sang PNG.")
MAGIC_MISMATCH = _("Nội dung tệp %(name)s không khớp với phần mở rộng .%(ext)s.")
INSTALL_PERMISSION = _(
    "Gói cần cài thư viện mới hoặc bản vá mới (%(libraries)s). Chỉ người có quyền “Cài thư viện H5P” mới làm được; "
    "hãy nhờ kiểm duyệt viên tải gói này lên."
)
ADD_PERMISSION = _("Bạn không có quyền tải lên hoạt động H5P.")
MAIN_LIBRARY_NOT_RUNNABLE = _("Thư viện chính %(library)s không chạy được độc lập (runnable = 0).")
