"""The layout's promises, checked on the source: the domain packages import no Flask and no
adapter, so the rules can be read, tested and reused without a web server; no blueprint
imports another, so each audience's pages can be read and changed alone."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"
DOMAIN = ("auction", "clients", "providers", "privacy", "storage", "gemeente", "mail", "quality", "followup", "figures")
WEB_FRAMEWORKS = ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_socketio", "flask_limiter",
                  "flask_sqlalchemy", "flask_migrate", "flask_talisman", "werkzeug", "wtforms")
# Werkzeug's password hashing is a library like any other; its HTTP machinery is not.
ALLOWED = ("werkzeug.security",)
ADAPTERS = ("admin", "api", "auth", "client", "consultant", "provider", "steering", "web", "realtime", "ui", "extensions", "limits",
            "cli", "scheduler", "demo", "i18n")
# One blueprint per audience; what they share lives in ui/ (pages) or beside them (limits.py).
BLUEPRINTS = ("admin", "api", "auth", "client", "consultant", "provider", "steering", "web")
# Shared by the page blueprints only: the API renders its own errors and needs none of it.
PAGE_BLUEPRINTS = ("admin", "auth", "client", "consultant", "provider", "steering", "web")
SHARED = ("ui",)


def imported_modules(source: str, package: list[str]) -> list[str]:
    """Every module a file of `package` imports, relative imports resolved to full names."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names += [module] if node.module else [f"{module}.{alias.name}" for alias in node.names]
    return names


def domain_files():
    return sorted(p for name in DOMAIN for p in (PACKAGE / name).rglob("*.py"))


def files_of(names) -> list[Path]:
    return sorted(p for name in names for p in (PACKAGE / name).rglob("*.py"))


def marketplace_package(module: str) -> str | None:
    """'marketplace.web.routes' -> 'web'; None for anything outside marketplace."""
    parts = module.split(".")
    return parts[1] if parts[0] == "marketplace" and len(parts) > 1 else None


def test_every_domain_package_exists_and_says_what_it_holds():
    for name in DOMAIN:
        init = PACKAGE / name / "__init__.py"
        assert init.exists(), f"marketplace/{name} has no __init__.py"
        assert ast.get_docstring(ast.parse(init.read_text())), f"marketplace/{name}/__init__.py has no docstring"


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_domain_imports_no_web_framework_and_no_adapter(path):
    package = ["marketplace", *path.relative_to(PACKAGE).parent.parts]
    wrong = [m for m in imported_modules(path.read_text(), package)
             if (m.split(".")[0] in WEB_FRAMEWORKS and m not in ALLOWED)
             or (m.startswith("marketplace.") and m.split(".")[1] in ADAPTERS)]
    assert wrong == [], f"{path.relative_to(PACKAGE)} imports {wrong}"


@pytest.mark.parametrize("path", files_of(BLUEPRINTS), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_blueprint_imports_another_blueprint(path):
    own = path.relative_to(PACKAGE).parts[0]
    package = ["marketplace", *path.relative_to(PACKAGE).parent.parts]
    wrong = [m for m in imported_modules(path.read_text(), package)
             if marketplace_package(m) in BLUEPRINTS and marketplace_package(m) != own]
    assert wrong == [], f"{path.relative_to(PACKAGE)} imports {wrong}"


@pytest.mark.parametrize("path", files_of(SHARED), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_what_the_pages_share_imports_no_blueprint(path):
    package = ["marketplace", *path.relative_to(PACKAGE).parent.parts]
    wrong = [m for m in imported_modules(path.read_text(), package) if marketplace_package(m) in BLUEPRINTS]
    assert wrong == [], f"{path.relative_to(PACKAGE)} imports {wrong}"


@pytest.mark.parametrize("path", files_of(("api",)), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_api_does_not_go_through_the_pages(path):
    package = ["marketplace", *path.relative_to(PACKAGE).parent.parts]
    wrong = [m for m in imported_modules(path.read_text(), package)
             if marketplace_package(m) in (*PAGE_BLUEPRINTS, *SHARED)]
    assert wrong == [], f"{path.relative_to(PACKAGE)} imports {wrong}"


def test_every_blueprint_and_shared_package_says_what_it_may_import():
    for name in (*BLUEPRINTS, *SHARED):
        init = PACKAGE / name / "__init__.py"
        assert init.exists(), f"marketplace/{name} has no __init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert "may import" in doc.lower(), f"marketplace/{name}/__init__.py does not say what it may import"


def test_the_checker_sees_every_kind_of_import():
    """The rule above is only as good as its parser: absolute and relative imports of Flask and
    of an adapter are all found, and a sibling module is named in full."""
    source = "import flask\nfrom ..web import routes\nfrom marketplace.api import bp\nfrom . import rules\n"
    assert imported_modules(source, ["marketplace", "auction"]) == [
        "flask", "marketplace.web", "marketplace.api", "marketplace.auction.rules"]
    assert marketplace_package("marketplace.web.routes") == "web"
    assert marketplace_package("marketplace") is None
    assert marketplace_package("flask") is None
