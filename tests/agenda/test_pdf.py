import subprocess

from django.urls import reverse

from jisr.outcomes.models import Badge
from jisr.outcomes.services import issue_badges
from tests.outcomes.world import build_world


def _pdf_text(content, tmp_path, name="agenda.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


BIDI_MARKS = "\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c"


def _without_bidi_marks(text):
    """pdftotext writes the isolates and embeddings it meets; compare text without them."""
    return "".join(ch for ch in text if ch not in BIDI_MARKS)


def test_pdf_lists_counterpart_table_and_local_time_with_a_table_card(client, world, tmp_path):
    client.force_login(world.buyer.user)

    response = client.get(reverse("web:agenda_pdf", args=[world.mission.slug]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = _without_bidi_marks(_pdf_text(response.content, tmp_path))
    assert "Agenda of Brenda Hall" in text
    assert "10:00–10:30" in text
    assert "T1" in text
    assert "Opening keynote" in text
    assert "Travel from Casablanca to Rabat." in text
    assert "Table cards" in text
    card = text.split("Table cards", 1)[1]
    assert "10:00–10:30" in card and "T1" in card
    # The printed address under the QR code wraps; its characters are all there.
    url = f"/en/m/{world.mission.slug}/agenda/meetings/{world.meeting.uuid}/"
    assert url in "".join(card.split())
    # The counterpart's Arabic name is there (pdftotext may reorder the two words).
    assert "كريم" in text and "العلوي" in text


def test_pdf_in_arabic_keeps_times_left_to_right_and_names_intact(client, world, tmp_path):
    client.force_login(world.provider.user)

    response = client.get(reverse("web:agenda_pdf", args=["casa-week"]).replace("/en/", "/ar/", 1))

    text = _without_bidi_marks(_pdf_text(response.content, tmp_path))
    assert "Brenda Hall" in text
    assert "Maple Cloud Inc" in text
    assert "10:00–10:30" in text  # not 10:30–10:00: the range is isolated
    assert "T1" in text
    assert "الكلمة" in text and "الافتتاحية" in text
    assert "زيارة" in text
    url = f"/ar/m/{world.mission.slug}/agenda/meetings/{world.meeting.uuid}/"
    assert url in "".join(text.split())


def test_pdf_language_parameter_prints_in_the_persons_language(client, world, tmp_path):
    client.force_login(world.provider.user)

    response = client.get(reverse("web:agenda_pdf", args=["casa-week"]) + "?language=ar")

    text = _pdf_text(response.content, tmp_path)
    # Catalog strings come in Arabic (kinds of programme items) whatever the page language.
    assert "محاضرة" in text and "زيارة ميدانية" in text
    assert "Site visit" not in text
    assert "/ar/m/casa-week/agenda/" in "".join(text.split())


def test_pdf_before_publication_says_so_and_has_no_cards(client, db, tmp_path):
    world = build_world(slug="draft-week", publish=False)
    client.force_login(world.buyer.user)

    response = client.get(reverse("web:agenda_pdf", args=["draft-week"]))

    text = " ".join(_pdf_text(response.content, tmp_path).split())
    assert "The meeting schedule is not published yet." in text
    assert "Table cards" not in text
    assert "Opening keynote" in text


def test_pdf_prints_the_check_in_code_beside_its_qr_code(client, world, tmp_path):
    issue_badges(world.mission)  # what publishing the schedule does
    client.force_login(world.buyer.user)

    response = client.get(reverse("web:agenda_pdf", args=[world.mission.slug]))

    badge = Badge.objects.get(person=world.buyer)
    text = _without_bidi_marks(_pdf_text(response.content, tmp_path))
    assert "Check-in" in text
    assert badge.display_code in text


def test_pdf_before_any_badge_prints_no_code_and_writes_nothing(client, world, tmp_path):
    client.force_login(world.buyer.user)

    response = client.get(reverse("web:agenda_pdf", args=[world.mission.slug]))

    assert response.content.startswith(b"%PDF")
    assert not Badge.objects.exists()
