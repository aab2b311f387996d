"""Multi-page questions, the GOV.UK "question pages" pattern, in one small shared shape.

A journey (say, referring a family) is an ordered list of `Question`s, one form each, asked one
page at a time. `Journey` keeps the answers in the session under the journey's own key, as the
raw values the person typed (so a page shown again holds exactly what they typed, and nothing
but the session holds it: no personal data goes into a URL). It works out:

- which questions apply (a question may depend on earlier answers, e.g. "which family" only when
  the family is already registered), and which page comes next or back;
- "check your answers": the cleaned answers of every question that applies, or the first
  question still to answer (a missing answer, or one no longer valid, is asked again);
- change links: a question page opened from check answers (`?change=1`) goes back there once
  saved, unless the new answer opens a question not yet answered, which is asked first.

A view asks one question with `question_page(...)`; the check-answers view calls
`journey.incomplete()` and `journey.answers()`, and `journey.clear()` once the answers are used.
Starting the journey afresh (`journey.clear()` on its start page) drops any old answers.

Why not django-formtools' SessionWizardView: its steps are reached through one URL and a hidden
"current step" field, so the browser's back button, change links that come back to check
answers, and a page per question with its own address need working around; this is those three
things and nothing else.
"""

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

Answers = dict[str, dict[str, Any]]
CHANGING = "change"


def always(_answers: Answers) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    """One page: its slug (the last part of its URL), its form and its heading.

    `applies` is given the cleaned answers to the questions before it and says whether this one is
    asked; a question that does not apply is skipped and its answer is ignored."""

    slug: str
    form_class: type[forms.BaseForm]
    title: str
    applies: Callable[[Answers], bool] = field(default=always)


