"""About the metrics: every metric's header, as written in its .sql file."""

import pandas as pd
import streamlit as st

import queries
from dashboard import data, filters, widgets

filters.keep_in_url()
st.title("About the metrics")
st.caption(
    "Each number on these pages comes from one `.sql` file in `queries/`; what follows is the header of each "
    "file, so the definitions cannot drift from the code. `crowdlens query NAME --db FILE` exports any of them."
)
if data.database_path():
    st.caption(f"Groups of fewer than {data.min_group_size()} people are shown as suppressed "
               "(set by min_group_size in crowdlens.toml).")
metrics = {name: queries.get(name) for name in queries.names()}
with st.expander(f"All {len(metrics)} metrics", expanded=False):
    st.markdown("\n".join(f"- [{widgets.plain(m.title)}](#{name}) · `{name}`" for name, m in metrics.items()))
for name, metric in metrics.items():
    st.subheader(metric.title, anchor=name)
    st.markdown(widgets.plain(metric.definition))
    st.caption(f"File `queries/{name}.sql` · grain: {widgets.plain(metric.grain)}"
               + (f" · suppressed under the minimum group size, counted by `{metric.group_size}`"
                  if metric.group_size else ""))
    if metric.params:
        st.dataframe(pd.DataFrame(
            [{"parameter": f"${p.name}", "type": p.type, "default": "null" if p.default is None else str(p.default),
              "meaning": p.doc} for p in metric.params.values()]
        ), hide_index=True, width="stretch")
    else:
        st.caption("No parameters.")
