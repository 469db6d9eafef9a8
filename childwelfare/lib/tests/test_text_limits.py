"""Issue 8 item 16: a 200,000-character note was accepted. Every free-text field of every form
has a limit (lib.forms.cap_text_field through the site's bound field: 2,000 characters for a
text box, 200 for a line, a form's own smaller limit wins), refused with both lengths, and a
character counter (static/js/char-counter.js, no inline script)."""

from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from childwelfare.discovery.models import ScreeningRecord, Visit
from childwelfare.discovery.tests.helpers import as_user, item_ids, screen_data
from childwelfare.lib.forms import NOTE_MAX, SHORT_TEXT_MAX
from childwelfare.registry.choices import Relation
from childwelfare.registry.models import FamilyMember
from childwelfare.testing.factories import ChildFactory


class NoteForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea)
    place = forms.CharField(required=False)
    code = forms.CharField(required=False, max_length=20)
    token = forms.CharField(required=False, widget=forms.HiddenInput)


def test_every_text_field_gets_a_limit_and_the_long_ones_a_counter():
    form = NoteForm(
        {"notes": "字" * (NOTE_MAX + 1), "place": "路" * (SHORT_TEXT_MAX + 1), "token": "x" * 5000}
    )
    assert not form.is_valid()
    assert form.errors["notes"] == [f"最多{NOTE_MAX}字（现有{NOTE_MAX + 1}字）"]
    assert form.errors["place"] == [f"最多{SHORT_TEXT_MAX}字（现有{SHORT_TEXT_MAX + 1}字）"]
    assert "token" not in form.errors  # hidden fields carry what the page put there
    html = str(form["notes"])
    assert f'maxlength="{NOTE_MAX}"' in html and "data-char-counter" in html
    assert "data-char-counter" not in str(form["code"])  # a short code needs no counter
    assert NoteForm({"notes": "字" * NOTE_MAX, "place": "路" * SHORT_TEXT_MAX}).is_valid()


def test_the_counter_script_is_a_static_file_on_every_page(client, people):
    script = Path(settings.BASE_DIR) / "static" / "js" / "char-counter.js"
    assert "data-char-counter" in script.read_text()
    client.force_login(people["director_meiyuan"])
    page = client.get(reverse("registry:child_list")).content.decode()
    assert "js/char-counter.js" in page and "<script>" not in page


@pytest.mark.django_db
def test_a_200000_character_note_is_refused_and_nothing_is_written(client, people):
    child = ChildFactory()
    client.force_login(people["officer_xuanwu"])
    note = "很长的备注" * 40_000  # 200,000 characters
    response = client.post(
        reverse("registry:child_detail", args=[child.pk]),
        {"form": "member", "member-relation": Relation.MOTHER, "member-name": "李梅", "member-notes": note},
    )
    assert response.status_code == 200 and f"最多{NOTE_MAX}字（现有200000字）" in response.content.decode()
    assert not FamilyMember.objects.exists()
    url = reverse("discovery:child_visit", args=[child.pk])
    data = screen_data(ScreeningRecord(version=0), items=item_ids("serious_illness"))
    data.pop("version")
    response = as_user(client, people["director_meiyuan"]).post(url, {**data, "notes": note})
    assert response.status_code == 200 and not Visit.objects.exists()
    assert f"最多{NOTE_MAX}字（现有200000字）" in response.content.decode()
