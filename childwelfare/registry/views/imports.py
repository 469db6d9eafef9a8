"""Roster import pages (being built)."""

from django.contrib.auth.decorators import login_required


@login_required
def import_upload(request):
    raise NotImplementedError


@login_required
def import_job(request, pk):
    raise NotImplementedError


@login_required
def import_progress(request, pk):
    raise NotImplementedError


@login_required
def import_error_report(request, pk):
    raise NotImplementedError
