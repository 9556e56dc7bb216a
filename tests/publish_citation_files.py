"""The CITATION.cff the Publish citation tests start from, how they write files and read names,
and any YAML value (a hypothesis strategy)."""

import json
import textwrap

from hypothesis import strategies as st

CITATION_CFF = """\
# a comment the reader ignores
cff-version: 1.2.0
message: If you use this software, please cite it as below.
type: software
title: hzz-analysis
abstract: Four-lepton invariant mass analysis of CMS open data.
authors:
  - family-names: Doe
    given-names: Jane
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: CERN
    email: jane@example.org
  - family-names: Rossum
    name-particle: van
    given-names: Guido
  - name: The ESCAPE Collaboration
keywords:
  - higgs
  - open data
  - Higgs
license: Apache-2.0
version: 1.2.0
date-released: 2024-03-01
doi: 10.5281/zenodo.1003150
identifiers:
  - type: doi
    value: 10.5281/zenodo.1003149
  - type: url
    value: https://example.org/hzz
repository-code: https://github.com/example/hzz-analysis
preferred-citation:
  type: article
  title: The paper
  authors:
    - family-names: Doe
      given-names: Jane
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text) if isinstance(text, str) else json.dumps(text))
    return path


def names(creators):
    return [c["person_or_org"].get("name") or c["person_or_org"]["family_name"] for c in creators]


# Any YAML value a file may hold.
YAML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=10)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "authors",
                    "family-names",
                    "given-names",
                    "name",
                    "orcid",
                    "affiliation",
                    "keywords",
                    "license",
                    "version",
                    "date-released",
                    "doi",
                    "identifiers",
                    "type",
                    "value",
                    "repository-code",
                    "abstract",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
