"""Child list, profile, export (being built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from ..models import Child


@login_required
def child_list(request):
    children = Child.objects.visible_to(request.user)[:50]
    return render(request, "registry/child_list.html", {"children": children})


@login_required
def child_export(request):
    raise NotImplementedError


@login_required
def child_detail(request, pk):
    child = get_object_or_404(Child.objects.visible_to(request.user), pk=pk)
    return render(request, "registry/child_list.html", {"children": [child]})


@login_required
def child_full_id(request, pk):
    raise NotImplementedError
