"""The shared question-pages pattern: answers kept in the session, next and back pages, questions
that depend on earlier answers, check answers and change links that come back to it."""

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.http import QueryDict
from django.test import RequestFactory

from core.questions import Journey, Question, question_page


class NameForm(forms.Form):
    name = forms.CharField(label="Your name")


class HasChildForm(forms.Form):
    has_child = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)


class ChildNameForm(forms.Form):
    child_name = forms.CharField(label="Your child's name")


class ColourForm(forms.Form):
    colour = forms.CharField()

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean_colour(self) -> str:
        if self.allowed and self.cleaned_data["colour"] not in self.allowed:
            raise forms.ValidationError("Choose a colour we have")
        return self.cleaned_data["colour"]


QUESTIONS = [
    Question("name", NameForm, "What is your name?"),
    Question("has-child", HasChildForm, "Do you have a child?"),
    Question(
        "child-name",
        ChildNameForm,
        "What is your child's name?",
        applies=lambda answers: answers.get("has-child", {}).get("has_child") == "yes",
    ),
    Question("colour", ColourForm, "Favourite colour?"),
]


def journey(session=None, **kwargs) -> Journey:
    return Journey(
        session if session is not None else SessionStore(),
        "test",
        QUESTIONS,
        question_url=lambda slug: f"/q/{slug}/",
        check_url="/q/check/",
        start_url="/start/",
        **kwargs,
    )


def posted(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data[name] = value
    data["csrfmiddlewaretoken"] = "token"
    return data


def answer_all(steps: Journey, has_child: str = "no") -> None:
    steps.save("name", posted(name="Amina"))
    steps.save("has-child", posted(has_child=has_child))
    if has_child == "yes":
        steps.save("child-name", posted(child_name="Zara"))
    steps.save("colour", posted(colour="green"))


def test_answers_are_kept_in_the_session_without_the_csrf_token():
    session = SessionStore()
    steps = journey(session)
    steps.save("name", posted(name="Amina"))
    assert session["questions:test"] == {"name": {"name": ["Amina"]}}
    assert journey(session).form("name").data["name"] == "Amina"


def test_a_question_that_does_not_apply_is_skipped_going_forward_and_back():
    steps = journey()
    steps.save("name", posted(name="Amina"))
    steps.save("has-child", posted(has_child="no"))
    assert steps.next_url("has-child") == "/q/colour/"
    assert steps.back_url("colour") == "/q/has-child/"


def test_a_question_opened_by_an_answer_is_asked_next():
    steps = journey()
    steps.save("name", posted(name="Amina"))
    steps.save("has-child", posted(has_child="yes"))
    assert steps.next_url("has-child") == "/q/child-name/"
    assert steps.back_url("child-name") == "/q/has-child/"


def test_the_first_question_goes_back_to_the_start_page():
    assert journey().back_url("name") == "/start/"


def test_check_answers_lists_only_the_questions_that_apply():
    steps = journey()
    answer_all(steps, has_child="yes")
    steps.save("has-child", posted(has_child="no"))
    assert steps.incomplete() is None
    assert list(steps.answers()) == ["name", "has-child", "colour"]
    assert steps.answers()["name"] == {"name": "Amina"}


def test_an_unanswered_question_is_the_one_still_to_do():
    steps = journey()
    steps.save("name", posted(name="Amina"))
    assert steps.incomplete().slug == "has-child"
    assert steps.next_url("name") == "/q/has-child/"


def test_an_answer_that_is_no_longer_valid_is_asked_again():
    session = SessionStore()
    answer_all(journey(session))
    strict = journey(session, form_kwargs={"colour": {"allowed": ("red",)}})
    assert strict.incomplete().slug == "colour"


def test_a_change_returns_to_check_answers():
    steps = journey()
    answer_all(steps)
    steps.save("name", posted(name="Amina Khan"))
    assert steps.next_url("name", changing=True) == "/q/check/"
    assert steps.back_url("name", changing=True) == "/q/check/"
    assert steps.change_url("name") == "/q/name/?change=1"


def test_a_change_that_opens_a_new_question_asks_it_before_check_answers():
    steps = journey()
    answer_all(steps, has_child="no")
    steps.save("has-child", posted(has_child="yes"))
    assert steps.next_url("has-child", changing=True) == "/q/child-name/?change=1"
    steps.save("child-name", posted(child_name="Zara"))
    assert steps.next_url("child-name", changing=True) == "/q/check/"


def test_starting_afresh_forgets_old_answers():
    session = SessionStore()
    answer_all(journey(session))
    journey(session).clear()
    assert journey(session).incomplete().slug == "name"
    assert "questions:test" not in session


def test_a_question_past_an_unanswered_one_sends_the_person_back_to_it():
    steps = journey()
    steps.save("name", posted(name="Amina"))
    assert steps.redirect_if_out_of_order("colour") == "/q/has-child/"
    assert steps.redirect_if_out_of_order("has-child") is None


def test_a_question_that_does_not_apply_is_not_shown():
    steps = journey()
    answer_all(steps, has_child="no")
    assert steps.redirect_if_out_of_order("child-name") == "/q/check/"


@pytest.fixture
def request_with_session(rf: RequestFactory):
    def make(method: str = "get", path: str = "/q/name/", data=None):
        request = getattr(rf, method)(path, data or {})
        request.session = SessionStore()
        return request

    return make


def rendered(response) -> str:
    return response.content.decode()


TEMPLATE = "families/form_page.html"


@pytest.mark.django_db
def test_question_page_keeps_what_was_typed_when_the_answer_has_errors(request_with_session):
    request = request_with_session("post", "/q/colour/", {"colour": "blue"})
    steps = journey(request.session, form_kwargs={"colour": {"allowed": ("red",)}})
    answer_all(steps)
    response = question_page(request, steps, "colour", template_name=TEMPLATE)
    html = rendered(response)
    assert response.status_code == 200
    assert "Choose a colour we have" in html
    assert 'value="blue"' in html
    # The invalid answer is not saved over the valid one.
    assert steps.form("colour").data["colour"] == "green"


@pytest.mark.django_db
def test_question_page_saves_and_goes_to_the_next_question(request_with_session):
    request = request_with_session("post", "/q/name/", {"name": "Amina"})
    response = question_page(request, journey(request.session), "name", template_name=TEMPLATE)
    assert response.status_code == 302
    assert response["Location"] == "/q/has-child/"


@pytest.mark.django_db
def test_question_page_opened_from_check_answers_goes_back_there(request_with_session):
    request = request_with_session("post", "/q/name/?change=1", {"name": "Amina Khan"})
    request.GET = QueryDict("change=1")
    steps = journey(request.session)
    answer_all(steps)
    response = question_page(request, steps, "name", template_name=TEMPLATE)
    assert response["Location"] == "/q/check/"
    assert steps.answers()["name"] == {"name": "Amina Khan"}


@pytest.mark.django_db
def test_question_page_shows_the_saved_answer_with_a_back_link(request_with_session):
    request = request_with_session("get", "/q/has-child/")
    steps = journey(request.session)
    answer_all(steps)
    html = rendered(question_page(request, steps, "colour", template_name=TEMPLATE))
    assert 'value="green"' in html
    assert '<a href="/q/has-child/" class="govuk-back-link">Back</a>' in html
    assert "Favourite colour?" in html
