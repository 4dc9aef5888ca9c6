#!/usr/bin/env python3
"""Runs briefing against its peers, interleaved, and prints min, median and ratio.

Run it through scripts/bench-peers, which installs the peers. Each comparison runs in rounds; in
each round every contestant runs once, in turn (ours, peer, peer, ..., then ours again in the next
round), so that a disturbance of the shared machine hits all of them alike. briefing runs as whole
processes (its start-up included); peers run inside this Python process (their start-up and
imports excluded) on input already read into memory. Rates: the best is from the fastest round,
the median from the median round; "ours ÷ peer" compares medians (> 1 means briefing is faster).

Comparisons: feed parsing to normalized items (the four files of shared/feeds/large), article
extraction in batch (shared/extract dev pages, with token F1 scored like shared/extract/score.py
in its default ws mode, by importing it), summarization of cnndm+bbc dev (sumy LexRank, a Python
Lead-3), start-up (`briefing --version` against `python3 -c pass`), and the peak memory of each
batch mode for 1x and 10x its input.
"""
import argparse
import gzip
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata


def version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


# CPU seconds (user + system) of the last process run_process waited for: briefing may use both
# cores, the Python peers one, so every report prints our CPU time beside our wall time.
last_cpu = [0.0]
last_errors = [""]  # standard error of that process (summarize --timings reports there)


