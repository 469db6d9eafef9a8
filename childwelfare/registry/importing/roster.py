"""import_roster: the roster import's steps on the shared engine (lib.tabular): check the
cells and rows, then the checks that need the database (children registered elsewhere,
areas outside scope, categories against those already held, community codes left), then
write in one transaction only if nothing was found."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.permissions import can_edit_children, can_manage_areas
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.areas.services import codes_exhausted, free_community_codes
from childwelfare.audit.services import logged_import
from childwelfare.lib.errors import DomainError
from childwelfare.lib.similar_names import nearest_names
from childwelfare.lib.spreadsheets import Table
from childwelfare.lib.tabular import ProgressCallback, RowError, Validation

from ..choices import Category
from ..conflicts import REGISTERED_ELSEWHERE, held_elsewhere, record_conflicts
from ..models import CategorySpell, Child, RegistrationConflict
from ..permissions import can_import_as_of
from ..services import category_refusal
from .columns import roster_schema
from .places import NEW, CommunityFinder, split_new_community
from .rows import RosterRow, RowChecker
from .writer import (
    apply_row,
    chunks,
    ended_at_18,
    possible_duplicates,
    record_imported_children,
    write_roster,
)


class RosterImportError(DomainError):
    """The import cannot start at all (no permission, area outside scope or too high)."""

    default_code = "roster_refused"


@dataclass
class ImportResult:
    """rows: data rows read; created/updated/unchanged: children (what a dry run would do);
    errors: RowErrors (the first 1,000; error_count has them all); new_communities: names
    of communities created (or to create); new_community_rows: name -> the rows naming it;
    community_suggestions: name -> up to 3 registered names most alike (a typo such as
    梅圆社区 for 梅园社区); skipped_examples: rows marked 示例 that were not read;
    possible_duplicates: [{row, name, birth_date, child_id | other_row}]; written: whether
    anything was written; child_ids: the children created or changed (after a write)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    pending_spells: int = 0  # paid categories written pending a second person's review
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    new_communities: list[str] = field(default_factory=list)
    new_community_rows: dict[str, list[int]] = field(default_factory=dict)
    community_suggestions: dict[str, list[str]] = field(default_factory=dict)
    skipped_examples: list[int] = field(default_factory=list)
    child_ids: dict[int, bool] = field(default_factory=dict)  # child id -> created
    possible_duplicates: list[dict] = field(default_factory=list)
    written: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # field -> header text in this file
    as_of: date | None = None  # the date ages and dates were judged as of, when not today

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "pending_spells": self.pending_spells,
            "errors": [error.as_dict() for error in self.errors],
            "error_count": self.error_count,
            "new_communities": self.new_communities,
            "new_community_rows": self.new_community_rows,
            "community_suggestions": self.community_suggestions,
            "skipped_examples": self.skipped_examples,
            "possible_duplicates": self.possible_duplicates,
            "written": self.written,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


def import_roster(
    table: Table,
    area: Area,
    *,
    actor,
    dry_run: bool = False,
    today: date | None = None,
    progress: ProgressCallback | None = None,
    roster_import=None,
    filename: str = "",
    as_of: date | None = None,
    create_communities: Collection[str] = (),
) -> ImportResult:
    """Validate a roster and, if every row is valid and not `dry_run`, write it.

    `area` is the district, street or community the roster belongs to; it must lie inside
    the actor's area. Importing the same file again updates, never duplicates (a child is
    identified by the keyed hash of the ID number). Raises RosterImportError (no
    permission / area outside scope) or SpreadsheetError (no header row). Row problems are
    returned in `result.errors`, and then nothing is written. progress(done, total, stage)
    with stage "validate" or "write". Source of the rules: issue "Foundation", roster import.

    Every call is written to the access log, whatever its outcome (issue 13 §9), with the
    RosterImport job `roster_import` when there is one. A number registered outside the
    actor's area is refused with words that say nothing about that child, and becomes a
    RegistrationConflict for the district (registry.conflicts, issue 13 §4); possible
    duplicates are only children the actor may see.

    `as_of` (the city administrator only, registry.permissions.can_import_as_of; not after
    today) loads history: ages, ID numbers and category dates are judged as of that date
    instead of today, and a category of a child who has turned 18 since ends the day before
    the 18th birthday (born 29 February: 28 February counts as the birthday in a common
    year). Raises RosterImportError as_of_not_allowed / as_of_in_future. Issue 8, item 15.

    A community name not yet registered is never created silently (issue 9): a dry run
    lists it with the registered names most alike (result.community_suggestions); a write
    creates it only when its name is in `create_communities` (the names the user ticked on
    the confirm form), and otherwise refuses every row naming it (code
    new_community_not_confirmed), writing nothing.
    """
    what = _roster_label(area, filename or getattr(roster_import, "filename", ""), as_of)

    def run() -> ImportResult:
        _check_may_import(area, actor)
        _check_as_of(as_of, actor, today or timezone.localdate())
        return _import_roster(
            table,
            area,
            actor=actor,
            dry_run=dry_run,
            today=today,
            progress=progress,
            roster_import=roster_import,
            as_of=as_of,
            create_communities=set(create_communities),
        )

    return logged_import(
        run,
        user=actor,
        what=what,
        dry_run=dry_run,
        obj=roster_import,
        object_type="registry.rosterimport",
        area_code=area.code,
    )


