"""lintnews: a linter for machine-translated news."""

__version__ = "0.1.0"
