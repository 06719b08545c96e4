"""Content types of the tests' own, shaped like the real ones editors bring from h5p.org, Lumi, Moodle or
WordPress (the project cannot commit third-party library code, so each library here is a few lines written for
the tests, with the same folder layout, metadata and kinds of files as the real library it imitates):

- ``FontAwesome-4.5``: CSS only, with the font in woff, woff2, ttf, eot and **svg** (like the real one's
  ``fontawesome-webfont.svg``), no JavaScript, not runnable;
- ``H5P.Transition-1.0`` and ``H5P.JoubelUI-1.3`` (depends on FontAwesome and Transition): shared UI helpers,
  ``H5P.JoubelUI.createButton``;
- ``jQuery.ui-1.10``: a vendor library that carries a ``.diff`` patch and a Flash file (``downloadify.swf``),
  as the real one does;
- ``H5P.Question-1.4`` (depends on JoubelUI: FontAwesome is **three levels** below a content type):
  ``images/*.svg`` icons, ``language/vi.json`` and ``en.json``, ``semantics.json``;
- ``H5PEditor.HvsChoice-1.0``: an editor library (``editorDependencies``), never loaded by the player;
- runnable content types, each with an ``icon.svg``, ``semantics.json``, ``language/*.json``, ``preloadedJs``
  and ``preloadedCss``:
  * ``H5P.HvsChoice 1.0`` (like Multiple Choice): one correct answer among several buttons;
  * ``H5P.HvsDragWords 1.0`` (like Drag Text, on ``jQuery.ui``): put the words in order;
  * ``H5P.HvsColumn 1.0`` (like Column, a container): sub-content (``H5P.HvsText`` and two ``H5P.HvsChoice``)
    started with ``H5P.newRunnable``; the children's statements carry their ``subContentId`` and do not score,
    the column reports ``answered``/``completed`` with the total once every question is answered.

Every content type reports ``answered`` then ``completed`` with a score through H5P's xAPI API. Media files
(``content/images/*.png``, ``content/audios/*.mp3``, ``content/videos/*.mp4``, ``content/images/*.svg``) go in the
content folder. ``package(kind)`` builds the ``.h5p``; ``files(kind)`` gives its members to change one rule at a
time.
"""

from __future__ import annotations

import json

from .builders import PNG, SAMPLES, build

FONT = {  # the first bytes of each font format (enough for the magic-number checks), then padding
    "woff": b"wOFF\x00\x01\x00\x00" + b"\x00" * 40,
    "woff2": b"wOF2\x00\x01\x00\x00" + b"\x00" * 40,
    "ttf": b"\x00\x01\x00\x00\x00\x0a\x00\x80" + b"\x00" * 40,
    "eot": b"\x60\x00\x00\x00\x02\x00\x02\x00" + b"\x00" * 40,
}
SVG_FONT = b"""<?xml version="1.0" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg"><defs><font id="fontawesomeregular" horiz-adv-x="1536">
<font-face units-per-em="1792" ascent="1536" descent="-256"/><glyph unicode="&#xf00c;" d="M0 0h100v100z"/>
</font></defs></svg>
"""
ICON_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">'
            b'<circle cx="12" cy="12" r="10" fill="#1565c0"/><path d="M7 12l3 3 7-7" stroke="#fff" fill="none"/></svg>')
# An SVG in the content as an editor might bring it from a drawing tool; the script and handler are removed.
CONTENT_SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" '
               b'onload="alert(1)"><script>alert(2)</script><rect width="120" height="40" rx="6" fill="#2e7d32"/>'
               b'<text x="10" y="26" fill="#fff" font-size="16">S\xe1\xbb\xad d\xe1\xbb\xa5ng</text></svg>')

