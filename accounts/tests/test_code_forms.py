"""Whatever is typed as a code gets a clear answer: accepted as 6 digits, or a message for
people (never Django's wording, never an error page)."""

from hypothesis import example, given
from hypothesis import strategies as st

from accounts.forms import AppCodeForm, RecoveryCodeForm

APP_CODE_MESSAGES = {
    "Enter the 6-digit code from your authenticator app",
    "Enter the code as 6 numbers, like 123 456",
}


@given(st.text(max_size=40))
@example("123 456")
@example(" 12 34 56 ")
@example("\uff11\uff12\uff13\uff14\uff15\uff16")  # full-width digits pass isdigit, not a code
@example("12345\x00")
@example("1" * 21)
def test_any_typed_app_code_is_six_ascii_digits_or_a_plain_message(typed):
    form = AppCodeForm({"code": typed})
    if form.is_valid():
        code = form.cleaned_data["code"]
        assert len(code) == 6 and code.isascii() and code.isdigit()
        assert code == "".join(typed.split())
    else:
        assert set(form.errors["code"]) <= APP_CODE_MESSAGES | {
            "Remove the unusual characters from code from your authenticator app"
        }


def test_a_recovery_code_too_long_is_explained():
    form = RecoveryCodeForm({"code": "a" * 41})
    assert form.errors["code"] == ["Enter the recovery code as it was shown, like abcd-efgh-jkmn"]
