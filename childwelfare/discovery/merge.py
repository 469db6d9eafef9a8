"""How a child's screening records fold when two files of the child are merged
(registry.merging.register_merge_fold; QA of issue 9).

A child registered again during a campaign (新增未登记的儿童) while a file already existed has
a record in that campaign under each file, and a campaign holds one record per child. The
record further along the screening steps survives (confirmed, verified, screened, returned,
pending; the survivor file's on a tie); the problems raised from the other are moved to it,
and the other record is deleted. Its visit and assessment stay: they move to the surviving
child with every other record of the merged file.
"""

from __future__ import annotations

from .choices import RecordStatus
from .models import Problem, ScreeningRecord

# Further along the screening steps = higher.
RANK = {
    RecordStatus.PENDING: 0,
    RecordStatus.RETURNED: 1,
    RecordStatus.SCREENED: 2,
    RecordStatus.VERIFIED: 3,
    RecordStatus.CONFIRMED: 4,
}


def fold_screening_records(survivor, merged, actor) -> int:
    """Fold the two files' records of each campaign both are in into one (module docstring).
    Returns how many records were deleted."""
    kept_by_campaign = {r.campaign_id: r for r in ScreeningRecord.objects.filter(child=survivor)}
    dropped = 0
    for other in ScreeningRecord.objects.filter(child=merged, campaign_id__in=list(kept_by_campaign)):
        mine = kept_by_campaign[other.campaign_id]
        keep, drop = (other, mine) if RANK.get(other.status, 0) > RANK.get(mine.status, 0) else (mine, other)
        Problem.objects.filter(record=drop).update(record=keep)
        drop.delete()
        dropped += 1
    return dropped
