"""Other evaluators compiled from the same network: polars columns and durable-rules."""
