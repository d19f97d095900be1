"""Every operation that changes the time bank. Views, commands and tests call these; the
rules live here once, by concern:

- `ledger`: the community pot, transfers (`post_transfer`, the only writer of movements and
  balances) and their reversal;
- `membership`: applications, broker decisions, credit limits, closing an account, donations;
- `exchanges`: recording help given, confirming or disputing it, broker approval and voiding;
- `messages`: members writing to each other;
- `listings`: which listings are current.
"""


class TimebankError(Exception):
    """A refused operation; the message is written for the member who tried it."""
