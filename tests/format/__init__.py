"""The formatter's safety: the equivalence checker, the corpus, the fuzz."""
