"""The four policy signals, computed on DataFrames (never on the database, never with Streamlit)."""
