"""The directory's public and self-service pages: `search` (the directory and its CSV export),
`profile` (an organisation's profile and enquiries), `account` (a member's own organisations)
and `membership` (joining, invitations, members)."""
