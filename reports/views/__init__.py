"""Views of the reports app, one module per audience (see reports/urls.py)."""
