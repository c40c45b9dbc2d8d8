"""Presentation only: terminal tables, Markdown and HTML, SVG charts, network pictures,
generated pack docs and the JSON Schemas."""
