"""Example questions for each kind of user; all answered by the sample papers in ui/samples."""

from __future__ import annotations

COUNCILLOR = [
    "What did the Audit and Governance Committee resolve on debt recovery in March 2025?",
    "What are council tax arrears now?",
    "Which audits received Limited assurance?",
]
COUNCILLOR_EXEMPT = ["Who was awarded the leisure management contract, and at what price?"]
OFFICER = [
    "When will the revised Contract Procedure Rules go to Full Council?",
    "What is the Fair Collection Protocol?",
    "How many fuel cards were still active for vehicles that had been disposed of?",
]
RESEARCHER = [
    "What was the Head of Internal Audit's opinion for 2024/25?",
    "What was the council tax collection rate for 2024/25?",
    "What are the significant governance issues for 2024/25?",
]


def examples_for(sees_exempt: bool) -> dict[str, list[str]]:
    """The three groups; questions about exempt papers only for those who may see them."""
    councillor = COUNCILLOR + (COUNCILLOR_EXEMPT if sees_exempt else [])
    return {"councillor": councillor, "officer": OFFICER, "researcher": RESEARCHER}
