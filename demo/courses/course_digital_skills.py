"""Demo course 1: "Kỹ năng số cơ bản cho mọi người" (smartphone, VNeID, online public services, QR payment).

For adults new to smartphones. Screens differ between phone makers and app versions, so the text describes
buttons and menus by what they do rather than by exact labels. Format: see FORMAT.md.
"""

BLUE = "#0b5394"

# --- Bài 1 -----------------------------------------------------------------------------------------------------

LESSON_SMARTPHONE = {
    "slug": "lam-quen-dien-thoai-thong-minh",
    "title": "Làm quen với điện thoại thông minh",
    "summary": "Các thao tác chạm, vuốt trên màn hình cảm ứng; kết nối Wi-Fi; phóng to cỡ chữ cho dễ đọc và cài "
    "ứng dụng an toàn từ CH Play hoặc App Store.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Màn hình cảm ứng: chạm, giữ, vuốt", "level": "h2"}),
        (
            "paragraph",
            "<p>Điện thoại thông minh được điều khiển bằng ngón tay ngay trên màn hình. Chỉ cần nhớ vài thao tác:</p>"
            "<ul>"
            "<li><b>Chạm</b> (chạm nhẹ một lần rồi nhấc tay): mở một ứng dụng, bấm một nút.</li>"
            "<li><b>Chạm và giữ</b> (giữ ngón tay khoảng một giây): hiện thêm lựa chọn, ví dụ để di chuyển hoặc "
            "gỡ một ứng dụng.</li>"
            "<li><b>Vuốt</b> (kéo ngón tay lên, xuống, sang ngang): cuộn trang, chuyển màn hình.</li>"
            "<li><b>Chụm hoặc mở hai ngón tay</b>: thu nhỏ hoặc phóng to ảnh, bản đồ, trang web.</li>"
            "</ul>"
            "<p>Để về <b>màn hình chính</b>, bấm nút hình tròn/hình vuông ở cạnh dưới, hoặc vuốt từ mép dưới màn "
            "hình lên (tùy loại máy). Để <b>quay lại</b> màn hình trước, bấm nút mũi tên quay lại hoặc vuốt từ mép "
            "trái/phải vào giữa.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Không sợ bấm nhầm",
                "text": "<p>Bấm nhầm thì bấm <b>quay lại</b> hoặc về <b>màn hình chính</b>. Thao tác thử trên "
                "điện thoại không làm hỏng máy. Hãy tập vài lần với ứng dụng Máy ảnh hoặc Thư viện ảnh cho quen tay.</p>",
            },
        ),
        ("heading", {"text": "Kết nối Wi-Fi để không tốn dung lượng 4G", "level": "h2"}),
        (
            "image",
            {
                "illustration": {"bg": "#e6f4ea", "icon": "wifi", "caption": "Dùng Wi-Fi khi tải ứng dụng, xem video"},
                "alt": "Biểu tượng sóng Wi-Fi",
            },
        ),
        (
            "paragraph",
            "<p>Ở nhà, ở cơ quan hay ở nhà văn hóa thường có mạng Wi-Fi. Dùng Wi-Fi khi tải ứng dụng hoặc xem video "
            "giúp bạn tiết kiệm dung lượng di động. Hãy hỏi người quản lý mạng để biết <b>tên mạng</b> và "
            "<b>mật khẩu</b>.</p>",
        ),
        (
            "steps",
            {
                "title": "Kết nối một mạng Wi-Fi",
                "steps": [
                    {
                        "title": "Mở phần Cài đặt",
                        "text": "<p>Chạm vào biểu tượng <b>Cài đặt</b> (hình bánh răng) trên màn hình chính.</p>",
                        "screenshot": {
                            "screen": ["Cài đặt", "Wi-Fi", "Bluetooth", "Màn hình", "Âm thanh", "Pin", "Trợ năng"],
                            "alt": "Màn hình Cài đặt của điện thoại, mục Wi-Fi nằm ở đầu danh sách",
                        },
                    },
                    {
                        "title": "Bật Wi-Fi và chọn tên mạng",
                        "text": "<p>Chạm vào mục <b>Wi-Fi</b>, gạt công tắc sang bật. Điện thoại hiện danh sách các "
                        "mạng ở gần; chạm vào tên mạng bạn được cho phép dùng.</p>",
                        "screenshot": {
                            "screen": ["Wi-Fi", "Wi-Fi: Bật", "---", "Mạng khả dụng", "NhaVanHoa_Thon3",
                                       "Quan Ca Phe 68", "TP-LINK_2.4G"],
                            "alt": "Danh sách các mạng Wi-Fi ở gần sau khi bật Wi-Fi",
                        },
                    },
                    {
                        "title": "Nhập mật khẩu và kết nối",
                        "text": "<p>Gõ mật khẩu Wi-Fi (chú ý chữ hoa, chữ thường) rồi bấm <b>Kết nối</b>. Khi dưới "
                        "tên mạng hiện chữ “Đã kết nối” và biểu tượng hình quạt xuất hiện ở trên cùng màn hình là "
                        "xong. Lần sau, máy sẽ tự kết nối.</p>",
                        "screenshot": {
                            "screen": ["NhaVanHoa_Thon3", "Nhập mật khẩu", "[Mật khẩu: ••••••••]", "(Kết nối)"],
                            "alt": "Ô nhập mật khẩu Wi-Fi và nút Kết nối",
                        },
                    },
                ],
            },
        ),
        ("heading", {"text": "Phóng to chữ cho dễ đọc", "level": "h2"}),
        (
            "paragraph",
            "<p>Nếu chữ trên điện thoại quá nhỏ, đừng ngại phóng to. Vào <b>Cài đặt</b>, tìm mục <b>Màn hình</b> "
            "(trên iPhone là <b>Màn hình &amp; Độ sáng</b>) hoặc <b>Trợ năng</b>, chọn phần <b>cỡ chữ</b> rồi kéo "
            "thanh trượt sang phải. Tên mục có thể khác nhau tùy hãng máy; nếu không thấy, hãy gõ “cỡ chữ” vào ô "
            "tìm kiếm ở đầu trang Cài đặt.</p>",
        ),
        ("heading", {"text": "Cài ứng dụng an toàn", "level": "h2"}),
        (
            "paragraph",
            "<p>Ứng dụng (app) chỉ nên tải từ <b>kho ứng dụng chính thức</b>: <b>CH Play</b> (Google Play) trên điện "
            "thoại Android, <b>App Store</b> trên iPhone. Lần đầu dùng, máy sẽ yêu cầu đăng nhập tài khoản Google "
            "hoặc Apple ID; hãy ghi nhớ mật khẩu tài khoản này và giữ bí mật.</p>",
        ),
        (
            "steps",
            {
                "title": "Cài một ứng dụng từ CH Play hoặc App Store",
                "steps": [
                    {
                        "title": "Mở kho ứng dụng và tìm kiếm",
                        "text": "<p>Mở <b>CH Play</b> (hoặc <b>App Store</b>), chạm vào ô tìm kiếm và gõ tên ứng "
                        "dụng, ví dụ “VNeID”.</p>",
                        "screenshot": {
                            "screen": ["CH Play", "[Tìm kiếm: VNeID]", "---", "VNeID",
                                   "Nhà phát triển: cơ quan nhà nước", "Hơn 10 triệu lượt tải"],
                            "alt": "Kết quả tìm kiếm ứng dụng VNeID trong CH Play, có tên nhà phát triển và số lượt tải",
                        },
                    },
                    {
                        "title": "Kiểm tra đúng ứng dụng thật",
                        "text": "<p>Trước khi cài, xem <b>tên nhà phát triển</b>, số lượt tải và đánh giá. Ứng dụng "
                        "giả mạo thường có tên na ná, ít lượt tải, nhà phát triển lạ.</p>",
                    },
                    {
                        "title": "Cài đặt và mở ứng dụng",
                        "text": "<p>Bấm <b>Cài đặt</b> (trên iPhone là nút <b>Nhận</b>), chờ tải xong rồi bấm "
                        "<b>Mở</b>. Biểu tượng ứng dụng cũng xuất hiện trên màn hình chính.</p>",
                        "screenshot": {
                            "screen": ["VNeID", "Đang tải xuống… 45%", "---", "(Mở)"],
                            "alt": "Trang ứng dụng trong kho ứng dụng đang tải xuống, có nút Mở",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Không cài ứng dụng từ đường link lạ",
                "text": "<p>Kẻ gian hay gửi đường link qua tin nhắn, Zalo, Facebook để dụ cài “ứng dụng” (tệp "
                "<b>.apk</b>) rồi chiếm quyền điều khiển điện thoại và lấy tiền trong tài khoản ngân hàng. "
                "<b>Chỉ cài ứng dụng từ CH Play hoặc App Store.</b> Nếu máy hỏi cho phép “cài ứng dụng không rõ "
                "nguồn gốc”, hãy chọn <b>Không</b>.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Bạn muốn xem to hơn một tấm ảnh trên điện thoại. Bạn làm thế nào?",
                        "multiple": False,
                        "explanation": "Đặt hai ngón tay lên màn hình rồi mở rộng ra để phóng to, chụm lại để thu nhỏ.",
                        "choices": [
                            {"text": "Đặt hai ngón tay lên ảnh rồi mở rộng hai ngón ra", "correct": True,
                             "feedback": "Đúng rồi. Chụm hai ngón lại để thu nhỏ."},
                            {"text": "Bấm nút nguồn hai lần", "correct": False,
                             "feedback": "Chưa đúng: nút nguồn dùng để tắt/mở màn hình, không phóng to ảnh."},
                            {"text": "Vuốt từ mép dưới màn hình lên", "correct": False,
                             "feedback": "Chưa đúng: thao tác này thường đưa bạn về màn hình chính."},
                        ],
                    },
                    {
                        "prompt": "Bạn nên cài ứng dụng VNeID từ đâu?",
                        "multiple": False,
                        "explanation": "Chỉ cài ứng dụng từ kho chính thức của điện thoại, kiểm tra tên nhà phát triển.",
                        "choices": [
                            {"text": "Từ CH Play (Android) hoặc App Store (iPhone)", "correct": True,
                             "feedback": "Đúng. Đây là kho ứng dụng chính thức, đã được kiểm duyệt."},
                            {"text": "Từ đường link một người xưng là công an gửi qua Zalo", "correct": False,
                             "feedback": "Nguy hiểm! Công an không gửi link để cài ứng dụng. Đây là thủ đoạn lừa đảo."},
                            {"text": "Từ tệp .apk trên một trang web bất kỳ", "correct": False,
                             "feedback": "Không nên: tệp .apk lạ có thể chứa mã độc chiếm quyền điện thoại."},
                        ],
                    },
                    {
                        "prompt": "Chữ trên điện thoại của bạn quá nhỏ. Bạn tìm cách chỉnh ở đâu?",
                        "multiple": False,
                        "explanation": "Cỡ chữ nằm trong Cài đặt, ở mục Màn hình hoặc Trợ năng (tên mục tùy hãng máy).",
                        "choices": [
                            {"text": "Trong Cài đặt, mục Màn hình hoặc Trợ năng", "correct": True,
                             "feedback": "Đúng. Nếu không thấy, gõ “cỡ chữ” vào ô tìm kiếm của Cài đặt."},
                            {"text": "Phải mua điện thoại mới có màn hình to hơn", "correct": False,
                             "feedback": "Không cần: mọi điện thoại thông minh đều cho phóng to chữ."},
                        ],
                    },
                ],
            },
        ),
    ],
}

