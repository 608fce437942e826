"""duban: measures, responsible units and deadlines from Chinese policy documents, minutes and reports."""

__version__ = "0.1.0"
