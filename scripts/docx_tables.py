#!/usr/bin/env python3
"""A Word file's tables and body paragraphs as python-docx reads them, as JSON on stdout: the peer of zicha's
docx reader in the differential test (`cargo run --release -p zicha-core --example differential`).

Each table is its grid of cell texts (python-docx repeats a merged cell's text in every grid cell it covers);
paragraphs are the body's own, outside tables. Needs `pip install python-docx`."""
import json
import sys

import docx

document = docx.Document(sys.argv[1])
tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
paragraphs = [p.text for p in document.paragraphs]
json.dump({"tables": tables, "paragraphs": paragraphs}, sys.stdout, ensure_ascii=False)
