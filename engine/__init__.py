"""kommunebench engine: benchmark declarations, templates, validation and reports.

Heavy libraries (pandas, scikit-learn) are imported inside the functions that
need them so that ``kommunebench --help`` stays fast.
"""

__version__ = "0.1.0"
