from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "moralprovince.api"
    verbose_name = "API"
