"""Accuracy benchmark: claimcheck's matcher against gold figure labels, beside a naive baseline.

Reads ../shared/bench/*.jsonl (real claims, the real text of their sources, gold labels per
figure) and prints, per data set, figure-level precision / recall / F1 of *flagging* (flag =
contradicted or unsupported), recall on gold-contradicted figures, and claim-level accuracy, for
claimcheck and for the naive baseline (flag a figure iff its exact string is absent from the
source).

    python bench/accuracy.py                      # both data sets
    python bench/accuracy.py --data ../shared/bench/wice-dev.jsonl --errors 20
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from claimcheck.claims import Claim, Figure
from claimcheck.extract import Document, extract
from claimcheck.match import build_index, claimed_figure, match_figure
from claimcheck.results import Verdict

FLAGGED = {Verdict.CONTRADICTED, Verdict.UNSUPPORTED}
DEFAULT_DATA = sorted(
    (Path(__file__).resolve().parents[1] / ".." / "shared" / "bench").glob("*.jsonl")
)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    contra_total: int = 0
    contra_flagged: int = 0
    claims: int = 0
    claims_right: int = 0  # against the figures' gold (any figure flagged)
    claims_right_dataset: int = 0  # against the dataset's own claim label

    def add(self, gold_flag: bool, flag: bool, gold: str) -> None:
        if gold_flag and flag:
            self.tp += 1
        elif flag:
            self.fp += 1
        elif gold_flag:
            self.fn += 1
        else:
            self.tn += 1
        if gold == "contradicted":
            self.contra_total += 1
            self.contra_flagged += flag

    def row(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        cr = self.contra_flagged / self.contra_total if self.contra_total else float("nan")
        return {
            "precision": p,
            "recall": r,
            "f1": f1,
            "contradicted_recall": cr,
            "claim_accuracy": self.claims_right / self.claims if self.claims else 0.0,
            "claim_accuracy_dataset": self.claims_right_dataset / self.claims
            if self.claims
            else 0.0,
        }


def source_document(text: str) -> Document:
    doc = extract(text.encode("utf-8"), "text/plain; charset=utf-8")
    if not isinstance(doc, Document):
        raise SystemExit(f"could not extract benchmark text: {doc}")
    return doc


def run(path: Path, show_errors: int) -> tuple[Tally, Tally, Counter[str]]:
    ours, naive = Tally(), Tally()
    confusion: Counter[str] = Counter()
    errors_shown = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        index = build_index(source_document(item["source_text"]))
        claim = Claim(id=item["id"], text=item["claim"], line=0, sources=("1",))
        any_flag = any_naive = any_gold = False
        for fig in item["figures"]:
            gold = fig["gold"]
            gold_flag = gold != "supported"
            figure = Figure(value=fig["surface"], line=0)
            claimed = claimed_figure(figure, claim, position=fig["start"])
            if claimed is None:
                verdict, reason = Verdict.UNSUPPORTED, "unparsed"
            else:
                result = match_figure(claimed, index, "1", None)
                verdict, reason = result.verdict, result.reason
            flag = verdict in FLAGGED
            naive_flag = fig["surface"] not in item["source_text"]
            ours.add(gold_flag, flag, gold)
            naive.add(gold_flag, naive_flag, gold)
            confusion[f"{gold}->{verdict.value}:{reason}"] += 1
            any_flag |= flag
            any_naive |= naive_flag
            any_gold |= gold_flag
            if show_errors and errors_shown < show_errors and flag != gold_flag:
                errors_shown += 1
                print(f"--- {item['id']} gold={gold} got={verdict.value}/{reason}", file=sys.stderr)
                print(f"    claim: {item['claim']}", file=sys.stderr)
                print(f"    figure: {fig['surface']!r}", file=sys.stderr)
                if claimed is not None:
                    r = match_figure(claimed, index, "1", None)
                    print(
                        f"    found: {r.found!r} score={r.score} ev={r.evidence!r}", file=sys.stderr
                    )
        dataset_flag = item["claim_gold"] != "supported"
        for tally, flagged in ((ours, any_flag), (naive, any_naive)):
            tally.claims += 1
            tally.claims_right += flagged == any_gold
            tally.claims_right_dataset += flagged == dataset_flag
    return ours, naive, confusion


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="a benchmark .jsonl file")
    parser.add_argument("--errors", type=int, default=0, help="print this many misjudged figures")
    parser.add_argument("--confusion", action="store_true", help="print gold -> verdict counts")
    args = parser.parse_args(argv)
    files = args.data or DEFAULT_DATA
    if not files:
        print("no benchmark files found; pass --data", file=sys.stderr)
        return 2
    cols = (
        "precision",
        "recall",
        "f1",
        "contradicted_recall",
        "claim_accuracy",
        "claim_accuracy_dataset",
    )
    print(f"| data set | method | {' | '.join(cols)} |")
    print("| --- | --- |" + " --- |" * len(cols))
    for path in files:
        ours, naive, confusion = run(path, args.errors)
        for name, tally in (("claimcheck", ours), ("naive", naive)):
            row = tally.row()
            cells = " | ".join(f"{row[c]:.3f}" for c in cols)
            print(f"| {path.stem} | {name} | {cells} |")
        if args.confusion:
            for key, n in sorted(confusion.items()):
                print(f"    {key}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
