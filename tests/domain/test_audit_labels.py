"""Every audit action the code writes has a Dutch label for the log (marketplace.ui.wording
AUDIT_ACTIONS) and that label an English translation: a new action without one would show its
code on the page. The actions are read from the code itself: the action argument of every
audit()/audit_write() call, and where that argument is a variable, the actions the module
queues for it."""
import ast
from pathlib import Path

from babel.messages.pofile import read_po

from marketplace.ui.wording import AUDIT_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
# Modules that pass the action in a variable, and the call that queues each action there
# (catalogue.replace_catalogue: changes.append((action, details))).
QUEUED_BY = {"marketplace/gemeente/catalogue.py": "append"}


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _strings(node: ast.expr) -> set[str] | None:
    """The action names an argument can hold, or None when the code does not say them outright."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return None if body is None or orelse is None else body | orelse
    return None


def actions_in_the_code() -> tuple[set[str], list[str]]:
    actions, unreadable = set(), []
    for path in sorted((ROOT / "marketplace").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in ("audit", "audit_write"):
                position = 2 if name == "audit" else 1
                if len(node.args) <= position:
                    continue
                found = _strings(node.args[position])
                if found is not None:
                    actions |= found
                elif where not in QUEUED_BY:
                    unreadable.append(f"{where}:{node.lineno}")
            elif name == QUEUED_BY.get(where) and node.args and isinstance(node.args[0], ast.Tuple):
                actions |= _strings(node.args[0].elts[0]) or set()
    return actions, unreadable


def test_the_actions_are_read_from_the_code():
    actions, unreadable = actions_in_the_code()
    assert not unreadable, f"an audit action this test cannot read (name it outright): {unreadable}"
    # the actions of issue 19's gemeente setup and accounts, and the catalogue's queued ones
    assert {"staff_invited", "password_reset", "email_changed", "catalogue_entry_added", "tariff_changed",
            "floor_percent_changed", "organisation_suspended", "bid_placed", "bid_revised"} <= actions


def test_every_audit_action_has_a_dutch_label():
    actions, _ = actions_in_the_code()
    assert sorted(actions - set(AUDIT_ACTIONS)) == []


def test_every_label_has_an_english_translation():
    catalogue = read_po((ROOT / "marketplace/translations/en/LC_MESSAGES/messages.po").open("rb"))
    # outside an app the lazy label reads as its Dutch msgid
    untranslated = [action for action, label in AUDIT_ACTIONS.items()
                    if catalogue.get(str(label)) is None or not catalogue.get(str(label)).string]
    assert untranslated == []
