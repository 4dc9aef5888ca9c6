#!/usr/bin/env python3
"""Fit the summarizer's weights on the dev sets by coordinate search, with split-half checks.

Usage (from the repository root, after `swift build -c release`):
    python3 scripts/fit-summarizer-weights.py [--briefing .build/release/briefing]
        [--data ../shared/eval/data] [--mode all|split] [--rounds 3]

It runs `briefing eval --json --weight NAME=VALUE ...` on the cnndm, bbc and xsum dev files and
maximizes, over the weights, sum over corpora of c * ((R1 - lead R1) + (R2 - lead R2)) with
c = 3 for cnndm, 1 for xsum, 0.5 for bbc (BBC's extractive references reward any non-lead
choice, so it must not steer), minus 10 per point that R-1 or R-2 falls below Lead-3 on any
corpus, plus a little for cnndm fact recall (numbers and entities), so ROUGE is not bought
with facts. Entity and number density keep a floor weight (MINIMUM).

--mode split: documents are halved by a stable hash of their id; weights are fitted on each half
and scored on the other (the split-half figures to report). --mode all: fit on everything and
print the weights for SummarizerConfiguration.defaultWeights. Only Python's standard library is
needed; nothing here is imported by the package.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

CORPORA = ("cnndm", "bbc", "xsum")
COST = {"cnndm": 3.0, "bbc": 0.5, "xsum": 1.0}

# Parameters searched and the moves tried from the current value.
MULTIPLICATIVE = ("positionScale", "lengthIdeal")
# Lower bounds: entity and number density are the core of the design (and of fact recall), so
# the search may lower them only this far, even where ROUGE alone would drop them.
MINIMUM = {"entities": 0.25, "numbers": 0.15, "redundancy": 0.0}
SEARCHED = (
    "entities", "numbers", "position", "positionScale", "lead", "centrality", "title",
    "length", "lengthIdeal", "caption", "quote", "question", "redundancy",
)


def run_eval(briefing, files, weights):
    args = [briefing, "eval", "--json"]
    for f in files:
        args += ["--data", f]
    for k, v in sorted(weights.items()):
        args += ["--weight", f"{k}={v:.4g}"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    result = {}
    for line in out.splitlines():
        o = json.loads(line)
        name = os.path.basename(o["data"]).split("-")[0]
        result[name] = o
    return result


def objective(result):
    total = 0.0
    for c, o in result.items():
        b, l = o["briefing"], o["lead"]
        d1 = b["rouge1"] - l["rouge1"]
        d2 = b["rouge2"] - l["rouge2"]
        total += COST.get(c, 1.0) * (d1 + d2)
        total -= 10 * (max(0.0, -d1) + max(0.0, -d2))
        if c == "cnndm":
            total += 0.02 * (b["numberRecall"] + b["entityRecall"])
    return total


def moves(name, value):
    if name in MULTIPLICATIVE:
        return [value * f for f in (0.5, 0.75, 1.33, 2.0)]
    step = max(0.1, abs(value) * 0.5)
    return [value - step, value + step, value - step / 2, value + step / 2, 0.0]


def fit(briefing, files, weights, rounds, log, min_gain=0.0):
    best = dict(weights)
    best_score = objective(run_eval(briefing, files, best))
    log(f"start {best_score:.3f}")
    for r in range(rounds):
        improved = False
        for name in SEARCHED:
            for v in moves(name, best[name]):
                if v < MINIMUM.get(name, -1e9):
                    continue
                trial = dict(best)
                trial[name] = round(v, 4)
                s = objective(run_eval(briefing, files, trial))
                if s > best_score + max(min_gain, 1e-6):
                    best, best_score, improved = trial, s, True
                    log(f"round {r} {name}={trial[name]} -> {s:.3f}")
        if not improved:
            break
    return best, best_score


def table(result):
    lines = []
    for c in CORPORA:
        if c not in result:
            continue
        b, l = result[c]["briefing"], result[c]["lead"]
        lines.append(
            f"| {c} | {b['rouge1']:.2f} / {b['rouge2']:.2f} / {b['rougeLsum']:.2f} "
            f"| {l['rouge1']:.2f} / {l['rouge2']:.2f} / {l['rougeLsum']:.2f} "
            f"| {b['numberRecall']:.1f} / {b['entityRecall']:.1f} | {l['numberRecall']:.1f} / {l['entityRecall']:.1f} |")
    return "\n".join(lines)


def split(data, tmp):
    halves = {"A": [], "B": []}
    for c in CORPORA:
        a, b = [], []
        with open(os.path.join(data, f"{c}-dev.jsonl"), encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                i = json.loads(line)["id"]
                (a if hashlib.sha1(i.encode()).digest()[0] % 2 == 0 else b).append(line)
        for half, lines in (("A", a), ("B", b)):
            p = os.path.join(tmp, f"{c}-{half}.jsonl")
            with open(p, "w", encoding="utf-8") as fh:
                fh.writelines(lines)
            halves[half].append(p)
    return halves


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--briefing", default=".build/release/briefing")
    ap.add_argument("--data", default=os.path.join("..", "shared", "eval", "data"))
    ap.add_argument("--mode", choices=("all", "split"), default="all")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--start", help="JSON object of starting weights (default: the built-in defaults)")
    ap.add_argument("--hand-start", action="store_true",
                    help="start from the hand-set weights the search began with (for an honest split-half run)")
    ap.add_argument("--min-gain", type=float, default=0.0,
                    help="accept a move only if the objective rises by this much (guards against fitting noise)")
    a = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    # The start: SummarizerConfiguration.defaultWeights (keep the two in step).
    start = json.loads(a.start) if a.start else None
    if start is None:
        start = {
            "entities": 0.34, "numbers": 0.15, "position": 1.875, "positionScale": 3, "lead": 0.56,
            "centrality": 1.25, "title": 2.5, "length": 0.7, "lengthIdeal": 20, "caption": -1.7,
            "quote": -0.29, "question": 0.0, "redundancy": 0.625,
        }
    if a.hand_start:
        start = {
            "entities": 1.0, "numbers": 0.5, "position": 1.5, "positionScale": 4, "lead": 0.5,
            "centrality": 1.0, "title": 0.5, "length": 1.0, "lengthIdeal": 20, "caption": -1.0,
            "quote": -0.3, "question": -0.5, "redundancy": 0.5,
        }
    header = "| corpus | ours R-1 / R-2 / R-Lsum | Lead-3 R-1 / R-2 / R-Lsum | ours facts num / ent % | Lead-3 facts % |\n|---|---|---|---|---|"
    if a.mode == "all":
        files = [os.path.join(a.data, f"{c}-dev.jsonl") for c in CORPORA]
        best, score = fit(a.briefing, files, start, a.rounds, log, a.min_gain)
        print(json.dumps(best, sort_keys=True))
        print(header)
        print(table(run_eval(a.briefing, files, best)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        halves = split(a.data, tmp)
        for fit_half, test_half in (("A", "B"), ("B", "A")):
            best, _ = fit(a.briefing, halves[fit_half], start, a.rounds, log, a.min_gain)
            print(f"fitted on half {fit_half}: {json.dumps(best, sort_keys=True)}")
            print(f"scored on half {test_half} (fitted weights):")
            print(header)
            print(table(run_eval(a.briefing, halves[test_half], best)))
            print(f"scored on half {test_half} (start weights):")
            print(table(run_eval(a.briefing, halves[test_half], start)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
