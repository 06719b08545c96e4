"""Issue 22: the generative step against a real HTTP server on loopback speaking the OpenAI chat-completions
protocol. The server answers with supported and unsupported sentences; the check catches every unsupported one,
and the learner then sees the extractive answer."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant import generation

PASSAGES = [
    "Mã OTP là của riêng bạn\nKhông đọc mã OTP cho bất kỳ ai, kể cả người xưng là công an.",
    "Bật xác thực hai lớp cho Zalo và Facebook để bảo vệ tài khoản.",
]
SUPPORTED = [
    "Không đọc mã OTP cho bất kỳ ai, kể cả người xưng là công an [1].",
    "Mã OTP là của riêng bạn, không đọc cho ai [1].",
    "Hãy bật xác thực hai lớp cho Zalo và Facebook [2].",
]
UNSUPPORTED = {
    "Ngân hàng sẽ hoàn tiền trong 24 giờ nếu bạn báo ngay [1].": "words not in the passage",
    "Bạn có thể đọc mã OTP cho công an [1].": "negation flipped",
    "Không đọc mã OTP cho bất kỳ ai trong 30 ngày [1].": "a number not in the passage",
    "Mã OTP là của riêng bạn.": "no citation",
    "Không đọc mã OTP cho bất kỳ ai [3].": "cites a passage that was not given",
    "Bật xác thực hai lớp cho Zalo và Facebook [1].": "cites the wrong passage",
    "Gọi tổng đài 113 để lấy lại mật khẩu [2].": "invented",
}


class _ChatServer:
    """A small OpenAI-compatible server: POST /v1/chat/completions answers with the next scripted content."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                content = server.answers.pop(0) if server.answers else "NO_ANSWER"
                payload = json.dumps({
                    "id": "chatcmpl-test", "object": "chat.completion", "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def chat_server(settings):
    server = _ChatServer()
    settings.ASSISTANT_LLM_URL = server.url
    settings.ASSISTANT_LLM_MODEL = "qwen-test"
    settings.ASSISTANT_LLM_KEY = "khoa-thu"
    settings.ASSISTANT_LLM_TIMEOUT = 5
    yield server
    server.close()


def test_every_unsupported_sentence_is_caught(chat_server):
    chat_server.answers.append(" ".join(SUPPORTED + list(UNSUPPORTED)))
    answer = generation.complete("Có nên đọc mã OTP cho công an không?", PASSAGES, "vi")
    checked = generation.check(answer, PASSAGES, "vi")
    verdicts = {s.text: s.supported for s in checked.sentences}
    assert len(checked.sentences) == len(SUPPORTED) + len(UNSUPPORTED)
    for sentence in SUPPORTED:
        assert verdicts[generation.claim_text(sentence)] is True, sentence
    for sentence, why in UNSUPPORTED.items():
        assert verdicts[generation.claim_text(sentence)] is False, why
    assert not checked.accepted

    request = chat_server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer khoa-thu"
    assert request["body"]["model"] == "qwen-test"
    system, user = request["body"]["messages"]
    assert system["role"] == "system" and "Chỉ trả lời bằng thông tin có trong các đoạn trích" in system["content"]
    assert user["content"].startswith("[1] Mã OTP là của riêng bạn") and "[2] Bật xác thực hai lớp" in user["content"]


@pytest.mark.parametrize("sentence", list(UNSUPPORTED))
def test_one_unsupported_sentence_rejects_the_whole_answer(chat_server, sentence):
    chat_server.answers.append(f"{SUPPORTED[0]} {sentence}")
    text, checked = generation.generate("Có nên đọc mã OTP không?", PASSAGES, "vi")
    assert text == "" and checked is not None and not checked.accepted


def test_a_supported_answer_is_kept(chat_server):
    chat_server.answers.append(" ".join(SUPPORTED))
    text, checked = generation.generate("Có nên đọc mã OTP không?", PASSAGES, "vi")
    assert checked.accepted and text.startswith("Không đọc mã OTP")


def test_an_unreachable_server_gives_no_written_answer(settings):
    settings.ASSISTANT_LLM_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    settings.ASSISTANT_LLM_TIMEOUT = 1
    assert generation.generate("Mã OTP?", PASSAGES, "vi") == ("", None)


@pytest.mark.django_db
def test_the_learner_sees_the_checked_answer_or_the_quotes(chat_server, assistant_course):
    from assistant import services
    from assistant.models import Question

    chat_server.answers.append("Không đọc mã OTP cho bất kỳ ai, kể cả người xưng là công an [1].")
    answer = services.answer_question(question="Có nên đọc mã OTP cho công an không?", language="vi")
    assert answer.answered and [s.text for s in answer.written] == [
        "Không đọc mã OTP cho bất kỳ ai, kể cả người xưng là công an."]
    assert Question.objects.get(pk=answer.log_id).generated

    chat_server.answers.append("Bạn có thể đọc mã OTP cho công an [1].")
    answer = services.answer_question(question="Có nên đọc mã OTP cho công an không?", language="vi")
    assert answer.answered and answer.written == [] and answer.quotes  # the extractive answer, quoted
    logged = Question.objects.get(pk=answer.log_id)
    assert logged.generation_rejected and not logged.generated
