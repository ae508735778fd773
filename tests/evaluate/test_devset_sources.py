"""data/devset: the committed list of third-party texts (SOURCES.md) and the manifest agree."""

from __future__ import annotations

import re
from pathlib import Path

import govtext as gt

DEVSET = Path(__file__).resolve().parents[2] / "data" / "devset"
ROW = re.compile(r"^\| (?P<id>[a-z]+_[a-z0-9]+) \|.*?\| `(?P<sha>[0-9a-f]{64})` \|", re.MULTILINE)


def test_every_manifest_text_is_listed_in_sources_with_its_checksum() -> None:
    manifest = gt.corpus.read_manifest(DEVSET / "manifest.csv")
    listed = {m["id"]: m["sha"] for m in ROW.finditer((DEVSET / "SOURCES.md").read_text(encoding="utf-8"))}
    assert dict(zip(manifest["doc_id"], manifest["sha256"], strict=True)) == listed
    assert manifest["doc_id"].is_unique and manifest["address"].is_unique


def test_third_party_texts_are_not_committed() -> None:
    ignored = (DEVSET.parents[1] / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "data/devset/texts/" in ignored
