"""Reading and auditing letters beside their anchors: a regex scan of the same text files, and
pypdfium2's bare text extraction of the same PDFs. One core, CPU time, best of N."""

from __future__ import annotations

import re
import time
from pathlib import Path

from mtus_check.audit.predict import letter_records
from mtus_check.bench.common import Result, best_cpu_rate, ratio
from mtus_check.collector import settle_once
from mtus_check.engine import Engine
from mtus_check.letters.extract import FactsFor
from mtus_check.letters.reader import parse_text, read_letter
from mtus_check.letters.source import LetterReadError, keep_freed_memory, read_letter_file
from mtus_check.rules.loader import RulePack, load_pack
from mtus_check.rules.vocabulary import SECTIONS

ANCHOR_PATTERNS = 20


def anchor_patterns(pack: RulePack, count: int = ANCHOR_PATTERNS) -> list[re.Pattern[str]]:
    """`count` compiled regexes over the vocabulary's canonical names (every section, dealt out
    in turn): a scan as bare as reading gets, from the pack's own words."""
    labels = sorted({t.label.lower() for name in SECTIONS for t in pack.vocabulary.section(name).terms.values()})
    groups = [labels[i::count] for i in range(count)]
    return [re.compile(r"\b(?:" + "|".join(map(re.escape, g)) + r")\b") for g in groups if g]


def regex_anchor(paths: list[Path], patterns: list[re.Pattern[str]]) -> int:
    """Read each file, lowercase it, run every pattern over it; the number of matches."""
    found = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace").lower()
        for regex in patterns:
            found += len(regex.findall(text))
    return found


def pdfium_anchor(paths: list[Path]) -> int:
    """pypdfium2 alone: each page's text layer, nothing checked or joined; the characters read."""
    import pypdfium2 as pdfium

    chars = 0
    for path in paths:
        document = pdfium.PdfDocument(path.read_bytes())
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        document.close()
    return chars


def audit_letters(paths: list[Path], engine: Engine) -> int:
    """What `audit` does for each letter (read it, the rules' facts, predict each item, the
    item records as JSON), without the worker pool and the files; the items."""
    items = 0
    for path in paths:
        letter = read_letter(path, engine.pack.reading, engine.pack.fields_for)
        records, _ = letter_records(letter, engine, None)
        items += len([r.model_dump_json() for r in records])
        settle_once()  # as the audit's workers do
    return items


def audit_steps(paths: list[Path], engine: Engine) -> tuple[int, float, float]:
    """`audit_letters`, with the CPU seconds of getting each file's text (PDFium for a PDF)
    apart from those of reading the letter (parse, facts, verdicts, records): (items, text, reading).
    Timed inside the loop: PDFium between two readings runs on caches the reader has filled."""
    items, text_s, reading_s = 0, 0.0, 0.0
    for path in paths:
        start = time.process_time()
        try:
            loaded = read_letter_file(path)
        except LetterReadError:
            continue
        middle = time.process_time()
        letter = parse_text(loaded.text, str(path), engine.pack.reading, engine.pack.fields_for)
        records, _ = letter_records(letter, engine, None)
        items += len([r.model_dump_json() for r in records])
        text_s, reading_s = text_s + middle - start, reading_s + time.process_time() - middle
        settle_once()
    return items, text_s, reading_s


def letters(text_dir: Path, pdf_dir: Path | None, repeat: int, rounds: int = 3) -> Result:
    """Letters per CPU second: parsing text already in memory (every fact, as `extract`; the
    rules' facts, as `audit`), the audit of each file, and the anchors."""
    pack = load_pack()
    engine = Engine(pack)
    paths = sorted(text_dir.rglob("*.txt"))
    texts = [p.read_text() for p in paths]
    count = len(texts) * repeat
    out: Result = {"text_letters": count, "rounds": rounds}
    audit_letters(paths[:1], engine)  # start the clinical-context layer (once per process) before timing
    for label, facts_for in (("", None), ("_audit", pack.fields_for)):

        def parse_all(facts_for: FactsFor | None = facts_for) -> None:
            for _ in range(repeat):
                for text in texts:
                    parse_text(text, "bench", pack.reading, facts_for)

        out[f"text_letters_per_s{label}"] = best_cpu_rate(count, parse_all, rounds)
    many = paths * repeat
    out["text_audit_letters_per_s"] = best_cpu_rate(count, lambda: audit_letters(many, engine), rounds)
    patterns = anchor_patterns(pack)
    out["text_regex_anchor_per_s"] = best_cpu_rate(count, lambda: regex_anchor(many, patterns), rounds)
    out["text_audit_vs_regex_anchor"] = ratio(out, "text_audit_letters_per_s", "text_regex_anchor_per_s")
    if pdf_dir is None:
        return out
    pdfs = sorted(pdf_dir.rglob("*.pdf"))
    out["pdf_letters"] = len(pdfs)
    keep_freed_memory()  # the malloc settings reading PDFs sets, for the anchor too
    for label, facts_for in (("", None), ("_audit", pack.fields_for)):

        def read_all(facts_for: FactsFor | None = facts_for) -> None:
            for path in pdfs:
                read_letter(path, pack.reading, facts_for)

        out[f"pdf_letters_per_s{label}"] = best_cpu_rate(len(pdfs), read_all, rounds)
    out["pdf_audit_letters_per_s"] = best_cpu_rate(len(pdfs), lambda: audit_letters(pdfs, engine), rounds)
    out["pdf_text_layer_only_per_s"] = best_cpu_rate(
        len(pdfs), lambda: [read_letter_file(path) for path in pdfs], rounds
    )
    out["pdf_pypdfium2_anchor_per_s"] = best_cpu_rate(len(pdfs), lambda: pdfium_anchor(pdfs), rounds)
    out["pdf_audit_vs_pypdfium2"] = ratio(out, "pdf_audit_letters_per_s", "pdf_pypdfium2_anchor_per_s")
    # where a PDF's audit goes (the least disturbed round), and the ratio the audit would reach
    # were its text layer exactly as cheap as the anchor's: the reader's cost alone bounds it
    _, text_s, reading_s = min((audit_steps(pdfs, engine) for _ in range(rounds)), key=lambda r: r[1] + r[2])
    anchor_ms = 1000 / float(out["pdf_pypdfium2_anchor_per_s"])
    out["pdf_audit_text_layer_ms"] = 1000 * text_s / len(pdfs)
    out["pdf_audit_reading_ms"] = 1000 * reading_s / len(pdfs)
    out["pdf_pypdfium2_anchor_ms"] = anchor_ms
    out["pdf_audit_vs_pypdfium2_ceiling"] = anchor_ms / (anchor_ms + float(out["pdf_audit_reading_ms"]))
    return out