TRANSITION_JS = """var H5P = H5P || {};
H5P.Transition = (function () {
  return { onTransitionEnd: function ($el, callback) { setTimeout(callback, 0); } };
})();
"""
JOUBEL_UI_JS = """var H5P = H5P || {};
H5P.JoubelUI = (function ($) {
  return {
    createButton: function (options) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "h5p-joubelui-button " + (options["class"] || "");
      button.textContent = options.html || options.text || "";
      if (options.click) { button.addEventListener("click", options.click); }
      return $(button);
    }
  };
})(H5P.jQuery);
"""
JQUERY_UI_JS = """(function ($) {
  $.fn.hvsSortable = function () { this.addClass("hvs-sortable"); return this; };
})(H5P.jQuery);
"""
QUESTION_JS = """var H5P = H5P || {};
H5P.Question = (function () {
  function Question(type) { H5P.EventDispatcher.call(this); this.questionType = type; }
  Question.prototype = Object.create(H5P.EventDispatcher.prototype);
  Question.prototype.constructor = Question;
  /** answered with the score, then completed with the same score (what H5P question types send). */
  Question.prototype.reportScore = function (score, max) {
    var success = score === max;
    var answered = this.createXAPIEventTemplate("answered");
    answered.setScoredResult(score, max, this, true, success);
    this.trigger(answered);
    this.triggerXAPIScored(score, max, "completed", true, success);
  };
  Question.prototype.icon = function (name) {
    var img = document.createElement("img");
    img.alt = "";
    img.className = "h5p-question-icon";
    img.src = H5P.getLibraryPath("H5P.Question-1.4") + "/images/" + name + ".svg";
    return img;
  };
  return Question;
})();
"""
CHOICE_JS = """var H5P = H5P || {};
H5P.HvsChoice = (function (Question, $) {
  function HvsChoice(params, contentId, extras) {
    Question.call(this, "choice");
    this.params = params || {};
    this.contentId = contentId;
    this.score = null;
  }
  HvsChoice.prototype = Object.create(Question.prototype);
  HvsChoice.prototype.constructor = HvsChoice;
  HvsChoice.prototype.attach = function ($container) {
    var self = this;
    var box = $container.get(0);
    box.classList.add("h5p-hvs-choice");
    if (self.params.media && self.params.media.path) {
      var image = document.createElement("img");
      image.className = "h5p-hvs-choice-media";
      image.alt = self.params.media.alt || "";
      image.src = H5P.getPath(self.params.media.path, self.contentId);
      box.appendChild(image);
    }
    var question = document.createElement("p");
    question.className = "h5p-hvs-choice-question";
    question.textContent = self.params.question || "";
    box.appendChild(question);
    (self.params.answers || []).forEach(function (answer, index) {
      var button = H5P.JoubelUI.createButton({
        "class": "h5p-hvs-choice-answer", text: answer.text,
        click: function () { self.answer(index); }
      }).get(0);
      box.appendChild(button);
    });
    box.appendChild(self.icon("check"));
    // SVG shown in frames (as some content types embed illustrations): from a library or from the content.
    (self.params.frames || []).forEach(function (frame) {
      var src = frame.library ? H5P.getLibraryPath(frame.library) + "/" + frame.path
                              : H5P.getPath(frame.path, self.contentId);
      var iframe = document.createElement("iframe");
      iframe.className = "h5p-hvs-frame";
      iframe.title = frame.path;
      iframe.src = src;
      box.appendChild(iframe);
      var object = document.createElement("object");
      object.className = "h5p-hvs-object";
      object.type = "image/svg+xml";
      object.data = src;
      box.appendChild(object);
    });
  };
  HvsChoice.prototype.answer = function (index) {
    if (this.score !== null) { return; }
    var answers = this.params.answers || [];
    this.score = answers[index] && answers[index].correct ? 1 : 0;
    this.reportScore(this.score, 1);
  };
  HvsChoice.prototype.getScore = function () { return this.score || 0; };
  HvsChoice.prototype.getMaxScore = function () { return 1; };
  HvsChoice.prototype.getAnswerGiven = function () { return this.score !== null; };
  return HvsChoice;
})(H5P.Question, H5P.jQuery);
"""
DRAG_WORDS_JS = """var H5P = H5P || {};
H5P.HvsDragWords = (function (Question, $) {
  function HvsDragWords(params, contentId) {
    Question.call(this, "dragwords");
    this.params = params || {};
    this.picked = [];
  }
  HvsDragWords.prototype = Object.create(Question.prototype);
  HvsDragWords.prototype.constructor = HvsDragWords;
  HvsDragWords.prototype.attach = function ($container) {
    var self = this;
    $container.addClass("h5p-hvs-dragwords").hvsSortable();
    var words = (self.params.words || []).slice().sort();
    words.forEach(function (word) {
      var button = H5P.JoubelUI.createButton({"class": "h5p-hvs-word", text: word, click: function () {
        button.disabled = true;
        self.picked.push(word);
        if (self.picked.length === self.params.words.length) { self.finish(); }
      }}).get(0);
      $container.get(0).appendChild(button);
    });
  };
  HvsDragWords.prototype.finish = function () {
    var self = this;
    var score = self.params.words.filter(function (word, i) { return self.picked[i] === word; }).length;
    self.reportScore(score, self.params.words.length);
  };
  return HvsDragWords;
})(H5P.Question, H5P.jQuery);
"""
TEXT_JS = """var H5P = H5P || {};
H5P.HvsText = (function () {
  function HvsText(params) { this.params = params || {}; }
  HvsText.prototype.attach = function ($container) {
    var p = document.createElement("p");
    p.className = "h5p-hvs-text";
    p.textContent = this.params.text || "";
    $container.get(0).appendChild(p);
  };
  return HvsText;
})();
"""
COLUMN_JS = """var H5P = H5P || {};
H5P.HvsColumn = (function ($) {
  function HvsColumn(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.children = [];
  }
  HvsColumn.prototype = Object.create(H5P.EventDispatcher.prototype);
  HvsColumn.prototype.constructor = HvsColumn;
  HvsColumn.prototype.attach = function ($container) {
    var self = this;
    $container.addClass("h5p-hvs-column");
    (self.params.content || []).forEach(function (item) {
      var wrapper = $("<div class='h5p-hvs-column-item'></div>").appendTo($container);
      var child = H5P.newRunnable(item, self.contentId, wrapper, false, { parent: self });
      self.children.push(child);
      if (child.getMaxScore) {
        child.on("xAPI", function (event) {
          if (event.getVerb() === "answered") { self.childAnswered(); }
        });
      }
    });
  };
  HvsColumn.prototype.childAnswered = function () {
    var questions = this.children.filter(function (c) { return c.getMaxScore; });
    if (this.reported || !questions.every(function (c) { return c.getAnswerGiven(); })) { return; }
    this.reported = true;
    var score = 0, max = 0;
    questions.forEach(function (c) { score += c.getScore(); max += c.getMaxScore(); });
    var answered = this.createXAPIEventTemplate("answered");
    answered.setScoredResult(score, max, this, true, score === max);
    this.trigger(answered);
    this.triggerXAPIScored(score, max, "completed", true, score === max);
  };
  return HvsColumn;
})(H5P.jQuery);
"""


