"""The deposit the publish form edits: InvenioRDM's draft body plus our `communities`
(docs/publishing.md). This module gathers its public names; each concern has its own file:

- `deposit.schema.json`: its rules and the messages users read (the server and the browser
  check with this one file);
- `validation.py`: the server's check against them;
- `identifiers.py`: the form of identifiers (ORCID, ROR, DOI …: `idutils`) and their normal form;
- `normalform.py`: the normal form, the conversions from records, defaults and merges;
- `rows.py`: what counts as an empty row.
"""

from .identifiers import identifier_is_valid, normalise_orcid, orcid_is_valid
from .normalform import (
    OPEN_ACCESS,
    default_deposit,
    deposit_from_record,
    draft_body,
    merge_deposits,
    normalise_deposit,
    plain_text,
)
from .validation import FieldError, Validation, validate_deposit

__all__ = [
    "OPEN_ACCESS",
    "FieldError",
    "Validation",
    "default_deposit",
    "deposit_from_record",
    "draft_body",
    "identifier_is_valid",
    "merge_deposits",
    "normalise_deposit",
    "normalise_orcid",
    "orcid_is_valid",
    "plain_text",
    "validate_deposit",
]
