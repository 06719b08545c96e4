/* H5P.HocVuSoTrueFalse 1.0: Học vụ số's own H5P content type, one true/false question.
 *
 * Parameters (content/content.json):
 *   question  (string, plain text)          the statement the learner judges
 *   correct   ("true" | "false" | boolean)   the right answer
 *   feedbackCorrect, feedbackWrong (string)  optional feedback
 *   l10n      {trueText, falseText, checkAnswer, retry, correct, wrong, score}  labels, Vietnamese by default
 *
 * On "Kiểm tra" it emits xAPI "answered" (interactionType true-false, the learner's response, score 0/1) and then
 * "completed" with the same score, through H5P's EventDispatcher (createXAPIEventTemplate / setScoredResult),
 * so the host page's H5P.externalDispatcher sees both. It follows H5P's question contract (getScore,
 * getMaxScore, showSolutions, resetTask, getAnswerGiven, getXAPIData). No dependency, no network; text only (textContent, never markup).
 */
var H5P = H5P || {};

H5P.HocVuSoTrueFalse = (function () {
  "use strict";

  var DEFAULT_L10N = {
    trueText: "Đúng",
    falseText: "Sai",
    checkAnswer: "Kiểm tra",
    retry: "Làm lại",
    correct: "Chính xác!",
    wrong: "Chưa đúng.",
    score: "Điểm: @score/@total",
    legend: "Chọn Đúng hoặc Sai"
  };

  function toBool(value) {
    return value === true || value === "true" || value === 1 || value === "1";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /**
   * @param {object} params content.json
   * @param {number|string} contentId
   * @param {object} [extras] metadata, previousState
   */
  function HocVuSoTrueFalse(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    params = params || {};
    this.params = params;
    this.contentId = contentId;
    this.extras = extras || {};
    this.l10n = {};
    var l10n = params.l10n || {};
    for (var key in DEFAULT_L10N) {
      if (Object.prototype.hasOwnProperty.call(DEFAULT_L10N, key)) {
        this.l10n[key] = typeof l10n[key] === "string" && l10n[key] ? l10n[key] : DEFAULT_L10N[key];
      }
    }
    this.question = typeof params.question === "string" ? params.question : "";
    this.correct = toBool(params.correct);
    this.answer = null;     // null, true or false: the current choice
    this.checked = false;   // "Kiểm tra" pressed
    this.score = 0;
  }

  HocVuSoTrueFalse.prototype = Object.create(H5P.EventDispatcher.prototype);
  HocVuSoTrueFalse.prototype.constructor = HocVuSoTrueFalse;

  HocVuSoTrueFalse.prototype.attach = function ($container) {
    var self = this;
    var box = $container && $container.get ? $container.get(0) : $container;
    box.classList.add("hvs-tf");
    while (box.firstChild) { box.removeChild(box.firstChild); }

    var questionId = "hvs-tf-q-" + String(self.contentId).replace(/[^A-Za-z0-9_-]/g, "");
    var question = el("p", "hvs-tf-question", self.question);
    question.id = questionId;
    box.appendChild(question);

    var options = el("fieldset", "hvs-tf-options");
    options.setAttribute("aria-describedby", questionId);
    options.appendChild(el("legend", "", self.l10n.legend));
    self.buttons = {};
    [[true, self.l10n.trueText, "hvs-tf-true"], [false, self.l10n.falseText, "hvs-tf-false"]].forEach(function (o) {
      var button = el("button", "hvs-tf-option " + o[2], o[1]);
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("data-answer", String(o[0]));
      button.addEventListener("click", function () { self.choose(o[0]); });
      self.buttons[String(o[0])] = button;
      options.appendChild(button);
    });
    box.appendChild(options);

    var actions = el("div", "hvs-tf-actions");
    self.checkButton = el("button", "hvs-tf-check", self.l10n.checkAnswer);
    self.checkButton.type = "button";
    self.checkButton.disabled = true;
    self.checkButton.addEventListener("click", function () { self.check(); });
    self.retryButton = el("button", "hvs-tf-retry", self.l10n.retry);
    self.retryButton.type = "button";
    self.retryButton.hidden = true;
    self.retryButton.addEventListener("click", function () { self.resetTask(); });
    actions.appendChild(self.checkButton);
    actions.appendChild(self.retryButton);
    box.appendChild(actions);

    self.feedback = el("p", "hvs-tf-feedback");
    self.feedback.setAttribute("role", "status");
    self.feedback.setAttribute("aria-live", "polite");
    box.appendChild(self.feedback);
    self.render();
  };

  HocVuSoTrueFalse.prototype.choose = function (value) {
    if (this.checked) { return; }
    this.answer = value;
    this.render();
    this.triggerXAPI("interacted");
  };

  HocVuSoTrueFalse.prototype.check = function () {
    if (this.answer === null || this.checked) { return; }
    this.checked = true;
    var success = this.answer === this.correct;
    this.score = success ? 1 : 0;
    this.render();

    var answered = this.createXAPIEventTemplate("answered");
    this.addQuestionToXAPI(answered);
    answered.setScoredResult(this.score, this.getMaxScore(), this, true, success);
    answered.data.statement.result.response = String(this.answer);
    this.trigger(answered);

    this.triggerXAPIScored(this.score, this.getMaxScore(), "completed", true, success);
  };

  /** The xAPI object definition of an H5P question (interactionType "true-false"). */
  HocVuSoTrueFalse.prototype.addQuestionToXAPI = function (event) {
    var definition = event.getVerifiedStatementValue(["object", "definition"]);
    if (!definition) { return; }
    definition.description = { "vi-VN": this.question, "en-US": this.question };
    definition.type = "http://adlnet.gov/expapi/activities/cmi.interaction";
    definition.interactionType = "true-false";
    definition.correctResponsesPattern = [String(this.correct)];
  };

  HocVuSoTrueFalse.prototype.render = function () {
    if (!this.checkButton) { return; }
    var self = this;
    Object.keys(self.buttons).forEach(function (key) {
      var button = self.buttons[key];
      var chosen = self.answer !== null && String(self.answer) === key;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.disabled = self.checked;
      button.classList.toggle("hvs-tf-correct", self.checked && key === String(self.correct));
      button.classList.toggle("hvs-tf-wrong", self.checked && chosen && key !== String(self.correct));
    });
    self.checkButton.disabled = self.answer === null || self.checked;
    self.checkButton.hidden = self.checked;
    self.retryButton.hidden = !self.checked;
    self.feedback.classList.remove("hvs-tf-correct", "hvs-tf-wrong");
    if (self.checked) {
      var success = self.score === self.getMaxScore();
      var extra = success ? self.params.feedbackCorrect : self.params.feedbackWrong;
      self.feedback.classList.add(success ? "hvs-tf-correct" : "hvs-tf-wrong");
      self.feedback.textContent = (success ? self.l10n.correct : self.l10n.wrong) + " " +
        self.l10n.score.replace("@score", self.score).replace("@total", self.getMaxScore()) +
        (typeof extra === "string" && extra ? " " + extra : "");
    } else {
      self.feedback.textContent = "";
    }
    self.trigger("resize");
  };

  // H5P's question contract.
  HocVuSoTrueFalse.prototype.getScore = function () { return this.score; };
  HocVuSoTrueFalse.prototype.getMaxScore = function () { return 1; };
  HocVuSoTrueFalse.prototype.getAnswerGiven = function () { return this.answer !== null; };
  HocVuSoTrueFalse.prototype.showSolutions = function () {
    this.answer = this.correct;
    this.checked = true;
    this.score = 0;
    this.render();
  };
  HocVuSoTrueFalse.prototype.resetTask = function () {
    this.answer = null;
    this.checked = false;
    this.score = 0;
    this.render();
  };
  HocVuSoTrueFalse.prototype.getXAPIData = function () {
    var event = this.createXAPIEventTemplate("answered");
    this.addQuestionToXAPI(event);
    event.setScoredResult(this.score, this.getMaxScore(), this, true, this.score === this.getMaxScore());
    if (this.answer !== null) { event.data.statement.result.response = String(this.answer); }
    return { statement: event.data.statement };
  };
  HocVuSoTrueFalse.prototype.getTitle = function () {
    var title = this.extras.metadata && this.extras.metadata.title;
    return H5P.createTitle ? H5P.createTitle(title || this.question) : (title || this.question);
  };

  return HocVuSoTrueFalse;
})();
