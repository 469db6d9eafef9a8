"""State machines declared on the models (CONVENTIONS.md: state machines live on the model as
explicit allowed transitions). A model declares its machine once, as a class attribute:

    class Problem(models.Model):
        status = models.CharField(choices=ProblemStatus.choices, ...)
        version = models.PositiveIntegerField(default=0)

        workflow = StateMachine(
            area="child__area_id",
            moves={
                ProblemStatus.OPEN: {ProblemStatus.SOLVED},
                ProblemStatus.SOLVED: {ProblemStatus.CLOSED, ProblemStatus.OPEN},
            },
        )

and every move goes through `childwelfare.workflow.services.transition` (the one place that
checks the move, locks on the version, writes the event row and the history). Status labels
come from the field's choices; the machine's name is the model's verbose name and its kind
(stored on each event) the model's label, e.g. "discovery.problem".

A machine may also declare steps that keep the status but are worth an event of their own,
such as the sample re-visit of a verified screening record:

    steps={"revisit": Step(_("抽样复访"), during={RecordStatus.VERIFIED})}

Imports no feature app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError

_MACHINES: dict[str, StateMachine] = {}


@dataclass(frozen=True)
class Step:
    """A step that keeps the status (an event without a move): its label, and the statuses
    it is allowed in."""

    label: str
    during: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        object.__setattr__(self, "during", frozenset(str(status) for status in self.during))


class StateMachine:
    """The allowed moves of a model's status field.

    field: the status field's name (a CharField with choices);
    version_field: the name of the optimistic-lock counter (a PositiveIntegerField raised by
        one on every move), or None for a model without one;
    area: how to get the object's area code, for scoping the events: a path of attribute
        names joined by "__" (e.g. "child__area_id"), or a callable obj -> code;
    moves: {from status: {to statuses}}; a status absent from the keys has no way out;
    steps: {name: Step} for steps that keep the status (see the module docstring).
    """

    def __init__(
        self,
        *,
        moves: dict[str, Iterable[str]],
        area: str | Callable[[object], str],
        field: str = "status",
        version_field: str | None = "version",
        steps: dict[str, Step] | None = None,
    ) -> None:
        self.moves = {str(source): frozenset(str(to) for to in targets) for source, targets in moves.items()}
        self.area = area
        self.field = field
        self.version_field = version_field
        self.steps = dict(steps or {})
        self.model = None
        self.attname = ""

    def contribute_to_class(self, cls, name: str) -> None:
        """Django calls this when the model class is built: the machine learns its model and
        is registered under the model's label (abstract models are not registered)."""
        self.model = cls
        self.attname = name
        setattr(cls, name, self)
        if not cls._meta.abstract:
            _MACHINES[cls._meta.label_lower] = self

    def __repr__(self) -> str:
        return f"<StateMachine {self.kind}>"

    # ---- names and labels -------------------------------------------------------------

    @property
    def kind(self) -> str:
        """The model's label, e.g. "discovery.screeningrecord" (stored on each event)."""
        return self.model._meta.label_lower

    @property
    def name(self):
        """The model's verbose name, e.g. 排查记录 (lazy, translatable)."""
        return self.model._meta.verbose_name

    @property
    def states(self) -> dict[str, str]:
        """{status value: label} from the status field's choices, in their order."""
        return {str(value): label for value, label in self.model._meta.get_field(self.field).flatchoices}

    def label(self, status: str) -> str:
        """The label of a status value, or the value itself if it is not a choice (an old
        value kept on an event row)."""
        return self.states.get(str(status), str(status))

    def step_label(self, step: str) -> str:
        found = self.steps.get(step)
        return found.label if found else step

    # ---- rules --------------------------------------------------------------------------

    def allowed(self, status: str) -> frozenset[str]:
        """The statuses a `status` may move to."""
        return self.moves.get(str(status), frozenset())

    def sources(self, to: str) -> list[str]:
        """The statuses from which `to` may be reached, in the choices' order."""
        return [status for status in self.states if str(to) in self.allowed(status)]

    def status_of(self, obj) -> str:
        return str(getattr(obj, self.field))

    def can_move(self, obj, to: str) -> bool:
        return str(to) in self.allowed(self.status_of(obj))

    def check_move(self, obj, to: str, *, error: type[DomainError] = DomainError) -> None:
        """Refuse a move the machine does not allow from the status `obj` has in memory:
        raises `error` (a DomainError class) with code "illegal_transition" and params
        object, status, to (labels) and allowed (the statuses it could be moved from)."""
        if self.can_move(obj, to):
            return
        current = self.status_of(obj)
        params = {"object": self.name, "status": self.label(current), "to": self.label(to)}
        sources = self.sources(to)
        if sources:
            params["allowed"] = _("或").join(str(self.label(s)) for s in sources)
            message = _("该%(object)s不是%(allowed)s状态，不能改为“%(to)s”（当前为“%(status)s”）")
        else:
            message = _("%(object)s当前为“%(status)s”，不能改为“%(to)s”")
        raise error(message, code="illegal_transition", params=params)

    def check_step(self, obj, step: str, *, error: type[DomainError] = DomainError) -> None:
        """Refuse a step not declared, or not allowed in the status `obj` has in memory:
        raises `error` with code "illegal_step"."""
        declared = self.steps.get(step)
        if declared is None:
            raise ValueError(f"{self.kind} declares no step {step!r}")
        current = self.status_of(obj)
        if current not in declared.during:
            raise error(
                _("%(object)s当前为“%(status)s”，不能%(step)s"),
                code="illegal_step",
                params={"object": self.name, "status": self.label(current), "step": declared.label},
            )

    def check(self) -> list[checks.CheckMessage]:
        """The machine names real fields, and its moves and steps only statuses of the
        field's choices (errors workflow.E001, E002; empty when all is well)."""
        label = self.model._meta.label
        try:
            self.model._meta.get_field(self.field)
            if self.version_field:
                self.model._meta.get_field(self.version_field)
        except FieldDoesNotExist as exc:
            return [checks.Error(f"{label}: {exc}", obj=self.model, id="workflow.E001")]
        named = set(self.moves)
        for targets in self.moves.values():
            named |= targets
        for step in self.steps.values():
            named |= step.during
        unknown = named - set(self.states)
        if unknown:
            return [
                checks.Error(
                    f"{label}: the state machine names statuses that are not choices: {sorted(unknown)}",
                    obj=self.model,
                    id="workflow.E002",
                )
            ]
        return []

    def area_code(self, obj) -> str:
        """The code of the area the object belongs to ("" if it has none)."""
        if callable(self.area):
            return self.area(obj) or ""
        value = obj
        for part in self.area.split("__"):
            value = getattr(value, part)
            if value is None:
                return ""
        return str(value)


def machines() -> list[StateMachine]:
    """Every declared machine, ordered by kind."""
    return [_MACHINES[kind] for kind in sorted(_MACHINES)]


def machine_for(kind: str) -> StateMachine | None:
    """The machine of a kind ("discovery.problem"), or None."""
    return _MACHINES.get(kind)


def machine_of(obj_or_model) -> StateMachine:
    """The machine declared on a model (or on an instance's model). Raises LookupError if
    the model declares none."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    machine = _MACHINES.get(model._meta.label_lower)
    if machine is None:
        raise LookupError(f"{model._meta.label} declares no StateMachine")
    return machine


def check_machines(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check (registered in apps.py): every declared machine passes StateMachine.check."""
    return [problem for machine in machines() for problem in machine.check()]
