"""People's names: the one rule of what a name may hold, for forms, services and imports
(no models). Issue 8 item 16: names took emoji, digits and punctuation.

A name holds Chinese characters, the middle dot · between the parts of a minority name
(阿依古丽·买买提; the dots users type instead — ・ • . ‧ ･ ● — become ·) and Latin letters
with single spaces (foreign names); nothing else."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from .control_chars import CONTROL as _CONTROL
from .errors import DomainError

NAME_MAX = 50
MIDDLE_DOT = "·"
_DOT_VARIANTS = str.maketrans({"・": MIDDLE_DOT, "•": MIDDLE_DOT, ".": MIDDLE_DOT, "‧": MIDDLE_DOT,
                               "･": MIDDLE_DOT, "●": MIDDLE_DOT, "∙": MIDDLE_DOT, "⋅": MIDDLE_DOT})  # fmt: skip
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ALLOWED_CHAR = re.compile(rf"[{_HAN}A-Za-z {MIDDLE_DOT}]")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_FORMULA_STARTS = ("=", "+", "-", "@")


class PersonNameError(DomainError):
    """A text that cannot be a person's name (field "name")."""

    default_code = "bad_name"


def normalise_name(raw: object) -> str:
    """A name as typed → as stored: NFKC (full-width Latin letters become ASCII), runs of
    spaces one space, trimmed, every dot variant ·, no space beside a ·."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = text.translate(_DOT_VARIANTS)
    text = _SPACES.sub(" ", text).strip()
    return text.replace(f" {MIDDLE_DOT}", MIDDLE_DOT).replace(f"{MIDDLE_DOT} ", MIDDLE_DOT)


def check_name(raw: object, *, field: str = "name") -> str:
    """The normalised name (normalise_name). Raises PersonNameError (on `field`) when it is
    empty (name_empty), longer than NAME_MAX characters (name_too_long), holds a character
    outside the rule (bad_name_character, params {"char"}: the first one) or a · at an end
    or two in a row (bad_name_dot)."""
    name = normalise_name(raw)
    if not name:
        raise PersonNameError(_("姓名为空"), code="name_empty", field=field)
    if len(name) > NAME_MAX:
        raise PersonNameError(_("姓名过长（最多50个字）"), code="name_too_long", field=field)
    if name.startswith(_FORMULA_STARTS) or _CONTROL.search(name):
        # Would run as a formula in a spreadsheet program, or breaks an .xlsx export.
        raise PersonNameError(_("姓名不能以 = + - @ 开头或含控制字符"), code="name_formula", field=field)
    for char in name:
        if not _ALLOWED_CHAR.match(char):
            raise PersonNameError(
                _(
                    "姓名“%(name)s”含有不允许的字符“%(char)s”：姓名只能由汉字、少数民族姓名间隔号“·”和英文字母组成"
                ),
                code="bad_name_character",
                field=field,
                params={"name": name[:NAME_MAX], "char": char},
            )
    if name[0] == MIDDLE_DOT or name[-1] == MIDDLE_DOT or MIDDLE_DOT * 2 in name:
        raise PersonNameError(
            _("姓名“%(name)s”的间隔号“·”只能用在两个部分之间"),
            code="bad_name_dot",
            field=field,
            params={"name": name},
        )
    return name
