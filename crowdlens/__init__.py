"""crowdlens: crowd-learning analytics for internal communities."""

__version__ = "0.1.0"
