"""The imports run one way: web, API and CLI -> documents -> services -> models -> rules (README, "Architecture")."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ("ekinerja", "reports", "forms")

# The longest matching prefix gives a module's layer; a module may import its own layer and the ones below.
LAYERS = {
    "ekinerja.rules": 0,
    "ekinerja.clock": 1,
    "ekinerja.config": 1,
    "ekinerja.lazy": 1,
    "ekinerja.bulk": 1,
    "ekinerja.i18n": 1,
    "ekinerja.db": 1,
    "ekinerja.models": 2,
    "ekinerja.services": 3,
    "ekinerja.migrations": 3,
    "reports": 4,
    "ekinerja.demo": 4,
    "forms": 5,
    "ekinerja.auth": 5,
    "ekinerja.web": 5,
    "ekinerja.settings": 5,
    "ekinerja.background": 5,
    "ekinerja.views": 6,
    "ekinerja.api": 6,
    "ekinerja.admin": 6,
    "ekinerja.cli": 6,
    "ekinerja": 7,
}
# The edges of layer 6 stand side by side: a screen, the API, the portal and the CLI never import one another.
EDGES = ("ekinerja.views", "ekinerja.api", "ekinerja.admin", "ekinerja.cli")
# Third-party packages a layer must not import: rules are pure Python, services know nothing of the web.
WEB = ("flask", "flask_babel", "flask_login", "flask_admin", "flask_wtf", "wtforms")
FORBIDDEN = {
    "ekinerja.rules": (*WEB, "peewee", "playhouse"),
    "ekinerja.clock": WEB,
    "ekinerja.i18n": WEB,
    "ekinerja.db": WEB,
    "ekinerja.models": WEB,
    "ekinerja.services": WEB,
    "reports": WEB,
    "ekinerja.demo": WEB,
}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name):
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path):
    """(line, module) for every import of the file, nested ones included; `from a import b` names a.b if a module."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                yield node.lineno, child if _is_module(child) else node.module


def _prefix(name, candidates):
    matches = [p for p in candidates if name == p or name.startswith(p + ".")]
    return max(matches, key=len) if matches else None


def _sources():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_every_module_of_the_product_has_a_layer():
    unplaced = [_module_name(p) for p in _sources() if _prefix(_module_name(p), LAYERS) is None]
    assert unplaced == []


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    name = _module_name(path)
    own = _prefix(name, LAYERS)
    wrong = []
    for line, imported in _imports(path):
        top = imported.split(".")[0]
        if top in PACKAGES:
            target = _prefix(imported, LAYERS)
            if LAYERS[target] > LAYERS[own]:
                wrong.append(f"{line}: {imported} (layer {LAYERS[target]} above {LAYERS[own]})")
            edge, target_edge = _prefix(name, EDGES), _prefix(imported, EDGES)
            if edge and target_edge and edge != target_edge:
                wrong.append(f"{line}: {imported} (another edge)")
        forbidden = FORBIDDEN.get(_prefix(name, FORBIDDEN) or "", ())
        if top in forbidden:
            wrong.append(f"{line}: {imported} (not in this layer)")
    assert wrong == []


def test_no_module_of_the_product_passes_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in _sources() if (n := len(p.read_text().splitlines())) > 600}
    assert long == {}
