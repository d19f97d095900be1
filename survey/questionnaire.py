"""The questionnaire as plain Python objects, read from a SurveyPage's StreamField.

Answers are keyed by each question block's stable id, so reordering questions or editing
help text never moves an answer to another question.
"""

from dataclasses import dataclass, field

from survey.blocks import AGREEMENT_SCALE

SINGLE = "single_choice"
MULTIPLE = "multiple_choice"
SCALE = "agreement_scale"
NUMBER = "number"
TEXT = "free_text"
CHARTED = {SINGLE, MULTIPLE, SCALE}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = True
    choices: tuple = ()
    breakdown: bool = False
    min_value: int | None = None
    max_value: int | None = None

    @property
    def options(self):
        """(stored value, label) pairs for choice and scale questions."""
        if self.kind == SCALE:
            return tuple(AGREEMENT_SCALE)
        return tuple((choice, choice) for choice in self.choices)

    @property
    def charted(self):
        return self.kind in CHARTED

    def display(self, value):
        """An answer as words, for the check-your-answers page, receipts and exports."""
        if value in (None, "", []):
            return ""
        if self.kind == MULTIPLE:
            return "; ".join(value)
        if self.kind == SCALE:
            return dict(AGREEMENT_SCALE).get(int(value), str(value))
        return str(value)

    def locked_shape(self):
        """What must not change once answers exist: changing it would mislabel them."""
        return (self.kind, self.label, self.choices, self.min_value, self.max_value)


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    intro: str
    questions: list = field(default_factory=list)


def read_sections(stream):
    sections = []
    for child in stream:
        questions = []
        for block in child.value["questions"]:
            value = block.value
            questions.append(
                Question(
                    id=str(block.id),
                    kind=block.block_type,
                    label=value["question"],
                    help_text=value.get("help_text") or "",
                    required=bool(value.get("required")),
                    choices=tuple(value.get("choices") or ()),
                    breakdown=bool(value.get("breakdown")),
                    min_value=value.get("min_value"),
                    max_value=value.get("max_value"),
                )
            )
        sections.append(
            Section(
                number=len(sections) + 1,
                title=child.value["title"],
                intro=child.value.get("intro") or "",
                questions=questions,
            )
        )
    return sections


def locked_shapes(stream):
    return {
        question.id: question.locked_shape()
        for section in read_sections(stream)
        for question in section.questions
    }
