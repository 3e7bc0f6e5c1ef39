"""Installs the Debian packages the app (and with --tests the suite) needs, or prints the one command that does.

Runs with the system's python3 before .venv exists: the standard library only. As root, or with passwordless
sudo, it runs apt-get itself; otherwise it prints the apt-get line and exits 1.
"""

import os
import shutil
import subprocess
import sys

# python3-venv: `python3 -m venv` on Debian; WeasyPrint's Pango and HarfBuzz (without libharfbuzz-subset0 renders
# take twice as long) and a font for the PDF documents.
RUNTIME = ["python3-venv", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]
# pdftotext lays out a PDF's text as printed (the documents' tests read columns); Playwright drives Debian's chromium.
TESTS = ["poppler-utils", "chromium", "libatomic1"]


def installed(package):
    command = ["dpkg-query", "-W", "-f=${Status}", package]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603, S607
    return result.returncode == 0 and result.stdout.strip().endswith(" installed")


def missing(packages):
    if not shutil.which("dpkg-query"):
        return []  # not Debian: the README lists what to install
    return [package for package in packages if not installed(package)]


def privilege():
    """The prefix that runs apt-get as root without a password: [] as root, ["sudo", "-n"], or None."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        asked = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)  # noqa: S603, S607
        if asked.returncode == 0:
            return ["sudo", "-n"]
    return None


def main(argv):
    packages = RUNTIME + (TESTS if "--tests" in argv else [])
    absent = missing(packages)
    if not absent:
        return 0
    prefix = privilege()
    if prefix is None:
        print(
            "Paket sistem belum terpasang / missing Debian packages: " + " ".join(absent) + "\n"
            "Pasang dengan / install with:\n"
            "  sudo apt-get install " + " ".join(absent),
            file=sys.stderr,
        )
        return 1
    print("Memasang paket sistem / installing Debian packages: " + " ".join(absent), file=sys.stderr)
    apt_get = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]  # sudo resets the environment
    subprocess.run([*apt_get, "update", "-qq"], check=True)  # noqa: S603
    subprocess.run([*apt_get, "install", "-y", "-qq", *absent], check=True)  # noqa: S603
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
