"""Everything a user can call is described where users look: each command of the CLI in the
README (`duban <command>`), and each route of the web app in the app module's route table (the
docstring `/openapi.json` sits beside). A command or page added without a word fails here."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

import duban.pipeline.app as web
from duban.pipeline.cli import app as cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
_SERVED_BY_FRAMEWORK = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/static"}


def test_every_command_is_in_the_readme() -> None:
    commands = set(get_command(cli).commands)  # type: ignore[attr-defined]
    assert {"ingest", "search", "ledger"} <= commands
    missing = sorted(name for name in commands if f"duban {name}" not in README)
    assert missing == []


def test_every_route_is_in_the_apps_route_table(tmp_path: Path) -> None:
    application = web.create_app(f"sqlite:///{tmp_path}/index.db")
    while not hasattr(application, "routes"):  # the security middleware wraps the FastAPI app
        application = application.app
    paths = {route.path for route in application.routes}
    assert {"/search", "/ledger", "/upload"} <= paths
    table = web.__doc__ or ""
    missing = []
    for path in sorted(paths - _SERVED_BY_FRAMEWORK):
        first = "/" + path.strip("/").split("/")[0]
        first = re.sub(r"\.(json|xlsx|csv)$", "", first)
        if first != "/" and f"`{first}" not in table:
            missing.append(path)
    assert missing == []


def _options(command: object) -> set[str]:
    """The long option names a command (or each subcommand of a group) takes, `--help` aside."""
    found: set[str] = set()
    for sub in getattr(command, "commands", {}).values():
        found |= _options(sub)
    for param in getattr(command, "params", []):
        if param.param_type_name == "option":
            found |= {o for o in [*param.opts, *param.secondary_opts] if o.startswith("--")}
    return found - {"--help"}


def test_every_option_is_in_the_readme() -> None:
    """`duban X --help` and the README agree: an option staff see in the help is named in the
    README too (the synopsis under "What it does" or the sections), a --no-… form included."""
    group = get_command(cli)
    missing = sorted(
        f"{name} {option}"
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        for option in _options(command)
        if not re.search(re.escape(option) + r"(?![\w-])", README)
    )
    assert missing == []
