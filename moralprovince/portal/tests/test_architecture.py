"""The apps import each other in one direction only, from the base outwards."""

import ast
import re
from pathlib import Path

from django.test import SimpleTestCase

PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATES = PACKAGE.parent / "templates"

# Each app may import the apps before it in this list, never those after it. `lib` holds
# helpers with no models and imports no app.
LAYERS = [
    "lib",
    "core",
    "geo",
    "audit",
    "accounts",
    "jobs",
    "framework",
    "organisations",
    "plans",
    "monitoring",
    "surveys",
    "knowledge",
    "certificates",
    "people",
    "partnerships",
    "assessments",
    "api",
    "portal",
    "demo",
]
SHARED = {"settings", "testing", "urls", "wsgi"}


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        apps.update(n.split(".")[1] for n in names if n.startswith("moralprovince."))
        if isinstance(node, ast.ImportFrom) and node.module == "moralprovince":
            apps.update(alias.name for alias in node.names)
    return apps


# A template of an app links only to the pages of that app and the apps below it; a link into
# a higher app is offered by that app through `core.actions`. Two remain, each a list of rows
# of the higher app shown on the lower app's page:
TEMPLATE_LINKS_UP = {
    # The programme's fiscal years, each leading to that year's commitments and plans.
    ("organisations/programme.html", "plans"),
    # Under each key activity, the activity reports filed about it.
    ("plans/plan.html", "monitoring"),
}
URL_TAG = re.compile(r"""\{% url ['"](\w+):""")


class AppGraphTests(SimpleTestCase):
    def test_every_app_has_a_place_in_the_layers(self):
        apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
        self.assertEqual(apps - set(LAYERS), set())

    def test_no_app_imports_an_app_above_it(self):
        rank = {app: i for i, app in enumerate(LAYERS)}
        wrong = []
        for path in sorted(PACKAGE.glob("*/**/*.py")):
            parts = path.relative_to(PACKAGE).parts
            if "migrations" in parts or "tests" in parts:
                continue
            app = parts[0]
            for target in imported_apps(path) - SHARED - {app}:
                if rank[target] > rank[app]:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
        self.assertEqual(wrong, [])

    def test_no_template_links_to_an_app_above_its_own(self):
        rank = {app: i for i, app in enumerate(LAYERS)}
        wrong = set()
        for path in sorted(TEMPLATES.glob("*/**/*.html")):
            name = path.relative_to(TEMPLATES).as_posix()
            app = name.split("/")[0]
            for target in set(URL_TAG.findall(path.read_text(encoding="utf-8"))):
                if app in rank and target in rank and rank[target] > rank[app]:
                    wrong.add((name, target))
        self.assertEqual(wrong, TEMPLATE_LINKS_UP)
