"""The targets file: every key declared once (data), its rules, the two readers (fastcheck, model),
loading, the JSON Schema and the warnings."""
