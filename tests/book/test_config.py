"""_config.yml: the repository address is one setting, and no button leads nowhere.

The theme options are computed as a build computes them: jupyter-book turns ``_config.yml`` into Sphinx's
configuration, then ``book/_ext/govtext_reader.configure`` adds or drops the buttons.
"""

from __future__ import annotations

import copy
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_URLS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url")


def _reader():
    return load_module(ROOT / "book" / "_ext" / "govtext_reader.py")


def theme_options(repository_url: str | None) -> dict[str, Any]:
    """The HTML theme options of a build of ``_config.yml`` with ``repository.url`` replaced."""
    from jupyter_book.config import get_final_config

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = copy.deepcopy(config)
    if repository_url is not None:
        config["repository"]["url"] = repository_url
    final, _ = get_final_config(user_yaml=config, cli_config={"latex_individualpages": False}, sourcedir=ROOT)
    sphinx_config = types.SimpleNamespace(
        html_static_path=[], html_favicon=None, html_theme_options=final["html_theme_options"]
    )
    _reader().configure(None, sphinx_config)
    return sphinx_config.html_theme_options


def test_the_committed_address_is_empty_until_verified() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == ""
    assert "zhengzhou-governance-book" not in (ROOT / "_config.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["", "   "])
def test_no_address_no_buttons(url: str) -> None:
    options = theme_options(url)
    assert not options["use_repository_button"]
    assert not options["use_issues_button"]
    assert not options.get("use_edit_page_button")
    launch = options.get("launch_buttons", {})
    assert not any(launch.get(key) for key in (*LAUNCH_URLS, "thebe"))


def test_one_setting_gives_repository_issues_and_binder() -> None:
    options = theme_options("https://github.com/OWNER/NAME")
    assert options["repository_url"] == "https://github.com/OWNER/NAME"
    assert options["use_repository_button"]
    assert options["use_issues_button"]
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert options["path_to_docs"] == ""  # notebooks are at book/NAME.ipynb from the repository's root


@pytest.mark.parametrize(("repository_url", "kept"), [("", False), ("https://example.org/o/r", True)])
def test_the_placeholder_thebe_config_is_removed_without_an_address(repository_url: str, kept: bool) -> None:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    reader = _reader()
    doctree = new_document("page", get_default_settings(Parser))
    doctree.append(nodes.paragraph(text="prose"))
    doctree.append(nodes.raw(text='<script type="text/x-thebe-config">{repo: "x/y"}</script>', format="html"))
    app = types.SimpleNamespace(
        config=types.SimpleNamespace(html_theme_options={"repository_url": repository_url})
    )
    reader.drop_placeholder_thebe(app, doctree, "page")
    assert any(reader.THEBE_CONFIG in n.astext() for n in doctree.findall(nodes.raw)) is kept
    assert doctree.astext().startswith("prose")
