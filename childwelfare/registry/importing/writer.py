"""Writing a validated roster: set-based (bulk_create / bulk_update with history), never a
save() per row; and the possible duplicates (same name and birth date, another number)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from childwelfare.areas.models import Area
from childwelfare.areas.services import AreaError, create_community
from childwelfare.lib.bulk_write import bulk_create_with_history, bulk_update_with_history, instance_builder
from childwelfare.lib.dates import add_years
from childwelfare.lib.idnumber import keyed_hash
from childwelfare.lib.protected_fields import encrypt_once, refresh_keyed_hashes
from childwelfare.lib.tabular import RowRefused

from ..choices import SpellStatus, initial_spell_status
from ..models import CategorySpell, Child, FamilyMember, ImportedChild
from ..querysets import due_on_opening
from ..services import NAME_KEY_FIELDS, name_key_fields
from .parents import write_parents
from .places import NEW, split_new_community
from .rows import RosterRow


def chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


UPDATABLE = [
    "name",
    "gender",
    "ethnicity",
    "hukou_address",
    "hukou_area_id",
    "address",
    "area_id",
    "school_status",
    "school_name",
    "notes",
    "phone",
]


def possible_duplicates(rows: list[RosterRow], existing: dict[str, Child], *, actor) -> list[dict]:
    """Same name and birth date on a different ID number: in the file, or already registered
    among the children `actor` may see ({row, name, birth_date, child_id | other_row}).
    Children outside the actor's area are never named (issue 13 §4)."""
    keys = {(row.child["name"], row.child["birth_date"]): row for row in rows}
    in_file = {row.id_hash for row in rows}  # pairs inside the file are reported below, once
    found = []
    names = {name for name, _ in keys}
    for chunk in chunks(sorted(names), 2000):
        for child in (
            Child.objects.visible_to(actor)
            .filter(name__in=chunk)
            .only("id", "name", "birth_date", "id_hash", "area_id")
        ):
            row = keys.get((child.name, child.birth_date))
            if row is not None and child.id_hash not in in_file:
                found.append(
                    {
                        "row": row.number,
                        "name": child.name,
                        "birth_date": child.birth_date.isoformat(),
                        "child_id": child.pk,
                    }
                )
    by_key: dict[tuple[str, date], list[RosterRow]] = {}
    for row in rows:
        by_key.setdefault((row.child["name"], row.child["birth_date"]), []).append(row)
    for (name, birth), group in by_key.items():
        if len(group) > 1:
            for row in group[1:]:
                found.append(
                    {
                        "row": row.number,
                        "name": name,
                        "birth_date": birth.isoformat(),
                        "other_row": group[0].number,
                    }
                )
    return sorted(found, key=lambda item: item["row"])


def record_imported_children(job, child_ids: dict[int, bool]) -> None:
    """Rows linking the import job to each child it created (True) or changed (False)."""
    ImportedChild.objects.bulk_create(
        [ImportedChild(job=job, child_id=pk, created=created) for pk, created in child_ids.items()],
        batch_size=5000,
    )


# Columns an empty cell leaves as they are: the file may simply not know them.
_KEEP_WHEN_EMPTY = {"ethnicity", "hukou_address", "address", "school_status", "school_name", "notes", "phone"}


def apply_row(child: Child, fields: dict) -> bool:
    """Set the row's values on an existing child (in memory); True if anything changed."""
    changed = False
    for key in UPDATABLE:
        value = fields[key]
        if (key in _KEEP_WHEN_EMPTY and not value) or (key == "hukou_area_id" and value is None):
            continue
        if getattr(child, key) != value:
            setattr(child, key, value)
            changed = True
    return changed


AGE_OUT_REASON = "年满18周岁"


def ended_at_18(birth: date, now: date) -> date | None:
    """The last day of a child's categories when the child has turned 18 by `now`: the day
    before the 18th birthday (born 29 February: the birthday is 28 February in a common
    year, DOMAIN.md §10); None while the child is under 18. Only a roster loaded as of a
    past date (issue 8, item 15) writes categories of a child who is 18 today."""
    birthday = add_years(birth, 18)
    return birthday - timedelta(days=1) if birthday <= now else None


def write_roster(
    rows: list[RosterRow], existing: dict[str, Child], result, *, actor, today: date, now: date | None = None
) -> None:
    """_write_roster with each ID number and phone encrypted once for its row and the row's
    history (lib.protected_fields.encrypt_once)."""
    with encrypt_once():
        _write_roster(rows, existing, result, actor=actor, today=today, now=now)


