"""Words after which a bare number is a label, not a figure: "Section 3.2", "No. 5",
"Windows 11", "S&P 500".
"""

from __future__ import annotations

# Bare numbers right after these words are labels, not figures ("Section 3.2", "Windows 11").
LABELS = frozenset(
    """
    section sections sec. sect. § §§ item items no. nos. chapter chapters ch. table tables
    figure figures fig. figs. page pages p. pp. exhibit exhibits footnote footnotes article
    articles art. clause clauses paragraph paragraphs para. appendix annex vol. volume phase
    stage tier version ver. v. gen generation season episode fy cy fiscal
    """.split()
)
# These are also ordinary words ("issue 500 shares", "release 5 products"), so they are labels
# only when written with a capital: "Form 4", "Windows 11", "iPhone 16", "S&P 500".
TITLE_LABELS = frozenset(
    """
    note notes part rule form issue step level release series model mark mk type class
    category round line slide schedule route highway flight room suite no windows iphone ipad
    pixel galaxy android ios macos ubuntu python llama qwen gemini claude gpt boeing airbus
    playstation xbox s&p fortune russell ftse nasdaq dax nikkei csi stoxx cac
    """.split()
)
