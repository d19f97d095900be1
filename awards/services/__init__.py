"""Every rule that changes the state of an award lives in this package; views and admin call
it. One module per concern: `nominations`, `judging`, `leaderboard`, `certificates` (and
`access`, who may do what). The names are re-exported here, so `services.screen(...)` works."""

from .access import administrator_emails, is_administrator, is_judge
from .certificates import (
    best_certificate,
    certificate_by_number,
    certified_organisations,
    issue_certificate,
    normalise_certificate_number,
    revoke_certificate,
    valid_certificates,
)
from .judging import (
    declaration_for,
    declare_conflict,
    judge_nominations,
    judge_progress,
    nomination_for_judge,
    reopen_sheet,
    save_scores,
    with_judge_state,
)
from .leaderboard import (
    TIE_BREAK_RULE,
    Standing,
    leaderboard,
    store_weighted_totals,
    weighted_total,
)
from .nominations import (
    confirm_nomination,
    create_nomination,
    notify_submitted,
    screen,
    set_shortlisted,
    set_winner,
    submit_nomination,
)

__all__ = [
    "TIE_BREAK_RULE",
    "Standing",
    "administrator_emails",
    "best_certificate",
    "certificate_by_number",
    "certified_organisations",
    "confirm_nomination",
    "create_nomination",
    "declaration_for",
    "declare_conflict",
    "is_administrator",
    "issue_certificate",
    "is_judge",
    "judge_nominations",
    "judge_progress",
    "leaderboard",
    "nomination_for_judge",
    "normalise_certificate_number",
    "notify_submitted",
    "reopen_sheet",
    "revoke_certificate",
    "save_scores",
    "screen",
    "set_shortlisted",
    "set_winner",
    "store_weighted_totals",
    "submit_nomination",
    "valid_certificates",
    "weighted_total",
    "with_judge_state",
]
