"""Training data, configuration and scripts for the shipped spaCy model (`extractors/models/`).

Nothing here is imported when documents are extracted: the tokenizer the model's config names
lives in `extractors/jieba_tokenizer.py`. The generator's word lists are data in
`rules/lexicons/training/` (`lexicons` reads them). `real_gold` labels the extractor's own segments of a gold corpus (the shared dev
set, read at training time, never copied here) by the scorer's overlap rule; `generate` and
`hard_cases` add generated and hand-written segments; `train` builds the model with fixed seeds
into the folder it is given; `crossval` prints the k-fold ablation (rules / model only / merged);
`vectors` builds count-based word vectors from the unlabelled real corpus; `evaluate` runs the
ablation on whole corpora. `heldout/` and `heldout2/` are small prose-style documents with gold
files, written for this project and used only to measure.
"""
