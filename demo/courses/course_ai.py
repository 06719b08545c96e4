"""Demo course: "Trí tuệ nhân tạo cho mọi người" (see FORMAT.md)."""

LESSON_WHAT_IS_AI = {
    "slug": "tro-ly-ai-la-gi",
    "title": "Trợ lý AI là gì?",
    "summary": "Làm quen với các trợ lý AI như ChatGPT, Gemini, Copilot; hiểu một cách đơn giản vì sao chúng viết được câu trả lời và vì sao chúng có thể sai.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Trí tuệ nhân tạo đã ở quanh ta", "level": "h2"}),
        (
            "paragraph",
            "<p>Trí tuệ nhân tạo (AI) là các chương trình máy tính làm được những việc trước đây cần đến trí óc con người: "
            "nhận ra khuôn mặt trong ảnh, hiểu giọng nói, dịch một đoạn văn, gợi ý đường đi tránh tắc. "
            "Nhiều người đã dùng AI hằng ngày mà không để ý: bàn phím điện thoại gợi ý chữ tiếp theo, hộp thư tự lọc thư rác, "
            "ứng dụng bản đồ báo giờ đến nơi.</p>",
        ),
        (
            "paragraph",
            "<p>Từ khoảng năm 2023, một loại AI mới trở nên phổ biến: <b>trợ lý AI trò chuyện</b>. "
            "Bạn gõ (hoặc nói) một câu hỏi bằng tiếng Việt, trợ lý trả lời lại thành đoạn văn như một người đang trò chuyện với bạn. "
            "Các trợ lý quen thuộc gồm <b>ChatGPT</b> (của công ty OpenAI), <b>Gemini</b> (của Google) và <b>Copilot</b> (của Microsoft). "
            "Phần lớn có bản miễn phí dùng qua trang web hoặc ứng dụng trên điện thoại, thường cần đăng nhập bằng một tài khoản.</p>",
        ),
        (
            "paragraph",
            "<p>Trợ lý AI giúp được nhiều việc: soạn bản nháp thư, thông báo, bài phát biểu; tóm tắt một tài liệu dài; "
            "giải thích một khái niệm khó bằng lời dễ hiểu; dịch qua lại giữa tiếng Việt và tiếng nước ngoài; "
            "gợi ý ý tưởng cho một buổi sinh hoạt, một kế hoạch bán hàng. Một số trợ lý còn đọc được ảnh chụp, nghe và nói được.</p>",
        ),
        ("heading", {"text": "Trợ lý AI “viết” câu trả lời như thế nào?", "level": "h2"}),
        (
            "paragraph",
            "<p>Bên trong các trợ lý này là một <b>mô hình ngôn ngữ lớn</b>. Mô hình được “học” từ một khối lượng văn bản khổng lồ "
            "(sách, báo, trang web…) để nắm được cách các từ thường đi với nhau. Khi bạn hỏi, nó <b>đoán từ tiếp theo hợp lý nhất</b>, "
            "rồi từ tiếp theo nữa, cứ thế cho đến hết câu trả lời — giống tính năng gợi ý chữ trên bàn phím điện thoại, "
            "nhưng lớn và tinh vi hơn rất nhiều.</p>",
        ),
        (
            "paragraph",
            "<p>Điều quan trọng cần nhớ: mô hình tạo ra câu chữ <i>nghe hợp lý</i>, chứ không tra cứu một kho dữ liệu đã được kiểm chứng. "
            "Nó không “biết” điều gì là đúng theo cách con người biết. Kiến thức của mô hình cũng dừng lại ở thời điểm nó được huấn luyện; "
            "một số trợ lý có thể tìm kiếm thêm trên Internet, nhưng vẫn có thể đọc nhầm hoặc chọn nhầm nguồn.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "AI có thể “ảo giác”",
                "text": "<p>“Ảo giác” là khi AI trả lời rất tự tin nhưng nội dung <b>sai hoặc bịa ra</b>: một số hiệu văn bản không tồn tại, "
                "một con số thống kê không có thật, một trích dẫn chưa ai từng nói. Câu văn càng trôi chảy càng dễ khiến ta tin. "
                "Hãy coi câu trả lời của AI là <b>bản nháp cần kiểm tra</b>, không phải sự thật đã được xác nhận.</p>",
            },
        ),
        (
            "steps",
            {
                "title": "Thử trò chuyện lần đầu với trợ lý AI",
                "steps": [
                    {
                        "title": "Mở trợ lý AI từ nguồn chính thức",
                        "text": "<p>Cài ứng dụng từ kho ứng dụng chính thức (CH Play hoặc App Store) và kiểm tra tên nhà phát triển "
                        "(OpenAI, Google, Microsoft), hoặc mở trang web chính thức của trợ lý. Tránh các ứng dụng “AI miễn phí” lạ "
                        "được quảng cáo qua tin nhắn.</p>",
                        "screenshot": {
                            "screen": [
                                "Kho ứng dụng",
                                "[Tìm kiếm: trợ lý AI]",
                                "Tên ứng dụng",
                                "Nhà phát triển: (kiểm tra)",
                                "(Cài đặt)",
                            ],
                            "alt": "Màn hình kho ứng dụng đang tìm một trợ lý AI, nhắc kiểm tra tên nhà phát triển trước khi cài.",
                        },
                    },
                    {
                        "title": "Gõ hoặc nói câu hỏi đầu tiên",
                        "text": "<p>Gõ vào ô nhập ở cuối màn hình, hoặc bấm biểu tượng micro để nói. Thử một câu đơn giản: "
                        "“Giải thích cho người lớn tuổi: mã QR là gì và dùng để làm gì?”</p>",
                        "screenshot": {
                            "screen": [
                                "Trợ lý AI",
                                "Xin chào! Tôi giúp gì được?",
                                "---",
                                "[Giải thích mã QR là gì…]",
                                "(Gửi)",
                            ],
                            "alt": "Màn hình trò chuyện với trợ lý AI, ô nhập ở cuối đang có câu hỏi về mã QR và nút gửi.",
                        },
                    },
                    {
                        "title": "Đọc câu trả lời và hỏi tiếp",
                        "text": "<p>Trợ lý nhớ nội dung trong cùng cuộc trò chuyện, nên bạn có thể hỏi tiếp: “Viết ngắn hơn”, "
                        "“Cho một ví dụ ở chợ”. Khi sang chủ đề khác, hãy mở cuộc trò chuyện mới để câu trả lời không bị lẫn.</p>",
                        "screenshot": {
                            "screen": [
                                "Trợ lý AI",
                                "Mã QR là một hình vuông…",
                                "…dùng để thanh toán, mở web",
                                "---",
                                "[Cho một ví dụ ở chợ]",
                                "(Gửi)",
                            ],
                            "alt": "Trợ lý AI đã trả lời về mã QR; người dùng đang gõ câu hỏi tiếp theo xin một ví dụ ở chợ.",
                        },
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Không cần biết tiếng Anh",
                "text": "<p>Các trợ lý phổ biến hiểu và trả lời tiếng Việt khá tốt. Nếu câu trả lời dùng từ khó, hãy yêu cầu: "
                "“Giải thích lại bằng lời đơn giản, như nói với người không rành công nghệ.”</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Mô hình ngôn ngữ lớn bên trong trợ lý AI tạo ra câu trả lời bằng cách nào?",
                        "multiple": False,
                        "explanation": "Mô hình đoán lần lượt từng từ tiếp theo dựa trên các mẫu học được từ rất nhiều văn bản. "
                        "Vì vậy câu trả lời nghe trôi chảy nhưng không được bảo đảm là đúng.",
                        "choices": [
                            {
                                "text": "Tra cứu một kho dữ liệu đã được Nhà nước kiểm chứng",
                                "correct": False,
                                "feedback": "Chưa đúng: mô hình không tra một kho dữ liệu đã kiểm chứng, nên có thể sai.",
                            },
                            {
                                "text": "Đoán từ tiếp theo hợp lý nhất, lặp lại cho đến hết câu trả lời",
                                "correct": True,
                                "feedback": "Đúng. Giống gợi ý chữ trên bàn phím, nhưng lớn và tinh vi hơn nhiều.",
                            },
                            {
                                "text": "Chuyển câu hỏi cho một nhân viên trả lời",
                                "correct": False,
                                "feedback": "Chưa đúng: câu trả lời do máy tạo ra tự động, không có người ngồi gõ.",
                            },
                        ],
                    },
                    {
                        "prompt": "“Ảo giác” của AI là gì?",
                        "multiple": False,
                        "explanation": "Ảo giác là khi AI đưa ra thông tin sai hoặc bịa đặt nhưng trình bày rất tự tin. "
                        "Đó là lý do luôn phải kiểm tra các con số, văn bản, ngày tháng mà AI đưa ra.",
                        "choices": [
                            {
                                "text": "Khi ứng dụng AI bị treo, không trả lời",
                                "correct": False,
                                "feedback": "Chưa đúng: đó là lỗi kỹ thuật, không phải “ảo giác”.",
                            },
                            {
                                "text": "Khi AI trả lời tự tin nhưng nội dung sai hoặc bịa ra",
                                "correct": True,
                                "feedback": "Đúng. Ví dụ: trích một nghị định không tồn tại hoặc một con số không có thật.",
                            },
                            {
                                "text": "Khi AI tạo ra hình ảnh đẹp",
                                "correct": False,
                                "feedback": "Chưa đúng: “ảo giác” nói về thông tin sai được trình bày như thật.",
                            },
                        ],
                    },
                    {
                        "prompt": "Bạn nhận được tin nhắn mời cài “ứng dụng AI miễn phí” qua một đường link lạ. Bạn nên làm gì?",
                        "multiple": False,
                        "explanation": "Chỉ cài ứng dụng từ kho chính thức và kiểm tra nhà phát triển. Ứng dụng cài qua link lạ có thể là phần mềm độc hại.",
                        "choices": [
                            {
                                "text": "Bấm link và cài ngay vì được miễn phí",
                                "correct": False,
                                "feedback": "Nguy hiểm: ứng dụng qua link lạ có thể đánh cắp dữ liệu trên điện thoại.",
                            },
                            {
                                "text": "Bỏ qua link; nếu cần, tự tìm ứng dụng trong CH Play/App Store và kiểm tra nhà phát triển",
                                "correct": True,
                                "feedback": "Đúng. Đây là cách an toàn để có trợ lý AI chính hãng.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

LESSON_PROMPTS = {
    "slug": "viet-cau-lenh-tot",
    "title": "Viết câu lệnh (prompt) tốt",
    "summary": "Năm thành phần của một câu lệnh tốt: vai trò, nhiệm vụ, bối cảnh, định dạng, ví dụ; cách hỏi lại để sửa. Ví dụ cho công chức soạn thông báo, tóm tắt báo cáo và cho bà con nông dân hỏi về chăm sóc cây trồng.",
    "minutes": 20,
    "body": [
        ("heading", {"text": "Hỏi rõ thì được trả lời rõ", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Câu lệnh</b> (tiếng Anh là <i>prompt</i>) là những gì bạn gõ hoặc nói với trợ lý AI. "
            "AI không biết bạn là ai, làm việc ở đâu, cần kết quả để làm gì — trừ khi bạn nói cho nó biết. "
            "Câu lệnh càng cụ thể thì câu trả lời càng sát nhu cầu, bớt phải sửa.</p>",
        ),
        (
            "paragraph",
            "<p>So sánh hai câu lệnh: “Viết thông báo họp” và “Bạn là cán bộ văn phòng UBND xã. Hãy soạn thông báo mời các hộ dân "
            "thôn 3 họp bàn về làm đường bê tông, họp lúc 19 giờ thứ Sáu tuần này tại nhà văn hóa thôn. Văn phong trang trọng, "
            "ngắn gọn, không quá 150 chữ.” Câu thứ hai cho AI đủ thông tin để viết đúng việc, đúng giọng, đúng độ dài.</p>",
        ),
        ("heading", {"text": "Năm thành phần của một câu lệnh tốt", "level": "h2"}),
        (
            "paragraph",
            "<p>Không phải lúc nào cũng cần đủ cả năm, nhưng hãy nghĩ đến từng thành phần:</p>"
            "<ul><li><b>Vai trò</b>: AI đóng vai ai? (“Bạn là cán bộ khuyến nông”, “Bạn là giáo viên tiểu học”.)</li>"
            "<li><b>Nhiệm vụ</b>: cần làm gì? Dùng động từ rõ ràng: soạn, tóm tắt, giải thích, liệt kê, so sánh, dịch.</li>"
            "<li><b>Bối cảnh</b>: cho ai đọc, ở đâu, vì sao, có điều kiện gì?</li>"
            "<li><b>Định dạng</b>: dài bao nhiêu, gạch đầu dòng hay bảng, văn phong trang trọng hay thân mật?</li>"
            "<li><b>Ví dụ</b>: đưa một mẫu bạn thích để AI viết theo.</li></ul>",
        ),
        (
            "paragraph",
            "<p>Câu trả lời đầu tiên hiếm khi hoàn hảo. Hãy <b>hỏi lại để sửa</b>, giống như góp ý cho một đồng nghiệp: "
            "“Ngắn hơn một nửa”, “Bỏ phần mở đầu”, “Dùng từ ngữ dễ hiểu cho người cao tuổi”, “Thêm một câu nhắc mang theo căn cước”. "
            "Mỗi lần sửa, AI giữ lại những gì đã trao đổi trong cùng cuộc trò chuyện.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Trước khi gõ, hãy bỏ thông tin riêng",
                "text": "<p>Không đưa vào câu lệnh họ tên kèm số định danh cá nhân, số điện thoại, địa chỉ của người dân, "
                "hay nội dung tài liệu mật, tài liệu nội bộ của cơ quan. Thay bằng “ông A”, “hộ B”, “xã X”. "
                "Bài 4 nói kỹ hơn về điều này.</p>",
            },
        ),
        ("heading", {"text": "Ví dụ 1: Công chức soạn thông báo", "level": "h2"}),
        (
            "steps",
            {
                "title": "Soạn bản nháp thông báo với trợ lý AI",
                "steps": [
                    {
                        "title": "Viết câu lệnh đủ vai trò, nhiệm vụ, bối cảnh, định dạng",
                        "text": "<p>Ví dụ: “Bạn là công chức văn phòng UBND xã. Soạn thông báo về lịch tổ công nghệ số cộng đồng hướng dẫn "
                        "người cao tuổi cài đặt và sử dụng ứng dụng VNeID tại nhà văn hóa các thôn, vào sáng thứ Bảy các tuần trong tháng này. "
                        "Văn phong hành chính, dưới 200 chữ, có mục: thời gian, địa điểm, những thứ cần mang theo.”</p>",
                        "screenshot": {
                            "screen": [
                                "Trợ lý AI",
                                "[Bạn là công chức văn phòng]",
                                "[UBND xã. Soạn thông báo…]",
                                "[…dưới 200 chữ, có mục…]",
                                "(Gửi)",
                            ],
                            "alt": "Màn hình trợ lý AI với câu lệnh nêu rõ vai trò công chức, nhiệm vụ soạn thông báo và yêu cầu độ dài.",
                        },
                    },
                    {
                        "title": "Đọc bản nháp và yêu cầu sửa",
                        "text": "<p>Nếu bản nháp quá dài hoặc thiếu ý, hãy nói cụ thể: “Rút còn 120 chữ, thêm số điện thoại "
                        "liên hệ để trống cho tôi tự điền.” Yêu cầu AI để trống những chỗ bạn sẽ tự điền thông tin thật.</p>",
                        "screenshot": {
                            "screen": [
                                "Trợ lý AI",
                                "THÔNG BÁO",
                                "Về lịch hướng dẫn VNeID…",
                                "Thời gian: sáng thứ Bảy…",
                                "---",
                                "[Rút còn 120 chữ…]",
                                "(Gửi)",
                            ],
                            "alt": "Trợ lý AI đã trả về bản nháp thông báo; người dùng đang gõ yêu cầu rút ngắn.",
                        },
                    },
                    {
                        "title": "Tự hoàn thiện theo đúng thể thức",
                        "text": "<p>Chép bản nháp vào mẫu văn bản của cơ quan, điền thông tin thật, kiểm tra thể thức theo quy định "
                        "về công tác văn thư (Nghị định 30/2020/NĐ-CP) và trình ký như bình thường. Bạn — không phải AI — "
                        "chịu trách nhiệm về văn bản.</p>",
                        "screenshot": {
                            "screen": [
                                "Soạn thảo văn bản",
                                "UBND XÃ X",
                                "THÔNG BÁO",
                                "[Nội dung đã sửa]",
                                "!Kiểm tra trước khi trình ký",
                            ],
                            "alt": "Trình soạn thảo văn bản với mẫu thông báo của UBND xã và dòng nhắc kiểm tra trước khi trình ký.",
                        },
                    },
                ],
            },
        ),
        (
            "paragraph",
            "<p><b>Tóm tắt báo cáo</b> cũng làm tương tự. Với một báo cáo <i>không mật</i>, bạn có thể dán nội dung và viết: "
            "“Tóm tắt báo cáo sau thành 5 gạch đầu dòng cho lãnh đạo đọc trong 1 phút. Giữ nguyên mọi con số, không thêm số liệu mới. "
            "Cuối cùng nêu 2 việc cần chỉ đạo.” Sau đó, đối chiếu từng con số trong bản tóm tắt với báo cáo gốc — "
            "AI đôi khi làm tròn, cộng nhầm hoặc lẫn số giữa các mục.</p>",
        ),
        ("heading", {"text": "Ví dụ 2: Bà con nông dân hỏi về cây trồng", "level": "h2"}),
        (
            "paragraph",
            "<p>Một câu lệnh tốt cho nông dân nên mô tả rõ cây gì, ở đâu, mùa vụ nào, triệu chứng ra sao. Ví dụ: "
            "“Tôi trồng lúa ở Đồng Tháp, vụ Đông Xuân, lúa được khoảng 30 ngày. Lá có nhiều vết hình thoi, giữa màu xám, viền nâu. "
            "Hãy cho biết có thể là bệnh gì, cách phòng theo hướng an toàn, và tôi nên hỏi cán bộ khuyến nông những gì. "
            "Trả lời ngắn, dễ hiểu.” Bạn cũng có thể chụp ảnh lá bệnh gửi kèm nếu trợ lý đọc được ảnh.</p>",
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "AI gợi ý, cán bộ chuyên môn quyết định",
                "text": "<p>Với thuốc bảo vệ thực vật, liều lượng và thời gian cách ly, hãy làm theo <b>nhãn thuốc</b> và hướng dẫn của "
                "cán bộ khuyến nông, bảo vệ thực vật ở địa phương — không làm theo con số AI đưa ra. "
                "AI hữu ích nhất ở chỗ giúp bạn hiểu vấn đề và chuẩn bị câu hỏi.</p>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Những thành phần nào giúp câu lệnh (prompt) tốt hơn? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Vai trò, nhiệm vụ, bối cảnh, định dạng và ví dụ giúp AI hiểu bạn cần gì. "
                        "Thông tin cá nhân của người dân không giúp câu trả lời tốt hơn mà còn gây rủi ro lộ dữ liệu.",
                        "choices": [
                            {
                                "text": "Nêu vai trò AI cần đóng",
                                "correct": True,
                                "feedback": "Đúng: ví dụ “Bạn là cán bộ khuyến nông”.",
                            },
                            {
                                "text": "Nêu rõ nhiệm vụ và bối cảnh",
                                "correct": True,
                                "feedback": "Đúng: AI cần biết làm gì, cho ai, trong hoàn cảnh nào.",
                            },
                            {
                                "text": "Yêu cầu định dạng: độ dài, gạch đầu dòng, văn phong",
                                "correct": True,
                                "feedback": "Đúng: giúp kết quả dùng được ngay.",
                            },
                            {
                                "text": "Dán đầy đủ họ tên và số định danh cá nhân của người dân cho chính xác",
                                "correct": False,
                                "feedback": "Sai: không bao giờ đưa dữ liệu cá nhân vào công cụ AI; hãy thay bằng “ông A”, “hộ B”.",
                            },
                        ],
                    },
                    {
                        "prompt": "AI trả về bản nháp thông báo quá dài. Cách làm tốt nhất là gì?",
                        "multiple": False,
                        "explanation": "Hỏi lại để sửa là cách dùng AI hiệu quả: nêu cụ thể điều cần thay đổi ngay trong cuộc trò chuyện.",
                        "choices": [
                            {
                                "text": "Bỏ cuộc, AI không dùng được",
                                "correct": False,
                                "feedback": "Chưa đúng: bản đầu hiếm khi hoàn hảo, hãy yêu cầu sửa.",
                            },
                            {
                                "text": "Yêu cầu cụ thể: “Rút còn 120 chữ, giữ mục thời gian và địa điểm”",
                                "correct": True,
                                "feedback": "Đúng. Góp ý cụ thể giúp AI sửa đúng chỗ.",
                            },
                            {
                                "text": "Gửi nguyên bản nháp đi luôn",
                                "correct": False,
                                "feedback": "Chưa đúng: luôn đọc, sửa và kiểm tra trước khi dùng.",
                            },
                        ],
                    },
                    {
                        "prompt": "AI gợi ý một liều thuốc bảo vệ thực vật cho ruộng lúa. Bạn nên làm gì?",
                        "multiple": False,
                        "explanation": "Liều lượng thuốc phải theo nhãn thuốc và hướng dẫn của cán bộ chuyên môn; AI có thể sai hoặc không đúng với thuốc bạn có.",
                        "choices": [
                            {
                                "text": "Pha đúng theo con số AI đưa ra",
                                "correct": False,
                                "feedback": "Nguy hiểm: con số có thể sai, gây hại cây trồng và sức khỏe.",
                            },
                            {
                                "text": "Đối chiếu với nhãn thuốc và hỏi cán bộ khuyến nông, bảo vệ thực vật",
                                "correct": True,
                                "feedback": "Đúng. AI giúp bạn hiểu vấn đề, người có chuyên môn giúp bạn quyết định.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

LESSON_VERIFY = {
    "slug": "kiem-tra-cau-tra-loi-cua-ai",
    "title": "Kiểm tra câu trả lời của AI",
    "summary": "Những loại thông tin cần kiểm tra kỹ (con số, văn bản pháp luật, ngày tháng), cách đối chiếu với nguồn chính thống như các trang .gov.vn, cách kiểm tra nguồn AI đưa ra và nhận biết thiên lệch.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Vì sao phải kiểm tra?", "level": "h2"}),
        (
            "paragraph",
            "<p>Như bài 1 đã nói, trợ lý AI viết ra câu chữ nghe hợp lý chứ không bảo đảm đúng. Một câu trả lời sai về cách nấu ăn "
            "có thể chỉ làm hỏng bữa cơm; nhưng một câu trả lời sai về <b>thủ tục hành chính, pháp luật, sức khỏe hay tiền bạc</b> "
            "có thể gây thiệt hại thật. Với công chức, đưa một thông tin sai vào văn bản của cơ quan còn ảnh hưởng đến uy tín "
            "của cơ quan và quyền lợi của người dân.</p>",
        ),
        (
            "paragraph",
            "<p>Những chỗ AI hay sai nhất, cần kiểm tra kỹ nhất:</p>"
            "<ul><li><b>Con số</b>: số liệu thống kê, tỉ lệ, số tiền, mức phí, lệ phí.</li>"
            "<li><b>Văn bản pháp luật</b>: số hiệu, ngày ban hành, điều khoản, và văn bản đó <i>còn hiệu lực</i> hay đã được sửa đổi, thay thế.</li>"
            "<li><b>Ngày tháng, thời hạn</b>: hạn nộp hồ sơ, ngày có hiệu lực.</li>"
            "<li><b>Tên người, tên cơ quan, địa chỉ, số điện thoại</b>: đặc biệt khi cơ quan vừa sáp nhập, đổi tên.</li>"
            "<li><b>Lời khuyên về sức khỏe, thuốc men, đầu tư</b>.</li></ul>",
        ),
        ("heading", {"text": "Đối chiếu với nguồn chính thống", "level": "h2"}),
        (
            "paragraph",
            "<p>Nguồn chính thống là nơi cơ quan có thẩm quyền công bố thông tin. Trang web của cơ quan nhà nước Việt Nam thường có "
            "đuôi <b>.gov.vn</b>, ví dụ Cổng Thông tin điện tử Chính phủ (chinhphu.vn), Cổng Dịch vụ công quốc gia (dichvucong.gov.vn), "
            "Cơ sở dữ liệu quốc gia về văn bản pháp luật (vbpl.vn), cổng thông tin của tỉnh, của bộ, ngành. "
            "Hãy gõ địa chỉ trực tiếp hoặc dùng dấu trang đã lưu, và nhìn kỹ tên miền: kẻ gian hay làm trang giả có tên gần giống.</p>",
        ),
        (
            "paragraph",
            "<p>Bạn có thể yêu cầu AI “ghi rõ nguồn cho từng ý”. Nhưng nhớ rằng AI cũng có thể <b>bịa ra nguồn</b>: đường link không mở được, "
            "văn bản không có thật, hoặc bài báo có thật nhưng không nói điều AI trích. Vì vậy danh sách nguồn chỉ là điểm bắt đầu — "
            "bạn phải tự mở và đọc.</p>",
        ),
        (
            "steps",
            {
                "title": "Kiểm tra một văn bản pháp luật mà AI trích dẫn",
                "steps": [
                    {
                        "title": "Hỏi AI nguồn cụ thể",
                        "text": "<p>Gõ: “Ý này dựa trên văn bản nào? Ghi số hiệu, ngày ban hành và điều khoản.”</p>",
                        "screenshot": {
                            "screen": [
                                "Trợ lý AI",
                                "[Ý này dựa trên văn bản nào]",
                                "---",
                                "Theo Nghị định số …/…",
                                "Điều …, khoản …",
                            ],
                            "alt": "Người dùng hỏi trợ lý AI nguồn của một ý; AI trả lời bằng số hiệu nghị định và điều khoản.",
                        },
                    },
                    {
                        "title": "Tự tra văn bản trên trang chính thống",
                        "text": "<p>Mở trang cơ sở dữ liệu văn bản pháp luật hoặc cổng thông tin của cơ quan ban hành (đuôi .gov.vn), "
                        "gõ số hiệu văn bản vào ô tìm kiếm. Không bấm vào link lạ do AI hoặc người khác gửi mà không xem tên miền.</p>",
                        "screenshot": {
                            "screen": [
                                "vbpl.vn",
                                "[Tìm: số hiệu văn bản]",
                                "(Tìm kiếm)",
                                "---",
                                "Kết quả: 1 văn bản",
                                "Tình trạng hiệu lực: …",
                            ],
                            "alt": "Trang cơ sở dữ liệu văn bản pháp luật với ô tìm số hiệu văn bản và dòng tình trạng hiệu lực.",
                        },
                    },
                    {
                        "title": "So nội dung và tình trạng hiệu lực",
                        "text": "<p>Đọc đúng điều khoản AI trích, xem văn bản còn hiệu lực hay đã bị sửa đổi, thay thế. "
                        "Nếu không tìm thấy văn bản hoặc nội dung khác với lời AI, hãy coi câu trả lời là <b>sai</b>.</p>",
                        "screenshot": {
                            "screen": ["Văn bản gốc", "Điều …", "Nội dung khác với AI?", "!Không dùng câu trả lời đó"],
                            "alt": "Màn hình văn bản gốc, nhắc rằng nếu nội dung khác với lời AI thì không dùng câu trả lời đó.",
                        },
                    },
                ],
            },
        ),
        ("heading", {"text": "Thiên lệch: AI cũng có “định kiến”", "level": "h2"}),
        (
            "paragraph",
            "<p>AI học từ dữ liệu do con người viết ra, nên có thể mang theo <b>thiên lệch</b> của dữ liệu đó: nghiêng về quan điểm "
            "của một nhóm người, lặp lại định kiến về giới, tuổi tác, vùng miền, dân tộc, hoặc thiếu hiểu biết về hoàn cảnh Việt Nam "
            "và địa phương bạn. Ví dụ, khi được hỏi về chính sách, AI có thể mô tả quy định của nước khác như thể áp dụng ở Việt Nam.</p>",
        ),
        (
            "paragraph",
            "<p>Để giảm thiên lệch: nói rõ bối cảnh (“theo pháp luật Việt Nam hiện hành”, “ở vùng đồng bằng sông Cửu Long”), "
            "yêu cầu AI “nêu các quan điểm khác nhau”, và tự hỏi: câu trả lời này có công bằng với mọi nhóm người không? "
            "Khi dùng AI để sàng lọc, đánh giá, xếp loại con người, càng cần thận trọng và để con người quyết định.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Bốn câu hỏi trước khi tin AI",
                "text": "<ol><li>Thông tin này có được nguồn chính thống xác nhận không?</li>"
                "<li>Con số, ngày tháng, số hiệu văn bản đã được đối chiếu chưa?</li>"
                "<li>Văn bản pháp luật được trích còn hiệu lực không?</li>"
                "<li>Câu trả lời có thiên lệch, thiếu bối cảnh Việt Nam không?</li></ol>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Trong câu trả lời của AI, những thông tin nào cần đối chiếu kỹ với nguồn chính thống? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Con số, văn bản pháp luật, ngày tháng và mức phí là những chỗ AI hay sai và gây hậu quả thật nếu sai.",
                        "choices": [
                            {
                                "text": "Số hiệu và điều khoản của văn bản pháp luật",
                                "correct": True,
                                "feedback": "Đúng: AI có thể bịa số hiệu hoặc trích văn bản hết hiệu lực.",
                            },
                            {
                                "text": "Mức lệ phí, số tiền",
                                "correct": True,
                                "feedback": "Đúng: con số là chỗ AI hay sai.",
                            },
                            {
                                "text": "Hạn nộp hồ sơ, ngày có hiệu lực",
                                "correct": True,
                                "feedback": "Đúng: ngày tháng cần đối chiếu với thông báo chính thức.",
                            },
                            {
                                "text": "Không cần kiểm tra gì nếu câu văn viết rất trôi chảy, tự tin",
                                "correct": False,
                                "feedback": "Sai: AI viết trôi chảy cả khi sai — đó chính là “ảo giác”.",
                            },
                        ],
                    },
                    {
                        "prompt": "AI đưa ra một đường link làm nguồn, nhưng bạn tra số hiệu văn bản trên trang chính thống thì không thấy. Kết luận nào đúng?",
                        "multiple": False,
                        "explanation": "AI có thể bịa ra nguồn. Nếu nguồn chính thống không có văn bản đó, không được dùng thông tin ấy.",
                        "choices": [
                            {
                                "text": "Văn bản chắc chắn có, chỉ là trang web chưa cập nhật",
                                "correct": False,
                                "feedback": "Chưa đúng: đừng đoán thay; hãy coi thông tin là chưa được xác nhận.",
                            },
                            {
                                "text": "Coi câu trả lời là sai hoặc chưa được xác nhận, không dùng",
                                "correct": True,
                                "feedback": "Đúng. Có thể hỏi thêm cơ quan chuyên môn nếu cần.",
                            },
                        ],
                    },
                    {
                        "prompt": "Cách nào giúp giảm thiên lệch trong câu trả lời của AI?",
                        "multiple": False,
                        "explanation": "Nêu rõ bối cảnh Việt Nam, địa phương và yêu cầu nhiều quan điểm giúp câu trả lời sát thực tế và cân bằng hơn.",
                        "choices": [
                            {
                                "text": "Hỏi càng ngắn càng tốt, để AI tự hiểu",
                                "correct": False,
                                "feedback": "Chưa đúng: thiếu bối cảnh, AI dễ trả lời theo hoàn cảnh nước khác.",
                            },
                            {
                                "text": "Nêu rõ bối cảnh (pháp luật Việt Nam, địa phương) và yêu cầu nêu các quan điểm khác nhau",
                                "correct": True,
                                "feedback": "Đúng.",
                            },
                            {
                                "text": "Chỉ dùng câu trả lời đầu tiên",
                                "correct": False,
                                "feedback": "Chưa đúng: câu trả lời đầu tiên không khách quan hơn các câu sau.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

LESSON_RESPONSIBLE = {
    "slug": "quyen-rieng-tu-va-trach-nhiem",
    "title": "Quyền riêng tư, rủi ro và sử dụng AI có trách nhiệm",
    "summary": "Những gì không được đưa vào công cụ AI (dữ liệu cá nhân, bí mật nhà nước, tài liệu nội bộ), cách nhận biết lừa đảo bằng video, giọng nói giả (deepfake), và nguyên tắc dùng AI có trách nhiệm: công khai khi dùng AI, con người chịu trách nhiệm cuối cùng.",
    "minutes": 15,
    "body": [
        ("heading", {"text": "Điều bạn gõ vào AI có thể không còn là của riêng bạn", "level": "h2"}),
        (
            "paragraph",
            "<p>Khi bạn gõ hoặc dán nội dung vào một trợ lý AI trên mạng, nội dung đó được gửi về máy chủ của nhà cung cấp. "
            "Tùy dịch vụ và cách cài đặt, cuộc trò chuyện có thể được lưu lại, được nhân viên xem để kiểm tra chất lượng, "
            "hoặc được dùng để huấn luyện mô hình. Nhiều dịch vụ cho phép tắt việc dùng dữ liệu để huấn luyện hoặc dùng chế độ trò chuyện tạm thời — "
            "hãy tìm trong phần cài đặt quyền riêng tư — nhưng cách an toàn nhất vẫn là <b>không đưa thông tin nhạy cảm vào ngay từ đầu</b>.</p>",
        ),
        (
            "paragraph",
            "<p><b>Không bao giờ</b> đưa vào công cụ AI:</p>"
            "<ul><li>Dữ liệu cá nhân của mình và của người khác: họ tên kèm số định danh cá nhân/căn cước, ngày sinh, địa chỉ, số điện thoại, "
            "thông tin sức khỏe, số tài khoản ngân hàng, ảnh giấy tờ tùy thân.</li>"
            "<li>Mật khẩu, mã OTP.</li>"
            "<li><b>Bí mật nhà nước</b> và tài liệu có đóng dấu mật — việc này có thể vi phạm pháp luật về bảo vệ bí mật nhà nước.</li>"
            "<li>Tài liệu nội bộ, hồ sơ công việc chưa được phép công khai: hồ sơ của người dân, dự thảo chưa ban hành, số liệu nội bộ.</li></ul>",
        ),
        (
            "paragraph",
            "<p>Nếu cần AI giúp với một văn bản có thông tin riêng, hãy <b>ẩn danh</b> trước: thay tên bằng “ông A”, “bà B”, "
            "bỏ số giấy tờ, địa chỉ cụ thể. Với cán bộ, công chức: làm theo quy định của cơ quan về việc dùng công cụ AI, "
            "ưu tiên công cụ được cơ quan cho phép, và hỏi bộ phận phụ trách công nghệ thông tin khi chưa rõ.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Tài liệu mật: tuyệt đối không",
                "text": "<p>Không chụp, dán, tải lên công cụ AI công cộng bất kỳ nội dung nào thuộc bí mật nhà nước hoặc tài liệu mật của cơ quan, "
                "kể cả chỉ để “nhờ tóm tắt” hay “sửa chính tả”.</p>",
            },
        ),
        ("heading", {"text": "Deepfake: video và giọng nói giả", "level": "h2"}),
        (
            "paragraph",
            "<p>AI ngày nay có thể tạo <b>video giả</b> (deepfake) và <b>giọng nói giả</b> rất giống người thật chỉ từ vài đoạn video, ghi âm "
            "đăng trên mạng xã hội. Kẻ lừa đảo dùng cách này để gọi video giả làm con cháu đang “gặp nạn”, giả làm lãnh đạo cơ quan, "
            "người quen, rồi nhờ chuyển tiền gấp. Cuộc gọi thường ngắn, hình hơi mờ hoặc giật, khẩu hình không khớp lời nói, "
            "và có lý do như “mạng yếu”, “đang bận không nói lâu được”.</p>",
        ),
        (
            "steps",
            {
                "title": "Khi nhận cuộc gọi video nhờ chuyển tiền gấp",
                "steps": [
                    {
                        "title": "Không chuyển tiền ngay",
                        "text": "<p>Sự vội vàng là dấu hiệu của lừa đảo. Hãy nói “để tôi gọi lại” rồi tắt máy.</p>",
                        "screenshot": {
                            "screen": [
                                "Cuộc gọi video",
                                "“Con đây, mẹ chuyển gấp…”",
                                "“…mạng yếu, không nói lâu”",
                                "!Nhờ chuyển tiền gấp?",
                                "(Kết thúc)",
                            ],
                            "alt": "Cuộc gọi video từ người xưng là con, nhờ chuyển tiền gấp, kèm dòng cảnh báo và nút kết thúc cuộc gọi.",
                        },
                    },
                    {
                        "title": "Gọi lại bằng số bạn đã lưu từ trước",
                        "text": "<p>Gọi vào số điện thoại quen thuộc của người thân (không gọi lại số vừa gọi đến, không bấm vào link trong tin nhắn), "
                        "hoặc hỏi một người khác trong gia đình.</p>",
                        "screenshot": {
                            "screen": ["Danh bạ", "Con trai", "09xx xxx xxx (đã lưu)", "(Gọi)"],
                            "alt": "Danh bạ điện thoại mở số đã lưu của con trai với nút gọi.",
                        },
                    },
                    {
                        "title": "Hỏi câu chỉ người thật mới biết",
                        "text": "<p>Gia đình có thể thống nhất trước một “câu hỏi bí mật” hay “mật khẩu gia đình” không đăng lên mạng. "
                        "Nếu vẫn nghi ngờ, báo cho công an nơi gần nhất.</p>",
                        "screenshot": {
                            "screen": [
                                "Tin nhắn",
                                "Con: Con không gọi mẹ mà!",
                                "Mẹ: May quá, mẹ chưa chuyển.",
                                "!Báo công an nơi gần nhất",
                            ],
                            "alt": "Tin nhắn giữa mẹ và con xác nhận cuộc gọi trước đó là giả, kèm nhắc báo công an.",
                        },
                    },
                ],
            },
        ),
        ("heading", {"text": "Dùng AI có trách nhiệm", "level": "h2"}),
        (
            "paragraph",
            "<p><b>Con người chịu trách nhiệm cuối cùng.</b> AI chỉ soạn bản nháp; người ký, người gửi, người đăng mới là người chịu trách nhiệm "
            "về nội dung. Với văn bản của cơ quan, người soạn và người ký phải đọc, kiểm tra, sửa như với bất kỳ bản nháp nào khác. "
            "Không thể đổ lỗi “do AI viết”.</p>",
        ),
        (
            "paragraph",
            "<p><b>Công khai khi dùng AI</b> ở những nơi cần sự trung thực: học sinh, sinh viên làm bài theo quy định của nhà trường, "
            "giáo viên, nhà báo, người làm báo cáo cho biết phần nào có AI hỗ trợ. Ảnh, video do AI tạo nên được ghi rõ là “ảnh do AI tạo”, "
            "nhất là khi dễ bị nhầm với ảnh thật.</p>",
        ),
        (
            "paragraph",
            "<p><b>Tôn trọng người khác</b>: không dùng AI tạo ảnh, video, giọng nói giả của người thật khi chưa được đồng ý, "
            "không tạo tin giả, không bôi nhọ, không xâm phạm bản quyền. Trước khi chia sẻ một hình ảnh “gây sốc”, hãy tự hỏi: "
            "có thể đây là ảnh do AI tạo ra không?</p>",
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": "Tóm lại",
                "text": "<ul><li>Không đưa dữ liệu cá nhân, bí mật, tài liệu nội bộ vào AI.</li>"
                "<li>Cảnh giác với cuộc gọi, video nhờ chuyển tiền: tắt máy, gọi lại số quen.</li>"
                "<li>Kiểm tra, chịu trách nhiệm và công khai khi dùng AI.</li></ul>",
            },
        ),
        (
            "knowledge_check",
            {
                "title": "Kiểm tra nhanh",
                "pass_percent": 100,
                "questions": [
                    {
                        "prompt": "Những nội dung nào KHÔNG được dán vào trợ lý AI công cộng? (Chọn tất cả ý đúng)",
                        "multiple": True,
                        "explanation": "Dữ liệu cá nhân, mã OTP/mật khẩu và tài liệu mật, nội bộ đều không được đưa vào công cụ AI. "
                        "Một thông báo đã công khai, không chứa thông tin riêng thì có thể nhờ AI sửa lời văn.",
                        "choices": [
                            {
                                "text": "Danh sách người dân kèm số định danh cá nhân",
                                "correct": True,
                                "feedback": "Đúng: đây là dữ liệu cá nhân, không được đưa vào AI.",
                            },
                            {
                                "text": "Tài liệu có đóng dấu mật của cơ quan",
                                "correct": True,
                                "feedback": "Đúng: tuyệt đối không, có thể vi phạm pháp luật về bí mật nhà nước.",
                            },
                            {
                                "text": "Mã OTP ngân hàng vừa nhận",
                                "correct": True,
                                "feedback": "Đúng: mã OTP không đưa cho bất kỳ ai hay công cụ nào.",
                            },
                            {
                                "text": "Thông báo lịch tiêm chủng đã dán công khai ở nhà văn hóa, nhờ sửa lời văn",
                                "correct": False,
                                "feedback": "Nội dung này đã công khai và không có thông tin riêng, nên có thể nhờ AI sửa lời văn.",
                            },
                        ],
                    },
                    {
                        "prompt": "Bà nhận cuộc gọi video, hình giống cháu nội, giọng vội vã nhờ chuyển 20 triệu đồng vào một tài khoản lạ. Bà nên làm gì?",
                        "multiple": False,
                        "explanation": "Video và giọng nói có thể bị làm giả bằng AI. Hãy tắt máy và gọi lại số đã lưu, hỏi người thân khác trước khi làm gì.",
                        "choices": [
                            {
                                "text": "Chuyển ngay vì đã nhìn thấy mặt cháu",
                                "correct": False,
                                "feedback": "Nguy hiểm: khuôn mặt trong video có thể là deepfake.",
                            },
                            {
                                "text": "Tắt máy, gọi lại số điện thoại của cháu đã lưu hoặc hỏi bố mẹ cháu",
                                "correct": True,
                                "feedback": "Đúng. Xác minh qua kênh khác trước khi chuyển bất kỳ khoản tiền nào.",
                            },
                            {
                                "text": "Gọi lại đúng số vừa gọi đến để hỏi",
                                "correct": False,
                                "feedback": "Chưa đúng: số đó có thể do kẻ lừa đảo kiểm soát.",
                            },
                        ],
                    },
                    {
                        "prompt": "Một công chức dùng AI soạn báo cáo, trong đó có một số liệu sai. Ai chịu trách nhiệm?",
                        "multiple": False,
                        "explanation": "AI chỉ là công cụ. Người soạn, người ký và ban hành văn bản chịu trách nhiệm về nội dung.",
                        "choices": [
                            {
                                "text": "Công ty làm ra AI",
                                "correct": False,
                                "feedback": "Chưa đúng: người dùng phải kiểm tra trước khi sử dụng.",
                            },
                            {
                                "text": "Không ai, vì lỗi do máy",
                                "correct": False,
                                "feedback": "Chưa đúng: không thể đổ lỗi “do AI viết”.",
                            },
                            {
                                "text": "Người soạn và người ký văn bản",
                                "correct": True,
                                "feedback": "Đúng. Con người chịu trách nhiệm cuối cùng.",
                            },
                        ],
                    },
                ],
            },
        ),
    ],
}

COURSE = {
    "slug": "tri-tue-nhan-tao-cho-moi-nguoi",
    "title": "Trí tuệ nhân tạo cho mọi người",
    "summary": "Hiểu trợ lý AI (ChatGPT, Gemini, Copilot) là gì, viết câu lệnh để AI giúp soạn văn bản, tóm tắt tài liệu, hỏi đáp trong công việc và đời sống; biết kiểm tra câu trả lời, bảo vệ thông tin riêng và dùng AI có trách nhiệm.",
    "description": "<p>Khóa học dành cho mọi người, không cần biết trước về công nghệ: người cao tuổi, bà con nông dân, "
    "học sinh, sinh viên, giáo viên và cán bộ, công chức, viên chức.</p>"
    "<p>Sau khóa học, bạn sẽ:</p>"
    "<ul><li>hiểu một cách đơn giản trợ lý AI hoạt động ra sao và vì sao nó có thể sai;</li>"
    "<li>viết câu lệnh rõ ràng để AI giúp soạn thông báo, tóm tắt báo cáo, giải đáp thắc mắc;</li>"
    "<li>đối chiếu câu trả lời với nguồn chính thống trước khi sử dụng;</li>"
    "<li>biết những gì không được đưa vào AI, nhận biết lừa đảo bằng video, giọng nói giả và dùng AI có trách nhiệm.</li></ul>",
    "topic": "tri-tue-nhan-tao",
    "level": "basic",
    "estimated_minutes": 65,
    "competences": ["6.1", "6.2", "6.3", "1.2", "4.2"],
    "population_groups": ["adult", "civil-servant", "leader", "youth", "student", "teacher", "farmer", "worker"],
    "cover": {"bg": "#5b2c83", "icon": "ai"},
    "modules": [
        {
            "slug": "lam-quen-voi-ai",
            "title": "Làm quen và trò chuyện với AI",
            "summary": "Trợ lý AI là gì, hoạt động ra sao, và cách đặt câu lệnh để nhận câu trả lời hữu ích.",
            "lessons": [LESSON_WHAT_IS_AI, LESSON_PROMPTS],
        },
        {
            "slug": "dung-ai-an-toan",
            "title": "Dùng AI an toàn và có trách nhiệm",
            "summary": "Kiểm tra câu trả lời của AI, bảo vệ thông tin riêng, cảnh giác với deepfake và chịu trách nhiệm khi dùng AI.",
            "lessons": [LESSON_VERIFY, LESSON_RESPONSIBLE],
        },
    ],
    "translation_en": None,
}
