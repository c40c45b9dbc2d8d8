"""For test authors and baji's own tests: Hypothesis strategies, fuzz targets and
synthetic rosters. The library never imports this package."""
