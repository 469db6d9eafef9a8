"""Where a roster row's child lives: the community by name under the roster's area, and the
hukou area by the division names the hukou text contains."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.lib.similar_names import nearest_names
from childwelfare.lib.tabular import CellError

NEW = "new:"  # planned key of a community to create: "new:<street code>:<name>"


def new_community_key(street_code: str, name: str) -> str:
    return f"{NEW}{street_code}:{name}"


def split_new_community(key: str) -> tuple[str, str]:
    """(street code, name) of a planned "new:<street code>:<name>" key."""
    _prefix, street_code, name = key.split(":", 2)
    return street_code, name


class CommunityFinder:
    """Finds the community of a row by name under the roster's area (its own subtree only:
    a community's roster cannot name its neighbours), and the hukou area by the longest
    district/street name of the city contained in the hukou text. Two queries at start."""

    def __init__(self, area: Area, *, may_create: bool):
        self.area = area
        self.may_create = may_create
        self.communities: dict[str, list[Area]] = {}
        self.streets: dict[str, list[Area]] = {}
        within = Area.objects.filter(code__startswith=area.code, level__in=[Level.STREET, Level.COMMUNITY])
        for item in within:
            target = self.communities if item.level == Level.COMMUNITY else self.streets
            target.setdefault(item.name, []).append(item)
        places = Area.objects.filter(code__startswith=area.code[:4], level__in=[Level.DISTRICT, Level.STREET])
        names = sorted(
            ((p.name, p.code) for p in places.only("name", "code") if len(p.name) >= 2),
            key=lambda pair: -len(pair[0]),
        )
        self.hukou_codes = dict(names)
        self.hukou_pattern = re.compile("|".join(re.escape(name) for name, _ in names)) if names else None

    def hukou_area(self, text: str) -> str | None:
        """Code of the most specific division named in the hukou text, or None."""
        if not text or self.hukou_pattern is None:
            return None
        codes = [self.hukou_codes[match.group(0)] for match in self.hukou_pattern.finditer(text)]
        return max(codes, key=len) if codes else None

    def community(self, name: str, street_name: str) -> str:
        """The community's code, or new_community_key(...) for one to create. "梅园新村街道
        梅园社区" in the community column is read as street + community.
        Raises CellError when the name is empty, outside the roster's area, ambiguous, or
        unknown (and the actor may not create communities, or no street is named)."""
        area = self.area
        if area.level == Level.COMMUNITY:
            if not name or name in (area.name, f"{area.parent.name}{area.name}"):
                return area.code
            raise CellError(
                _("“%(name)s”不是%(area)s：本名册只能包含%(area)s的儿童"),
                code="other_community",
                params={"name": name, "area": area.name},
            )
        if not name:
            raise CellError(_("所属社区为空"), code="required")
        if not street_name:
            for known in sorted(self.streets, key=len, reverse=True):
                if name.startswith(known) and len(name) > len(known):
                    street_name, name = known, name[len(known) :]
                    break
        street = None
        if street_name:
            found = self.streets.get(street_name, [])
            if area.level == Level.STREET and street_name == area.name:
                found = [area]
            if not found:
                raise CellError(
                    _("乡镇（街道）“%(street)s”不在%(area)s范围内"),
                    code="street_outside",
                    params={"street": street_name, "area": area.name},
                )
            street = found[0]
        elif area.level == Level.STREET:
            street = area
        candidates = self.communities.get(name, [])
        if street is not None:
            candidates = [c for c in candidates if c.code.startswith(street.code)]
        if len(candidates) == 1:
            return candidates[0].code
        if len(candidates) > 1:
            raise CellError(
                _("“%(name)s”在%(area)s下有%(n)s个同名村居，请填写所属街道列加以区分"),
                code="ambiguous_community",
                params={"name": name, "area": area.name, "n": len(candidates)},
            )
        where = street.name if street else area.name
        near = nearest_names(name, self.communities)
        if not self.may_create and near:
            raise CellError(
                _(
                    "“%(name)s”不是%(where)s下已登记的村（居），是否应为“%(near)s”？如确需新增，请联系区民政部门添加"
                ),
                code="unknown_community",
                params={"name": name, "where": where, "near": "”或“".join(near)},
            )
        if not self.may_create:
            raise CellError(
                _("“%(name)s”不是%(where)s下已登记的村（居），请联系区民政部门添加"),
                code="unknown_community",
                params={"name": name, "where": where},
            )
        if street is None:
            raise CellError(
                _("“%(name)s”不是%(where)s下已登记的村（居）；新增村居请填写所属街道列或按街道导入"),
                code="unknown_community",
                params={"name": name, "where": where},
            )
        return new_community_key(street.code, name)
