from django.apps import AppConfig


class PerfConfig(AppConfig):
    """Synthetic data at scale (seed_demo) and the page benchmark (bench). Owns no tables."""

    name = "perf"
    verbose_name = "Performance"
