"""Writers of engine results: plain text, rich text, markdown, JSON, CSV."""