# --- Bài 2 -----------------------------------------------------------------------------------------------------

LESSON_VNEID = {
    "slug": "kich-hoat-vneid-muc-do-2",
    "title": "Cài đặt và kích hoạt tài khoản định danh điện tử mức độ 2 trên VNeID",
    "summary": "Đăng ký tài khoản định danh điện tử mức độ 2 tại Công an cấp xã, kích hoạt trên ứng dụng VNeID và "
    "giữ an toàn mật khẩu, mã OTP, mã bảo vệ (passcode).",
    "minutes": 20,
    "body": [
        ("heading", {"text": "VNeID và tài khoản định danh điện tử", "level": "h2"}),
        (
            "paragraph",
            "<p><b>VNeID</b> là ứng dụng định danh điện tử quốc gia do <b>Bộ Công an</b> xây dựng. Với tài khoản "
            "định danh điện tử, bạn có thể xuất trình căn cước điện tử thay cho thẻ, tích hợp giấy tờ như giấy phép "
            "lái xe, thẻ bảo hiểm y tế, dùng sổ sức khỏe điện tử và <b>đăng nhập Cổng Dịch vụ công quốc gia</b> để "
            "làm thủ tục hành chính trực tuyến.</p>"
            "<p>Có hai mức tài khoản:</p>"
            "<ul>"
            "<li><b>Mức độ 1</b>: tự đăng ký trên ứng dụng, dùng được một số tiện ích cơ bản.</li>"
            "<li><b>Mức độ 2</b>: đăng ký trực tiếp tại cơ quan Công an, có xác thực ảnh chân dung và vân tay. Khi "
            "xuất trình, tài khoản mức độ 2 có giá trị như thẻ căn cước, và mở được nhiều tiện ích hơn.</li>"
            "</ul>",
        ),
        (
            "image",
            {
                "illustration": {"bg": "#e8f0fe", "icon": "id", "caption": "Tài khoản định danh điện tử mức độ 2"},
                "alt": "Hình minh họa thẻ căn cước, tượng trưng cho tài khoản định danh điện tử",
            },
        ),
        ("heading", {"text": "Bước 1: Đăng ký tại Công an cấp xã", "level": "h2"}),
        (
            "paragraph",
            "<p>Tài khoản mức độ 2 được đăng ký tại <b>Công an xã, phường</b> nơi bạn ở (hoặc nơi làm thủ tục cấp "
            "căn cước; nếu đang làm thẻ căn cước thì có thể đăng ký cùng lúc). Khi đi, mang theo:</p>"
            "<ul>"
            "<li><b>Thẻ căn cước công dân gắn chip</b> hoặc thẻ căn cước;</li>"
            "<li><b>Điện thoại và số điện thoại chính chủ</b> (số thuê bao đứng tên chính bạn) để nhận tin nhắn.</li>"
            "</ul>"
            "<p>Cán bộ Công an hướng dẫn bạn khai thông tin đề nghị, <b>chụp ảnh chân dung</b> và <b>lấy vân "
            "tay</b>. Sau khi hồ sơ được duyệt, bạn nhận <b>tin nhắn SMS</b> thông báo để kích hoạt tài khoản trên "
            "ứng dụng. Việc đăng ký tài khoản định danh điện tử không mất phí.</p>",
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "Người cao tuổi, người không rành điện thoại",
                "text": "<p>Hãy nhờ con cháu, tổ công nghệ số cộng đồng hoặc cán bộ Công an xã hướng dẫn ngay tại "
                "chỗ. Nhưng tự mình nhập mật khẩu và mã bảo vệ, <b>không để người khác biết</b>.</p>",
            },
        ),
        ("heading", {"text": "Bước 2: Kích hoạt tài khoản trên ứng dụng", "level": "h2"}),
        (
            "paragraph",
            "<p>Khi đã nhận tin nhắn thông báo, cài ứng dụng <b>VNeID</b> từ CH Play hoặc App Store (xem bài 1) và "
            "làm theo các bước dưới đây. Giao diện có thể thay đổi đôi chút theo phiên bản ứng dụng.</p>",
        ),
        (
            "steps",
            {
                "title": "Kích hoạt tài khoản định danh điện tử",
                "steps": [
                    {
                        "title": "Chọn kích hoạt tài khoản",
                        "text": "<p>Mở VNeID, chọn chức năng <b>kích hoạt tài khoản định danh điện tử</b> (không "
                        "chọn đăng ký mới, vì tài khoản đã được Công an tạo cho bạn).</p>",
                        "screenshot": {
                            "screen": ["VNeID", "Ứng dụng định danh điện tử", "---", "(Đăng nhập)",
                                       "(Kích hoạt tài khoản)", "Đăng ký tài khoản"],
                            "alt": "Màn hình mở đầu của VNeID với nút đăng nhập và nút kích hoạt tài khoản",
                        },
                    },
                    {
                        "title": "Nhập số định danh cá nhân và số điện thoại",
                        "text": "<p>Nhập <b>số định danh cá nhân</b> (12 chữ số in trên thẻ căn cước) và <b>số điện "
                        "thoại</b> đã đăng ký với Công an, rồi gửi yêu cầu.</p>",
                        "screenshot": {
                            "screen": ["Kích hoạt tài khoản", "[Số định danh cá nhân (12 số)]",
                                       "[Số điện thoại đã đăng ký]", "(Gửi yêu cầu)"],
                            "alt": "Màn hình kích hoạt có hai ô: số định danh cá nhân và số điện thoại",
                        },
                    },
                    {
                        "title": "Nhập mã OTP từ tin nhắn",
                        "text": "<p>Hệ thống gửi <b>mã OTP</b> (dãy số dùng một lần) qua tin nhắn tới số điện thoại của "
                        "bạn. Nhập mã này vào ứng dụng trong thời gian cho phép.</p>",
                        "screenshot": {
                            "screen": ["Xác thực OTP", "Mã OTP đã gửi tới số", "09•• ••• 123", "[_ _ _ _ _ _]",
                                       "(Xác nhận)", "!Không đọc mã OTP cho bất kỳ ai"],
                            "alt": "Màn hình nhập mã OTP gồm sáu ô số, kèm lời nhắc không đọc mã cho người khác",
                        },
                    },
                    {
                        "title": "Tạo mật khẩu",
                        "text": "<p>Đặt <b>mật khẩu</b> theo yêu cầu của ứng dụng (thường phải đủ dài, có chữ hoa, chữ "
                        "thường, chữ số và ký tự đặc biệt), nhập lại lần nữa để xác nhận. Ghi nhớ mật khẩu, đừng "
                        "dùng ngày sinh hay số điện thoại.</p>",
                        "screenshot": {
                            "screen": ["Tạo mật khẩu", "[Mật khẩu mới]", "[Nhập lại mật khẩu]",
                                       "Ít nhất 8 ký tự: chữ hoa, chữ thường, số, ký tự đặc biệt", "(Tiếp tục)"],
                            "alt": "Màn hình tạo mật khẩu có hai ô nhập và yêu cầu về độ mạnh của mật khẩu",
                        },
                    },
                    {
                        "title": "Thiết lập mã bảo vệ (passcode) 6 số",
                        "text": "<p>Ứng dụng yêu cầu tạo <b>passcode gồm 6 chữ số</b>, dùng để mở ứng dụng và xác nhận "
                        "các thao tác quan trọng. Nhập hai lần cho khớp. Tùy phiên bản, ứng dụng có thể yêu cầu thêm "
                        "bước xác thực như chụp ảnh khuôn mặt.</p>",
                        "screenshot": {
                            "screen": ["Thiết lập passcode", "Nhập 6 chữ số", "● ● ● ○ ○ ○", "---",
                                       "1   2   3", "4   5   6", "7   8   9", "0"],
                            "alt": "Bàn phím số để nhập mã bảo vệ gồm 6 chữ số",
                        },
                    },
                    {
                        "title": "Đăng nhập và kiểm tra",
                        "text": "<p>Đăng nhập bằng số định danh và mật khẩu vừa tạo. Vào phần thông tin cá nhân để "
                        "kiểm tra họ tên, ngày sinh và mức tài khoản đã đúng chưa.</p>",
                        "screenshot": {
                            "screen": ["VNeID", "Xin chào, NGUYỄN VĂN A", "Tài khoản định danh mức 2", "---",
                                       "Ví giấy tờ", "Thủ tục hành chính", "Sổ sức khỏe điện tử"],
                            "alt": "Màn hình chính của VNeID sau khi đăng nhập, hiện họ tên và mức tài khoản",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Giữ bí mật mật khẩu, mã OTP và passcode",
                "text": "<ul>"
                "<li><b>Không đọc, không gửi</b> mã OTP, mật khẩu, passcode cho bất kỳ ai, kể cả người xưng là công "
                "an, cán bộ, nhân viên ngân hàng.</li>"
                "<li><b>Công an không gọi điện, không gửi đường link</b> để hướng dẫn cài đặt hay kích hoạt VNeID; "
                "việc hỗ trợ được làm trực tiếp tại trụ sở Công an. Chỉ cài VNeID từ CH Play hoặc App Store.</li>"
                "<li>Nếu lỡ cung cấp thông tin, hãy <b>đổi mật khẩu ngay</b> và báo cho Công an xã, phường nơi "
                "gần nhất.</li>"
                "</ul>",
            },
        ),
        (
            "paragraph",
            "<p><b>Quên mật khẩu?</b> Dùng chức năng quên mật khẩu trên màn hình đăng nhập của VNeID (xác thực lại "
            "bằng mã OTP), hoặc đến Công an xã, phường để được hỗ trợ.</p>",
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Muốn có tài khoản định danh điện tử mức độ 2, bạn cần làm gì trước tiên?",
                        "multiple": False,
                        "explanation": "Tài khoản mức độ 2 phải đăng ký trực tiếp tại cơ quan Công an (thường là Công "
                        "an cấp xã), có chụp ảnh chân dung và lấy vân tay.",
                        "choices": [
                            {"text": "Mang thẻ căn cước gắn chip và số điện thoại chính chủ đến Công an xã, phường",
                             "correct": True,
                             "feedback": "Đúng. Sau khi được duyệt, bạn nhận tin nhắn rồi kích hoạt trên ứng dụng."},
                            {"text": "Gửi ảnh thẻ căn cước qua Zalo cho người nhận làm hộ", "correct": False,
                             "feedback": "Nguy hiểm: ảnh giấy tờ có thể bị dùng để lừa đảo. Không ai được làm hộ "
                             "tài khoản định danh của bạn."},
                            {"text": "Bấm vào đường link trong tin nhắn để tải bản VNeID mới", "correct": False,
                             "feedback": "Không! Công an không gửi link cài VNeID. Chỉ tải từ CH Play hoặc App Store."},
                        ],
                    },
                    {
                        "prompt": "Một người gọi điện xưng là công an, nói sẽ giúp bạn “nâng cấp VNeID mức 2” và "
                        "hỏi mã OTP vừa gửi tới máy bạn. Bạn làm gì?",
                        "multiple": False,
                        "explanation": "Mã OTP, mật khẩu và passcode chỉ mình bạn được biết. Công an không hỏi mã OTP "
                        "qua điện thoại.",
                        "choices": [
                            {"text": "Đọc mã OTP để được hỗ trợ nhanh", "correct": False,
                             "feedback": "Sai: có mã OTP, kẻ gian có thể chiếm tài khoản của bạn."},
                            {"text": "Không cung cấp, cúp máy và báo Công an xã, phường", "correct": True,
                             "feedback": "Đúng. Đây là thủ đoạn lừa đảo phổ biến."},
                            {"text": "Chỉ đọc 3 số đầu của mã cho an toàn", "correct": False,
                             "feedback": "Không nên cung cấp bất kỳ phần nào của mã OTP."},
                        ],
                    },
                    {
                        "prompt": "Khi kích hoạt tài khoản trên VNeID, bạn cần nhập những thông tin nào? "
                        "(Chọn tất cả đáp án đúng)",
                        "multiple": True,
                        "explanation": "Kích hoạt cần số định danh cá nhân, số điện thoại đã đăng ký và mã OTP gửi về "
                        "số đó; sau đó bạn tự đặt mật khẩu và passcode.",
                        "choices": [
                            {"text": "Số định danh cá nhân (12 số trên thẻ căn cước)", "correct": True,
                             "feedback": "Đúng."},
                            {"text": "Số điện thoại đã đăng ký với Công an", "correct": True, "feedback": "Đúng."},
                            {"text": "Số tài khoản và mật khẩu ngân hàng", "correct": False,
                             "feedback": "Sai: VNeID không bao giờ hỏi mật khẩu ngân hàng của bạn."},
                        ],
                    },
                ],
            },
        ),
    ],
}

