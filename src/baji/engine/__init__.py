"""Evaluation: leaf conditions, the functions generated from a network, full decisions,
answers alone, batches of profiles, and the public evaluate functions."""
