"""Signals of the privacy app, for the apps above ``lms`` (which this app never imports)."""

from django.dispatch import Signal

#: Sent by ``services.anonymise_user`` inside its transaction, before the account is anonymised, with ``user`` and
#: ``withhold_name``. Receivers remove what their app holds that names the person (certificates: PDF files, and the
#: printed name when ``withhold_name``). An exception rolls the whole erasure back (it is retried on the next run).
user_erasing = Signal()
