"""One copy of every vocabulary the pipeline shares: direction words, bounds and hedges, word
forms (stopwords, stemming, synonyms) and period expressions.

The quantity parser, the matcher and the drafter all read these tables; none keeps a list of
its own, so a word added here ("widened", "boost") means the same thing everywhere.
"""
