"""A form field reads only the kind of value it can: a file posted under a text field's name
is no value (the field says it is missing), a file field still gets its file, and a JSON body
that is not an object is refused."""

import io

from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import StringField
from wtforms.validators import InputRequired

from crowdfund.accounts.passwords import verify_password
from crowdfund.accounts.tokens import password_reset_token
from crowdfund.extensions import db
from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import DateInputField, MoneyField, PositiveAmount
from tests.factories import DEFAULT_PASSWORD, UserFactory


class _UploadForm(BaseForm):
    name = StringField("Name", validators=[InputRequired("Give a name.")])
    day = DateInputField("Day", validators=[InputRequired("Give a day.")])
    amount = MoneyField("Amount", validators=[PositiveAmount("Give an amount.")])
    document = FileField("Document")


def _a_file(filename="a.pdf"):
    return (io.BytesIO(b"%PDF-1.4 not really"), filename)


def test_a_file_posted_under_text_fields_names_is_missing_and_a_file_field_keeps_its_file(app):
    posted = {"name": _a_file(), "day": _a_file(), "amount": _a_file(), "document": _a_file()}
    with app.test_request_context(method="POST", data=posted):
        form = _UploadForm()
        valid = form.validate()

    assert not valid
    assert form.errors == {
        "name": ["Give a name."],
        "day": ["Give a day."],
        "amount": ["Give an amount."],
    }
    assert isinstance(form.document.data, FileStorage)
    assert form.document.data.filename == "a.pdf"


def test_text_beside_a_file_of_the_same_name_is_still_read(app):
    posted = {"name": ["Azrou", _a_file()], "day": "2026-05-01", "amount": "12 000"}
    with app.test_request_context(method="POST", data=posted):
        form = _UploadForm()
        valid = form.validate()

    assert valid, form.errors
    assert (form.name.data, form.amount.data) == ("Azrou", 1_200_000)


def test_values_of_a_json_body_that_are_not_text_are_missing(app):
    with app.test_request_context(
        method="POST", json={"name": {"first": "Omar"}, "day": 20260501, "amount": [12]}
    ):
        form = _UploadForm()
        valid = form.validate()

    assert not valid
    assert set(form.errors) == {"name", "day", "amount"}


def test_a_json_body_that_is_not_an_object_is_a_bad_request(client):
    user = UserFactory()
    path = f"/account/password/reset/{password_reset_token(user)}"

    for body in ("1", "[1, 2]", '"password"'):
        response = client.post(path, data=body, content_type="application/json")
        assert response.status_code == 400, body


def test_a_password_sent_as_a_file_is_refused_and_changes_nothing(client):
    user = UserFactory()
    path = f"/account/password/reset/{password_reset_token(user)}"

    response = client.post(path, data={"password": _a_file("pw.txt"), "confirm": _a_file()})

    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, DEFAULT_PASSWORD)
