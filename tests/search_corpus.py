"""A small corpus for the search tests: three agreements whose commitments exercise every matcher."""

from __future__ import annotations

from pathlib import Path

from compare.load import load_corpus

PLAN = """\
id: plan-a
title: Action Plan on Smuggling Networks
kind: action-plan
legal_nature: political
date: 2024-10-04
parties: [GB, FR]
sources:
  - id: src
    title: A source
commitments:
  - id: share-intel
    text: The parties will share intelligence on smuggling networks.
    themes: [intelligence-sharing]
  - id: train-guards
    text: Officers will train border guards in Việt Nam.
    themes: [capacity-building, border-security]
    where: [VN]
    agencies: [frontex]
  - id: seize-assets
    text: Seize the assets of criminal gangs who smuggle people.
    themes: [illicit-finance]
    actors: [GB]
    where: [western-balkans]
    agencies: [nca, europol]
  - id: markup
    text: "Weiße Straße [bold]checks[/bold] at the border, with networks of informants."
    themes: [border-security]
    where: [AL]
"""

PROTOCOL = """\
id: protocol-b
title: Protocol on Migrants by Sea
kind: protocol
legal_nature: binding
date: 2000-11-15
parties: []
parties_complete: false
sources:
  - id: src
    title: A source
commitments:
  - id: criminalise
    text: States shall criminalise the smuggling of migrants for financial gain.
    themes: [criminalisation]
    ref: Art. 6
  - id: return-nationals
    text: Each state accepts the return of its nationals who were smuggled.
    themes: [returns]
  - id: boarding
    text: Boarding and searching vessels at sea needs the flag state's consent.
    themes: [maritime, law-enforcement-cooperation]
"""

SUMMIT = """\
id: summit-c
title: Summit on Organised Immigration Crime
kind: summit-outcome
legal_nature: political
date: 2025-03
parties: [G7, IQ]
sources:
  - id: src
    title: A source
commitments:
  - id: share-intel-again
    text: The parties will share intelligence on smuggling networks.
    themes: [intelligence-sharing, criminal-networks]
  - id: iraq-training
    text: Training for Iraqi officials to spot forged documents.
    themes: [document-security, capacity-building]
    actors: [GB, FR]
"""

FILES = {"a-plan.yaml": PLAN, "b-protocol.yaml": PROTOCOL, "c-summit.yaml": SUMMIT}


def write(root: Path) -> Path:
    folder = root / "agreements"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root


def corpus(root: Path):
    return load_corpus(write(root))
