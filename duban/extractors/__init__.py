"""Rule and model extractors: measures, responsible units, deadlines, relays and progress."""