def dep(name: str, major: int, minor: int) -> dict:
    return {"machineName": name, "majorVersion": major, "minorVersion": minor}


def _library(name, major, minor, patch=0, *, runnable=0, js=(), css=(), deps=(), editor_deps=(), **extra) -> dict:
    data = {
        "title": name, "machineName": name, "majorVersion": major, "minorVersion": minor, "patchVersion": patch,
        "runnable": runnable, "license": "MIT", "author": "Học vụ số tests", "coreApi": {"majorVersion": 1, "minorVersion": 24},
        "preloadedJs": [{"path": p} for p in js], "preloadedCss": [{"path": p} for p in css],
        "preloadedDependencies": [dep(*d) for d in deps],
    }
    if editor_deps:
        data["editorDependencies"] = [dep(*d) for d in editor_deps]
    data.update(extra)
    return data


def _folder(name, major, minor, metadata: dict, members: dict[str, bytes]) -> dict[str, bytes]:
    folder = f"{name}-{major}.{minor}"
    out = {f"{folder}/library.json": json.dumps(metadata, ensure_ascii=False, indent=2).encode()}
    out.update({f"{folder}/{path}": data for path, data in members.items()})
    return out


def _semantics(*names: str) -> bytes:
    return json.dumps([{"name": n, "type": "text", "label": n} for n in names]).encode()


