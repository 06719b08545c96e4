"""The figures of the question set (``tests/assistant/questions.yaml``): recall@3 and off-topic refusals.

``ask(question, language)`` returns ``(answered, lesson slugs in rank order)``. A question counts as found when
it was answered (not "no answer") and its lesson is among the first three lessons; an off-topic question counts
when it got "no answer". Used by ``tests/assistant/test_quality.py`` (over the demo YAML) and by
``bench/assistant.py`` (over the demo loaded in a database, through ``services.answer_question``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .analysis import has_diacritics


@dataclass
class Figures:
    found: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    off_topic: int = 0
    off_topic_answered: list[str] = field(default_factory=list)

    def recall(self, group: str = "all") -> float:
        if group == "all":
            return sum(self.found[g] for g in ("vi", "en")) / max(1, sum(self.asked[g] for g in ("vi", "en")))
        return self.found.get(group, 0) / max(1, self.asked.get(group, 0))

    def lines(self) -> list[str]:
        return [
            f"questions: {self.asked['vi']} Vietnamese ({self.asked['vi_marks']} with diacritics, "
            f"{self.asked['vi_plain']} without), {self.asked['en']} English, {self.off_topic} off-topic",
            f"recall@3 all {self.recall():.3f} (goal >= 0.9) | vi {self.recall('vi'):.3f} "
            f"(with diacritics {self.recall('vi_marks'):.3f}, without {self.recall('vi_plain'):.3f}) | "
            f"en {self.recall('en'):.3f}",
            f"off-topic answered 'no answer': {self.off_topic - len(self.off_topic_answered)}/{self.off_topic} (goal: all)",
        ]


def evaluate(questions: dict, ask: Callable[[str, str], tuple[bool, list[str]]]) -> Figures:
    figures = Figures(found={k: 0 for k in ("vi", "en", "vi_marks", "vi_plain")},
                      asked={k: 0 for k in ("vi", "en", "vi_marks", "vi_plain")})
    for language in ("vi", "en"):
        for item in questions[language]:
            answered, lessons = ask(item["q"], language)
            hit = answered and item["lesson"] in lessons[:3]
            groups = [language]
            if language == "vi":
                groups.append("vi_marks" if has_diacritics(item["q"]) else "vi_plain")
            for group in groups:
                figures.asked[group] += 1
                figures.found[group] += hit
            if not hit:
                figures.misses.append(f"{item['q']} → {lessons[:3]} (expected {item['lesson']})")
    for item in questions["off_topic"]:
        figures.off_topic += 1
        answered, _lessons = ask(item["q"], item["lang"])
        if answered:
            figures.off_topic_answered.append(item["q"])
    return figures