def run_process(argv, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL):
    """Runs argv; returns (seconds, peak resident KiB, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stdin=stdin, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    last_cpu[0] = usage.ru_utime + usage.ru_stime
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    last_errors[0] = error
    if process.returncode not in (0, 2):
        raise RuntimeError(f"{' '.join(argv)}: exit {process.returncode}: {error.strip()[:300]}")
    return elapsed, usage.ru_maxrss, process.returncode


class Contestant:
    """One side of a comparison: a name and a callable that does one round, returning seconds."""

    def __init__(self, name, run, ours=False):
        self.name, self.run, self.ours = name, run, ours
        self.times = []
        self.cpu = []  # CPU seconds of each round, for our processes
        self.error = None


def interleave(contestants, rounds):
    for _ in range(rounds):
        for contestant in contestants:
            if contestant.error:
                continue
            try:
                last_cpu[0] = None
                contestant.times.append(contestant.run())
                if contestant.ours and last_cpu[0] is not None:
                    contestant.cpu.append(last_cpu[0])
            except Exception as error:  # a peer that breaks is reported, not hidden
                contestant.error = f"{type(error).__name__}: {error}"[:200]


def timed(function):
    def run():
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    return run


def report(title, unit, amount, contestants, extra=None):
    """Prints one comparison. `amount` is the work of one round (MB, pages, docs, runs)."""
    print(f"\n{title}")
    print(f"  {'':34} {'best ' + unit:>14} {'median ' + unit:>16} {'ours ÷ peer':>12}  rounds")
    ours = next((c for c in contestants if c.ours), None)
    ours_median = statistics.median(ours.times) if ours and ours.times else None
    for contestant in contestants:
        label = contestant.name
        if contestant.error and not contestant.times:
            print(f"  {label:34} FAILED: {contestant.error}")
            continue
        best = amount / min(contestant.times)
        median = amount / statistics.median(contestant.times)
        ratio = ""
        if not contestant.ours and ours_median:
            ratio = f"{statistics.median(contestant.times) / ours_median:.2f}×"
        note = f"  {extra[contestant.name]}" if extra and contestant.name in extra else ""
        if contestant.cpu:
            cpu = statistics.median(contestant.cpu)
            note += (f"  [CPU median {cpu * 1e3:,.1f} ms, {cpu / statistics.median(contestant.times):.2f}× wall;"
                     f" ours ÷ peer by CPU: "
                     + ", ".join(f"{c.name.split()[0]} {statistics.median(c.times) / cpu:.2f}×"
                                 for c in contestants if not c.ours and c.times) + "]")
        print(f"  {label:34} {best:14,.1f} {median:16,.1f} {ratio:>12}  {len(contestant.times)}{note}")


# ---------------------------------------------------------------------------------------------- feeds

def bench_feeds(args):
    folder = os.path.join(args.shared, "feeds", "large")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".xml"))
    peers = []
    try:
        import fastfeedparser
        peers.append((f"fastfeedparser {version('fastfeedparser')}", fastfeedparser.parse))
    except Exception as error:
        peers.append((f"fastfeedparser", error))
    try:
        import feedparser_rs
        peers.append((f"feedparser-rs {version('feedparser-rs')}", feedparser_rs.parse))
    except Exception as error:
        peers.append(("feedparser-rs", error))
    try:
        import feedparser
        peers.append((f"feedparser {version('feedparser')}", feedparser.parse))
    except Exception as error:
        peers.append(("feedparser", error))
    # Our start-up (the median of 20 `briefing --version`), part of every per-file time below.
    startup = statistics.median(run_process([args.briefing, "--version"])[0] for _ in range(20))
    print(f"\nfeed parsing: briefing runs as one process per file; its start-up (median of 20 "
          f"`briefing --version`) is {startup * 1e3:.1f} ms of each")
    totals = {}
    for name in files:
        path = os.path.join(folder, name)
        data = open(path, "rb").read()
        megabytes = len(data) / 1e6
        contestants = [Contestant("briefing feed inspect --json", lambda p=path: run_process(
            [args.briefing, "feed", "inspect", "--json", p])[0], ours=True)]
        for label, parse in peers:
            contestant = Contestant(label, timed(lambda d=data, f=parse: f(d)))
            if isinstance(parse, Exception):
                contestant.error = f"not importable: {parse}"
            contestants.append(contestant)
        interleave(contestants, args.rounds)
        extra = feed_work(args, path, data, peers)
        ours = contestants[0]
        if ours.times:
            extra[ours.name] += f"; start-up {startup / statistics.median(ours.times):.0%} of the median"
        report(f"feed parsing: {name} ({megabytes:.1f} MB)", "MB/s", megabytes, contestants, extra)
        for contestant in contestants:
            entry = totals.setdefault(contestant.name, Contestant(contestant.name, None, contestant.ours))
            entry.error = entry.error or contestant.error
            if contestant.times:
                entry.times = [a + b for a, b in zip(entry.times, contestant.times)] if entry.times else list(
                    contestant.times)
            if contestant.cpu:
                entry.cpu = [a + b for a, b in zip(entry.cpu, contestant.cpu)] if entry.cpu else list(contestant.cpu)
            totals[contestant.name] = entry
    total_mb = sum(os.path.getsize(os.path.join(folder, f)) for f in files) / 1e6
    report(f"feed parsing: all {len(files)} files together ({total_mb:.1f} MB; per round, the sum of the four)",
           "MB/s", total_mb, list(totals.values()))

    # The four in one process: the batch mode, against each peer parsing the four in a row.
    batch = os.path.join(tempfile.mkdtemp(prefix="bench-peers-"), "feeds.jsonl")
    with open(batch, "w", encoding="utf-8") as f:
        for name in files:
            f.write(json.dumps({"id": name, "path": os.path.abspath(os.path.join(folder, name))}) + "\n")
    datas = [open(os.path.join(folder, name), "rb").read() for name in files]
    contestants = [Contestant("briefing feed inspect --batch", lambda: run_process(
        [args.briefing, "feed", "inspect", "--batch", batch])[0], ours=True)]
    for label, parse in peers:
        contestant = Contestant(label, timed(lambda f=parse: [f(d) for d in datas]))
        if isinstance(parse, Exception):
            contestant.error = f"not importable: {parse}"
        contestants.append(contestant)
    interleave(contestants, args.rounds)
    report(f"feed parsing: all {len(files)} files in one briefing process ({total_mb:.1f} MB)", "MB/s", total_mb,
           contestants)

    # Each file again, repeated to about 12 MB in one process on both sides: the parse rate on that
    # file with our start-up spread over the copies, beside the whole-process figures above.
    # feedparser (30 times slower) is left out here to keep the run short.
    print("\nfeed parsing, one process per file with the file repeated to about 12 MB on both sides "
          "(`feed inspect --batch`; feedparser left out)")
    for name, data in zip(files, datas):
        copies = max(2, round(12e6 / len(data)))
        repeated = os.path.join(os.path.dirname(batch), f"repeated-{name}.jsonl")
        with open(repeated, "w", encoding="utf-8") as f:
            for index in range(copies):
                f.write(json.dumps({"id": index, "path": os.path.abspath(os.path.join(folder, name))}) + "\n")
        contestants = [Contestant("briefing feed inspect --batch", lambda r=repeated: run_process(
            [args.briefing, "feed", "inspect", "--batch", r])[0], ours=True)]
        for label, parse in peers:
            if label.startswith("feedparser "):
                continue
            contestant = Contestant(label, timed(lambda f=parse, d=data, n=copies: [f(d) for _ in range(n)]))
            if isinstance(parse, Exception):
                contestant.error = f"not importable: {parse}"
            contestants.append(contestant)
        interleave(contestants, args.rounds)
        report(f"feed parsing: {name} × {copies} in one process ({len(data) * copies / 1e6:.1f} MB)", "MB/s",
               len(data) * copies / 1e6, contestants)


def feed_work(args, path, data, peers):
    """What each side made of one feed, to show the work is alike: items, and items with text
    (our summary_text or content_text; a peer's summary, description or content). The peers give
    that text as the feed's HTML; briefing also turns it into plain text and writes JSON."""
    out = subprocess.run([args.briefing, "feed", "inspect", "--json", path], capture_output=True).stdout
    items = json.loads(out).get("items", []) if out else []
    with_text = sum(1 for item in items if item.get("summary_text") or item.get("content_text"))
    work = {"briefing feed inspect --json": f"{len(items)} items, {with_text} with text"}
    for label, parse in peers:
        if isinstance(parse, Exception):
            continue
        try:
            entries = parse(data).get("entries", [])
            text = sum(1 for e in entries if e.get("summary") or e.get("description") or e.get("content"))
            work[label] = f"{len(entries)} items, {text} with text (HTML)"
        except Exception as error:
            work[label] = f"{type(error).__name__}"
    return work


# -------------------------------------------------------------------------------------------- extract

def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("score", os.path.join(shared, "extract", "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readability_text(summary_html, lxml_html):
    # Block ends become line breaks, so that words of adjacent blocks do not run together.
    marked = re.sub(r"(?i)</(p|div|h[1-6]|li|tr|blockquote|pre|section|article)>|<br\s*/?>", "\n", summary_html)
    return lxml_html.fromstring(marked).text_content() if marked.strip() else ""


def bench_extract(args):
    folder = os.path.join(args.shared, "extract")
    scorer = load_scorer(args.shared)
    pages = []
    with open(os.path.join(folder, "dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                path = os.path.abspath(os.path.join(folder, record["html"]))
                pages.append((record["id"], path, record.get("url"), record["text"]))
    htmls = {id: gzip.open(path).read().decode("utf-8", errors="replace") for id, path, _, _ in pages}
    gold = {id: text for id, _, _, text in pages}
    work = tempfile.mkdtemp(prefix="bench-peers-")
    batch = os.path.join(work, "pages.jsonl")
    with open(batch, "w", encoding="utf-8") as f:
        for id, path, url, _ in pages:
            f.write(json.dumps({"id": id, "path": path, "url": url}) + "\n")
    output = os.path.join(work, "out.jsonl")

    def mean_f1(texts):
        return statistics.mean(scorer.ws_doc(gold[id], texts.get(id) or "")["f1"] for id in gold)

    outputs = {}

    def ours():
        with open(output, "wb") as out:
            elapsed, _, _ = run_process([args.briefing, "extract", "--batch", batch], stdout=out)
        return elapsed

    def peer(name, extract):
        def run():
            texts = {}
            start = time.perf_counter()
            for id, _, url, _ in pages:
                texts[id] = extract(htmls[id], url)
            elapsed = time.perf_counter() - start
            outputs[name] = texts
            return elapsed
        return run

    contestants = [Contestant("briefing extract --batch", ours, ours=True)]
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
        name = f"resiliparse {version('resiliparse')}"
        contestants.append(Contestant(name, peer(name, lambda html, url: extract_plain_text(
            HTMLTree.parse(html), main_content=True))))
    except Exception as error:
        contestants.append(Contestant("resiliparse", None))
        contestants[-1].error = f"not importable: {error}"
    try:
        import trafilatura
        name = f"trafilatura {version('trafilatura')}"
        contestants.append(Contestant(name, peer(name, lambda html, url: trafilatura.extract(html, url=url))))
    except Exception as error:
        contestants.append(Contestant("trafilatura", None))
        contestants[-1].error = f"not importable: {error}"
    try:
        import lxml.html as lxml_html
        from readability import Document
        name = f"readability-lxml {version('readability-lxml')}"
        contestants.append(Contestant(name, peer(name, lambda html, url: readability_text(
            Document(html, url=url).summary(html_partial=True), lxml_html))))
    except Exception as error:
        contestants.append(Contestant("readability-lxml", None))
        contestants[-1].error = f"not importable: {error}"
    interleave(contestants, args.rounds)
    ours_texts = {}
    with open(output, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            ours_texts[record["id"]] = record.get("text")
    outputs["briefing extract --batch"] = ours_texts
    extra = {name: f"mean F1 {mean_f1(texts):.3f}" for name, texts in outputs.items()}
    report(f"article extraction: {len(pages)} dev pages (token F1 as score.py ws)", "pages/s", len(pages),
           contestants, extra)


# ------------------------------------------------------------------------------------------ summarize

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


def sentences(text):
    result = []
    for paragraph in text.split("\n"):
        result.extend(s for s in SENTENCE_END.split(paragraph.strip()) if s)
    return result


class RegexTokenizer:
    """sumy's own Tokenizer needs NLTK's punkt data, which PyPI does not ship; this one splits
    sentences the way the Lead-3 baseline does and words at non-word characters."""

    language = "english"

    def to_sentences(self, paragraph):
        return sentences(paragraph)

    def to_words(self, sentence):
        return re.findall(r"\w+", sentence)


def bench_summarize(args):
    folder = os.path.join(args.shared, "eval", "data")
    docs = []
    for name in ("cnndm-dev.jsonl", "bbc-dev.jsonl"):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f if line.strip())
    work = tempfile.mkdtemp(prefix="bench-peers-")
    batch = os.path.join(work, "docs.jsonl")
    with open(batch, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps({"id": doc["id"], "text": doc["text"], "title": doc.get("title")}) + "\n")

    def ours():
        return run_process([args.briefing, "summarize", "--batch", batch, "--sentences", "3"])[0]

    def lead3():
        return [{"id": d["id"], "summary": "\n".join(sentences(d["text"])[:3])} for d in docs]

    contestants = [Contestant("briefing summarize --batch", ours, ours=True),
                   Contestant("Python Lead-3 (regex sentences)", timed(lead3))]
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
        summarizer = LexRankSummarizer(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        tokenizer = RegexTokenizer()

        def lexrank():
            for d in docs:
                parser = PlaintextParser.from_string(d["text"], tokenizer)
                " ".join(str(s) for s in summarizer(parser.document, 3))

        contestants.append(Contestant(f"sumy {version('sumy')} LexRank", timed(lexrank)))
    except Exception as error:
        contestants.append(Contestant("sumy LexRank", None))
        contestants[-1].error = f"not importable: {error}"
    interleave(contestants, args.rounds)
    report(f"summarization: cnndm-dev + bbc-dev ({len(docs)} docs, 3 sentences)", "docs/s", len(docs),
           contestants)
    # The share of the process's CPU time that is not the summarizer (JSON in and out, reading,
    # writing, start-up), from separate --timings runs so that its clock reads do not touch the rates.
    shares = []
    for _ in range(args.rounds):
        run_process([args.briefing, "summarize", "--batch", batch, "--sentences", "3", "--timings"])
        found = re.search(r"start-up: ([0-9.]+)%", last_errors[0])
        if found:
            shares.append(float(found.group(1)))
    if shares:
        print(f"  JSON in and out, reading, writing and start-up (summarize --timings, {len(shares)} runs): "
              f"best {min(shares):.1f}%, median {statistics.median(shares):.1f}% of the CPU time (target ≤ 20%)")
    else:
        print("  summarize --timings: FAILED: no timings line on standard error")


# ---------------------------------------------------------------------------------------- start-up

def bench_startup(args):
    runs = 20

    def many(argv):
        def run():
            times = [run_process(argv)[0] for _ in range(runs)]
            return statistics.median(times)
        return run

    contestants = [Contestant("briefing --version", many([args.briefing, "--version"]), ours=True),
                   Contestant("python3 -c pass", many([sys.executable, "-c", "pass"]))]
    # The self-contained build of scripts/install (static Swift runtime), when it has been made.
    static = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(args.briefing))), ".build-static",
                          "release", "briefing")
    if os.path.exists(static):
        contestants.append(Contestant("briefing --version (static runtime)", many([static, "--version"])))
    interleave(contestants, args.rounds)
    print(f"\nstart-up (each round: the median of {runs} runs)")
    print(f"  {'':34} {'min ms':>14} {'median ms':>16} {'ours ÷ python':>14}")
    python = statistics.median(contestants[1].times)
    for contestant in contestants:
        # A rate is 1 / time: our rate ÷ the peer's is the peer's time ÷ ours.
        ratio = "" if contestant is contestants[1] else f"{python / statistics.median(contestant.times):.2f}×"
        print(f"  {contestant.name:34} {min(contestant.times) * 1e3:14.2f} "
              f"{statistics.median(contestant.times) * 1e3:16.2f} {ratio:>14}")


# ------------------------------------------------------------------------------------------ memory

def peak_memory(argv):
    """Runs argv under GNU time; returns (seconds, peak resident KiB). A child's own rusage from
    here would start at this process's peak (Linux carries it over an exec from a vfork)."""
    report = tempfile.NamedTemporaryFile(suffix=".time", delete=False).name
    start = time.perf_counter()
    if os.path.exists("/usr/bin/time"):
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report] + argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        peak = int(open(report).read().split()[-1])
    else:  # a small launcher of its own, whose peak is the floor
        launcher = "import os,sys,resource; os.waitpid(os.spawnv(os.P_NOWAIT, sys.argv[1], sys.argv[1:]), 0); " \
                   "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=open(sys.argv[0], 'w'))"
        subprocess.run([sys.executable, "-c", launcher.replace("sys.argv[0]", repr(report))] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        peak = int(open(report).read().split()[-1])
    os.unlink(report)
    return elapsed, peak


def bench_memory(args):
    """Peak resident memory of each batch mode for its input once and repeated ten times."""
    work = tempfile.mkdtemp(prefix="bench-peers-")
    extract_folder = os.path.join(args.shared, "extract")
    pages = []
    with open(os.path.join(extract_folder, "dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                pages.append(json.dumps({"id": record["id"], "url": record.get("url"),
                                         "path": os.path.abspath(os.path.join(extract_folder, record["html"]))}))
    docs = []
    for name in ("cnndm-dev.jsonl", "bbc-dev.jsonl"):
        with open(os.path.join(args.shared, "eval", "data", name), encoding="utf-8") as f:
            docs.extend(json.dumps({"id": json.loads(l)["id"], "text": json.loads(l)["text"]}) for l in f if l.strip())
    feeds_folder = os.path.abspath(os.path.join(args.shared, "feeds", "large"))
    feeds = [json.dumps({"id": f, "path": os.path.join(feeds_folder, f)})
             for f in sorted(os.listdir(feeds_folder)) if f.endswith(".xml")]
    modes = [("extract --batch", ["extract", "--batch"], pages, "pages"),
             ("summarize --batch", ["summarize", "--batch"], docs, "docs"),
             ("feed inspect --batch", ["feed", "inspect", "--batch"], feeds, "feeds")]
    print("\npeak memory of the batch modes (max resident set size)")
    for label, arguments, lines, unit in modes:
        figures = []
        for factor in (1, 10):
            path = os.path.join(work, f"{arguments[0]}-{factor}.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for _ in range(factor):
                    f.write("\n".join(lines) + "\n")
            elapsed, peak = peak_memory([args.briefing] + arguments + [path])
            figures.append(f"{factor}× ({len(lines) * factor:,} {unit}): {peak / 1024:.1f} MiB in {elapsed:.2f} s")
        print(f"  {label:22} " + "; ".join(figures))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--briefing", default=".build/release/briefing")
    parser.add_argument("--shared", default=os.path.join("..", "shared"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="feeds,extract,summarize,startup,memory")
    parser.add_argument("--install-failures", help="a file listing the peers that failed to install")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("at least 5 rounds")
    args.briefing = os.path.abspath(args.briefing)
    if not os.path.isdir(args.shared):
        sys.exit(f"bench-peers: {args.shared}: no such folder (the shared data is needed)")
    print(f"bench-peers: {args.rounds} rounds, interleaved; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    if args.install_failures and os.path.exists(args.install_failures):
        for line in open(args.install_failures):
            if line.strip():
                print(f"  NOT INSTALLED: {line.strip()}")
    benches = {"feeds": bench_feeds, "extract": bench_extract, "summarize": bench_summarize,
               "startup": bench_startup, "memory": bench_memory}
    for name in args.only.split(","):
        benches[name.strip()](args)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
