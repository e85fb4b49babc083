"""PoreKB web app: the entry script that ``porekb app`` runs (``streamlit run app/main.py``).

Pages are thin: each calls the engine (``kb``) and shows what it returns. The engine is loaded once per server
process (see ``state.get_kb``).
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="PoreKB", layout="wide")

PAGES = [
    st.Page("views/consult.py", title="Consult", default=True),
    st.Page("views/explore.py", title="Explore", url_path="explore"),
    st.Page("views/sparql.py", title="SPARQL", url_path="sparql"),
    st.Page("views/sources.py", title="Sources", url_path="sources"),
    st.Page("views/health.py", title="KB health", url_path="health"),
]

navigation = st.navigation(PAGES)
st.sidebar.caption(
    "PoreKB: an explainable expert system on a knowledge graph about enlarged facial pores. "
    "Decision support for clinicians, not a prescription. Runs on 127.0.0.1 only; "
    "nothing you enter is stored."
)
navigation.run()
