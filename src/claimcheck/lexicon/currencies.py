"""Currencies as a figure writes them: symbols and codes before the number ("US$", "RMB",
"€"), words after it ("yuan", "euros", "bucks"), Chinese names ("人民币", "美元"), the dollars
that are not US dollars, and what a table's unit note may call a currency ("(US$ in millions)").

Keys are as written (prefixes) or lower case with single spaces (words); values are ISO codes.
A bare "$" is USD and "¥" CNY until a figure's own words say otherwise.
"""

from __future__ import annotations

PREFIX: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "USD": "USD", "$": "USD",
    "HK$": "HKD", "HKD": "HKD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "S$": "SGD", "SGD": "SGD",
    "NT$": "TWD", "TWD": "TWD",
    "NZ$": "NZD", "NZD": "NZD",
    "R$": "BRL", "BRL": "BRL",
    "MX$": "MXN", "MXN": "MXN",
    "RMB": "CNY", "CNY": "CNY", "CN¥": "CNY", "¥": "CNY", "￥": "CNY", "人民币": "CNY",
    "JP¥": "JPY", "JPY": "JPY",
    "€": "EUR", "EUR": "EUR",
    "£": "GBP", "GBP": "GBP",
    "₹": "INR", "Rs.": "INR", "Rs": "INR", "INR": "INR",
    "₩": "KRW", "KRW": "KRW",
    "CHF": "CHF",
}  # fmt: skip

# Words written after the number; keys are lower case with single spaces.
SUFFIX: dict[str, str] = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY",
    "usd": "USD", "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD",
    "u.s. dollar": "USD", "dollars": "USD", "dollar": "USD",
    "hkd": "HKD", "hong kong dollars": "HKD", "hong kong dollar": "HKD", "hk dollars": "HKD",
    "aud": "AUD", "australian dollars": "AUD", "cad": "CAD", "canadian dollars": "CAD",
    "sgd": "SGD", "singapore dollars": "SGD", "twd": "TWD", "new taiwan dollars": "TWD",
    "taiwan dollars": "TWD", "nt dollars": "TWD", "nzd": "NZD",
    "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "gbp": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "quid": "GBP",
    "bucks": "USD", "buck": "USD",
    "jpy": "JPY", "yen": "JPY",
    "inr": "INR", "rupees": "INR", "rupee": "INR",
    "krw": "KRW", "chf": "CHF", "swiss francs": "CHF",
}  # fmt: skip

CJK: dict[str, str] = {
    "人民币": "CNY", "元": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR",
    "日元": "JPY", "英镑": "GBP", "韩元": "KRW", "新台币": "TWD", "澳元": "AUD", "加元": "CAD",
}  # fmt: skip

# Dollars other than the US one, as they may be written inside a claimed figure.
OTHER_DOLLARS: dict[str, str] = {
    "HK$": "HKD", "HKD": "HKD", "HONG KONG": "HKD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "AUSTRALIAN": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "CANADIAN": "CAD",
    "S$": "SGD", "SGD": "SGD", "SINGAPORE": "SGD", "NT$": "TWD", "TWD": "TWD", "TAIWAN": "TWD",
    "NZ$": "NZD", "NZD": "NZD",
}  # fmt: skip

# what a table's unit note calls a currency ("RMB in millions", "(US$ in billions)")
NOTE: dict[str, str] = {
    **{k.lower(): v for k, v in PREFIX.items()},
    **SUFFIX,
    "dollars": "USD", "us$": "USD", "u.s. dollars": "USD", "renminbi": "CNY",
}  # fmt: skip
