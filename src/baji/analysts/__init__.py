"""For policy analysts: what a pack asks, level by level; two packs diffed; the impact
of a change on a roster."""
