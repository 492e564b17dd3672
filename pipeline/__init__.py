"""kehoach: Vietnamese government plans (Kế hoạch) -> a searchable, citable database."""

__version__ = "0.3.0"
