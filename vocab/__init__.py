"""The dashboard's vocabulary: code lists, Lampung's regions and agencies, periods, the working calendar,
the upload kinds and their template columns. It imports nothing of the project, so `metrics` and
`data_access` both stand on it and never on each other."""
