"""Reading input safely and writing output whole: bounded files, plain YAML and strict
JSON with the line and column of every value, pydantic errors turned into located
problems, bundled data, atomic writes."""
