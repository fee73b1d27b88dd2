"""wrk, the HTTP load generator (Debian package `wrk`), run against a list of paths.

A Lua script sends the paths in turn and reports what wrk measured as one JSON
line, so that nothing depends on the layout of wrk's human-readable summary.
"""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.database import BenchmarkRefused

_SCRIPT = """
local paths = %(paths)s
local counter = 0
local threads = {}
not_ok = 0

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

response = function(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local answers_not_ok = 0
  for _, thread in ipairs(threads) do
    answers_not_ok = answers_not_ok + thread:get("not_ok")
  end
  io.write(string.format(
    'WRK_RESULT {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, '
    .. '"not_ok": %%d, "p50_us": %%d, "p99_us": %%d, "mean_us": %%d}\\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, answers_not_ok,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    mean_ms: float


def wrk_path():
    """The wrk executable; BenchmarkRefused when it is not installed."""
    path = shutil.which("wrk")
    if path is None:
        raise BenchmarkRefused("wrk is not installed (apt-get install wrk; `make bench` does)")
    return path


def run_wrk(base_url, paths, *, connections=8, threads=2, seconds=15):
    """Load `paths` (in turn) at `connections` for `seconds`; an error or a non-200 refuses.

    A redirect counts as a failure too: it would measure the redirect, not the page.
    """
    lua_paths = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "paths.lua"
        script.write_text(_SCRIPT % {"paths": lua_paths}, encoding="utf-8")
        completed = subprocess.run(
            [
                wrk_path(),
                f"--threads={threads}",
                f"--connections={connections}",
                f"--duration={seconds}s",
                "--timeout=10s",
                f"--script={script}",
                base_url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("WRK_RESULT ")]
    if completed.returncode != 0 or not lines:
        raise BenchmarkRefused(f"wrk failed: {completed.stderr or completed.stdout}")
    result = json.loads(lines[-1].removeprefix("WRK_RESULT "))
    if result["socket_errors"] or result["not_ok"]:
        raise BenchmarkRefused(
            f"wrk met {result['socket_errors']} socket errors and {result['not_ok']} "
            f"answers other than 200 OK on {base_url}{paths[0]}…"
        )
    duration = result["duration_us"] / 1e6
    return Load(
        requests=result["requests"],
        seconds=duration,
        per_second=result["requests"] / duration,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        mean_ms=result["mean_us"] / 1000,
    )
