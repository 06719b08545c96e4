from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site's content and seeds (``manage.py load_demo``). It writes through every app; nothing imports it."""

    name = "demo"
    label = "demo"
    verbose_name = "Nội dung mẫu"
