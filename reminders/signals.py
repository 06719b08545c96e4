"""Keep the language a person signs in with, so that their reminders come in it."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import get_language


@receiver(user_logged_in, dispatch_uid="reminders.remember_language")
def remember_language(sender, request, user, **kwargs):
    from .services import language_remember

    language_remember(user=user, language=getattr(request, "LANGUAGE_CODE", None) or get_language())