def _roster_label(area: Area, filename: str, as_of: date | None = None) -> str:
    with translation.override("zh-hans"):
        label = _("儿童名册 %(area)s") % {"area": area.full_name}
        if as_of:
            label += str(_("（截至%(day)s）")) % {"day": as_of.isoformat()}
    return f"{label} {filename[:100]}".strip()


def _check_as_of(as_of: date | None, actor, today: date) -> None:
    if as_of is None:
        return
    if not can_import_as_of(actor):
        raise RosterImportError(
            _("只有市级管理员可以按历史日期导入名册"), code="as_of_not_allowed", field="as_of"
        )
    if as_of > today:
        raise RosterImportError(
            _("导入基准日期%(day)s晚于今天"),
            code="as_of_in_future",
            field="as_of",
            params={"day": as_of.isoformat()},
        )


def _check_may_import(area: Area, actor) -> None:
    if not can_edit_children(actor):
        raise RosterImportError(_("您没有导入儿童名册的权限"), code="no_permission")
    if actor.area_id and not area.code.startswith(actor.area_id):
        raise RosterImportError(
            _("“%(area)s”不在您的管辖范围内"), code="outside_scope", params={"area": area.name}
        )
    if area.level < Level.DISTRICT:
        raise RosterImportError(
            _("名册须按区、街道或村居导入，请选择区（县）或更下级的区划"), code="area_too_high"
        )


def _import_roster(
    table: Table,
    area: Area,
    *,
    actor,
    dry_run: bool,
    today: date | None,
    progress,
    roster_import,
    as_of: date | None,
    create_communities: set[str],
) -> ImportResult:
    # `now` is the real today (ends at 18 that have happened since); `today` the date the
    # roster is judged as of.
    now = today or timezone.localdate()
    today = as_of or now
    schema = roster_schema(today)
    finder = CommunityFinder(area, may_create=can_manage_areas(actor))
    validation = schema.validate(
        table, check_row=RowChecker(finder, actor=actor, today=today), progress=progress
    )
    rows: list[RosterRow] = [plan for _number, plan in validation.plans]
    result = ImportResult(rows=validation.rows, labels=validation.labels, as_of=as_of)

    existing: dict[str, Child] = {}
    for chunk in chunks([row.id_hash for row in rows]):
        for child in Child.objects.filter(id_hash__in=chunk):
            existing[child.id_hash] = child
    elsewhere = _check_against_database(validation, rows, existing, actor=actor, today=today, now=now)
    record_conflicts(
        actor=actor,
        area_code=area.code,
        source=RegistrationConflict.Source.ROSTER,
        hits=[(row.id_hash, row.number) for row in elsewhere],
        roster_import=roster_import,
    )
    for row in elsewhere:  # nothing about a child outside the actor's area is kept
        existing.pop(row.id_hash, None)
    _new_communities(result, rows, finder)
    if not dry_run:
        _check_new_communities_ticked(validation, result, create_communities, finder)
    validation.sort_errors()
    result.errors, result.error_count = validation.errors, validation.error_count
    result.skipped_examples = validation.skipped_examples
    result.possible_duplicates = possible_duplicates(rows, existing, actor=actor)
    if not validation.ok:
        return result
    result.created = sum(1 for row in rows if row.id_hash not in existing)
    if dry_run:
        # What the write would do, without writing: the rows' values are applied to the
        # children in memory only.
        for row in rows:
            child = existing.get(row.id_hash)
            if child is not None:
                code = row.community if not row.community.startswith(NEW) else ""
                if apply_row(child, dict(row.child, area_id=code or child.area_id)):
                    result.updated += 1
                else:
                    result.unchanged += 1
        return result

    def write(plans):
        write_roster(plans, existing, result, actor=actor, today=today, now=now)
        if roster_import is not None:
            record_imported_children(roster_import, result.child_ids)

    schema.commit(validation, write, progress=progress)
    result.written = validation.written
    if not validation.written:  # a community could not be created: nothing was written
        validation.sort_errors()
        result.errors, result.error_count = validation.errors, validation.error_count
        result.created = result.updated = result.unchanged = 0
    return result


