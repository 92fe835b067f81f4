"""Writing the targets file: record, init, import (sheet and criteria-matrix reading)."""
