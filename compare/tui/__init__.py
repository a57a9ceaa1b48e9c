"""The Textual app. Only this package imports textual; the engine and the CLI never do."""
