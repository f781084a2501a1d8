"""The fix that creates or extends a .dockerignore (`model.ignore_proposal` decides what)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Applicability, Edit, FileEdit, Fix
from dlint_dockerfile.model.copy_sources import listing

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.ignore_proposal import IgnoreProposal

__all__ = ["ignore_file_fix"]


def ignore_file_fix(proposal: IgnoreProposal) -> Fix:
    """A fix writing ``proposal``: safe when no COPY/ADD took a file it excludes (the image
    is the same), unsafe otherwise (what ships changes)."""
    original = proposal.original or ""
    assert proposal.text.startswith(original), "a proposal only appends"
    added = Edit(len(original), len(original), proposal.text[len(original) :])
    shown = listing(proposal.patterns)
    name = proposal.path.name
    title = (
        f"Create {name} keeping out {shown}"
        if proposal.original is None
        else f"Add {shown} to {name}"
    )
    safety = Applicability.UNSAFE if proposal.changes_image else Applicability.SAFE
    path = os.path.abspath(proposal.path)
    return Fix(title, (), safety, (FileEdit(path, proposal.original, (added,)),))