def _languages(**strings) -> dict[str, bytes]:
    return {
        "language/vi.json": json.dumps({"semantics": [{"label": v} for v in strings.values()]}, ensure_ascii=False).encode(),
        "language/en.json": json.dumps({"semantics": [{"label": k} for k in strings]}).encode(),
        "language/.en.json": b"editor backup, skipped",  # dot files are skipped, as H5P core skips them
    }


def shared_libraries() -> dict[str, bytes]:
    """The libraries every content type here stands on (FontAwesome, Transition, JoubelUI, jQuery.ui, Question,
    and the editor library)."""
    files: dict[str, bytes] = {}
    files |= _folder("FontAwesome", 4, 5, _library("FontAwesome", 4, 5, css=["h5p-font-awesome.min.css"]), {
        "h5p-font-awesome.min.css": (
            b"@font-face{font-family:'H5PFontAwesome4';src:url(fontawesome-webfont.eot);"
            b"src:url(fontawesome-webfont.woff2) format('woff2'),url(fontawesome-webfont.woff) format('woff'),"
            b"url(fontawesome-webfont.ttf) format('truetype'),url(fontawesome-webfont.svg#fontawesomeregular) "
            b"format('svg')}\n"),
        **{f"fontawesome-webfont.{ext}": data for ext, data in FONT.items()},
        "fontawesome-webfont.svg": SVG_FONT,
    })
    files |= _folder("H5P.Transition", 1, 0, _library("H5P.Transition", 1, 0, js=["transition.js"]),
                     {"transition.js": TRANSITION_JS.encode()})
    files |= _folder("H5P.JoubelUI", 1, 3, _library(
        "H5P.JoubelUI", 1, 3, js=["js/joubel-ui.js"], css=["css/joubel-ui.css"],
        deps=[("FontAwesome", 4, 5), ("H5P.Transition", 1, 0)]), {
        "js/joubel-ui.js": JOUBEL_UI_JS.encode(),
        "css/joubel-ui.css": b".h5p-joubelui-button{min-height:44px;min-width:44px;margin:.25rem;font-size:1rem}\n",
        "images/close.svg": ICON_SVG,
    })
    files |= _folder("jQuery.ui", 1, 10, _library("jQuery.ui", 1, 10, js=["h5p-jquery-ui.js"], css=["h5p-jquery-ui.css"]), {
        "h5p-jquery-ui.js": JQUERY_UI_JS.encode(),
        "h5p-jquery-ui.css": b".hvs-sortable{touch-action:none}\n",
        "jquery-ui.diff": b"--- a/jquery-ui.js\n+++ b/jquery-ui.js\n@@ -1 +1 @@\n-var a;\n+var b;\n",
        "downloadify/media/downloadify.swf": b"CWS\x0a" + b"\x00" * 28,
        "README.md": b"# jQuery UI for H5P\n",
    })
    files |= _folder("H5P.Question", 1, 4, _library(
        "H5P.Question", 1, 4, js=["scripts/question.js"], css=["styles/question.css"],
        deps=[("H5P.JoubelUI", 1, 3)]), {
        "scripts/question.js": QUESTION_JS.encode(),
        "styles/question.css": b".h5p-question-icon{width:24px;height:24px}\n",
        "images/check.svg": ICON_SVG,
        "images/wrong.svg": ICON_SVG.replace(b"#1565c0", b"#c62828"),
        "semantics.json": _semantics("questionText"),
        **_languages(check="Kiểm tra", retry="Làm lại"),
    })
    files |= _folder("H5PEditor.HvsChoice", 1, 0, _library(
        "H5PEditor.HvsChoice", 1, 0, js=["h5peditor-hvs-choice.js"], css=["h5peditor-hvs-choice.css"]), {
        "h5peditor-hvs-choice.js": b"var H5PEditor = H5PEditor || {};\nH5PEditor.HvsChoice = function () {};\n",
        "h5peditor-hvs-choice.css": b".h5peditor-hvs-choice{display:block}\n",
        **_languages(answers="Các phương án"),
    })
    return files


