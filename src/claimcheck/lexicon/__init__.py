"""One copy of every vocabulary the pipeline shares: direction words, bounds and hedges, word
forms (stopwords, stemming, synonyms), period expressions, sentence rules, and the tables the
quantity parser reads (currencies, scale words and units, number words, label words).

The quantity parser, the matcher and the drafter all read these tables; none keeps a list of
its own, so a word added here ("widened", "boost") means the same thing everywhere.

* :mod:`.directions` — which way a figure moved ("rose", "a 5% decline", "增长");
* :mod:`.qualifiers` — bounds and hedges ("over", "about", "up to", "~");
* :mod:`.currencies`, :mod:`.scales`, :mod:`.numbers`, :mod:`.labels` — how figures are written;
* :mod:`.words` — word forms for comparing a claim with a passage;
* :mod:`.periods` — quarters, halves and fiscal years;
* :mod:`.sentences` — where sentences end.
"""
