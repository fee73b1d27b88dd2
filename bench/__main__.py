"""`python -m bench [BENCHMARK [options]]`: run the benchmarks (all by default), check, record."""

import argparse
import os
import platform
import sys

from bench import exports, http, pledge_floor, pledges
from bench.database import BenchmarkRefused, server_url, server_version
from bench.report import RESULTS_JSON, save_result
from crowdfund.timeutil import utcnow

#: Each benchmark module has NAME, HELP, add_arguments(parser), run(url, arguments) returning
#: its record, and shortfalls(record): a line for each run below its target.
BENCHMARKS = {module.NAME: module for module in (pledges, pledge_floor, exports, http)}


def _parser():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    benchmarks = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    for name, module in BENCHMARKS.items():
        module.add_arguments(benchmarks.add_parser(name, help=module.HELP))
    return parser


def main(argv=None):
    parser = _parser()
    chosen = parser.parse_args(argv)
    runs = [chosen] if chosen.benchmark else [parser.parse_args([name]) for name in BENCHMARKS]
    try:
        url = server_url()
        for arguments in runs:
            _run(url, arguments)
    except BenchmarkRefused as refused:
        print(f"benchmark failed: {refused}", file=sys.stderr)
        return 1
    return 0


def _run(url, arguments):
    module = BENCHMARKS[arguments.benchmark]
    load_before = os.getloadavg()[0]
    record = module.run(url, arguments)
    record["measured_at"] = utcnow().isoformat(timespec="seconds") + "Z"
    record["machine"] = (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL {server_version(url)}, load average {load_before:.1f} before the run"
    )
    print(save_result(module.NAME, record))
    print(f"Written to {RESULTS_JSON} and results.md beside it.")
    for line in module.shortfalls(record):
        print(line)


if __name__ == "__main__":
    sys.exit(main())
