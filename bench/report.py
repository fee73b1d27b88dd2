"""Benchmark results: bench/results.json keyed by benchmark, and the Markdown table made from it.

Each benchmark stores a record (`description`, `measured_at`, `machine`) with
its `runs`, one row of the table each: `name`, `workers`, `operations`,
`seconds`, `per_second`, and optionally `p50_ms`, `p95_ms`, `p99_ms`,
`statements_per_operation`, `app_cpu_ms` and `database_cpu_ms` (CPU per
operation), `deadlocks`, `target_per_second`, `load_average` (the machine's,
before the run). A benchmark run again replaces its own record and leaves the
others'.
"""

import json
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_JSON = BENCH_DIR / "results.json"
RESULTS_MD = BENCH_DIR / "results.md"

_COLUMNS = (
    ("benchmark", "benchmark", "{}"),
    ("run", "name", "{}"),
    ("workers", "workers", "{}"),
    ("operations", "operations", "{:,}"),
    ("seconds", "seconds", "{:.2f}"),
    ("per second", "per_second", "{:,.0f}"),
    ("p50 ms", "p50_ms", "{:.1f}"),
    ("p95 ms", "p95_ms", "{:.1f}"),
    ("p99 ms", "p99_ms", "{:.1f}"),
    ("SQL statements each", "statements_per_operation", "{:.1f}"),
    ("app CPU ms each", "app_cpu_ms", "{:.1f}"),
    ("PostgreSQL CPU ms each", "database_cpu_ms", "{:.1f}"),
    ("deadlocks", "deadlocks", "{}"),
    ("target /s", "target_per_second", "{:,}"),
    ("share of hello", "share_of_hello", "{:.0%}"),
    ("load average", "load_average", "{:.1f}"),
)


def load_results(path=RESULTS_JSON):
    path = Path(path)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_result(name, record, json_path=RESULTS_JSON, markdown_path=RESULTS_MD):
    """Store `record` under `name` beside the other benchmarks' results; return the Markdown."""
    results = load_results(json_path)
    results[name] = record
    Path(json_path).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", "utf-8")
    markdown = markdown_report(results)
    Path(markdown_path).write_text(markdown, encoding="utf-8")
    return markdown


def markdown_report(results):
    """Every benchmark's runs as one Markdown table, with where and when each was measured."""
    header = [title for title, _key, _format in _COLUMNS]
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench` (`make bench`); do not edit by hand.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for name, record in sorted(results.items()):
        for run in record.get("runs", ()):
            row = {"benchmark": name, **run}
            cells = [
                template.format(row[key]) if row.get(key) is not None else "–"
                for _title, key, template in _COLUMNS
            ]
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for name, record in sorted(results.items()):
        lines.append(f"* **{name}**: {record.get('description', '')}")
        lines.append(
            f"  Measured {record.get('measured_at', '?')} on {record.get('machine', '?')}."
        )
    lines.append("")
    return "\n".join(lines)
