"""One pipeline per signal: from a view's inputs to every figure the report, the pages and the exports
show, computed in one place. Pure (no Streamlit); `ui/views` only caches the result and adds labels."""