# --- Bài 3 -----------------------------------------------------------------------------------------------------

LESSON_PUBLIC_SERVICES = {
    "slug": "dich-vu-cong-truc-tuyen",
    "title": "Dịch vụ công trực tuyến trên Cổng Dịch vụ công quốc gia",
    "summary": "Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID, tìm thủ tục, nộp hồ sơ, theo dõi kết "
    "quả và nộp phí, lệ phí trực tuyến.",
    "minutes": 20,
    "body": [
        ("heading", {"text": "Làm thủ tục không cần xếp hàng", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Cổng Dịch vụ công quốc gia</b> tại địa chỉ <a href=\"https://dichvucong.gov.vn\">dichvucong.gov.vn</a> "
            "là nơi người dân và doanh nghiệp nộp hồ sơ thủ tục hành chính trực tuyến: đăng ký khai sinh, cấp phiếu "
            "lý lịch tư pháp, cấp đổi giấy phép lái xe, đăng ký đất đai… Bạn có thể làm trên máy tính hoặc ngay trên "
            "điện thoại, ở bất cứ đâu, rồi theo dõi hồ sơ mà không phải đi lại nhiều lần.</p>"
            "<p>Để đăng nhập, cách đơn giản nhất là dùng <b>tài khoản định danh điện tử VNeID</b> (xem bài 2). Một "
            "số thủ tục cũng có thể làm ngay trên ứng dụng VNeID.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Kiểm tra đúng địa chỉ trang web",
                "text": "<p>Trang của cơ quan nhà nước có tên miền kết thúc bằng <b>.gov.vn</b>. Tự gõ địa chỉ "
                "<b>dichvucong.gov.vn</b> thay vì bấm vào đường link được gửi qua tin nhắn hay mạng xã hội: kẻ gian "
                "làm trang giả giống hệt để lấy mật khẩu.</p>",
            },
        ),
        ("heading", {"text": "Đăng nhập bằng VNeID", "level": "h2"}),
        (
            "steps",
            {
                "title": "Đăng nhập Cổng Dịch vụ công quốc gia",
                "steps": [
                    {
                        "title": "Mở trang và chọn Đăng nhập",
                        "text": "<p>Mở trình duyệt (Chrome, Safari, Cốc Cốc…), gõ <b>dichvucong.gov.vn</b>, bấm nút "
                        "<b>Đăng nhập</b>.</p>",
                        "screenshot": {
                            "screen": ["dichvucong.gov.vn", "Cổng Dịch vụ công quốc gia", "[Tìm kiếm thủ tục…]",
                                       "(Đăng nhập)", "Đăng ký"],
                            "alt": "Trang chủ Cổng Dịch vụ công quốc gia trên điện thoại với ô tìm kiếm và nút Đăng nhập",
                        },
                    },
                    {
                        "title": "Chọn đăng nhập bằng tài khoản định danh điện tử",
                        "text": "<p>Chọn cách đăng nhập bằng <b>tài khoản định danh điện tử</b> (do Bộ Công an cấp). "
                        "Nhập số định danh cá nhân và mật khẩu VNeID, hoặc dùng ứng dụng VNeID để quét mã QR hiện trên "
                        "màn hình máy tính.</p>",
                        "screenshot": {
                            "screen": ["Đăng nhập", "Tài khoản định danh điện tử", "[Số định danh cá nhân]",
                                       "[Mật khẩu VNeID]", "(Đăng nhập)", "Hoặc quét mã QR bằng VNeID"],
                            "alt": "Màn hình đăng nhập bằng tài khoản định danh điện tử: số định danh, mật khẩu, quét mã QR",
                        },
                    },
                    {
                        "title": "Xác nhận",
                        "text": "<p>Nhập mã OTP gửi về điện thoại hoặc xác nhận yêu cầu đăng nhập trong ứng dụng VNeID "
                        "(nhập passcode). Chỉ xác nhận khi <b>chính bạn</b> đang đăng nhập.</p>",
                    },
                ],
            },
        ),
        ("heading", {"text": "Tìm thủ tục, nộp hồ sơ và theo dõi", "level": "h2"}),
        (
            "steps",
            {
                "title": "Nộp một hồ sơ trực tuyến",
                "steps": [
                    {
                        "title": "Tìm thủ tục",
                        "text": "<p>Gõ tên thủ tục vào ô tìm kiếm, ví dụ “lý lịch tư pháp” hoặc “khai sinh”. Đọc phần "
                        "hướng dẫn: giấy tờ cần chuẩn bị, thời hạn giải quyết, phí, lệ phí.</p>",
                        "screenshot": {
                            "screen": ["Tìm kiếm", "[lý lịch tư pháp]", "---", "Cấp Phiếu lý lịch tư pháp…",
                                       "Đăng ký khai sinh", "(Nộp trực tuyến)"],
                            "alt": "Kết quả tìm kiếm thủ tục hành chính với nút nộp trực tuyến",
                        },
                    },
                    {
                        "title": "Chọn nơi giải quyết và điền tờ khai",
                        "text": "<p>Bấm <b>Nộp trực tuyến</b>, chọn tỉnh, thành phố và cơ quan giải quyết. Nhiều thông "
                        "tin cá nhân được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư; bạn kiểm tra và điền phần còn "
                        "thiếu.</p>",
                    },
                    {
                        "title": "Đính kèm giấy tờ và gửi",
                        "text": "<p>Chụp ảnh rõ nét hoặc chọn tệp giấy tờ cần nộp, chọn cách nhận kết quả (trực tiếp, "
                        "qua bưu điện hoặc bản điện tử), rồi bấm <b>Nộp hồ sơ</b>. Ghi lại <b>mã hồ sơ</b> được cấp.</p>",
                        "screenshot": {
                            "screen": ["Nộp hồ sơ", "Tệp đính kèm: 2 tệp", "Nhận kết quả: qua bưu điện", "(Nộp hồ sơ)",
                                       "---", "Nộp thành công!", "Mã hồ sơ: •••-250101-0001"],
                            "alt": "Màn hình xác nhận nộp hồ sơ thành công, hiển thị mã hồ sơ",
                        },
                    },
                    {
                        "title": "Nộp phí, lệ phí trực tuyến",
                        "text": "<p>Nếu thủ tục có phí, lệ phí, chọn thanh toán trực tuyến ngay trên Cổng bằng ứng dụng "
                        "ngân hàng hoặc ví điện tử. Sau khi trả, bạn nhận <b>biên lai điện tử</b>.</p>",
                    },
                    {
                        "title": "Theo dõi hồ sơ",
                        "text": "<p>Vào mục quản lý hồ sơ đã nộp trong tài khoản, hoặc tra cứu bằng mã hồ sơ, để xem hồ "
                        "sơ đang ở bước nào. Cơ quan giải quyết cũng có thể nhắn tin hay gửi thư điện tử khi cần bổ "
                        "sung hoặc khi có kết quả.</p>",
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Chỉ trả tiền qua Cổng",
                "text": "<p>Phí, lệ phí được nộp qua chức năng thanh toán của Cổng và có biên lai. <b>Không chuyển "
                "tiền vào tài khoản cá nhân</b> của người tự xưng là cán bộ hay “dịch vụ làm nhanh”.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Địa chỉ nào là Cổng Dịch vụ công quốc gia?",
                        "multiple": False,
                        "explanation": "Cổng Dịch vụ công quốc gia có địa chỉ dichvucong.gov.vn; trang cơ quan nhà nước "
                        "có đuôi .gov.vn.",
                        "choices": [
                            {"text": "dichvucong.gov.vn", "correct": True, "feedback": "Đúng."},
                            {"text": "dichvucong-gov.vn.com", "correct": False,
                             "feedback": "Sai: đây là kiểu địa chỉ giả mạo, không kết thúc bằng .gov.vn."},
                            {"text": "Đường link trong tin nhắn “hồ sơ của bạn bị lỗi”", "correct": False,
                             "feedback": "Sai: không bấm link lạ, hãy tự gõ địa chỉ trang."},
                        ],
                    },
                    {
                        "prompt": "Nộp hồ sơ xong, bạn cần giữ lại thông tin gì để tra cứu tiến độ?",
                        "multiple": False,
                        "explanation": "Mã hồ sơ dùng để tra cứu; bạn cũng xem được trong mục hồ sơ đã nộp của tài khoản.",
                        "choices": [
                            {"text": "Mã hồ sơ", "correct": True, "feedback": "Đúng."},
                            {"text": "Mã OTP vừa nhận", "correct": False,
                             "feedback": "Sai: mã OTP chỉ dùng một lần để xác thực, không dùng để tra cứu."},
                            {"text": "Mật khẩu VNeID", "correct": False,
                             "feedback": "Sai: mật khẩu là bí mật, không cần ghi kèm hồ sơ."},
                        ],
                    },
                    {
                        "prompt": "Một người nhắn tin nhận “làm nhanh” hồ sơ, yêu cầu chuyển lệ phí vào tài khoản cá "
                        "nhân. Bạn làm gì?",
                        "multiple": False,
                        "explanation": "Phí, lệ phí nộp qua chức năng thanh toán của Cổng, có biên lai điện tử.",
                        "choices": [
                            {"text": "Chuyển tiền cho nhanh", "correct": False,
                             "feedback": "Không nên: bạn có thể mất tiền mà hồ sơ không được giải quyết."},
                            {"text": "Từ chối; chỉ nộp phí qua chức năng thanh toán trên Cổng", "correct": True,
                             "feedback": "Đúng. Khi nghi ngờ, hỏi trực tiếp cơ quan giải quyết."},
                        ],
                    },
                ],
            },
        ),
    ],
}

