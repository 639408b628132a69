"""English: the code that reads an English parse (dependency labels, English function words). Its words are data
(data/lang/en.toml); this package holds only what reads the parser's structure, as spaCy's lang/en does."""
