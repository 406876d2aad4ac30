"""Shared pytest fixtures for bitrescue's tests, and the closing line.

Paths come from the repository layout: build/ holds what `make` built,
deps/corpus the BitLocker images scripts/setup fetched from Debian's
cryptsetup source package (never ../shared).
"""
import configparser
import os
import pathlib
import sys

import pytest

TOP = pathlib.Path(__file__).resolve().parent.parent
BUILD = TOP / "build"
CORPUS = TOP / "deps" / "corpus"


def load_images_conf():
    """images.conf as {image name: {KEY: value}}; keys upper case."""
    conf = configparser.ConfigParser(interpolation=None)
    conf.optionxform = str
    conf.read(CORPUS / "images.conf")
    return {name: dict(conf[name]) for name in conf.sections()}


IMAGES = load_images_conf() if (CORPUS / "images.conf").exists() else {}


@pytest.fixture(scope="session")
def corpus():
    """Directory of the real Windows-made images."""
    if not IMAGES:
        pytest.fail("corpus missing: run scripts/setup (make does)")
    return CORPUS


@pytest.fixture(scope="session")
def images():
    return IMAGES


def pytest_configure(config):
    """Under pytest-xdist (make check), the QEMU accelerator is probed once,
    here in the controller, and handed to the workers it starts next."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if os.environ.get("BITRESCUE_ACCEL") in ("kvm", "tcg"):
        return
    sys.path.insert(0, str(TOP / "tests"))
    import qemu
    os.environ["BITRESCUE_ACCEL"] = qemu.accelerator()


def pytest_unconfigure(config):
    """The plain closing line CI reads, after pytest's own: 'N passed, M failed'."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    stats = reporter.stats
    passed = len(stats.get("passed", []))
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    skipped = len(stats.get("skipped", []))
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    reporter.write_line(line)


def pytest_terminal_summary(terminalreporter):
    """Which QEMU accelerator the end-to-end tests used (tests/qemu.py)."""
    qemu = sys.modules.get("qemu")
    if qemu and qemu.ACCEL_NOTE:
        terminalreporter.write_line(qemu.ACCEL_NOTE)
