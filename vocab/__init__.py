"""The dashboard's vocabulary: code lists, Lampung's regions and agencies, periods, the working calendar,
the one clock, the upload kinds and their template columns, the distribution curve and the IKM bands,
each indicator's words, the metric catalogue and the declared settings. It imports nothing of the
project, so `metrics` and `data_access` both stand on it and never on each other."""
