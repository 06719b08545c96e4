"""The project's own content type, H5P.HocVuSoTrueFalse 1.0 (``courses/h5p/contenttype/``), its sample package
and ``manage.py build_h5p_sample``. The browser side is covered by ``tests/e2e/test_h5p_admin.py``; here the JS
also runs under node against a stub of H5P's EventDispatcher, to check the xAPI it emits."""

import json
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command

from courses.h5p import contenttype
from courses.h5p.models import H5PActivity, H5PLibrary
from courses.h5p.services import h5p_import
from courses.h5p.validation import H5PValidationError
from courses.h5p.validation import messages as m

from .builders import SAMPLE_LIBRARY, SAMPLE_LIBRARY_FOLDER, SAMPLE_QUESTION, sample_package, upload


def test_library_source_is_complete():
    data = contenttype.library_json()
    assert (data["machineName"], data["majorVersion"], data["minorVersion"]) == (SAMPLE_LIBRARY, 1, 0)
    assert data["runnable"] == 1
    for entry in data["preloadedJs"] + data["preloadedCss"]:
        assert (contenttype.LIBRARY_DIR / entry["path"]).is_file()
    js = (contenttype.LIBRARY_DIR / "truefalse.js").read_text(encoding="utf-8")
    assert "H5P.HocVuSoTrueFalse =" in js and "H5P.EventDispatcher.call(this)" in js
    assert ".innerHTML" not in js and "insertAdjacentHTML" not in js  # the question is text, never markup


def test_sample_package_members_and_question():
    with zipfile.ZipFile(__import__("io").BytesIO(sample_package())) as zf:
        names = zf.namelist()
        content = json.loads(zf.read("content/content.json"))
        h5p = json.loads(zf.read("h5p.json"))
    assert names[:2] == ["h5p.json", "content/content.json"]
    assert f"{SAMPLE_LIBRARY_FOLDER}/truefalse.js" in names
    assert content["question"] == SAMPLE_QUESTION
    assert content["correct"] == "false"
    assert content["l10n"]["trueText"] == "Đúng" and content["l10n"]["falseText"] == "Sai"
    assert h5p["mainLibrary"] == SAMPLE_LIBRARY and h5p["language"] == "vi"
    assert sample_package() == sample_package()  # reproducible


@pytest.mark.django_db
def test_sample_imports_and_installs_the_library(h5p_root):
    activity = h5p_import(source=upload(sample_package(), "otp.h5p"))
    assert activity.title == contenttype.SAMPLE_TITLE
    library = activity.main_library
    assert (library.machine_name, library.version, library.runnable) == (SAMPLE_LIBRARY, "1.0.0", True)
    assert (h5p_root / "libraries" / SAMPLE_LIBRARY_FOLDER / "truefalse.js").is_file()
    stored = json.loads((h5p_root / activity.content_dir / "content" / "content.json").read_text(encoding="utf-8"))
    assert stored["question"] == SAMPLE_QUESTION


@pytest.mark.django_db
def test_editor_needs_the_library_installed_first(h5p_root, editor, moderator):
    with pytest.raises(H5PValidationError) as caught:
        h5p_import(source=upload(sample_package()), user=editor)
    assert str(m.INSTALL_PERMISSION % {"libraries": f"{SAMPLE_LIBRARY} 1.0.0"}) in caught.value.messages[0] \
        or SAMPLE_LIBRARY in caught.value.messages[0]
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()

    h5p_import(source=upload(sample_package()), user=moderator)
    # The same package (library unchanged: reused) and the content-only package are then the editor's to upload.
    again = h5p_import(source=upload(sample_package()), user=editor, title="Của biên tập viên")
    content_only = h5p_import(source=upload(sample_package(with_library=False)), user=editor)
    assert H5PLibrary.objects.count() == 1
    assert again.main_library == content_only.main_library == H5PLibrary.objects.get()


