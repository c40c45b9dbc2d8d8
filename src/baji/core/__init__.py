"""What every stage shares: levels, years in post, the vocabulary, the decision's
types, and the pydantic base of baji's models."""