class Journey:
    """The answers to one journey's questions, kept in the session under `key`.

    `question_url(slug)` and `check_url` say where each page is; `start_url` is where the back
    link of the first question goes. `form_kwargs` gives extra arguments to a question's form (by
    slug), e.g. the service whose own questions a page asks."""

    def __init__(
        self,
        session: MutableMapping[str, Any],
        key: str,
        questions: Sequence[Question],
        *,
        question_url: Callable[[str], str],
        check_url: str,
        start_url: str,
        form_kwargs: Mapping[str, dict] | None = None,
    ) -> None:
        self.session = session
        self.key = f"questions:{key}"
        self.questions = list(questions)
        self.question_url = question_url
        self.check_url = check_url
        self.start_url = start_url
        self.form_kwargs = form_kwargs or {}

    # Stored answers ---------------------------------------------------------------------

    def _saved(self) -> dict[str, dict[str, list[str]]]:
        return self.session.get(self.key, {})

    def question(self, slug: str) -> Question | None:
        return next((question for question in self.questions if question.slug == slug), None)

    def form(self, slug: str, data: QueryDict | None = None) -> forms.BaseForm:
        """The question's form: bound to `data` (a POST), else to the saved answer, else empty."""
        question = self.question(slug)
        if question is None:
            raise KeyError(slug)
        kwargs = self.form_kwargs.get(slug, {})
        if data is None and slug in self._saved():
            data = as_query_dict(self._saved()[slug])
        return question.form_class(data, **kwargs)

    def save(self, slug: str, data: QueryDict) -> None:
        """Keep what was typed on a question page (not the CSRF token)."""
        saved = self._saved()
        saved[slug] = {name: data.getlist(name) for name in data if name != "csrfmiddlewaretoken"}
        self.session[self.key] = saved

    def saved_answers(self) -> dict[str, dict[str, list[str]]]:
        """What was typed, as stored (plain strings): to hold the answers somewhere else."""
        return dict(self._saved())

    def restore(self, saved: Mapping[str, Mapping[str, list[str]]]) -> None:
        """Put back answers kept with `saved_answers()`."""
        self.session[self.key] = {slug: dict(values) for slug, values in saved.items()}

    def clear(self) -> None:
        self.session.pop(self.key, None)

    @property
    def started(self) -> bool:
        return bool(self._saved())

    # Working out the journey --------------------------------------------------------------

    def _walk(self) -> tuple[Answers, Question | None]:
        """The cleaned answers of the questions that apply, in order, up to the first that
        applies but has no valid answer (returned as the second item, or None when complete)."""
        answers: Answers = {}
        for question in self.questions:
            if not question.applies(answers):
                continue
            if question.slug not in self._saved():
                return answers, question
            form = self.form(question.slug)
            if not form.is_valid():
                return answers, question
            answers[question.slug] = form.cleaned_data
        return answers, None

    def answers(self) -> Answers:
        """Cleaned answers to every question that applies (check `incomplete()` first)."""
        return self._walk()[0]

    def incomplete(self) -> Question | None:
        """The first question that applies and still needs an answer; None when all are done."""
        return self._walk()[1]

    def applicable(self, answers: Answers) -> list[Question]:
        """The questions that apply, given the answers so far (later ones see earlier answers)."""
        asked: list[Question] = []
        known: Answers = {}
        for question in self.questions:
            if question.applies(known):
                asked.append(question)
                if question.slug in answers:
                    known[question.slug] = answers[question.slug]
        return asked

    def next_url(self, slug: str, *, changing: bool = False) -> str:
        """Where to go once a question is answered: the next question, or check answers (a
        change goes straight back there unless a newly opened question needs an answer)."""
        answers, missing = self._walk()
        if changing:
            if missing is None:
                return self.check_url
            return self.url(missing.slug, changing=True)
        asked = [question.slug for question in self.applicable(answers)]
        position = asked.index(slug) if slug in asked else -1
        if position + 1 < len(asked):
            return self.url(asked[position + 1])
        return self.check_url if missing is None else self.url(missing.slug)

    def back_url(self, slug: str, *, changing: bool = False) -> str:
        """The page before a question: check answers when changing, else the question before."""
        if changing:
            return self.check_url
        asked = [question.slug for question in self.applicable(self.answers())]
        position = asked.index(slug) if slug in asked else 0
        return self.url(asked[position - 1]) if position > 0 else self.start_url

    def last_question_url(self) -> str:
        """The back link of check answers: the last question that applies."""
        return self.url(self.applicable(self.answers())[-1].slug)

    def redirect_if_out_of_order(self, slug: str, *, changing: bool = False) -> str | None:
        """Where to send someone who opened a question that does not apply to their answers, or
        one past a question still unanswered (a later form may rely on the earlier answer)."""
        answers, missing = self._walk()
        asked = [question.slug for question in self.applicable(answers)]
        if slug not in asked:
            return self.check_url if missing is None else self.url(missing.slug, changing=changing)
        if missing is not None and asked.index(slug) > asked.index(missing.slug):
            return self.url(missing.slug, changing=changing)
        return None

    def url(self, slug: str, *, changing: bool = False) -> str:
        return self.question_url(slug) + (f"?{CHANGING}=1" if changing else "")

    def change_url(self, slug: str) -> str:
        """The "Change" link on check answers: the question, coming back to check answers."""
        return self.url(slug, changing=True)


def as_query_dict(saved: Mapping[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in saved.items():
        data.setlist(name, values)
    return data


def is_changing(request: HttpRequest) -> bool:
    return request.GET.get(CHANGING) == "1"


def question_page(
    request: HttpRequest,
    journey: Journey,
    slug: str,
    *,
    template_name: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Ask one question: show it (with any saved answer), or save a valid answer and go on.

    An invalid answer is shown again with its errors and everything typed kept. The template gets
    `form`, `question`, `back_url`, `changing` and the given context."""
    question = journey.question(slug)
    if question is None:
        raise Http404
    changing = is_changing(request)
    if (skipped_to := journey.redirect_if_out_of_order(slug, changing=changing)) is not None:
        return redirect(skipped_to)
    if request.method == "POST":
        form = journey.form(slug, request.POST)
        if form.is_valid():
            journey.save(slug, request.POST)
            return redirect(journey.next_url(slug, changing=changing))
    else:
        form = journey.form(slug)
    return render(
        request,
        template_name,
        {
            "form": form,
            "question": question,
            "title": question.title,
            "back_url": journey.back_url(slug, changing=changing),
            "changing": changing,
            **(context or {}),
        },
    )