@pytest.mark.django_db
def test_build_h5p_sample_command(tmp_path, capsys, h5p_root):
    output = tmp_path / "out" / "otp.h5p"
    call_command("build_h5p_sample", "--output", str(output))
    assert output.read_bytes() == sample_package()
    assert "Wrote" in capsys.readouterr().out
    call_command("import_h5p", str(output))
    assert H5PActivity.objects.get().main_library.machine_name == SAMPLE_LIBRARY

    content_only = tmp_path / "content-only.h5p"
    call_command("build_h5p_sample", "-o", str(content_only), "--without-library", "--title", "Chỉ nội dung")
    with zipfile.ZipFile(content_only) as zf:
        assert sorted(zf.namelist()) == ["content/content.json", "h5p.json"]
        assert json.loads(zf.read("h5p.json"))["title"] == "Chỉ nội dung"


def test_build_h5p_sample_unwritable(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(CommandError):
        call_command("build_h5p_sample", "--output", str(tmp_path / "file" / "sub" / "otp.h5p"))


NODE_HARNESS = r"""
const fs = require("fs");
const events = [];
global.H5P = {
  EventDispatcher: function () {},
  createTitle: (t) => t,
};
H5P.EventDispatcher.prototype.trigger = function (event) { if (typeof event !== "string") events.push(event); };
H5P.EventDispatcher.prototype.createXAPIEventTemplate = function (verb) {
  const statement = { verb: { id: "http://adlnet.gov/expapi/verbs/" + verb },
                      object: { definition: { extensions: { "http://h5p.org/x-api/h5p-local-content-id": 7 } } } };
  return {
    data: { statement },
    getVerifiedStatementValue: (keys) => keys.reduce((v, k) => (v ? v[k] : undefined), statement),
    setScoredResult: (score, max, instance, completion, success) => {
      statement.result = { score: { raw: score, max, min: 0, scaled: score / max }, completion, success };
    },
  };
};
H5P.EventDispatcher.prototype.triggerXAPI = function (verb) { this.trigger(this.createXAPIEventTemplate(verb)); };
H5P.EventDispatcher.prototype.triggerXAPIScored = function (score, max, verb, completion, success) {
  const event = this.createXAPIEventTemplate(verb);
  event.setScoredResult(score, max, this, completion, success);
  this.trigger(event);
};
require("vm").runInThisContext(fs.readFileSync(process.argv[2], "utf8"));  // as a <script>: global H5P
const params = JSON.parse(process.argv[3]);
const run = (answer) => {
  const task = new H5P.HocVuSoTrueFalse(params, 7, {});
  task.choose(answer);
  task.check();
  return { score: task.getScore(), max: task.getMaxScore() };
};
const wrong = run(true);
const right = run(false);
console.log(JSON.stringify({ wrong, right, statements: events.map((e) => e.data.statement) }));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_js_emits_answered_and_completed_with_a_score(tmp_path):
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS)
    out = subprocess.run(
        ["node", str(harness), str(contenttype.LIBRARY_DIR / "truefalse.js"), json.dumps(contenttype.SAMPLE_CONTENT)],
        capture_output=True, text=True, timeout=30,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["wrong"] == {"score": 0, "max": 1} and data["right"] == {"score": 1, "max": 1}
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in data["statements"]]
    assert verbs == ["interacted", "answered", "completed", "interacted", "answered", "completed"]
    answered_wrong, completed_wrong, answered_right, completed_right = (
        data["statements"][1], data["statements"][2], data["statements"][4], data["statements"][5]
    )
    assert answered_wrong["result"]["response"] == "true" and answered_wrong["result"]["success"] is False
    assert completed_wrong["result"]["score"]["scaled"] == 0
    assert answered_right["result"] == {"score": {"raw": 1, "max": 1, "min": 0, "scaled": 1}, "completion": True,
                                        "success": True, "response": "false"}
    assert completed_right["result"]["score"]["scaled"] == 1 and completed_right["result"]["completion"] is True
    definition = answered_right["object"]["definition"]
    assert definition["interactionType"] == "true-false"
    assert definition["correctResponsesPattern"] == ["false"]
    assert definition["description"]["vi-VN"] == SAMPLE_QUESTION
