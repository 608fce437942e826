"""Training data, configuration and scripts for the shipped spaCy model (`extractors/models/`).

Everything here runs offline from files in the repository: `generate` composes labelled sentences
from the lexicons in `lexicons`, `hard_cases` adds hand-written hard positives and negatives,
`train` builds the model with fixed seeds and `evaluate` prints the ablation table.
`heldout/` and `heldout2/` are small prose-style documents with gold files, written for this
project and used only to measure: tuning rules or training on them would void them as a test.
"""
