"""The device scores a saved lesson's quick checks by the server's rules (issue 20): the scoring functions of
static/js/offline.js, run by node on every answer combination of a few checks, give the percentage and the verdict
of ``courses.services.score_check`` (including Python's half-to-even rounding of the percentage)."""

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from courses import offline, services

SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "offline.js"


def scoring_source() -> str:
    text = SCRIPT.read_text(encoding="utf-8")
    start = text.index("  // Python's round()")
    end = text.index("  function localProgress")
    return text[start:end]


def check(questions, pass_percent):
    return {"title": "Kiểm tra nhanh", "pass_percent": pass_percent, "questions": [
        {"prompt": f"Câu {n}", "multiple": multiple, "explanation": "", "shuffle": False,
         "choices": [{"text": f"Phương án {i}", "correct": i in right, "feedback": ""} for i in range(count)]}
        for n, (multiple, count, right) in enumerate(questions)]}


CHECKS = [
    check([(False, 2, {1}), (True, 3, {0, 1})], 100),
    check([(False, 3, {2})] * 8, 60),  # 8 questions: 12.5 % steps, where rounding half to even matters
    check([(True, 3, {0, 2}), (False, 2, {0}), (True, 2, {0, 1}), (False, 4, {3})], 50),
]


def combinations(value):
    per_question = []
    for question in value["questions"]:
        count = len(question["choices"])
        subsets = [list(c) for k in range(0, count + 1) for c in itertools.combinations(range(count), k)]
        per_question.append(subsets)
    if len(per_question) > 4:  # 8 questions: right/wrong/empty patterns only
        picks = [[[2], [0], []]] * len(per_question)
        return [list(p) for p in itertools.product(*picks)][:2000]
    return [list(p) for p in itertools.product(*per_question)]


@pytest.mark.skipif(not shutil.which("node"), reason="node is installed by `make node`")
def test_the_device_scores_like_the_server():
    cases, expected = [], []
    token, block_id = "tok", "blk"
    for value in CHECKS:
        key = offline.check_key(value=value, token=token, block_id=block_id, check_url="/x/",
                                public_id=lambda q, n: services.check_choice_id(token, block_id, q, n))
        for answer in combinations(value):
            picked = {str(q): [services.check_choice_id(token, block_id, q, n) for n in chosen]
                      for q, chosen in enumerate(answer)}
            result = services.score_check(value, {str(q): [str(n) for n in chosen] for q, chosen in enumerate(answer)})
            cases.append({"key": key, "picked": picked})
            expected.append([result.percent, result.passed])
    program = scoring_source() + """
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(c => { const r = score(c.key, c.picked); return [r.percent, r.passed]; })));
"""
    out = subprocess.run(["node", "-e", program], input=json.dumps(cases), capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert len(got) == len(expected) > 100
    assert got == expected
