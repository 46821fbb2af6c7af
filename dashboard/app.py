"""The dashboard's entry point: page setup and routing only (run by `crowdlens dashboard`)."""

from pathlib import Path

import streamlit as st

# Not "pages/": Streamlit would also run files in a folder of that name on their own, without this
# navigation, when a link to a page is the first request a fresh server gets.
PAGES = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="crowdlens", page_icon=":material/forum:", layout="wide")
navigation = st.navigation({
    "Community": [
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page(PAGES / "adoption.py", title="Adoption", icon=":material/group_add:",
                url_path="adoption"),
        st.Page(PAGES / "ties.py", title="Ties", icon=":material/hub:", url_path="ties"),
        st.Page(PAGES / "influencers.py", title="Influencers", icon=":material/campaign:",
                url_path="influencers"),
        st.Page(PAGES / "training_reuse.py", title="Training reuse", icon=":material/school:",
                url_path="training-reuse"),
    ],
    "Reference": [
        st.Page(PAGES / "data.py", title="Data", icon=":material/database:", url_path="data"),
        st.Page(PAGES / "about.py", title="About the metrics", icon=":material/menu_book:",
                url_path="about-the-metrics"),
    ],
})
navigation.run()
