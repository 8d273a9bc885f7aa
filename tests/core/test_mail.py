import pytest
from django.core import mail
from django.db import transaction

from jisr.core.mail import send_in_language


@pytest.fixture
def templates(tmp_path, settings):
    (tmp_path / "greeting_subject.txt").write_text("{% load i18n %}{% translate 'Log in' %}\n")
    (tmp_path / "greeting.txt").write_text("{% load i18n %}{% translate 'Programme' %}: {{ name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path]},
    ]
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_send_in_language_renders_in_recipient_language_after_commit(templates):
    with transaction.atomic():
        send_in_language(
            to="amal@test.example", language="ar", template="greeting", context={"name": "Amal"}
        )
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "تسجيل الدخول"
    assert mail.outbox[0].body == "البرنامج: Amal"
    assert mail.outbox[0].extra_headers["Content-Language"] == "ar"


@pytest.mark.django_db(transaction=True)
def test_send_in_language_rolled_back_transaction_sends_nothing(templates):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_in_language(to="a@test.example", language="fr", template="greeting", context={})
        raise RuntimeError("the write failed")

    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_send_in_language_unknown_language_falls_back_to_english(templates):
    send_in_language(to="a@test.example", language="xx", template="greeting", context={})

    assert mail.outbox[0].subject == "Log in"