def _write_roster(
    rows: list[RosterRow], existing: dict[str, Child], result, *, actor, today: date, now: date | None = None
) -> None:
    """Write the validated rows (inside the engine's transaction): new communities through
    areas.services.create_community, then children, category spells and guardians, set-based
    with history. `existing` maps id_hash -> Child already registered; `result` gets the
    created/updated/unchanged counts. `today` is the date the roster is judged as of, `now`
    the real today (default `today`): a new category of a child who is 18 by `now` ends the
    day before the 18th birthday (ended_at_18). Raises RowRefused when a community cannot
    be created."""
    now = now or today
    reason = "名册导入"
    # New communities first, so children can point at them.
    planned: dict[str, str] = {}
    for row in rows:
        if row.community.startswith(NEW) and row.community not in planned:
            street_code, name = split_new_community(row.community)
            try:
                area = create_community(street=Area.objects.get(code=street_code), name=name)
            except AreaError as exc:
                raise RowRefused(row.number, "community", exc, value=name) from exc
            planned[row.community] = area.code

    new_children: dict[str, dict] = {}  # id_hash -> the new child's fields
    updates: list[Child] = []
    for row in rows:
        area_code = planned.get(row.community, row.community)
        fields = dict(row.child, area_id=area_code)
        child = existing.get(row.id_hash)
        if child is None:
            # The keyed hash the row's check computed; lib.pinyin caches repeated names.
            new_children[row.id_hash] = dict(fields, id_hash=row.id_hash, **name_key_fields(fields["name"]))
        else:
            changed = apply_row(child, fields)
            if changed:
                child.version += 1  # a page opened before the import no longer saves over it
                for key, value in name_key_fields(child.name).items():
                    setattr(child, key, value)
                updates.append(child)
            else:
                result.unchanged += 1
    new_child = instance_builder(Child)
    creates: list[Child] = [new_child(fields) for fields in new_children.values()]
    existing.update(zip(new_children, creates, strict=True))
    due_on_opening(creates)  # lib.bulk_write does not go through ChildQuerySet.bulk_create
    bulk_create_with_history(creates, Child, user=actor, reason=reason)
    if updates:
        hashes = [refresh_keyed_hashes(child) for child in updates][0]  # bulk_update skips pre_save
        bulk_update_with_history(
            updates,
            Child,
            [*UPDATABLE, *NAME_KEY_FIELDS, "version", *hashes],
            user=actor,
            reason=reason,
        )
    result.created = len(creates)
    result.updated = len(updates)
    touched = {child.pk: True for child in creates} | {child.pk: False for child in updates}

    child_ids = [existing[row.id_hash].pk for row in rows]
    open_spells: set[tuple[int, str]] = set()
    guardians: dict[tuple[int, str], FamilyMember] = {}
    for chunk in chunks(child_ids):
        for child_id, category in (
            CategorySpell.objects.filter(child_id__in=chunk)
            .active_on(today)
            .values_list("child_id", "category")
        ):
            open_spells.add((child_id, category))
        for member in FamilyMember.objects.filter(child_id__in=chunk, is_guardian=True):
            guardians[(member.child_id, member.name)] = member
    new_spells = []
    new_members = []
    new_spell, new_member = instance_builder(CategorySpell), instance_builder(FamilyMember)
    changed_members = []
    for row in rows:
        child = existing[row.id_hash]
        end = ended_at_18(child.birth_date, now)
        for category, start in row.categories:
            if (child.pk, category) not in open_spells:
                new_spells.append(
                    new_spell(
                        {
                            "child_id": child.pk,
                            "category": category,
                            "start_date": start or today,
                            "end_date": end,
                            "end_reason": AGE_OUT_REASON if end else "",
                            "created_by_id": actor.pk,
                            "status": initial_spell_status(category),
                        }
                    )
                )
                open_spells.add((child.pk, category))
        if row.guardian:
            g = row.guardian
            member = guardians.get((child.pk, g["name"]))
            id_hash = keyed_hash(g["id_number"], settings.ID_HASH_KEY) if g["id_number"] else ""
            if member is None:
                member = new_member(
                    {
                        "child_id": child.pk,
                        "name": g["name"],
                        "relation": g["relation"],
                        "id_number": g["id_number"],
                        "id_hash": id_hash,
                        "phone": g["phone"],
                        "is_guardian": True,
                        "notes": f"与儿童关系：{g['relation_text']}" if g["relation_text"] else "",
                    }
                )
                new_members.append(member)
                guardians[(child.pk, g["name"])] = member
            else:
                changed = False
                for key, value in (
                    ("relation", g["relation"]),
                    ("phone", g["phone"]),
                    ("id_number", g["id_number"]),
                ):
                    if value and getattr(member, key) != value:
                        setattr(member, key, value)
                        changed = True
                if changed and member.pk:
                    member.id_hash = (
                        keyed_hash(member.id_number, settings.ID_HASH_KEY) if member.id_number else ""
                    )
                    changed_members.append(member)
    for item in (*new_spells, *new_members, *changed_members):
        touched.setdefault(item.child_id, False)
    result.child_ids = touched
    result.pending_spells = sum(1 for spell in new_spells if spell.status == SpellStatus.PENDING)
    bulk_create_with_history(new_spells, CategorySpell, user=actor, reason=reason)
    bulk_create_with_history(new_members, FamilyMember, user=actor, reason=reason)
    parents = [(existing[row.id_hash].pk, plan) for row in rows for plan in row.parents]
    if parents:
        write_parents(parents, actor=actor, reason=reason)
    if changed_members:
        hashes = [refresh_keyed_hashes(member) for member in changed_members][0]
        bulk_update_with_history(
            changed_members,
            FamilyMember,
            ["relation", "phone", "id_number", "id_hash", *hashes],
            user=actor,
            reason=reason,
        )
