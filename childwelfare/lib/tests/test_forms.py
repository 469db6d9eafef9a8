"""The site's form rendering (lib.forms, FORM_RENDERER): Bootstrap classes, the date picker,
invalid fields marked, one field template, and the service-form base."""

from datetime import date

from django import forms
from django.template.loader import render_to_string

from childwelfare.lib.errors import DomainError
from childwelfare.lib.forms import ServiceForm


class SampleForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=5)
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲"), ("b", "乙")])
    on = forms.DateField(label="日期", required=False)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea)
    long_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agreed = forms.BooleanField(label="同意", required=False)
    picks = forms.MultipleChoiceField(
        required=False, choices=[("x", "X")], widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    own = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"class": "form-control font-monospace"})
    )


class CompactForm(SampleForm):
    compact = True


def test_widgets_get_bootstrap_classes_and_the_date_picker():
    form = SampleForm(initial={"on": date(2026, 3, 4)})
    assert 'class="form-control"' in str(form["name"])
    assert 'class="form-select"' in str(form["kind"])
    assert 'class="form-check-input"' in str(form["agreed"])
    assert 'type="date"' in str(form["on"]) and 'value="2026-03-04"' in str(form["on"])
    assert 'rows="2"' in str(form["note"]) and 'rows="3"' in str(form["long_note"])
    assert "form-control" not in str(form["version"]) and "form-control" not in str(form["picks"])
    assert 'class="form-control font-monospace"' in str(form["own"])


def test_a_compact_form_has_small_controls():
    form = CompactForm()
    assert 'class="form-control form-control-sm"' in str(form["name"])
    assert 'class="form-select form-select-sm"' in str(form["kind"])


def test_invalid_fields_are_marked_and_their_errors_shown():
    form = SampleForm({"name": "太长的一个名字", "kind": "a", "own": "x"})
    assert not form.is_valid()
    assert 'class="form-control is-invalid"' in str(form["name"])
    assert 'class="form-select"' in str(form["kind"])
    html = render_to_string("forms/field.html", {"field": form["name"], "col": "col-12"})
    assert '<div class="col-12 mb-2">' in html
    assert '<label class="form-label" for="id_name">姓名 <span class="text-danger"' in html
    assert '<div class="invalid-feedback d-block">' in html
    assert (
        form["name"].as_field_group().strip()
        == render_to_string("forms/field.html", {"field": form["name"]}).strip()
    )


def test_compact_field_template_and_checkbox():
    form = SampleForm()
    html = render_to_string("forms/field.html", {"field": form["name"], "compact": True})
    assert 'class="form-label small mb-1"' in html
    checkbox = render_to_string("forms/field.html", {"field": form["agreed"]})
    assert '<div class="form-check mt-md-4">' in checkbox


def test_non_field_errors_above_the_form():
    form = SampleForm({"name": "王", "kind": "a"})
    form.is_valid()
    form.add_error(None, "其他人已先处理")
    html = render_to_string("includes/_errors.html", {"form": form})
    assert 'class="alert alert-danger py-2"' in html and "其他人已先处理" in html


class ChildNameForm(ServiceForm):
    form_name = "basic"
    name = forms.CharField()


def test_service_form_prefix_and_errors_routed_to_their_field():
    form = ChildNameForm({"basic-name": "王"})
    assert form.is_valid()
    form.add_service_error(DomainError("姓名重复", field="name"))
    form.add_service_error(DomainError("档案已被他人修改"))
    form.add_service_error(ValueError("普通错误"))
    assert form.errors["name"] == ["姓名重复"]
    assert form.non_field_errors() == ["档案已被他人修改", "普通错误"]
    assert 'name="basic-name"' in str(form["name"])
