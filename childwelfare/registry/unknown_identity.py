"""The unknown-identity child (身份不明儿童; issue 10): a provisional file without an ID number.

Built on the registry's child without an ID number (无身份证号（未落户）, issue 9): the same
Child, flagged `identity_unknown`, its birth date an estimate (1 July of the estimated year,
`birth_date_estimated`), with descriptors, where and when the child was found and an
optional photo. It has its own cases, measures and guardianship like any child. It is left
out of what needs a real identity: the payroll (no line is computed for it, its category may
be held and confirmed) and the insurance rosters; it counts in the work lists and statistics
like any child.

When the child is identified, either
- the ID number completes the file (`complete_identity`): the registry's checks of any new
  number (checksum, the sex agrees, one child per number, registered outside the area), the
  birth date taken from the number; or
- the file is merged into the registered child's (registry.merging, recorded and
  reversible by the city administrator: registry.unmerging).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts import policy
from childwelfare.accounts.choices import Role
from childwelfare.lib.dates import check_event_date

from .choices import Gender
from .models import Child
from .services import RegistryError, check_identity, create_child, update_child

# A name the officer can leave for a child who cannot say theirs.
PLACEHOLDER_NAME = "身份不明儿童"
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Magic numbers of the accepted photo types (a file is judged by its bytes, not its name).
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def can_register_unknown_child(user, area_code: str | None = None) -> bool:
    """Register (or complete) an unknown-identity child: the district officer and the
    township's child supervisor (issue 10). Without `area_code`, whether the user may at all."""
    roles = (Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)
    if area_code is None:
        return policy.has_role(user, *roles)
    return policy.acts_within(user, area_code, *roles)


def estimated_birth_date(year: int) -> date:
    """The birth date stored for an estimated birth year: 1 July of that year (the middle of
    the year, so an age computed from it errs by at most half a year)."""
    return date(year, 7, 1)


def check_photo(photo) -> None:
    """A photo of an unknown-identity child: JPEG or PNG by its first bytes, at most 5 MB.
    Raises RegistryError photo_too_large / photo_type (field photo)."""
    if photo.size > PHOTO_MAX_BYTES:
        raise RegistryError(_("照片不能超过5MB"), code="photo_too_large", field="photo")
    head = photo.read(8)
    photo.seek(0)
    if not any(head.startswith(sig) for sig in PHOTO_SIGNATURES):
        raise RegistryError(_("照片须为JPG或PNG图片"), code="photo_type", field="photo")


def register_unknown_child(
    *,
    actor,
    area,
    gender: str,
    estimated_birth_year: int,
    found_place: str,
    found_on: date,
    descriptors: str = "",
    name: str = "",
    photo=None,
) -> Child:
    """A provisional file for a child of unknown identity found in `area` (a community):
    `name` as the child gives it (else PLACEHOLDER_NAME), sex, the estimated birth year
    (stored as 1 July of it), descriptors, where and when found, an optional photo
    (check_photo). Returns the Child (identity_unknown, no ID number).

    Raises RegistryError: cannot_register_unknown (not the district officer or the
    supervisor of the area), gender_required, birth_year (not within the last 18 years),
    found_place_required, found_on (in the future, or before the estimated birth year), the
    photo's errors, a name refusal."""
    if not can_register_unknown_child(actor, area.code):
        raise RegistryError(
            _("只有区民政干部或儿童督导员可以登记身份不明儿童"), code="cannot_register_unknown"
        )
    if gender not in Gender.values:
        raise RegistryError(_("请选择性别"), code="gender_required", field="gender")
    today = timezone.localdate()
    if not (today.year - 18 <= estimated_birth_year <= today.year):
        raise RegistryError(
            _("估计出生年份应在%(first)s年至%(last)s年之间"),
            code="birth_year",
            field="estimated_birth_year",
            params={"first": today.year - 18, "last": today.year},
        )
    if not (found_place or "").strip():
        raise RegistryError(_("请填写发现地点"), code="found_place_required", field="found_place")
    check_event_date(found_on, label=_("发现日期"), field="found_on", error=RegistryError)
    if found_on.year < estimated_birth_year:
        raise RegistryError(_("发现日期早于估计出生年份"), code="found_on", field="found_on")
    if photo:
        check_photo(photo)
    return create_child(
        actor=actor,
        reason=str(_("登记身份不明儿童")),
        name=(name or "").strip() or PLACEHOLDER_NAME,
        gender=gender,
        birth_date=estimated_birth_date(estimated_birth_year),
        area=area,
        identity_unknown=True,
        birth_date_estimated=True,
        descriptors=(descriptors or "").strip(),
        found_place=found_place.strip(),
        found_on=found_on,
        photo=photo or "",
    )


def complete_identity(
    child: Child, *, actor, id_number: str, name: str = "", expected_version: int | None = None
) -> Child:
    """The child is identified and has no file yet: the ID number completes the provisional
    file through the registry's checks of a new number (registry.services.update_child:
    checksum, one child per number — a number already registered is refused with
    id_number_taken or registered_elsewhere: merge into that child's file instead). The
    birth date is taken from the number; the sex must agree with the one recorded.
    Returns the child, no longer identity_unknown.

    Raises RegistryError: not_identity_unknown, cannot_register_unknown, the ID number's
    errors (id_number field), id_number_taken, registered_elsewhere; RegistryConflict."""
    if not child.identity_unknown:
        raise RegistryError(_("该儿童身份已明确"), code="not_identity_unknown")
    if not can_register_unknown_child(actor, child.area_id):
        raise RegistryError(
            _("只有区民政干部或儿童督导员可以登记身份不明儿童"), code="cannot_register_unknown"
        )
    parsed = check_identity(id_number, gender=child.gender)
    changes = {
        "id_number": parsed.number,
        "birth_date": parsed.birth_date,
        "identity_unknown": False,
        "birth_date_estimated": False,
    }
    if (name or "").strip():
        changes["name"] = name.strip()
    # update_child sets the changes on the instance before its checks: a refused number
    # must not leave the caller's copy looking identified.
    return update_child(
        Child.objects.get(pk=child.pk),
        actor=actor,
        reason=str(_("身份已查明，补录身份证号")),
        expected_version=expected_version,
        **changes,
    )
