"""roadmap: plan the digital-transformation roadmaps of regional governments."""

__version__ = "0.1.0"
