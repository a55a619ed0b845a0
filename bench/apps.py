from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks' synthetic data (``seed_articles``): installed by the dev and test settings only."""

    name = "bench"
    verbose_name = "Benchmarks"
