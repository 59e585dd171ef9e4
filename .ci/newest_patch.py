"""Warn when an installed package is behind the newest patch release of its series.

Asks the registry with `pip index versions` (bounded by a timeout: a slow or unreachable
registry prints a note and never fails CI). Usage: newest_patch.py Django Pillow
"""

import subprocess
import sys
from importlib.metadata import version

TIMEOUT_SECONDS = 30


def release(text):
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:  # a pre-release such as 6.0rc1 is not a patch release
        return None


def main(names):
    for name in names:
        installed = version(name)
        try:
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "index",
                    "versions",
                    name,
                    "--disable-pip-version-check",
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            print(f"note: the registry did not answer for {name} within {TIMEOUT_SECONDS} s")
            continue
        line = next((ln for ln in result.stdout.splitlines() if "versions:" in ln.lower()), "")
        if not line:
            print(f"note: could not list the versions of {name}: {result.stderr.strip()[:200]}")
            continue
        series = release(installed)[:2]
        available = [release(v.strip()) for v in line.split(":", 1)[1].split(",")]
        same_series = [v for v in available if v and v[:2] == series]
        newest = ".".join(map(str, max(same_series))) if same_series else installed
        if release(newest) > release(installed):
            print(f"WARNING: {name} {installed} is installed; {newest} is the newest patch.")
        else:
            print(f"ok: {name} {installed} is the newest patch of {series[0]}.{series[1]}.")


if __name__ == "__main__":
    main(sys.argv[1:])
