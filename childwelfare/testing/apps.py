from django.apps import AppConfig


class TestingConfig(AppConfig):
    name = "childwelfare.testing"
    label = "cwtesting"
