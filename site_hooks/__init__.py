"""Build helpers for the documentation site (MkDocs hooks and a docstring extension)."""
