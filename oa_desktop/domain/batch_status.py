"""A batch's statuses (one uploaded 837P file) and the sets every query uses.

built: the file is written, not yet sent; failed: the upload failed (Retry sends it);
sending: an upload is under way (found so later, the app stopped during it);
unconfirmed: the upload's last step was sent but its answer never came, so whether Office
Ally has the file is unknown until /inbound is checked (never sent again before that);
cancelled: the file could not be written, it never went out;
sent: upload confirmed; accepted / partly_accepted / rejected: what the 999 said.
"""

from __future__ import annotations

BUILT, FAILED, SENDING, UNCONFIRMED = "built", "failed", "sending", "unconfirmed"
CANCELLED, SENT = "cancelled", "sent"
ACCEPTED, PARTLY_ACCEPTED, REJECTED = "accepted", "partly_accepted", "rejected"

# May be at Office Ally or not: checked against /inbound before anything is sent again.
UNCERTAIN = (SENDING, UNCONFIRMED)
# Its claims wait on this batch: never offered for another batch, never sent twice.
WAITING = (BUILT, FAILED, *UNCERTAIN)
# Certainly never reached Office Ally: no answer can be about this batch.
NEVER_SENT = (BUILT, FAILED, CANCELLED)
# Reached Office Ally (confirmed), whatever its 999 said.
SENT_STATUSES = (SENT, ACCEPTED, PARTLY_ACCEPTED, REJECTED)
ALL = (*WAITING, CANCELLED, *SENT_STATUSES)

LABELS = {
    BUILT: "Waiting to be sent", FAILED: "Upload failed", SENT: "Sent, waiting for 999",
    SENDING: "Upload unconfirmed", UNCONFIRMED: "Upload unconfirmed",
    ACCEPTED: "File accepted", PARTLY_ACCEPTED: "Partly accepted",
    REJECTED: "File rejected", CANCELLED: "Cancelled (never sent)",
}

