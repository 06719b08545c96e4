"""Signals other apps may listen to (certificates imports none of them; the open API sends webhooks on them).

Both are sent once, after the transaction that changed the certificate commits, with ``certificate``:
- ``certificate_issued``: a new certificate (an issue or a re-issue);
- ``certificate_revoked``: a certificate revoked (withdrawn, or replaced by a re-issue).
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_revoked = Signal()
