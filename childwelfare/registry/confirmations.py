"""确认导入: a dry run that passed is imported from the file it already uploaded (no second
upload). The file stays on the server with the dry run, bound to its uploader, until it is
confirmed or expires (tasks.expire_dry_run_files, setting IMPORT_CONFIRM_HOURS); a dry run is
imported once, however often it is confirmed (RosterImport.confirmed_from is one-to-one)."""

from __future__ import annotations

from collections.abc import Collection

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError

from .models import RosterImport


class ImportConfirmError(DomainError):
    """The dry run cannot be confirmed (not the uploader's, not a passed dry run, expired,
    or a ticked community that the dry run did not list)."""

    default_code = "confirm_refused"


def confirm_import(
    dry_run: RosterImport, *, actor, create_communities: Collection[str] = ()
) -> tuple[RosterImport, bool]:
    """Queue the real import of `dry_run`'s file, as its uploader. Returns (the import job,
    True) — or (the import already made from this dry run, False) when it was confirmed
    before (a double click, a second tab): never a second import.

    `create_communities`: the new communities (names the dry run listed in
    summary["new_communities"]) the user ticked; the roster import creates those only
    (importing.roster). Raises ImportConfirmError: not_uploader, not_confirmable (not a dry
    run that passed), confirm_expired (its file is gone), unknown_community (a name the dry
    run did not list). Scope was checked by the caller (the job is visible to the actor)."""
    from .tasks import confirm_window, run_import  # tasks import the import engine

    if dry_run.created_by_id != actor.pk:
        raise ImportConfirmError(_("只有上传该文件的人可以确认导入"), code="not_uploader")
    existing = RosterImport.objects.filter(confirmed_from=dry_run).first()
    if existing is not None:
        return existing, False
    if not (dry_run.dry_run and dry_run.status == RosterImport.Status.CHECKED):
        raise ImportConfirmError(_("只有校验通过的试运行可以确认导入"), code="not_confirmable")
    listed = set((dry_run.summary or {}).get("new_communities") or [])
    unknown = sorted(set(create_communities) - listed)
    if unknown:
        raise ImportConfirmError(
            _("试运行未列出新村（居）“%(names)s”"),
            code="unknown_community",
            params={"names": "、".join(unknown)},
        )
    expired = dry_run.finished_at and dry_run.finished_at < timezone.now() - confirm_window()
    if not dry_run.file or expired:
        raise ImportConfirmError(
            _("试运行的文件已过期删除（保留%(hours)s小时），请重新上传"),
            code="confirm_expired",
            params={"hours": int(confirm_window().total_seconds() // 3600)},
        )
    params = dict(dry_run.params or {})
    if dry_run.kind == "roster":
        params["create_communities"] = sorted(set(create_communities))
    try:
        with transaction.atomic():
            job = RosterImport.objects.create(
                kind=dry_run.kind,
                params=params,
                created_by=actor,
                area=dry_run.area,
                filename=dry_run.filename,
                file=dry_run.file.name,
                dry_run=False,
                confirmed_from=dry_run,
            )
            # The file now belongs to the import, which deletes it when it has run.
            RosterImport.objects.filter(pk=dry_run.pk).update(file="")
    except IntegrityError:  # confirmed at the same moment by another request
        return RosterImport.objects.get(confirmed_from=dry_run), False
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job, True
