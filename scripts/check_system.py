"""Checks the Debian packages WeasyPrint and the browser tests need, with a clear message instead of a traceback."""

import ctypes.util
import shutil
import sys

LIBRARIES = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz-subset": "libharfbuzz-subset0",
}
PROGRAMS = {"pdftotext": "poppler-utils", "fc-list": "fontconfig"}


def main():
    missing = sorted(
        {package for lib, package in LIBRARIES.items() if not ctypes.util.find_library(lib)}
        | {package for program, package in PROGRAMS.items() if not shutil.which(program)}
    )
    if missing:
        print(
            "Paket sistem belum terpasang / missing Debian packages: " + " ".join(missing) + "\n"
            "Pasang dengan / install with:\n"
            "  sudo apt-get install " + " ".join(missing + ["fonts-dejavu-core"]),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