def _content_type(name, js_name, js, css, deps, *, editor=False) -> dict[str, bytes]:
    metadata = _library(name, 1, 0, runnable=1, js=[f"js/{js_name}"], css=[f"css/{css[0]}"], deps=deps,
                        editor_deps=[("H5PEditor.HvsChoice", 1, 0)] if editor else (),
                        embedTypes=["iframe"], fullscreen=0)
    return _folder(name, 1, 0, metadata, {
        f"js/{js_name}": js.encode(),
        f"css/{css[0]}": css[1],
        "icon.svg": ICON_SVG,
        "semantics.json": _semantics("question"),
        **_languages(question="Câu hỏi"),
    })


def choice_library() -> dict[str, bytes]:
    return _content_type("H5P.HvsChoice", "choice.js", CHOICE_JS,
                         ("choice.css", b".h5p-hvs-choice-answer{display:block;width:100%}\n"
                                        b".h5p-hvs-choice-media{max-width:100%}\n"),
                         [("H5P.Question", 1, 4), ("H5P.JoubelUI", 1, 3)], editor=True)


def h5p_json(title: str, main: str, deps) -> bytes:
    return json.dumps({
        "title": title, "language": "vi", "mainLibrary": main, "embedTypes": ["iframe"], "license": "CC BY-SA",
        "licenseVersion": "4.0", "authors": [{"name": "Học vụ số", "role": "Author"}],
        "preloadedDependencies": [dep(*d) for d in deps],
    }, ensure_ascii=False).encode()


CHOICE_CONTENT = {
    "question": "Tin nhắn báo trúng thưởng và yêu cầu bấm vào đường link lạ là gì?",
    "answers": [{"text": "Tin nhắn lừa đảo", "correct": True}, {"text": "Quà tặng thật", "correct": False},
                {"text": "Thông báo của ngân hàng", "correct": False}],
    "media": {"path": "images/sms.png", "alt": "Ảnh chụp tin nhắn"},
}
CORRECT_ANSWER = "Tin nhắn lừa đảo"
WORDS = ["Không", "bấm", "link", "lạ"]
COLUMN_QUESTIONS = [
    {"question": "Có nên cho người lạ mượn điện thoại để “gọi nhờ”?", "answers": [
        {"text": "Không nên", "correct": True}, {"text": "Nên", "correct": False}]},
    {"question": "Mật khẩu tốt nhất là gì?", "answers": [
        {"text": "Cụm từ dài, khó đoán", "correct": True}, {"text": "Ngày sinh", "correct": False}]},
]