# --- Bài 4 -----------------------------------------------------------------------------------------------------

LESSON_QR = {
    "slug": "thanh-toan-bang-ma-qr",
    "title": "Thanh toán không dùng tiền mặt bằng mã QR",
    "summary": "Trả tiền bằng mã QR trong ứng dụng ngân hàng, thanh toán tiền điện, tiền nước, và nhận tiền bằng mã "
    "QR khi bán hàng mà không bị lừa.",
    "minutes": 20,
    "body": [
        ("heading", {"text": "Mã QR và VietQR là gì?", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Mã QR</b> là ô vuông gồm các chấm đen trắng chứa thông tin tài khoản nhận tiền. Thay vì gõ số tài "
            "khoản, bạn dùng ứng dụng ngân hàng để quét mã. Nhờ chuẩn <b>VietQR</b> dùng chung, ứng dụng của ngân "
            "hàng này quét được mã QR của ngân hàng khác.</p>"
            "<p>Để bắt đầu, bạn cần một <b>tài khoản ngân hàng</b> và cài <b>ứng dụng ngân hàng</b> (mobile "
            "banking) chính thức của ngân hàng đó từ CH Play hoặc App Store.</p>",
        ),
        (
            "image",
            {
                "illustration": {"bg": "#e8f0fe", "icon": "qr", "caption": "Quét mã QR để trả tiền"},
                "alt": "Hình minh họa một mã QR dùng để chuyển khoản",
            },
        ),
        ("heading", {"text": "Trả tiền bằng mã QR", "level": "h2"}),
        (
            "steps",
            {
                "title": "Quét mã QR để chuyển tiền",
                "steps": [
                    {
                        "title": "Mở ứng dụng ngân hàng, chọn quét mã QR",
                        "text": "<p>Đăng nhập ứng dụng ngân hàng, chạm vào biểu tượng <b>quét mã QR</b>. Lần đầu, cho "
                        "phép ứng dụng dùng máy ảnh.</p>",
                        "screenshot": {
                            "screen": ["Ngân hàng của tôi", "Số dư: ••••••", "---", "(Quét mã QR)", "Chuyển tiền",
                                       "Thanh toán hóa đơn"],
                            "alt": "Màn hình chính của ứng dụng ngân hàng với nút quét mã QR",
                        },
                    },
                    {
                        "title": "Đưa máy ảnh vào mã QR",
                        "text": "<p>Giữ điện thoại sao cho mã QR nằm gọn trong khung; ứng dụng tự nhận mã.</p>",
                    },
                    {
                        "title": "Kiểm tra tên người nhận, nhập số tiền",
                        "text": "<p>Ứng dụng hiện <b>tên chủ tài khoản</b> và ngân hàng nhận. <b>Đọc kỹ tên người "
                        "nhận</b>: có đúng cửa hàng, đúng người bạn muốn trả không? Nhập số tiền (nếu chưa có sẵn) và "
                        "nội dung.</p>",
                        "screenshot": {
                            "screen": ["Chuyển tiền", "Người nhận:", "TRAN THI BINH", "Ngân hàng: ABC Bank",
                                       "[Số tiền: 45.000 đ]", "[Nội dung: Mua rau]", "(Tiếp tục)"],
                            "alt": "Màn hình chuyển tiền hiện tên người nhận, ô số tiền và ô nội dung",
                        },
                    },
                    {
                        "title": "Xác nhận và xem kết quả",
                        "text": "<p>Xác nhận bằng mã PIN, vân tay, khuôn mặt hoặc mã OTP theo yêu cầu của ứng dụng. "
                        "Màn hình <b>giao dịch thành công</b> hiện ra; bạn có thể cho người bán xem.</p>",
                        "screenshot": {
                            "screen": ["Kết quả", "Giao dịch thành công", "45.000 đ", "Tới: TRAN THI BINH",
                                       "Mã giao dịch: FT25…", "(Về trang chủ)"],
                            "alt": "Màn hình báo giao dịch thành công với số tiền và tên người nhận",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Giao dịch lớn cần xác thực khuôn mặt",
                "text": "<p>Theo quy định của Ngân hàng Nhà nước, chuyển khoản giá trị lớn (trên 10 triệu đồng một "
                "lần, hoặc tổng trên 20 triệu đồng trong ngày) phải xác thực bằng khuôn mặt. Đây là lớp bảo vệ cho "
                "chính bạn.</p>",
            },
        ),
        ("heading", {"text": "Thanh toán tiền điện, tiền nước", "level": "h2"}),
        (
            "paragraph",
            "<p>Trong ứng dụng ngân hàng, chọn mục <b>thanh toán hóa đơn</b>, chọn loại <b>tiền điện</b> hoặc "
            "<b>tiền nước</b>, chọn nhà cung cấp ở địa phương và nhập <b>mã khách hàng</b> in trên hóa đơn hoặc tin "
            "nhắn thông báo. Ứng dụng hiện tên chủ hộ và số tiền cần trả; kiểm tra đúng rồi mới xác nhận. Nhiều ngân "
            "hàng cho đăng ký <b>thanh toán tự động</b> hằng tháng để không quên hạn.</p>",
        ),
        ("heading", {"text": "Bán hàng: nhận tiền bằng mã QR", "level": "h2"}),
        (
            "steps",
            {
                "title": "Nhận tiền bằng mã QR tại quầy",
                "steps": [
                    {
                        "title": "Lấy mã QR nhận tiền của tài khoản mình",
                        "text": "<p>Trong ứng dụng ngân hàng, tìm chức năng <b>mã QR nhận tiền</b> của tài khoản. Lưu "
                        "ảnh, in ra hoặc xin ngân hàng tấm bảng mã QR, đặt ở nơi khách dễ quét.</p>",
                        "screenshot": {
                            "screen": ["Mã QR của tôi", "VietQR", "[ ▓▓ mã QR ▓▓ ]", "TRAN THI BINH",
                                       "(Lưu ảnh)", "(Chia sẻ)"],
                            "alt": "Màn hình mã QR nhận tiền của chủ cửa hàng với nút lưu ảnh và chia sẻ",
                        },
                    },
                    {
                        "title": "Xác nhận tiền đã về bằng thông báo của ngân hàng",
                        "text": "<p>Chỉ giao hàng khi <b>chính điện thoại của bạn</b> nhận thông báo biến động số dư "
                        "(tin nhắn, thông báo của ứng dụng hoặc loa báo tiền). <b>Không tin màn hình của khách</b>: ảnh "
                        "“chuyển khoản thành công” có thể bị làm giả.</p>",
                        "screenshot": {
                            "screen": ["Thông báo", "Ngân hàng của tôi", "TK …6789 +45.000 đ",
                                       "Nội dung: Mua rau", "---", "!Chỉ tin thông báo trên máy của bạn"],
                            "alt": "Thông báo biến động số dư trên điện thoại của người bán: tài khoản vừa nhận 45.000 đồng",
                        },
                    },
                    {
                        "title": "Thỉnh thoảng kiểm tra tấm mã QR",
                        "text": "<p>Kẻ gian có thể dán mã QR khác đè lên mã của bạn. Hãy quét thử bằng điện thoại của "
                        "mình: tên chủ tài khoản hiện ra phải đúng là tên bạn.</p>",
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Những điều không bao giờ làm",
                "text": "<ul>"
                "<li>Không đưa mật khẩu, mã PIN, mã OTP ngân hàng cho ai.</li>"
                "<li>Không quét mã QR lạ để “nhận tiền”, “nhận quà”: mã QR chỉ dùng để <b>trả</b> tiền, người khác "
                "muốn gửi tiền cho bạn thì chính họ quét mã của bạn.</li>"
                "<li>Chuyển nhầm hay bị lừa: gọi ngay tổng đài chính thức của ngân hàng (in trên thẻ, trong ứng dụng) "
                "và báo cơ quan Công an.</li>"
                "</ul>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Quét mã QR xong, trước khi xác nhận chuyển tiền bạn phải kiểm tra điều gì?",
                        "multiple": False,
                        "explanation": "Luôn đọc tên chủ tài khoản nhận và số tiền trước khi xác nhận.",
                        "choices": [
                            {"text": "Tên người nhận và số tiền", "correct": True,
                             "feedback": "Đúng. Sai tên là dừng lại, hỏi lại người bán."},
                            {"text": "Màu sắc của mã QR", "correct": False,
                             "feedback": "Màu sắc không nói lên điều gì; hãy đọc tên người nhận."},
                            {"text": "Không cần kiểm tra gì, cứ xác nhận cho nhanh", "correct": False,
                             "feedback": "Nguy hiểm: mã QR có thể bị dán đè, tiền chuyển đi khó lấy lại."},
                        ],
                    },
                    {
                        "prompt": "Bạn bán hàng. Khách đưa màn hình điện thoại có chữ “Giao dịch thành công”. Bạn "
                        "làm gì?",
                        "multiple": False,
                        "explanation": "Chỉ thông báo biến động số dư trên thiết bị của chính bạn mới chứng minh tiền đã về.",
                        "choices": [
                            {"text": "Giao hàng ngay vì khách đã cho xem màn hình", "correct": False,
                             "feedback": "Chưa an toàn: ảnh màn hình có thể làm giả, hoặc giao dịch chưa tới."},
                            {"text": "Chờ thông báo tiền về trên điện thoại hoặc loa báo của mình rồi mới giao",
                             "correct": True, "feedback": "Đúng."},
                        ],
                    },
                    {
                        "prompt": "Để trả tiền điện qua ứng dụng ngân hàng, bạn cần thông tin nào in trên hóa đơn?",
                        "multiple": False,
                        "explanation": "Mã khách hàng giúp ứng dụng tìm đúng hóa đơn của gia đình bạn.",
                        "choices": [
                            {"text": "Mã khách hàng", "correct": True,
                             "feedback": "Đúng. Ứng dụng sẽ hiện tên chủ hộ và số tiền để bạn kiểm tra."},
                            {"text": "Mã OTP của ngân hàng", "correct": False,
                             "feedback": "Sai: mã OTP chỉ nhập khi xác nhận giao dịch và không cho ai biết."},
                            {"text": "Số điện thoại của nhân viên điện lực", "correct": False,
                             "feedback": "Không cần: thanh toán hóa đơn dùng mã khách hàng."},
                        ],
                    },
                ],
            },
        ),
    ],
}

COURSE = {
    "slug": "ky-nang-so-co-ban",
    "title": "Kỹ năng số cơ bản cho mọi người",
    "summary": "Khóa học dành cho người mới dùng điện thoại thông minh: làm quen với điện thoại, kích hoạt tài khoản "
    "định danh điện tử VNeID mức độ 2, làm thủ tục trên Cổng Dịch vụ công quốc gia và thanh toán bằng mã QR an "
    "toàn.",
    "description": "<p>Bốn bài học ngắn, mỗi bài khoảng 15–20 phút, có hình minh họa từng bước và câu hỏi kiểm tra "
    "nhanh. Học xong, bạn có thể:</p>"
    "<ul>"
    "<li>dùng màn hình cảm ứng, kết nối Wi-Fi, phóng to chữ và cài ứng dụng an toàn;</li>"
    "<li>đăng ký và kích hoạt tài khoản định danh điện tử mức độ 2 trên VNeID;</li>"
    "<li>nộp hồ sơ, theo dõi kết quả và nộp lệ phí trên Cổng Dịch vụ công quốc gia;</li>"
    "<li>trả tiền, thanh toán hóa đơn và nhận tiền bán hàng bằng mã QR mà không bị lừa.</li>"
    "</ul>"
    "<p>Không cần kiến thức trước. Hãy chuẩn bị điện thoại thông minh của mình để làm theo.</p>",
    "topic": "ky-nang-so",
    "level": "basic",
    "estimated_minutes": 75,
    "competences": ["1.1", "2.1", "2.3", "2.6", "4.1", "4.2", "5.1"],
    "population_groups": ["adult", "farmer", "worker", "civil-servant", "union", "youth"],
    "cover": {"bg": BLUE, "icon": "phone"},
    "modules": [
        {
            "slug": "dien-thoai-va-dinh-danh-so",
            "title": "Điện thoại thông minh và danh tính số",
            "summary": "Làm quen với điện thoại thông minh và tài khoản định danh điện tử VNeID.",
            "lessons": [LESSON_SMARTPHONE, LESSON_VNEID],
        },
        {
            "slug": "dich-vu-cong-va-thanh-toan-so",
            "title": "Dịch vụ công trực tuyến và thanh toán số",
            "summary": "Làm thủ tục hành chính trực tuyến và thanh toán không dùng tiền mặt.",
            "lessons": [LESSON_PUBLIC_SERVICES, LESSON_QR],
        },
    ],
    "translation_en": None,
}
