"""The web front end's parts: security (`security`), rendering (`render`), the cached cross-check
(`cache`), templates and the style sheet. The application itself is `pipeline.app`."""
