"""Demo course: "An toàn trên không gian mạng", with its English translation (see FORMAT.md)."""

# ---------------------------------------------------------------------------------------------------------------
# Tiếng Việt
# ---------------------------------------------------------------------------------------------------------------

LESSON_SCAMS = {
    "slug": "nhan-dien-lua-dao-qua-mang",
    "title": "Nhận diện lừa đảo qua mạng",
    "summary": "Các kịch bản lừa đảo thường gặp: giả danh công an, ngân hàng, điện lực; dụ cài ứng dụng lạ, “cập nhật VNeID”; đường link giả mạo; đầu tư, “việc nhẹ lương cao”. Bốn dấu hiệu nhận biết và cách xử lý một tin nhắn đáng ngờ.",
    "minutes": 20,
    "body": [
        ("heading", {"text": "Kẻ lừa đảo đánh vào nỗi sợ và lòng tham", "level": "h2"}),
        (
            "paragraph",
            "<p>Lừa đảo qua mạng không cần kỹ thuật cao siêu: kẻ gian chủ yếu <b>lừa người</b>, không phải phá máy. "
            "Chúng gọi điện, nhắn tin, kết bạn trên Zalo, Facebook, xưng là người của cơ quan nhà nước, ngân hàng, công ty, "
            "rồi làm bạn <b>sợ</b> (“bạn liên quan đến vụ án”, “sắp bị cắt điện”) hoặc <b>ham</b> (“trúng thưởng”, “lãi 30% mỗi tháng”) "
            "để bạn làm theo mà không kịp suy nghĩ. Ai cũng có thể là nạn nhân: người cao tuổi, học sinh, cả cán bộ, công chức.</p>",
        ),
        ("heading", {"text": "Những kịch bản thường gặp", "level": "h2"}),
        (
            "paragraph",
            "<ul><li><b>Giả danh công an</b>: gọi báo bạn “liên quan đến đường dây rửa tiền”, yêu cầu giữ bí mật và chuyển tiền vào "
            "“tài khoản tạm giữ” để “chứng minh trong sạch”; hoặc gọi “hướng dẫn cập nhật VNeID, định danh mức 2” rồi gửi đường link để cài ứng dụng.</li>"
            "<li><b>Giả danh ngân hàng</b>: báo tài khoản sắp bị khóa, mời nâng hạn mức thẻ, “cập nhật sinh trắc học” qua đường link.</li>"
            "<li><b>Giả danh điện lực, nhà mạng</b>: báo nợ tiền điện, sắp cắt điện, sắp khóa sim, yêu cầu cài ứng dụng để “thanh toán”, “xác minh”.</li>"
            "<li><b>Trúng thưởng, nhận quà, hoàn tiền, phạt nguội</b>: tin nhắn kèm đường link dẫn đến trang web giả.</li></ul>",
        ),
        (
            "paragraph",
            "<p><b>Ứng dụng giả</b> là bẫy nguy hiểm nhất. Kẻ gian gửi một đường link để tải ứng dụng trông giống ứng dụng thật "
            "(VNeID, Dịch vụ công, ngân hàng, điện lực). Sau khi cài, ứng dụng xin các quyền đặc biệt như quyền trợ năng để "
            "<b>điều khiển điện thoại từ xa</b>, đọc tin nhắn chứa mã OTP và rút tiền trong tài khoản. Hãy nhớ: ứng dụng thật chỉ cài từ "
            "<b>CH Play</b> hoặc <b>App Store</b>; công an, ngân hàng, điện lực không gọi điện yêu cầu bạn cài ứng dụng qua đường link.</p>",
        ),
        (
            "paragraph",
            "<p><b>Đường link giả mạo</b> (lừa đảo “phishing”) dẫn đến trang web giống hệt trang thật để bạn nhập tên đăng nhập, mật khẩu, "
            "số thẻ, mã OTP. Hãy nhìn kỹ <b>tên miền</b> — phần ngay trước dấu “/” đầu tiên. Trang của cơ quan nhà nước có đuôi <b>.gov.vn</b>, "
            "nhưng kẻ gian có thể cài chữ “gov” vào giữa để đánh lừa, ví dụ <i>dichvucong-gov-vn.example-giamao.com</i> "
            "thực chất là một trang của <i>example-giamao.com</i>.</p>",
        ),
        (
            "paragraph",
            "<p><b>Đầu tư và “việc nhẹ lương cao”</b>: bạn được mời làm “cộng tác viên” thả tim, đánh giá sản phẩm, được trả vài chục nghìn đồng "
            "cho mấy nhiệm vụ đầu để tạo lòng tin; sau đó phải “nạp tiền để nhận nhiệm vụ lớn”, rồi bị báo “sai thao tác”, phải nạp thêm mới rút được. "
            "Tương tự là các nhóm “chuyên gia” mời đầu tư chứng khoán, tiền ảo, vàng trên sàn lạ với lợi nhuận cao, chắc chắn. "
            "Không có việc nào vừa nhẹ, vừa lương cao mà lại bắt bạn nộp tiền trước.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Bốn dấu hiệu của lừa đảo",
                "text": "<ol><li><b>Gấp gáp</b>: “phải làm ngay trong 30 phút”, “nếu không sẽ bị khóa, bị bắt”.</li>"
                "<li><b>Bí mật</b>: “không được nói với ai, kể cả người nhà”.</li>"
                "<li><b>Đòi thứ không ai được đòi</b>: mã OTP, mật khẩu, chuyển tiền, cài ứng dụng qua đường link.</li>"
                "<li><b>Quá tốt để là thật</b>: trúng thưởng bất ngờ, lãi cao, việc nhẹ lương cao.</li></ol>"
                "<p>Chỉ cần thấy một dấu hiệu: dừng lại, tắt máy, hỏi người thân hoặc công an nơi gần nhất.</p>",
            },
        ),
        (
            "steps",
            {
                "title": "Xử lý một tin nhắn đáng ngờ",
                "steps": [
                    {
                        "title": "Đọc kỹ người gửi và nội dung",
                        "text": "<p>Tin nhắn từ số lạ, giọng điệu dọa dẫm hoặc hứa hẹn, kèm một đường link: đó là ba điểm đáng ngờ.</p>",
                        "screenshot": {
                            "screen": [
                                "Tin nhắn",
                                "Từ: +84 9xx xxx xxx",
                                "Tài khoản định danh của bạn",
                                "sẽ bị khóa trong 24 giờ.",
                                "Cập nhật ngay tại:",
                                "example-giamao.com/vneid",
                                "!Số lạ + dọa khóa + link lạ",
                            ],
                            "alt": "Tin nhắn từ một số điện thoại lạ dọa khóa tài khoản định danh trong 24 giờ và kèm đường link lạ, có dòng cảnh báo ba dấu hiệu đáng ngờ.",
                        },
                    },
                    {
                        "title": "Không bấm vào đường link, không gọi lại số lạ",
                        "text": "<p>Đừng bấm thử “để xem”. Nếu cần kiểm tra, hãy tự mở ứng dụng thật (đã cài từ CH Play/App Store) "
                        "hoặc tự gõ địa chỉ trang chính thức.</p>",
                        "screenshot": {
                            "screen": [
                                "Ứng dụng thật",
                                "Mở từ biểu tượng trên",
                                "màn hình chính",
                                "---",
                                "Không có thông báo khóa",
                                "tài khoản nào",
                            ],
                            "alt": "Người dùng tự mở ứng dụng thật từ màn hình chính và thấy không có thông báo khóa tài khoản nào.",
                        },
                    },
                    {
                        "title": "Xác minh qua kênh chính thức",
                        "text": "<p>Gọi tổng đài ngân hàng theo số in sau thẻ hoặc trên trang web chính thức, hỏi trực tiếp công an xã, phường. "
                        "Không dùng số điện thoại, đường link có trong tin nhắn đáng ngờ.</p>",
                        "screenshot": {
                            "screen": ["Điện thoại", "Tổng đài ngân hàng", "Số in sau thẻ ATM", "(Gọi)"],
                            "alt": "Màn hình gọi điện đến tổng đài ngân hàng bằng số in sau thẻ ATM.",
                        },
                    },
                    {
                        "title": "Chặn, xóa và báo cho người thân",
                        "text": "<p>Chặn số gửi, xóa tin nhắn, và kể cho người thân, hàng xóm — nhất là người cao tuổi — để họ cảnh giác. "
                        "Bạn có thể phản ánh trang lừa đảo tại <b>canhbao.khonggianmang.gov.vn</b> (bài 4).</p>",
                        "screenshot": {
                            "screen": ["Tin nhắn", "+84 9xx xxx xxx", "(Chặn số này)", "(Xóa cuộc trò chuyện)"],
                            "alt": "Màn hình tin nhắn với các nút chặn số và xóa cuộc trò chuyện.",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "Công an không “làm việc” qua điện thoại",
                "text": "<p>Khi cần làm việc với người dân, cơ quan công an gửi giấy mời, giấy triệu tập hoặc làm việc trực tiếp tại trụ sở. "
                "Công an không yêu cầu chuyển tiền vào tài khoản nào để “xác minh”, và không hướng dẫn cài ứng dụng qua đường link.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Những dấu hiệu nào cho thấy một cuộc gọi có thể là lừa đảo? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Gấp gáp, đòi giữ bí mật, đòi mã OTP hoặc chuyển tiền là dấu hiệu điển hình của lừa đảo. "
                        "Cơ quan, ngân hàng thật không bao giờ đòi những điều đó qua điện thoại.",
                        "choices": [
                            {
                                "text": "Người gọi yêu cầu làm ngay, nếu không sẽ bị khóa tài khoản",
                                "correct": True,
                                "feedback": "Đúng: tạo sự gấp gáp để bạn không kịp suy nghĩ.",
                            },
                            {
                                "text": "Người gọi dặn không được nói với người nhà",
                                "correct": True,
                                "feedback": "Đúng: kẻ gian sợ người nhà phát hiện ra trò lừa.",
                            },
                            {
                                "text": "Người gọi hỏi mã OTP vừa gửi về điện thoại",
                                "correct": True,
                                "feedback": "Đúng: mã OTP không bao giờ được đọc cho ai.",
                            },
                            {
                                "text": "Người gọi là con bạn, gọi bằng số đã lưu trong danh bạ để hỏi thăm sức khỏe",
                                "correct": False,
                                "feedback": "Cuộc gọi hỏi thăm bình thường, không đòi tiền hay mã OTP, không có dấu hiệu lừa đảo.",
                            },
                        ],
                    },
                    {
                        "prompt": "Một người xưng là công an gọi điện, hướng dẫn “cập nhật định danh mức 2” bằng cách tải ứng dụng từ đường link gửi qua Zalo. Bạn làm gì?",
                        "multiple": False,
                        "explanation": "VNeID thật chỉ cài từ CH Play hoặc App Store. Ứng dụng tải qua đường link có thể chiếm quyền điều khiển điện thoại và lấy tiền trong tài khoản.",
                        "choices": [
                            {
                                "text": "Làm theo vì người gọi biết đúng họ tên và số căn cước của mình",
                                "correct": False,
                                "feedback": "Nguy hiểm: kẻ gian có thể đã mua dữ liệu cá nhân bị lộ; biết tên bạn không chứng minh họ là công an.",
                            },
                            {
                                "text": "Tắt máy, không bấm link; nếu cần thì đến công an xã, phường hỏi trực tiếp",
                                "correct": True,
                                "feedback": "Đúng. Đây là cách an toàn nhất.",
                            },
                        ],
                    },
                    {
                        "prompt": "Địa chỉ nào dưới đây thực chất là trang của example-giamao.com?",
                        "multiple": False,
                        "explanation": "Tên miền thật là phần cuối cùng ngay trước dấu “/” đầu tiên. Chữ “gov” đặt ở đầu không làm cho trang trở thành trang của cơ quan nhà nước.",
                        "choices": [
                            {
                                "text": "dichvucong-gov-vn.example-giamao.com/dang-nhap",
                                "correct": True,
                                "feedback": "Đúng: phần cuối trước dấu “/” là example-giamao.com — trang giả mạo.",
                            },
                            {
                                "text": "dichvucong.gov.vn",
                                "correct": False,
                                "feedback": "Chưa đúng: đây là địa chỉ của Cổng Dịch vụ công quốc gia.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

LESSON_PASSWORDS = {
    "slug": "mat-khau-manh-va-xac-thuc-hai-lop",
    "title": "Mật khẩu mạnh và xác thực hai lớp",
    "summary": "Cách tạo mật khẩu dài mà dễ nhớ bằng cụm từ, dùng mỗi tài khoản một mật khẩu, dùng trình quản lý mật khẩu, bật xác thực hai lớp và không bao giờ đưa mã OTP cho người khác.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Mật khẩu là chìa khóa nhà số của bạn", "level": "h2"}),
        (
            "paragraph",
            "<p>Tài khoản thư điện tử, Zalo, Facebook, ngân hàng, VNeID chứa tin nhắn, ảnh, giấy tờ và tiền của bạn. "
            "Mật khẩu yếu như <i>123456</i>, ngày sinh, số điện thoại có thể bị đoán ra trong vài giây. "
            "Nguy hiểm hơn: khi một trang web bị lộ dữ liệu, kẻ gian lấy email và mật khẩu bị lộ để <b>thử đăng nhập vào các tài khoản khác</b>. "
            "Nếu bạn dùng chung một mật khẩu, mất một là mất tất cả.</p>",
        ),
        ("heading", {"text": "Mật khẩu mạnh: dài, khó đoán mà dễ nhớ", "level": "h2"}),
        (
            "paragraph",
            "<p>Độ <b>dài</b> quan trọng hơn ký tự lạ. Cách dễ nhất là dùng <b>cụm mật khẩu</b>: ghép 4–5 từ ngẫu nhiên, không liên quan đến nhau, "
            "ví dụ <i>ấm-trà-xe-đạp-mưa-tháng-bảy</i> viết không dấu thành <i>amtra-xedap-muathangbay-47</i>. "
            "Nó dài, khó đoán, nhưng bạn dễ hình dung để nhớ. Tránh tên người thân, ngày sinh, biển số xe, số điện thoại, "
            "câu thơ, câu hát nổi tiếng. (Đừng dùng đúng ví dụ trong bài này!)</p>",
        ),
        (
            "paragraph",
            "<p><b>Mỗi tài khoản một mật khẩu riêng</b>, đặc biệt là thư điện tử (vì nó dùng để lấy lại các mật khẩu khác) và ngân hàng. "
            "Để không phải nhớ hết, hãy dùng <b>trình quản lý mật khẩu</b>: có sẵn trong điện thoại (Trình quản lý mật khẩu của Google trên Android, "
            "ứng dụng Mật khẩu/iCloud Keychain trên iPhone) hoặc một ứng dụng uy tín. Bạn chỉ cần nhớ một mật khẩu chính thật mạnh. "
            "Với người lớn tuổi, ghi mật khẩu vào một cuốn sổ cất kỹ ở nhà vẫn an toàn hơn dùng chung một mật khẩu cho mọi nơi — "
            "nhưng đừng chụp ảnh sổ, đừng dán mật khẩu lên điện thoại.</p>",
        ),
        ("heading", {"text": "Xác thực hai lớp: thêm một ổ khóa", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Xác thực hai lớp</b> (còn gọi là xác minh 2 bước, 2FA) yêu cầu thêm một bằng chứng ngoài mật khẩu khi đăng nhập ở máy lạ: "
            "mã OTP gửi qua tin nhắn, mã trong ứng dụng xác thực (như Google Authenticator, Microsoft Authenticator), "
            "lời nhắc xác nhận trên điện thoại của bạn, hoặc vân tay, khuôn mặt. Khi đó, dù kẻ gian biết mật khẩu, chúng vẫn không vào được "
            "nếu không có điện thoại của bạn. Ứng dụng xác thực an toàn hơn tin nhắn SMS, vì mã không đi qua mạng điện thoại.</p>",
        ),
        (
            "steps",
            {
                "title": "Bật xác thực hai lớp cho tài khoản",
                "steps": [
                    {
                        "title": "Mở phần bảo mật của tài khoản",
                        "text": "<p>Trong ứng dụng hoặc trang web (thư điện tử, Zalo, Facebook…), vào phần cài đặt, tìm mục bảo mật hoặc "
                        "đăng nhập. Tên mục mỗi ứng dụng mỗi khác.</p>",
                        "screenshot": {
                            "screen": [
                                "Cài đặt tài khoản",
                                "Thông tin cá nhân",
                                "(Bảo mật)",
                                "Quyền riêng tư",
                                "Thông báo",
                            ],
                            "alt": "Trang cài đặt tài khoản với các mục thông tin cá nhân, bảo mật, quyền riêng tư; mục bảo mật được làm nổi.",
                        },
                    },
                    {
                        "title": "Chọn xác thực hai lớp và cách nhận mã",
                        "text": "<p>Chọn mục xác thực hai lớp (hoặc xác minh 2 bước) rồi chọn cách nhận mã: ứng dụng xác thực hoặc tin nhắn SMS.</p>",
                        "screenshot": {
                            "screen": [
                                "Bảo mật",
                                "Xác thực hai lớp: Tắt",
                                "---",
                                "Nhận mã bằng:",
                                "(Ứng dụng xác thực)",
                                "(Tin nhắn SMS)",
                            ],
                            "alt": "Màn hình bảo mật cho thấy xác thực hai lớp đang tắt và hai lựa chọn nhận mã: ứng dụng xác thực hoặc tin nhắn SMS.",
                        },
                    },
                    {
                        "title": "Quét mã QR và nhập mã xác nhận",
                        "text": "<p>Nếu dùng ứng dụng xác thực: mở ứng dụng, quét mã QR hiện trên màn hình, rồi nhập mã 6 số mà ứng dụng hiển thị.</p>",
                        "screenshot": {
                            "screen": [
                                "Ứng dụng xác thực",
                                "Tài khoản thư của bạn",
                                "482 915",
                                "Mã đổi sau 30 giây",
                                "[Nhập mã: 482915]",
                                "(Xác nhận)",
                            ],
                            "alt": "Ứng dụng xác thực hiển thị mã 6 số đổi sau 30 giây, và ô nhập mã để xác nhận.",
                        },
                    },
                    {
                        "title": "Lưu mã dự phòng",
                        "text": "<p>Nhiều dịch vụ cho một danh sách mã dự phòng để dùng khi mất điện thoại. Chép ra giấy, cất cùng nơi với giấy tờ quan trọng.</p>",
                        "screenshot": {
                            "screen": ["Mã dự phòng", "1. 7319 2046", "2. 5582 0173", "3. …", "!Cất ở nơi an toàn"],
                            "alt": "Danh sách mã dự phòng kèm lời nhắc cất ở nơi an toàn.",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Mã OTP là của riêng bạn",
                "text": "<p>Không đọc, không gửi, không nhập mã OTP cho bất kỳ ai — kể cả người xưng là nhân viên ngân hàng, công an, nhà mạng, "
                "hay bạn bè nhắn nhờ “gửi nhầm mã”. Trước khi nhập OTP, hãy đọc kỹ tin nhắn: mã đó dùng cho giao dịch gì, số tiền bao nhiêu. "
                "Nếu bạn không tự làm giao dịch đó, đừng nhập.</p>",
            },
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Ưu tiên bảo vệ những tài khoản này",
                "text": "<p>Bật xác thực hai lớp trước hết cho thư điện tử, Zalo, Facebook. Tài khoản mạng xã hội bị chiếm thường bị dùng để "
                "nhắn tin vay tiền bạn bè, người thân của bạn.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Mật khẩu nào dưới đây mạnh nhất?",
                        "multiple": False,
                        "explanation": "Cụm nhiều từ ngẫu nhiên vừa dài vừa khó đoán. Ngày sinh, số điện thoại, dãy số liên tiếp dễ bị đoán ra.",
                        "choices": [
                            {"text": "12101960", "correct": False, "feedback": "Yếu: giống ngày sinh, dễ đoán."},
                            {"text": "Lan@2024", "correct": False, "feedback": "Yếu: tên người và năm, quá ngắn."},
                            {
                                "text": "goma-cautre-denlong-suonnui-83",
                                "correct": True,
                                "feedback": "Đúng: dài, gồm nhiều từ không liên quan đến nhau.",
                            },
                        ],
                    },
                    {
                        "prompt": "Những việc nào giúp tài khoản của bạn an toàn hơn? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Mật khẩu riêng cho từng tài khoản, trình quản lý mật khẩu và xác thực hai lớp đều tăng độ an toàn. "
                        "Dùng chung một mật khẩu thì mất một tài khoản là mất tất cả.",
                        "choices": [
                            {"text": "Mỗi tài khoản một mật khẩu riêng", "correct": True, "feedback": "Đúng."},
                            {
                                "text": "Bật xác thực hai lớp",
                                "correct": True,
                                "feedback": "Đúng: kẻ gian biết mật khẩu vẫn không vào được.",
                            },
                            {
                                "text": "Dùng trình quản lý mật khẩu",
                                "correct": True,
                                "feedback": "Đúng: bạn chỉ cần nhớ một mật khẩu chính.",
                            },
                            {
                                "text": "Dùng một mật khẩu thật mạnh cho tất cả tài khoản",
                                "correct": False,
                                "feedback": "Chưa đúng: nếu một trang bị lộ, mọi tài khoản khác cũng gặp nguy.",
                            },
                        ],
                    },
                    {
                        "prompt": "Bạn thân nhắn Zalo: “Mình gửi nhầm mã OTP vào máy bạn, đọc lại giúp mình với.” Bạn làm gì?",
                        "multiple": False,
                        "explanation": "Tài khoản của bạn bè có thể đã bị chiếm. Mã OTP gửi về máy bạn là để xác nhận tài khoản hoặc giao dịch của chính bạn.",
                        "choices": [
                            {
                                "text": "Đọc mã cho bạn vì là bạn thân",
                                "correct": False,
                                "feedback": "Nguy hiểm: mã đó có thể giúp kẻ gian chiếm tài khoản của bạn.",
                            },
                            {
                                "text": "Không gửi mã; gọi điện trực tiếp cho bạn để hỏi",
                                "correct": True,
                                "feedback": "Đúng. Rất có thể tài khoản Zalo của bạn ấy đã bị chiếm.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

LESSON_PERSONAL_DATA = {
    "slug": "bao-ve-du-lieu-ca-nhan",
    "title": "Bảo vệ dữ liệu cá nhân",
    "summary": "Dữ liệu cá nhân là gì, pháp luật bảo vệ ra sao; những thói quen làm lộ thông tin (đăng ảnh căn cước, điền khảo sát lạ); kiểm tra quyền của ứng dụng và dùng Wi-Fi công cộng an toàn.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Dữ liệu cá nhân là gì?", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Dữ liệu cá nhân</b> là thông tin giúp xác định một người cụ thể: họ tên, ngày sinh, số định danh cá nhân (số căn cước), "
            "số điện thoại, địa chỉ, ảnh chân dung, biển số xe… Một số loại được coi là <b>dữ liệu nhạy cảm</b> vì nếu lộ ra sẽ gây hại nhiều hơn: "
            "thông tin sức khỏe, dữ liệu sinh trắc học (vân tay, khuôn mặt), thông tin tài khoản ngân hàng, vị trí, tôn giáo, quan điểm chính trị.</p>",
        ),
        (
            "paragraph",
            "<p>Pháp luật Việt Nam bảo vệ dữ liệu cá nhân: <b>Nghị định 13/2023/NĐ-CP</b> về bảo vệ dữ liệu cá nhân, và "
            "<b>Luật Bảo vệ dữ liệu cá nhân</b> được Quốc hội thông qua năm 2025, có hiệu lực từ ngày 1/1/2026. Nói chung, bạn có quyền được biết "
            "dữ liệu của mình được thu thập để làm gì, quyền đồng ý hoặc không đồng ý, quyền xem, yêu cầu sửa và yêu cầu xóa dữ liệu; "
            "đồng thời mỗi người có trách nhiệm tự bảo vệ dữ liệu của mình và tôn trọng dữ liệu của người khác.</p>",
        ),
        (
            "paragraph",
            "<p>Vì sao kẻ gian muốn dữ liệu của bạn? Có họ tên, số căn cước, địa chỉ, chúng gọi điện nghe như “người nhà nước” thật, "
            "mạo danh bạn để vay tiền, mở tài khoản, hoặc chọn đúng người cao tuổi, người vừa làm thủ tục để lừa. "
            "Dữ liệu rò rỉ từng chút một — một bức ảnh, một phiếu khảo sát — gộp lại thành một “hồ sơ” đầy đủ về bạn.</p>",
        ),
        ("heading", {"text": "Những thói quen nên bỏ", "level": "h2"}),
        (
            "paragraph",
            "<ul><li><b>Đăng ảnh thẻ căn cước</b>, giấy phép lái xe, vé máy bay, hóa đơn có địa chỉ lên mạng xã hội.</li>"
            "<li>Gửi ảnh giấy tờ cho người lạ, cho các trang “vay tiền nhanh”, “nhận quà”. Khi buộc phải gửi bản chụp, hãy ghi rõ lên bản chụp "
            "mục đích sử dụng và ngày gửi.</li>"
            "<li>Điền các trò chơi, khảo sát hỏi tên mẹ, tên trường đầu tiên, ngày sinh — đó thường là câu hỏi bảo mật của tài khoản.</li>"
            "<li>Đăng lịch đi vắng, nơi con đi học, vị trí nhà theo thời gian thực.</li></ul>",
        ),
        ("heading", {"text": "Quyền của ứng dụng", "level": "h2"}),
        (
            "paragraph",
            "<p>Mỗi ứng dụng xin một số <b>quyền</b>: truy cập danh bạ, ảnh, micro, máy ảnh, vị trí, tin nhắn. Ứng dụng đèn pin không cần danh bạ; "
            "trò chơi không cần đọc tin nhắn. Đặc biệt cảnh giác khi một ứng dụng xin <b>quyền trợ năng</b> hoặc quyền "
            "<b>cài ứng dụng từ nguồn không xác định</b> — đây là cách ứng dụng độc hại chiếm quyền điều khiển điện thoại.</p>",
        ),
        (
            "steps",
            {
                "title": "Kiểm tra quyền của ứng dụng trên điện thoại",
                "steps": [
                    {
                        "title": "Mở Cài đặt, tìm mục Ứng dụng hoặc Quyền riêng tư",
                        "text": "<p>Tên mục khác nhau tùy hãng điện thoại. Trên iPhone, quyền được nhóm trong phần quyền riêng tư; "
                        "trên Android, thường nằm trong phần ứng dụng hoặc quyền riêng tư.</p>",
                        "screenshot": {
                            "screen": ["Cài đặt", "Wi-Fi", "Âm thanh", "(Ứng dụng)", "Quyền riêng tư", "Bảo mật"],
                            "alt": "Màn hình Cài đặt của điện thoại với mục Ứng dụng được làm nổi.",
                        },
                    },
                    {
                        "title": "Chọn một ứng dụng và xem quyền",
                        "text": "<p>Xem ứng dụng đó được phép dùng những gì. Hỏi: ứng dụng này có thật sự cần quyền này để hoạt động không?</p>",
                        "screenshot": {
                            "screen": [
                                "Đèn pin siêu sáng",
                                "Quyền đã cho phép:",
                                "Máy ảnh",
                                "!Danh bạ",
                                "!Vị trí",
                                "(Gỡ cài đặt)",
                            ],
                            "alt": "Trang thông tin của một ứng dụng đèn pin đang được quyền dùng máy ảnh, danh bạ và vị trí; danh bạ và vị trí được đánh dấu cảnh báo.",
                        },
                    },
                    {
                        "title": "Tắt quyền không cần thiết hoặc gỡ ứng dụng",
                        "text": "<p>Chuyển quyền sang “không cho phép” hoặc “chỉ khi dùng ứng dụng”. Ứng dụng lạ mà xin quá nhiều quyền thì nên gỡ bỏ.</p>",
                        "screenshot": {
                            "screen": ["Quyền: Danh bạ", "○ Cho phép", "● Không cho phép"],
                            "alt": "Màn hình quyền truy cập danh bạ, lựa chọn Không cho phép đang được chọn.",
                        },
                    },
                ],
            },
        ),
        ("heading", {"text": "Wi-Fi công cộng", "level": "h2"}),
        (
            "paragraph",
            "<p>Wi-Fi ở quán cà phê, bến xe, sân bay tiện lợi nhưng không biết ai quản lý. Kẻ gian có thể lập một mạng Wi-Fi trùng tên "
            "để theo dõi hoặc dẫn bạn đến trang giả. Khi dùng Wi-Fi công cộng: không đăng nhập ngân hàng, không làm giao dịch tiền; "
            "hỏi nhân viên đúng tên mạng; tắt chế độ tự động kết nối; bấm “quên mạng” khi dùng xong. Việc gì quan trọng, hãy dùng <b>dữ liệu di động (4G/5G)</b> của bạn.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Kiểm tra nhanh mỗi tháng",
                "text": "<ul><li>Gỡ ứng dụng không dùng nữa.</li><li>Xem lại quyền của các ứng dụng.</li>"
                "<li>Cập nhật hệ điều hành và ứng dụng để vá lỗ hổng bảo mật.</li>"
                "<li>Xem lại ai có thể thấy bài đăng của bạn trên mạng xã hội.</li></ul>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Những thông tin nào là dữ liệu cá nhân nhạy cảm? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Sức khỏe, sinh trắc học và thông tin tài khoản ngân hàng là dữ liệu nhạy cảm: nếu lộ ra có thể gây thiệt hại lớn. "
                        "Giá lúa hôm nay ở chợ không phải là dữ liệu cá nhân.",
                        "choices": [
                            {
                                "text": "Hồ sơ bệnh án",
                                "correct": True,
                                "feedback": "Đúng: thông tin sức khỏe là dữ liệu nhạy cảm.",
                            },
                            {
                                "text": "Ảnh vân tay, khuôn mặt dùng để xác thực",
                                "correct": True,
                                "feedback": "Đúng: dữ liệu sinh trắc học.",
                            },
                            {
                                "text": "Số tài khoản và số dư ngân hàng",
                                "correct": True,
                                "feedback": "Đúng: thông tin tài chính là dữ liệu nhạy cảm.",
                            },
                            {
                                "text": "Giá lúa hôm nay ở chợ xã",
                                "correct": False,
                                "feedback": "Chưa đúng: đây là thông tin chung, không xác định một người nào.",
                            },
                        ],
                    },
                    {
                        "prompt": "Ứng dụng “Đèn pin siêu sáng” xin quyền đọc tin nhắn và danh bạ. Bạn nên làm gì?",
                        "multiple": False,
                        "explanation": "Đèn pin không cần tin nhắn hay danh bạ. Ứng dụng xin quyền vượt quá chức năng là dấu hiệu đáng ngờ.",
                        "choices": [
                            {
                                "text": "Cho phép hết để ứng dụng chạy được",
                                "correct": False,
                                "feedback": "Chưa đúng: ứng dụng có thể đọc mã OTP trong tin nhắn.",
                            },
                            {
                                "text": "Từ chối và gỡ ứng dụng",
                                "correct": True,
                                "feedback": "Đúng. Điện thoại đã có sẵn đèn pin trong phần điều khiển nhanh.",
                            },
                        ],
                    },
                    {
                        "prompt": "Bạn đang ở bến xe, cần chuyển tiền gấp. Cách nào an toàn hơn?",
                        "multiple": False,
                        "explanation": "Dữ liệu di động của chính bạn an toàn hơn Wi-Fi công cộng không rõ ai quản lý.",
                        "choices": [
                            {
                                "text": "Kết nối Wi-Fi miễn phí “BenXe_Free” rồi mở ứng dụng ngân hàng",
                                "correct": False,
                                "feedback": "Rủi ro: mạng có thể do kẻ gian lập.",
                            },
                            {
                                "text": "Tắt Wi-Fi, dùng dữ liệu di động 4G/5G của mình",
                                "correct": True,
                                "feedback": "Đúng.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

LESSON_AFTER_SCAM = {
    "slug": "xu-ly-khi-bi-lua-dao",
    "title": "Xử lý khi bị lừa đảo",
    "summary": "Những việc cần làm ngay khi bị lừa hoặc nghi bị lừa: gọi ngân hàng khóa tài khoản, thẻ; đổi mật khẩu; lưu bằng chứng; trình báo công an và phản ánh qua kênh chính thức. Cảnh giác với lừa đảo “lấy lại tiền”, “nhận tiền hộ”.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Bình tĩnh, hành động nhanh", "level": "h2"}),
        (
            "paragraph",
            "<p>Nếu bạn lỡ chuyển tiền, lỡ đọc mã OTP, lỡ cài ứng dụng lạ hoặc nhập mật khẩu vào trang giả, đừng giấu và đừng tự trách. "
            "Kẻ lừa đảo làm việc này hằng ngày, có kịch bản kỹ càng; ai cũng có thể bị lừa. Điều quan trọng là <b>hành động ngay</b>: "
            "tiền thường được chuyển tiếp qua nhiều tài khoản chỉ trong ít phút, báo càng sớm thì càng có cơ hội ngăn chặn.</p>",
        ),
        (
            "steps",
            {
                "title": "Những việc cần làm ngay",
                "steps": [
                    {
                        "title": "Gọi ngay tổng đài ngân hàng để khóa tài khoản, thẻ",
                        "text": "<p>Dùng số tổng đài in sau thẻ hoặc trên trang web, ứng dụng chính thức của ngân hàng — không dùng số trong tin nhắn lạ. "
                        "Nhiều ứng dụng ngân hàng cũng có chức năng tự khóa thẻ, khóa tài khoản. Báo rõ giao dịch nào không phải do bạn làm.</p>",
                        "screenshot": {
                            "screen": [
                                "Điện thoại",
                                "Tổng đài ngân hàng",
                                "Số in sau thẻ ATM",
                                "---",
                                "“Tôi bị lừa, cần khóa",
                                "tài khoản và thẻ ngay”",
                            ],
                            "alt": "Màn hình cuộc gọi đến tổng đài ngân hàng bằng số in sau thẻ, người dùng yêu cầu khóa tài khoản và thẻ ngay.",
                        },
                    },
                    {
                        "title": "Cắt đường của kẻ gian",
                        "text": "<p>Nếu đã cài ứng dụng lạ: bật chế độ máy bay hoặc tắt mạng, gỡ ứng dụng đó, nhờ người am hiểu hoặc cửa hàng uy tín kiểm tra máy. "
                        "Dùng một thiết bị khác an toàn để đổi mật khẩu thư điện tử, mạng xã hội, ngân hàng, và bật xác thực hai lớp.</p>",
                        "screenshot": {
                            "screen": [
                                "Điều khiển nhanh",
                                "(Chế độ máy bay: Bật)",
                                "Wi-Fi: Tắt",
                                "Dữ liệu di động: Tắt",
                            ],
                            "alt": "Bảng điều khiển nhanh của điện thoại với chế độ máy bay đã bật, Wi-Fi và dữ liệu di động đã tắt.",
                        },
                    },
                    {
                        "title": "Lưu giữ bằng chứng",
                        "text": "<p>Chụp màn hình tin nhắn, cuộc trò chuyện, nhật ký cuộc gọi, địa chỉ trang giả, biên lai chuyển tiền "
                        "(số tài khoản, tên người nhận, thời gian, số tiền). Không xóa tin nhắn, không chặn số trước khi đã lưu lại.</p>",
                        "screenshot": {
                            "screen": [
                                "Biên lai chuyển tiền",
                                "Số tiền: 15.000.000 đ",
                                "Người nhận: NGUYEN VAN X",
                                "STK: 0123 xxx xxx",
                                "Thời gian: 09:42",
                                "(Lưu ảnh)",
                            ],
                            "alt": "Biên lai chuyển tiền có số tiền, tên người nhận, số tài khoản, thời gian và nút lưu ảnh.",
                        },
                    },
                    {
                        "title": "Trình báo công an và phản ánh",
                        "text": "<p>Mang bằng chứng đến <b>công an nơi gần nhất</b> (công an xã, phường) để trình báo; trường hợp khẩn cấp gọi <b>113</b>. "
                        "Phản ánh trang web, số tài khoản lừa đảo tại <b>canhbao.khonggianmang.gov.vn</b> — trang cảnh báo và tiếp nhận phản ánh "
                        "lừa đảo trực tuyến của Cục An toàn thông tin.</p>",
                        "screenshot": {
                            "screen": [
                                "Phản ánh lừa đảo",
                                "canhbao.khonggianmang.gov.vn",
                                "---",
                                "[Đường link / số TK]",
                                "[Mô tả sự việc]",
                                "(Gửi phản ánh)",
                            ],
                            "alt": "Trang phản ánh lừa đảo trực tuyến với ô nhập đường link hoặc số tài khoản, ô mô tả sự việc và nút gửi.",
                        },
                    },
                ],
            },
        ),
        (
            "paragraph",
            "<p>Nếu tài khoản Zalo, Facebook của bạn bị chiếm, hãy <b>báo ngay cho người thân, bạn bè</b> bằng kênh khác (gọi điện, nhờ người nhà đăng bài) "
            "rằng mọi tin nhắn vay tiền từ tài khoản đó là giả. Sau đó dùng chức năng lấy lại tài khoản chính thức của ứng dụng.</p>",
        ),
        ("heading", {"text": "Cẩn thận bị lừa lần thứ hai", "level": "h2"}),
        (
            "paragraph",
            "<p>Sau khi bị lừa, nhiều người lại gặp lời mời <b>“lấy lại tiền bị lừa”</b>: các trang mạng, tài khoản xưng là luật sư, “hacker mũ trắng”, "
            "thậm chí mạo danh cơ quan công an, hứa thu hồi tiền nhanh nếu bạn đóng “phí dịch vụ”, “phí hồ sơ”, “phí mở khóa”. "
            "Đây là lừa đảo lần thứ hai. Việc điều tra, thu hồi tài sản do cơ quan công an thực hiện, và bạn làm việc trực tiếp tại trụ sở công an.</p>",
        ),
        (
            "paragraph",
            "<p>Cũng cần tránh trở thành mắt xích của kẻ gian. Đừng cho mượn, cho thuê hay bán tài khoản ngân hàng, đừng nhận lời <b>“nhận tiền hộ”</b> "
            "rồi chuyển tiếp cho người lạ — tài khoản của bạn có thể bị dùng để chuyển tiền lừa đảo và bạn có thể phải chịu trách nhiệm trước pháp luật. "
            "Nếu có khoản tiền lạ “chuyển nhầm” vào tài khoản rồi có người gọi đòi, đừng tự chuyển trả theo yêu cầu của họ: "
            "hãy báo ngân hàng để xử lý theo đúng quy trình.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Không ai thu “phí” để lấy lại tiền cho bạn",
                "text": "<p>Cơ quan công an không thu phí để điều tra, không liên hệ qua mạng xã hội để đòi tiền “lấy lại tài sản”. "
                "Mọi lời mời đóng phí để nhận lại tiền bị lừa đều là lừa đảo.</p>",
            },
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "Chia sẻ để người khác tránh",
                "text": "<p>Kể lại câu chuyện của bạn cho người thân, tổ công nghệ số cộng đồng hoặc trong buổi họp thôn, tổ dân phố "
                "(bỏ đi thông tin riêng). Một câu chuyện thật giúp hàng xóm nhận ra kịch bản lừa nhanh hơn mọi lời khuyên.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Bạn vừa phát hiện mình đã chuyển tiền cho kẻ lừa đảo. Việc nên làm ĐẦU TIÊN là gì?",
                        "multiple": False,
                        "explanation": "Tiền bị chuyển đi rất nhanh; gọi ngay tổng đài chính thức của ngân hàng giúp khóa tài khoản, thẻ và có thể ngăn thêm thiệt hại.",
                        "choices": [
                            {
                                "text": "Gọi ngay tổng đài ngân hàng theo số in sau thẻ hoặc trên trang chính thức",
                                "correct": True,
                                "feedback": "Đúng. Sau đó lưu bằng chứng và trình báo công an.",
                            },
                            {
                                "text": "Chờ vài ngày xem kẻ gian có trả lại không",
                                "correct": False,
                                "feedback": "Chưa đúng: chờ đợi làm mất cơ hội ngăn chặn.",
                            },
                            {
                                "text": "Xóa hết tin nhắn cho đỡ bực",
                                "correct": False,
                                "feedback": "Chưa đúng: tin nhắn là bằng chứng quan trọng.",
                            },
                        ],
                    },
                    {
                        "prompt": "Bạn nên lưu lại những bằng chứng nào trước khi trình báo? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Ảnh chụp tin nhắn, biên lai chuyển tiền và địa chỉ trang giả giúp công an và ngân hàng xác minh, xử lý. Mật khẩu mới của bạn thì không đưa cho ai.",
                        "choices": [
                            {
                                "text": "Ảnh chụp tin nhắn, cuộc trò chuyện với kẻ gian",
                                "correct": True,
                                "feedback": "Đúng.",
                            },
                            {
                                "text": "Biên lai chuyển tiền: số tài khoản, tên người nhận, thời gian",
                                "correct": True,
                                "feedback": "Đúng.",
                            },
                            {
                                "text": "Địa chỉ trang web giả, số điện thoại đã gọi cho bạn",
                                "correct": True,
                                "feedback": "Đúng.",
                            },
                            {
                                "text": "Mật khẩu mới của tài khoản ngân hàng",
                                "correct": False,
                                "feedback": "Chưa đúng: mật khẩu không bao giờ đưa cho ai, kể cả khi trình báo.",
                            },
                        ],
                    },
                    {
                        "prompt": "Một trang Facebook tự xưng “văn phòng luật sư” nhắn rằng có thể lấy lại toàn bộ số tiền bạn bị lừa nếu bạn chuyển trước 2 triệu đồng phí hồ sơ. Đây là gì?",
                        "multiple": False,
                        "explanation": "Đây là lừa đảo “lấy lại tiền”, nhắm vào người vừa bị lừa. Việc thu hồi tài sản do cơ quan công an thực hiện, không qua trung gian thu phí trên mạng.",
                        "choices": [
                            {
                                "text": "Một dịch vụ hợp pháp, nên chuyển phí để sớm lấy lại tiền",
                                "correct": False,
                                "feedback": "Chưa đúng: bạn sẽ mất thêm tiền.",
                            },
                            {
                                "text": "Lừa đảo lần hai; không chuyển tiền và làm việc trực tiếp với công an",
                                "correct": True,
                                "feedback": "Đúng.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

# ---------------------------------------------------------------------------------------------------------------
# English (same order and structure as the Vietnamese above)
# ---------------------------------------------------------------------------------------------------------------

EN_SCAMS = {
    "title": "Spotting online scams",
    "summary": "Common scams: callers posing as the police, your bank or the electricity company; being talked into installing an unknown app or “updating VNeID”; fake links; investment and “easy work, high pay” offers. Four warning signs, and what to do with a suspicious message.",
    "body": [
        ("heading", {"text": "Scammers play on fear and greed", "level": "h2"}),
        (
            "paragraph",
            "<p>Online fraud rarely takes clever hacking: scammers <b>trick people</b>, not machines. They call, text or add you on Zalo or Facebook, "
            "claim to be from a government office, a bank or a company, and then make you <b>afraid</b> (“you are involved in a criminal case”, "
            "“your power will be cut off”) or <b>tempted</b> (“you have won a prize”, “30% profit a month”) so that you act before you think. "
            "Anyone can be a victim: older people, students, even civil servants.</p>",
        ),
        ("heading", {"text": "The usual scripts", "level": "h2"}),
        (
            "paragraph",
            "<ul><li><b>Fake police</b>: a caller says you are “linked to a money-laundering ring”, tells you to keep it secret and to move your money "
            "into a “holding account” to “prove your innocence”; or offers to “help you update VNeID to a level-2 account” and sends a link to install an app.</li>"
            "<li><b>Fake bank staff</b>: your account is about to be locked, your card limit can be raised, you must “update your biometrics” through a link.</li>"
            "<li><b>Fake electricity or phone company</b>: you owe a bill, your power or SIM card will be cut off, install this app to “pay” or “verify”.</li>"
            "<li><b>Prizes, gifts, refunds, traffic fines</b>: a text message with a link to a fake website.</li></ul>",
        ),
        (
            "paragraph",
            "<p><b>Fake apps</b> are the most dangerous trap. The scammer sends a link to download an app that looks like the real one "
            "(VNeID, public services, a bank, the electricity company). Once installed, it asks for special permissions such as accessibility access "
            "so that it can <b>control your phone remotely</b>, read the text messages carrying your OTP codes and empty your bank account. "
            "Remember: genuine apps come only from <b>Google Play</b> (CH Play) or the <b>App Store</b>; the police, banks and the electricity company "
            "do not phone you and ask you to install an app from a link.</p>",
        ),
        (
            "paragraph",
            "<p><b>Fake links</b> (“phishing”) lead to a website that looks exactly like the real one, so that you type in your user name, password, "
            "card number or OTP. Look closely at the <b>domain name</b> — the part just before the first “/”. Government websites end in <b>.gov.vn</b>, "
            "but scammers may put “gov” in the middle to fool you: <i>dichvucong-gov-vn.example-giamao.com</i> is really a page on "
            "<i>example-giamao.com</i>.</p>",
        ),
        (
            "paragraph",
            "<p><b>Investments and “easy work, high pay”</b>: you are invited to be a “collaborator” who likes posts or reviews products, and you are paid "
            "a few tens of thousands of dong for the first tasks to win your trust; then you must “deposit money to unlock bigger tasks”, are told you "
            "“made a mistake”, and must deposit more before you can withdraw. Similar are groups of “experts” promising high, guaranteed returns on shares, "
            "crypto or gold on unknown platforms. No job that is both easy and well paid asks you to pay first.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Four signs of a scam",
                "text": "<ol><li><b>Urgency</b>: “do it within 30 minutes”, “or your account will be locked, or you will be arrested”.</li>"
                "<li><b>Secrecy</b>: “don't tell anyone, not even your family”.</li>"
                "<li><b>Asking for what no one should ask for</b>: OTP codes, passwords, money transfers, installing an app from a link.</li>"
                "<li><b>Too good to be true</b>: a surprise prize, high returns, easy work with high pay.</li></ol>"
                "<p>If you see even one of these: stop, hang up, and ask your family or the nearest police station.</p>",
            },
        ),
        (
            "steps",
            {
                "title": "Dealing with a suspicious message",
                "steps": [
                    {
                        "title": "Read the sender and the message carefully",
                        "text": "<p>An unknown number, a threatening or too-good tone, and a link: three reasons to be suspicious.</p>",
                        "screenshot": {
                            "screen": [
                                "Messages",
                                "From: +84 9xx xxx xxx",
                                "Your ID account will be",
                                "locked within 24 hours.",
                                "Update now at:",
                                "example-giamao.com/vneid",
                                "!Unknown no. + threat + link",
                            ],
                            "alt": "A text message from an unknown number threatening to lock an ID account within 24 hours, with an unknown link and a warning line listing the three suspicious signs.",
                        },
                    },
                    {
                        "title": "Don't tap the link, don't call the number back",
                        "text": "<p>Don't tap it “just to see”. If you need to check, open the genuine app yourself (installed from Google Play or the App Store) "
                        "or type the official website address yourself.</p>",
                        "screenshot": {
                            "screen": [
                                "Genuine app",
                                "Opened from its icon on",
                                "the home screen",
                                "---",
                                "No account-lock notice",
                            ],
                            "alt": "The user opens the genuine app from the home screen and sees no notice about the account being locked.",
                        },
                    },
                    {
                        "title": "Check through an official channel",
                        "text": "<p>Call your bank's hotline using the number on the back of your card or on its official website, or ask your commune "
                        "or ward police in person. Never use a phone number or link from the suspicious message.</p>",
                        "screenshot": {
                            "screen": ["Phone", "Bank hotline", "Number on back of card", "(Call)"],
                            "alt": "A phone screen calling the bank's hotline using the number printed on the back of the bank card.",
                        },
                    },
                    {
                        "title": "Block, delete, and warn your family",
                        "text": "<p>Block the sender, delete the message, and tell your family and neighbours — especially older people — so they stay alert. "
                        "You can report the scam site at <b>canhbao.khonggianmang.gov.vn</b> (lesson 4).</p>",
                        "screenshot": {
                            "screen": ["Messages", "+84 9xx xxx xxx", "(Block this number)", "(Delete conversation)"],
                            "alt": "A messaging screen with buttons to block the number and delete the conversation.",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "The police don't “handle cases” over the phone",
                "text": "<p>When the police need to see a citizen, they send an invitation or summons letter or meet you in person at the station. "
                "They never ask you to transfer money to any account for “verification”, and never tell you to install an app from a link.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Quick check",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Which signs suggest a phone call may be a scam? (Choose all that apply)",
                        "multiple": True,
                        "explanation": "Urgency, secrecy, and asking for an OTP or a money transfer are typical signs of a scam. "
                        "Real authorities and banks never ask for these over the phone.",
                        "choices": [
                            {
                                "text": "The caller says you must act now or your account will be locked",
                                "correct": True,
                                "feedback": "Right: urgency stops you from thinking.",
                            },
                            {
                                "text": "The caller tells you not to tell your family",
                                "correct": True,
                                "feedback": "Right: scammers are afraid your family will see through the trick.",
                            },
                            {
                                "text": "The caller asks for the OTP code just sent to your phone",
                                "correct": True,
                                "feedback": "Right: never read an OTP code to anyone.",
                            },
                            {
                                "text": "Your son calls from the number saved in your contacts to ask how you are",
                                "correct": False,
                                "feedback": "An ordinary call to check on you, asking for no money or OTP, shows no sign of a scam.",
                            },
                        ],
                    },
                    {
                        "prompt": "A caller who says he is a police officer offers to help you “update to a level-2 ID account” by installing an app from a link sent over Zalo. What do you do?",
                        "multiple": False,
                        "explanation": "The real VNeID app is installed only from Google Play or the App Store. An app from a link can take control of your phone and empty your account.",
                        "choices": [
                            {
                                "text": "Go along with it, since he knows your full name and ID number",
                                "correct": False,
                                "feedback": "Dangerous: scammers may have bought leaked personal data; knowing your name doesn't prove he is a police officer.",
                            },
                            {
                                "text": "Hang up, don't tap the link, and if needed ask at your commune or ward police station",
                                "correct": True,
                                "feedback": "Right. That is the safest thing to do.",
                            },
                        ],
                    },
                    {
                        "prompt": "Which of these addresses is really a page on example-giamao.com?",
                        "multiple": False,
                        "explanation": "The real domain is the last part just before the first “/”. Putting “gov” at the front doesn't make a site a government one.",
                        "choices": [
                            {
                                "text": "dichvucong-gov-vn.example-giamao.com/dang-nhap",
                                "correct": True,
                                "feedback": "Right: the part just before the “/” is example-giamao.com — a fake site.",
                            },
                            {
                                "text": "dichvucong.gov.vn",
                                "correct": False,
                                "feedback": "Not quite: this is the address of the National Public Service Portal.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

EN_PASSWORDS = {
    "title": "Strong passwords and two-factor authentication",
    "summary": "How to make a long but memorable password from a passphrase, use a different password for every account, use a password manager, turn on two-factor authentication, and never give your OTP code to anyone.",
    "body": [
        ("heading", {"text": "Your password is the key to your digital home", "level": "h2"}),
        (
            "paragraph",
            "<p>Your email, Zalo, Facebook, bank and VNeID accounts hold your messages, photos, documents and money. "
            "A weak password such as <i>123456</i>, a birthday or a phone number can be guessed in seconds. "
            "Worse: when a website leaks its data, criminals take the leaked emails and passwords and <b>try them on other accounts</b>. "
            "If you use the same password everywhere, losing one account means losing them all.</p>",
        ),
        ("heading", {"text": "A strong password: long, hard to guess, easy to remember", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Length</b> matters more than odd symbols. The easiest way is a <b>passphrase</b>: 4–5 random, unrelated words strung together, "
            "for example <i>teapot-bicycle-rain-july</i>, or in Vietnamese without accents <i>amtra-xedap-muathangbay-47</i>. "
            "It is long and hard to guess, yet easy to picture and remember. Avoid family names, birthdays, number plates, phone numbers, "
            "and famous lines of poems or songs. (And don't use the examples in this lesson!)</p>",
        ),
        (
            "paragraph",
            "<p><b>Use a different password for every account</b>, especially your email (it is used to reset all your other passwords) and your bank. "
            "So that you don't have to remember them all, use a <b>password manager</b>: one comes with your phone (Google Password Manager on Android, "
            "the Passwords app/iCloud Keychain on iPhone), or use a reputable app. Then you only need to remember one strong main password. "
            "For older people, writing passwords in a notebook kept safely at home is still safer than using one password everywhere — "
            "but don't photograph the notebook or stick passwords on your phone.</p>",
        ),
        ("heading", {"text": "Two-factor authentication: one more lock", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Two-factor authentication</b> (also called 2-step verification or 2FA) asks for one more proof besides your password when you sign in "
            "on a new device: an OTP code sent by text message, a code from an authenticator app (such as Google Authenticator or Microsoft Authenticator), "
            "a confirmation prompt on your phone, or your fingerprint or face. Even if criminals know your password, they can't get in without your phone. "
            "An authenticator app is safer than text messages, because the code doesn't travel over the phone network.</p>",
        ),
        (
            "steps",
            {
                "title": "Turning on two-factor authentication",
                "steps": [
                    {
                        "title": "Open your account's security settings",
                        "text": "<p>In the app or website (email, Zalo, Facebook…), go to settings and look for security or sign-in. "
                        "The exact names differ from app to app.</p>",
                        "screenshot": {
                            "screen": ["Account settings", "Personal info", "(Security)", "Privacy", "Notifications"],
                            "alt": "An account settings page listing personal info, security and privacy, with the security item highlighted.",
                        },
                    },
                    {
                        "title": "Choose two-factor authentication and how to get codes",
                        "text": "<p>Choose two-factor authentication (or 2-step verification), then how you will receive codes: an authenticator app or text message.</p>",
                        "screenshot": {
                            "screen": [
                                "Security",
                                "Two-factor auth: Off",
                                "---",
                                "Get codes by:",
                                "(Authenticator app)",
                                "(Text message)",
                            ],
                            "alt": "A security screen showing two-factor authentication switched off and two ways to get codes: an authenticator app or text message.",
                        },
                    },
                    {
                        "title": "Scan the QR code and enter the confirmation code",
                        "text": "<p>With an authenticator app: open the app, scan the QR code shown on screen, then type in the 6-digit code the app shows.</p>",
                        "screenshot": {
                            "screen": [
                                "Authenticator app",
                                "Your email account",
                                "482 915",
                                "New code in 30 seconds",
                                "[Enter code: 482915]",
                                "(Confirm)",
                            ],
                            "alt": "An authenticator app showing a 6-digit code that changes every 30 seconds, and a box to enter the code and confirm.",
                        },
                    },
                    {
                        "title": "Keep the backup codes",
                        "text": "<p>Many services give you a list of backup codes for when you lose your phone. Write them down and keep them with your important papers.</p>",
                        "screenshot": {
                            "screen": [
                                "Backup codes",
                                "1. 7319 2046",
                                "2. 5582 0173",
                                "3. …",
                                "!Keep them somewhere safe",
                            ],
                            "alt": "A list of backup codes with a reminder to keep them somewhere safe.",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Your OTP code is yours alone",
                "text": "<p>Never read out, send or type an OTP code for anyone — not for someone claiming to be from your bank, the police or your phone company, "
                "nor for a friend who messages that they “sent a code to you by mistake”. Before typing an OTP, read the message: what transaction is it for, "
                "and for how much? If you didn't start that transaction yourself, don't enter it.</p>",
            },
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Protect these accounts first",
                "text": "<p>Turn on two-factor authentication first for your email, Zalo and Facebook. Hijacked social media accounts are often used to "
                "ask your friends and family for money.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Quick check",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Which of these passwords is the strongest?",
                        "multiple": False,
                        "explanation": "Several random words make a password both long and hard to guess. Birthdays, phone numbers and runs of digits are easy to guess.",
                        "choices": [
                            {
                                "text": "12101960",
                                "correct": False,
                                "feedback": "Weak: looks like a birthday, easy to guess.",
                            },
                            {
                                "text": "Lan@2024",
                                "correct": False,
                                "feedback": "Weak: a name and a year, and too short.",
                            },
                            {
                                "text": "goma-cautre-denlong-suonnui-83",
                                "correct": True,
                                "feedback": "Right: long, made of several unrelated words.",
                            },
                        ],
                    },
                    {
                        "prompt": "Which of these make your accounts safer? (Choose all that apply)",
                        "multiple": True,
                        "explanation": "A different password for each account, a password manager and two-factor authentication all add safety. "
                        "With one shared password, losing one account means losing them all.",
                        "choices": [
                            {"text": "A different password for every account", "correct": True, "feedback": "Right."},
                            {
                                "text": "Turning on two-factor authentication",
                                "correct": True,
                                "feedback": "Right: a criminal who knows your password still can't get in.",
                            },
                            {
                                "text": "Using a password manager",
                                "correct": True,
                                "feedback": "Right: you only need to remember one main password.",
                            },
                            {
                                "text": "One very strong password for all your accounts",
                                "correct": False,
                                "feedback": "Not quite: if one site leaks it, all your other accounts are at risk.",
                            },
                        ],
                    },
                    {
                        "prompt": "A close friend messages you on Zalo: “I sent an OTP code to your phone by mistake, could you read it back to me?” What do you do?",
                        "multiple": False,
                        "explanation": "Your friend's account may have been hijacked. An OTP sent to your phone is for confirming your own account or transaction.",
                        "choices": [
                            {
                                "text": "Read them the code, they're a close friend",
                                "correct": False,
                                "feedback": "Dangerous: that code could let a criminal take over your account.",
                            },
                            {
                                "text": "Don't send the code; phone your friend directly to ask",
                                "correct": True,
                                "feedback": "Right. Most likely your friend's Zalo account has been taken over.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

EN_PERSONAL_DATA = {
    "title": "Protecting your personal data",
    "summary": "What personal data is and how the law protects it; habits that leak information (posting ID card photos, filling in strange surveys); checking app permissions and using public Wi-Fi safely.",
    "body": [
        ("heading", {"text": "What is personal data?", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Personal data</b> is information that identifies a particular person: name, date of birth, personal identification number (ID card number), "
            "phone number, address, portrait photo, number plate… Some kinds count as <b>sensitive data</b> because leaking them does more harm: "
            "health information, biometric data (fingerprints, face), bank account information, location, religion, political views.</p>",
        ),
        (
            "paragraph",
            "<p>Vietnamese law protects personal data: <b>Decree 13/2023/NĐ-CP</b> on personal data protection, and the <b>Law on Personal Data Protection</b> "
            "passed by the National Assembly in 2025, in force since 1 January 2026. Broadly, you have the right to know what your data is collected for, "
            "to agree or refuse, and to see, correct and ask for deletion of your data; and everyone is responsible for protecting their own data and "
            "respecting other people's.</p>",
        ),
        (
            "paragraph",
            "<p>Why do criminals want your data? With your name, ID number and address they can sound like real “officials” on the phone, "
            "pretend to be you to borrow money or open accounts, or pick out older people and people who have just filed paperwork as targets. "
            "Data leaks bit by bit — a photo here, a survey there — and the pieces add up to a full “file” on you.</p>",
        ),
        ("heading", {"text": "Habits to drop", "level": "h2"}),
        (
            "paragraph",
            "<ul><li><b>Posting photos of your ID card</b>, driving licence, boarding pass or bills showing your address on social media.</li>"
            "<li>Sending photos of your papers to strangers or to “quick loan” and “free gift” sites. When you must send a copy, write on it "
            "what it is for and the date.</li>"
            "<li>Playing online games or quizzes that ask your mother's name, your first school or your birthday — these are often security questions for your accounts.</li>"
            "<li>Posting when you will be away, where your children go to school, or your home location in real time.</li></ul>",
        ),
        ("heading", {"text": "App permissions", "level": "h2"}),
        (
            "paragraph",
            "<p>Every app asks for some <b>permissions</b>: access to contacts, photos, microphone, camera, location, messages. A torch app doesn't need your contacts; "
            "a game doesn't need to read your texts. Be especially wary when an app asks for <b>accessibility</b> access or permission to "
            "<b>install apps from unknown sources</b> — this is how malicious apps take control of a phone.</p>",
        ),
        (
            "steps",
            {
                "title": "Checking app permissions on your phone",
                "steps": [
                    {
                        "title": "Open Settings and find Apps or Privacy",
                        "text": "<p>Names vary between phone makers. On an iPhone, permissions are grouped under privacy; "
                        "on Android they are usually under apps or privacy.</p>",
                        "screenshot": {
                            "screen": ["Settings", "Wi-Fi", "Sound", "(Apps)", "Privacy", "Security"],
                            "alt": "A phone's Settings screen with the Apps item highlighted.",
                        },
                    },
                    {
                        "title": "Pick an app and look at its permissions",
                        "text": "<p>See what the app is allowed to use. Ask yourself: does this app really need this permission to work?</p>",
                        "screenshot": {
                            "screen": [
                                "Super Bright Torch",
                                "Allowed permissions:",
                                "Camera",
                                "!Contacts",
                                "!Location",
                                "(Uninstall)",
                            ],
                            "alt": "The info page of a torch app allowed to use the camera, contacts and location; contacts and location are flagged with a warning.",
                        },
                    },
                    {
                        "title": "Turn off unneeded permissions or remove the app",
                        "text": "<p>Switch the permission to “don't allow” or “only while using the app”. An unknown app asking for too many permissions is best removed.</p>",
                        "screenshot": {
                            "screen": ["Permission: Contacts", "○ Allow", "● Don't allow"],
                            "alt": "The contacts permission screen with Don't allow selected.",
                        },
                    },
                ],
            },
        ),
        ("heading", {"text": "Public Wi-Fi", "level": "h2"}),
        (
            "paragraph",
            "<p>Wi-Fi in cafés, bus stations and airports is handy, but you don't know who runs it. Criminals can set up a network with the same name "
            "to spy on you or send you to fake pages. On public Wi-Fi: don't sign in to your bank or make payments; ask staff for the exact network name; "
            "turn off automatic connection; tap “forget network” when you're done. For anything important, use your own <b>mobile data (4G/5G)</b>.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "A quick monthly check",
                "text": "<ul><li>Remove apps you no longer use.</li><li>Review your apps' permissions.</li>"
                "<li>Update your phone's system and apps to fix security holes.</li>"
                "<li>Review who can see your posts on social media.</li></ul>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Quick check",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Which of these are sensitive personal data? (Choose all that apply)",
                        "multiple": True,
                        "explanation": "Health, biometric and bank account information are sensitive: leaking them can cause serious harm. "
                        "Today's rice price at the market is not personal data.",
                        "choices": [
                            {
                                "text": "Medical records",
                                "correct": True,
                                "feedback": "Right: health information is sensitive data.",
                            },
                            {
                                "text": "Fingerprint and face images used for authentication",
                                "correct": True,
                                "feedback": "Right: biometric data.",
                            },
                            {
                                "text": "Bank account number and balance",
                                "correct": True,
                                "feedback": "Right: financial information is sensitive data.",
                            },
                            {
                                "text": "Today's rice price at the commune market",
                                "correct": False,
                                "feedback": "Not quite: this is general information that identifies no one.",
                            },
                        ],
                    },
                    {
                        "prompt": "A “Super Bright Torch” app asks for permission to read your messages and contacts. What should you do?",
                        "multiple": False,
                        "explanation": "A torch needs neither your messages nor your contacts. An app asking for more than its job needs is suspicious.",
                        "choices": [
                            {
                                "text": "Allow everything so the app works",
                                "correct": False,
                                "feedback": "Not quite: the app could read OTP codes in your messages.",
                            },
                            {
                                "text": "Refuse and uninstall the app",
                                "correct": True,
                                "feedback": "Right. Your phone already has a torch in its quick settings.",
                            },
                        ],
                    },
                    {
                        "prompt": "You are at a bus station and need to transfer money urgently. Which is safer?",
                        "multiple": False,
                        "explanation": "Your own mobile data is safer than a public Wi-Fi network run by who knows whom.",
                        "choices": [
                            {
                                "text": "Join the free “BenXe_Free” Wi-Fi and open your banking app",
                                "correct": False,
                                "feedback": "Risky: the network may have been set up by criminals.",
                            },
                            {
                                "text": "Turn off Wi-Fi and use your own 4G/5G mobile data",
                                "correct": True,
                                "feedback": "Right.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

EN_AFTER_SCAM = {
    "title": "What to do if you've been scammed",
    "summary": "What to do straight away if you have been, or may have been, scammed: call your bank to lock your account and card; change passwords; keep evidence; report to the police and through official channels. Beware of “money recovery” and “receive money for me” scams.",
    "body": [
        ("heading", {"text": "Stay calm, act fast", "level": "h2"}),
        (
            "paragraph",
            "<p>If you have transferred money, read out an OTP code, installed an unknown app or typed your password into a fake site, don't hide it and "
            "don't blame yourself. Scammers do this every day with well-rehearsed scripts; anyone can be fooled. What matters is to <b>act at once</b>: "
            "stolen money is usually passed on through several accounts within minutes, and the sooner you report, the better the chance of stopping it.</p>",
        ),
        (
            "steps",
            {
                "title": "What to do straight away",
                "steps": [
                    {
                        "title": "Call your bank's hotline at once to lock your account and card",
                        "text": "<p>Use the hotline number printed on the back of your card or on the bank's official website or app — never a number from a "
                        "strange message. Many banking apps also let you lock your card or account yourself. Say clearly which transactions you did not make.</p>",
                        "screenshot": {
                            "screen": [
                                "Phone",
                                "Bank hotline",
                                "Number on back of card",
                                "---",
                                "“I've been scammed, please",
                                "lock my account and card”",
                            ],
                            "alt": "A call to the bank's hotline using the number on the back of the card; the user asks for their account and card to be locked at once.",
                        },
                    },
                    {
                        "title": "Cut the scammer off",
                        "text": "<p>If you installed an unknown app: turn on airplane mode or switch off the network, uninstall the app, and have a knowledgeable "
                        "person or a reputable shop check the phone. On another, safe device, change your email, social media and bank passwords, "
                        "and turn on two-factor authentication.</p>",
                        "screenshot": {
                            "screen": ["Quick settings", "(Airplane mode: On)", "Wi-Fi: Off", "Mobile data: Off"],
                            "alt": "The phone's quick settings with airplane mode on and Wi-Fi and mobile data off.",
                        },
                    },
                    {
                        "title": "Keep the evidence",
                        "text": "<p>Take screenshots of messages, chats, the call log, the fake website's address and the transfer receipts "
                        "(account number, recipient's name, time, amount). Don't delete messages or block numbers before you have saved them.</p>",
                        "screenshot": {
                            "screen": [
                                "Transfer receipt",
                                "Amount: 15,000,000 VND",
                                "To: NGUYEN VAN X",
                                "Account: 0123 xxx xxx",
                                "Time: 09:42",
                                "(Save image)",
                            ],
                            "alt": "A money transfer receipt showing the amount, recipient's name, account number, time, and a button to save the image.",
                        },
                    },
                    {
                        "title": "Report to the police and flag the scam",
                        "text": "<p>Take the evidence to the <b>nearest police station</b> (your commune or ward police) to report it; in an emergency call <b>113</b>. "
                        "Report the scam website or bank account at <b>canhbao.khonggianmang.gov.vn</b> — the online-fraud warning and reporting site "
                        "of the Authority of Information Security (Cục An toàn thông tin).</p>",
                        "screenshot": {
                            "screen": [
                                "Report a scam",
                                "canhbao.khonggianmang.gov.vn",
                                "---",
                                "[Link / account number]",
                                "[What happened]",
                                "(Send report)",
                            ],
                            "alt": "An online-fraud reporting page with boxes for the link or account number and a description of what happened, and a send button.",
                        },
                    },
                ],
            },
        ),
        (
            "paragraph",
            "<p>If your Zalo or Facebook account has been taken over, <b>warn your family and friends</b> straight away through another channel "
            "(phone them, or ask a relative to post) that any request for money from that account is fake. Then use the app's official account recovery.</p>",
        ),
        ("heading", {"text": "Don't get scammed twice", "level": "h2"}),
        (
            "paragraph",
            "<p>After being scammed, many people are approached with offers to <b>“get your money back”</b>: websites and accounts claiming to be lawyers, "
            "“white-hat hackers”, even the police, promising a quick recovery if you pay a “service fee”, “file fee” or “unlocking fee”. "
            "This is a second scam. Investigating and recovering stolen money is the job of the police, and you deal with them in person at the police station.</p>",
        ),
        (
            "paragraph",
            "<p>Also avoid becoming a link in the scammers' chain. Don't lend, rent out or sell your bank account, and don't agree to <b>“receive money for me”</b> "
            "and pass it on to strangers — your account may be used to move stolen money and you may be held legally responsible. "
            "If an unknown sum is “sent by mistake” to your account and someone then calls demanding it back, don't transfer it back as they ask: "
            "tell your bank so it is handled through the proper procedure.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "No one charges a “fee” to get your money back",
                "text": "<p>The police don't charge for investigations and don't contact you through social media asking for money to “recover your assets”. "
                "Any offer to get your stolen money back for a fee is a scam.</p>",
            },
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "Share your story so others avoid it",
                "text": "<p>Tell your story to your family, the community digital technology team, or at a village or neighbourhood meeting "
                "(leaving out private details). A real story helps neighbours recognise a scam faster than any advice.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Quick check",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "You have just realised you transferred money to a scammer. What should you do FIRST?",
                        "multiple": False,
                        "explanation": "Money moves on very quickly; calling the bank's official hotline at once gets your account and card locked and may prevent further loss.",
                        "choices": [
                            {
                                "text": "Call your bank's hotline at once, using the number on the back of your card or its official website",
                                "correct": True,
                                "feedback": "Right. Then keep the evidence and report to the police.",
                            },
                            {
                                "text": "Wait a few days to see whether the scammer returns it",
                                "correct": False,
                                "feedback": "Not quite: waiting loses the chance to stop the money.",
                            },
                            {
                                "text": "Delete all the messages to forget about it",
                                "correct": False,
                                "feedback": "Not quite: the messages are important evidence.",
                            },
                        ],
                    },
                    {
                        "prompt": "What evidence should you keep before reporting? (Choose all that apply)",
                        "multiple": True,
                        "explanation": "Screenshots of messages, transfer receipts and the fake site's address help the police and the bank check and act. Your new password is for no one else.",
                        "choices": [
                            {
                                "text": "Screenshots of messages and chats with the scammer",
                                "correct": True,
                                "feedback": "Right.",
                            },
                            {
                                "text": "Transfer receipts: account number, recipient's name, time",
                                "correct": True,
                                "feedback": "Right.",
                            },
                            {
                                "text": "The fake website's address and the phone number that called you",
                                "correct": True,
                                "feedback": "Right.",
                            },
                            {
                                "text": "Your new bank account password",
                                "correct": False,
                                "feedback": "Not quite: never give your password to anyone, even when reporting.",
                            },
                        ],
                    },
                    {
                        "prompt": "A Facebook page calling itself a “law office” says it can recover all the money you lost if you first transfer a 2 million dong file fee. What is this?",
                        "multiple": False,
                        "explanation": "This is a “money recovery” scam aimed at people who have just been scammed. Recovering assets is done by the police, not by online middlemen charging fees.",
                        "choices": [
                            {
                                "text": "A legitimate service; pay the fee to get the money back sooner",
                                "correct": False,
                                "feedback": "Not quite: you would lose even more money.",
                            },
                            {
                                "text": "A second scam; don't pay, and deal with the police directly",
                                "correct": True,
                                "feedback": "Right.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

COURSE = {
    "slug": "an-toan-tren-khong-gian-mang",
    "title": "An toàn trên không gian mạng",
    "summary": "Nhận diện các chiêu lừa đảo qua điện thoại, tin nhắn, mạng xã hội; đặt mật khẩu mạnh và bật xác thực hai lớp; bảo vệ dữ liệu cá nhân; biết phải làm gì ngay khi bị lừa đảo.",
    "description": "<p>Khóa học giúp mọi người — từ người cao tuổi đến cán bộ, công chức — tự bảo vệ mình, gia đình và tài sản "
    "trên không gian mạng.</p>"
    "<p>Sau khóa học, bạn sẽ:</p>"
    "<ul><li>nhận ra các kịch bản lừa đảo thường gặp và bốn dấu hiệu cảnh báo;</li>"
    "<li>tạo mật khẩu mạnh, dễ nhớ và bật xác thực hai lớp cho các tài khoản quan trọng;</li>"
    "<li>biết dữ liệu cá nhân là gì và giữ gìn nó trong đời sống hằng ngày;</li>"
    "<li>biết các bước cần làm ngay khi bị lừa đảo và nơi trình báo, phản ánh.</li></ul>",
    "topic": "an-toan-tren-mang",
    "level": "basic",
    "estimated_minutes": 65,
    "competences": ["4.1", "4.2", "2.6", "1.2", "5.1"],
    "population_groups": [
        "adult",
        "civil-servant",
        "leader",
        "union",
        "youth",
        "student",
        "teacher",
        "worker",
        "farmer",
    ],
    "cover": {"bg": "#b3261e", "icon": "shield"},
    "modules": [
        {
            "slug": "phong-tranh-lua-dao",
            "title": "Phòng tránh lừa đảo",
            "summary": "Nhận diện lừa đảo qua mạng và khóa chặt tài khoản bằng mật khẩu mạnh, xác thực hai lớp.",
            "lessons": [LESSON_SCAMS, LESSON_PASSWORDS],
        },
        {
            "slug": "bao-ve-va-ung-pho",
            "title": "Bảo vệ dữ liệu và ứng phó sự cố",
            "summary": "Giữ gìn dữ liệu cá nhân và biết phải làm gì khi bị lừa đảo.",
            "lessons": [LESSON_PERSONAL_DATA, LESSON_AFTER_SCAM],
        },
    ],
    "translation_en": {
        "title": "Staying safe online",
        "summary": "Spot scams by phone, text and social media; set strong passwords and turn on two-factor authentication; protect your personal data; know what to do straight away if you are scammed.",
        "description": "<p>This course helps everyone — from older people to civil servants — protect themselves, their families and their money online.</p>"
        "<p>By the end of the course you will:</p>"
        "<ul><li>recognise the usual scam scripts and the four warning signs;</li>"
        "<li>create strong, memorable passwords and turn on two-factor authentication for your important accounts;</li>"
        "<li>know what personal data is and how to look after it in everyday life;</li>"
        "<li>know what to do straight away if you are scammed, and where to report it.</li></ul>",
        "modules": [
            {
                "title": "Avoiding scams",
                "summary": "Spot online scams and lock down your accounts with strong passwords and two-factor authentication.",
                "lessons": [EN_SCAMS, EN_PASSWORDS],
            },
            {
                "title": "Protecting data and responding to incidents",
                "summary": "Look after your personal data and know what to do if you are scammed.",
                "lessons": [EN_PERSONAL_DATA, EN_AFTER_SCAM],
            },
        ],
    },
}
