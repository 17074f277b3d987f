from django.apps import AppConfig


class TrustBeatConfig(AppConfig):
    name = "trustbeat"
    verbose_name = "TrustBeat"

    def ready(self) -> None:
        from trustbeat import checks  # noqa: F401  (registers the system checks)
