"""Declarative rules and lexicons, shipped as data (YAML and text files) inside the package."""