def files(kind: str) -> dict[str, bytes]:
    """The package members of one content type: ``choice``, ``dragwords`` or ``column``."""
    out = shared_libraries()
    media = {
        "content/images/sms.png": PNG,
        "content/audios/nhac-nen.mp3": SAMPLES["mp3"],
        "content/videos/huong-dan.mp4": SAMPLES["mp4"],
        "content/images/nhan.svg": CONTENT_SVG,
    }
    if kind == "choice":
        out |= choice_library()
        out["h5p.json"] = h5p_json("Nhận diện tin nhắn lừa đảo", "H5P.HvsChoice", [
            ("H5P.HvsChoice", 1, 0), ("H5P.Question", 1, 4), ("H5P.JoubelUI", 1, 3), ("FontAwesome", 4, 5),
            ("H5P.Transition", 1, 0)])
        out["content/content.json"] = json.dumps(CHOICE_CONTENT, ensure_ascii=False).encode()
        out |= media
    elif kind == "dragwords":
        out |= _content_type("H5P.HvsDragWords", "dragwords.js", DRAG_WORDS_JS,
                             ("dragwords.css", b".h5p-hvs-word{min-height:44px}\n"),
                             [("H5P.Question", 1, 4), ("jQuery.ui", 1, 10)])
        out["h5p.json"] = h5p_json("Sắp xếp lời khuyên", "H5P.HvsDragWords", [
            ("H5P.HvsDragWords", 1, 0), ("jQuery.ui", 1, 10)])
        out["content/content.json"] = json.dumps({"words": WORDS}, ensure_ascii=False).encode()
        out["content/audios/nhac-nen.mp3"] = SAMPLES["mp3"]
    elif kind == "column":
        out |= choice_library()
        out |= _folder("H5P.HvsText", 1, 0, _library("H5P.HvsText", 1, 0, runnable=1, js=["text.js"]),
                       {"text.js": TEXT_JS.encode(), "icon.svg": ICON_SVG})
        out |= _content_type("H5P.HvsColumn", "column.js", COLUMN_JS,
                             ("column.css", b".h5p-hvs-column-item{margin-bottom:1rem}\n"),
                             [("H5P.HvsChoice", 1, 0), ("H5P.HvsText", 1, 0)])
        out["h5p.json"] = h5p_json("Bài ôn an toàn số", "H5P.HvsColumn", [("H5P.HvsColumn", 1, 0)])
        content = [{"library": "H5P.HvsText 1.0", "params": {"text": "Trả lời hai câu hỏi dưới đây."},
                    "subContentId": "5b1a2c3d-0000-4000-8000-000000000001"}]
        content += [{"library": "H5P.HvsChoice 1.0", "params": q,
                     "subContentId": f"5b1a2c3d-0000-4000-8000-00000000001{i}"} for i, q in enumerate(COLUMN_QUESTIONS)]
        out["content/content.json"] = json.dumps({"content": content}, ensure_ascii=False).encode()
        out |= media
    else:
        raise ValueError(kind)
    return out


KINDS = ("choice", "dragwords", "column")

# A hostile SVG: script, onload, a javascript: link and an event handler on a shape. Each would request
# ``/pwned-…`` on this server (and the script shows a dialog) if it ever ran.
EVIL_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="150"
 onload="fetch('/pwned-onload')">
<script>fetch('/pwned-script'); alert('pwned');</script>
<a xlink:href="javascript:fetch('/pwned-link')" href="javascript:fetch('/pwned-link')">
<rect id="target" width="300" height="150" fill="#c62828" onmouseover="fetch('/pwned-hover')"/></a>
</svg>"""


def evil_files() -> dict[str, bytes]:
    """The choice package with the hostile SVG in its content (cleaned on upload) and in a library (kept, served
    sandboxed), both shown in frames while the activity plays."""
    out = files("choice")
    out["H5P.HvsChoice-1.0/images/evil.svg"] = EVIL_SVG
    out["content/images/evil.svg"] = EVIL_SVG
    content = dict(CHOICE_CONTENT, frames=[{"library": "H5P.HvsChoice-1.0", "path": "images/evil.svg"},
                                           {"path": "images/evil.svg"}])
    out["content/content.json"] = json.dumps(content, ensure_ascii=False).encode()
    return out


def package(kind: str) -> bytes:
    return build(files(kind))
