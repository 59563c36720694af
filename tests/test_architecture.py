"""The layout's promises, checked on the source: the domain packages import no Flask and no
adapter, so the rules can be read, tested and reused without a web server."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"
DOMAIN = ("auction", "clients", "providers", "privacy", "storage")
WEB_FRAMEWORKS = ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_socketio", "flask_limiter",
                  "flask_sqlalchemy", "flask_migrate", "flask_talisman", "werkzeug", "wtforms")
# Werkzeug's password hashing is a library like any other; its HTTP machinery is not.
ALLOWED = ("werkzeug.security",)
ADAPTERS = ("api", "auth", "client", "consultant", "provider", "web", "realtime", "extensions", "cli",
            "scheduler", "demo", "i18n")


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


def test_the_checker_sees_every_kind_of_import():
    """The rule above is only as good as its parser: absolute and relative imports of Flask and
    of an adapter are all found, and a sibling module is named in full."""
    source = "import flask\nfrom ..web import routes\nfrom marketplace.api import bp\nfrom . import rules\n"
    assert imported_modules(source, ["marketplace", "auction"]) == [
        "flask", "marketplace.web", "marketplace.api", "marketplace.auction.rules"]
