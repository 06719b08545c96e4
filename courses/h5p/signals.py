from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import H5PActivity
from .services import h5p_activity_delete_files


@receiver(post_delete, sender=H5PActivity)
def remove_content_files(sender, instance, **kwargs):
    activity_id = instance.pk
    transaction.on_commit(lambda: h5p_activity_delete_files(activity_id))
