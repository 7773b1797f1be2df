"""Audit past IMR determinations: predict each item from the rules, compare with the reviewer."""

from mtus_check.audit.predict import item_record, letter_records, letter_verdicts, predict
from mtus_check.audit.report import Summary, summarize
from mtus_check.audit.report_render import write_reports
from mtus_check.audit.runner import AuditOptions, AuditProgress, run_audit

__all__ = [
    "AuditOptions",
    "AuditProgress",
    "Summary",
    "item_record",
    "letter_records",
    "letter_verdicts",
    "predict",
    "run_audit",
    "summarize",
    "write_reports",
]
