"""The only code that talks to the database or reads extract files."""