def _new_communities(result: ImportResult, rows: list[RosterRow], finder: CommunityFinder) -> None:
    """Fill result.new_communities (names, sorted), new_community_rows and the registered
    names most alike each (lib.similar_names: characters or pinyin)."""
    by_name: dict[str, list[int]] = {}
    for row in rows:
        if row.community.startswith(NEW):
            by_name.setdefault(split_new_community(row.community)[1], []).append(row.number)
    result.new_communities = sorted(by_name)
    result.new_community_rows = {name: by_name[name] for name in result.new_communities}
    result.community_suggestions = {
        name: nearest_names(name, finder.communities) for name in result.new_communities
    }


def _check_new_communities_ticked(
    validation: Validation, result: ImportResult, ticked: set[str], finder: CommunityFinder
) -> None:
    """A row error on every row naming a new community the user did not tick."""
    for name, numbers in result.new_community_rows.items():
        if name in ticked:
            continue
        near = result.community_suggestions.get(name) or []
        rows_text = "、".join(str(number) for number in numbers[:20]) + ("…" if len(numbers) > 20 else "")
        for number in numbers:
            if near:
                validation.add_error(
                    number,
                    "community",
                    _(
                        "“%(name)s”（第%(rows)s行）不是已登记的村（居），未自动新增。是否应为“%(near)s”？"
                        "如确需新增，请先试运行，再在确认导入时勾选新增该村（居）"
                    ),
                    value=name,
                    code="new_community_not_confirmed",
                    params={"name": name, "rows": rows_text, "near": "”或“".join(near)},
                )
            else:
                validation.add_error(
                    number,
                    "community",
                    _(
                        "“%(name)s”（第%(rows)s行）不是已登记的村（居），未自动新增。"
                        "如确需新增，请先试运行，再在确认导入时勾选新增该村（居）"
                    ),
                    value=name,
                    code="new_community_not_confirmed",
                    params={"name": name, "rows": rows_text},
                )


def _check_against_database(
    validation: Validation,
    rows: list[RosterRow],
    existing: dict[str, Child],
    *,
    actor,
    today: date,
    now: date,
) -> list[RosterRow]:
    """Row errors that need the database: a child registered outside the actor's area, a
    community outside it, a category clashing with one the child already holds, more new
    communities than codes left under a street. Returns the rows whose number is held
    outside the actor's area (their error is the one REGISTERED_ELSEWHERE, the same for
    every such child)."""
    scope = actor.area_id or ""
    outside = held_elsewhere(existing, actor=actor)
    elsewhere: list[RosterRow] = []
    spells: dict[int, list[tuple[str, date, date | None]]] = {}
    for chunk in chunks([child.pk for child in existing.values()]):
        for child_id, *spell in CategorySpell.objects.filter(child_id__in=chunk).values_list(
            "child_id", "category", "start_date", "end_date"
        ):
            spells.setdefault(child_id, []).append(tuple(spell))
    for row in rows:
        child = existing.get(row.id_hash)
        target = split_new_community(row.community)[0] if row.community.startswith(NEW) else row.community
        if child is not None and row.id_hash in outside:
            validation.add_error(
                row.number,
                "id_number",
                REGISTERED_ELSEWHERE,
                value=row.child["id_number"],
                code="registered_elsewhere",
            )
            elsewhere.append(row)
        elif not target.startswith(scope):
            validation.add_error(
                row.number, "community", _("所属社区不在您的管辖范围内"), value=target, code="outside_scope"
            )
        elif child is not None:
            for category, start in row.categories:
                held = spells.get(child.pk, [])
                day = start or today
                if any(c == category and s <= day and (e is None or e >= day) for c, s, e in held):
                    continue  # already holds it: nothing to add
                refusal = category_refusal(
                    child.birth_date,
                    category,
                    day,
                    ended_at_18(child.birth_date, now),
                    actor=actor,
                    other_spells=held,
                )
                if refusal:
                    validation.add_error(
                        row.number,
                        "category",
                        refusal.message,
                        value=Category(category).label,
                        code=refusal.code,
                        params=refusal.params,
                    )
    _check_community_codes(validation, rows)
    return elsewhere


def _check_community_codes(validation: Validation, rows: list[RosterRow]) -> None:
    """A street has codes for 999 communities: the rows of the communities beyond the codes
    left are refused before anything is written (areas.services enforces it again)."""
    new_by_street: dict[str, list[str]] = {}
    for row in rows:
        if row.community.startswith(NEW):
            street_code, name = split_new_community(row.community)
            names = new_by_street.setdefault(street_code, [])
            if name not in names:
                names.append(name)
    for street_code, names in new_by_street.items():
        street = Area.objects.get(code=street_code)
        left = free_community_codes(street)
        refused = set(names[max(left, 0) :])
        if not refused:
            continue
        error = codes_exhausted(street)
        for row in rows:
            if row.community.startswith(NEW) and split_new_community(row.community)[1] in refused:
                validation.add_error(
                    row.number,
                    "community",
                    error.message,
                    value=split_new_community(row.community)[1],
                    code=error.code,
                    params=error.params,
                )
