from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Child


@login_required
def child_list(request):
    children = Child.objects.visible_to(request.user)[:50]
    return render(request, "registry/child_list.html", {"children": children})
