"""The SQLite backend's parts; `duban.index.sqlite_store.SQLiteStore` ties them together."""
