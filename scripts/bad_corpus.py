#!/usr/bin/env python3
"""Builds fixtures/bad/: the hostile and broken inputs every reader must survive, each with its expected outcome
in fixtures/bad/expected.json. Files that a real office suite must write (password-protected, legacy .doc,
BIFF5 .xls) come from LibreOffice headless; the rest are built here byte by byte. Deterministic: rerunning
rewrites the same files (LibreOffice's own output aside).

    pip install msoffcrypto-tool; python3 scripts/bad_corpus.py [--office]

The files LibreOffice and msoffcrypto-tool write are kept as they are unless `--office` asks to write them anew
(their bytes differ from run to run).
"""
import io
import json
import struct
import sys
import random
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "bad"
SEED_XLSX = ROOT / "fixtures" / "seed-one-sheet-per-form.xlsx"
SEED_DOCX = ROOT / "fixtures" / "seed-word.docx"
SEED_ODS = ROOT / "fixtures" / "seed-libreoffice.ods"
SEED_XLS = ROOT / "fixtures" / "seed-libreoffice.xls"
SEED_DOCX_HTML = ROOT / "fixtures" / "seed-libreoffice-html.doc"
OFFICE_WRITTEN = ["legacy.doc", "legacy-named.wps", "legacy-renamed.docx", "truncated.xls", "unknown-compound.xls",
                  "encrypted.xlsx", "encrypted.docx"]
REWRITE_OFFICE = "--office" in sys.argv
expected = []


def add(name, data, outcome, kind=None, why="", codes=()):
    (OUT / name).write_bytes(data)
    entry = {"file": name, "outcome": outcome, "why": why}
    if kind:
        entry["kind"] = kind
    if codes:
        entry["codes"] = list(codes)
    expected.append(entry)


def zip_bytes(entries, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            # A fixed time stamp: the same bytes on every run.
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 26, 0, 0, 0)), data, compress_type=method)
    return buf.getvalue()


CT = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件2" sheetId="1" r:id="rId1"/></sheets></workbook>'
WB_RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'


def xlsx(sheet_xml, extra=()):
    return zip_bytes([("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB),
                      ("xl/_rels/workbook.xml.rels", WB_RELS), ("xl/worksheets/sheet1.xml", sheet_xml), *extra])


def sheet(rows_xml, extra=""):
    return f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows_xml}</sheetData>{extra}</worksheet>'


def istr(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body, prolog=""):
    return zip_bytes([("[Content_Types].xml", "<Types/>"),
                      ("word/document.xml", f'<?xml version="1.0"?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>')])


def ods(table_xml):
    content = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               f'<office:body><office:spreadsheet><table:table table:name="附件2">{table_xml}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        stamp = (2026, 11, 26, 0, 0, 0)
        z.writestr(zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("content.xml", stamp), content, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def p(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def repackaged(data, rename=lambda n: n, drop=(), edit=lambda n, c: c):
    """The entries of a zip written anew: renamed, some dropped, some edited."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(rename(i.filename), edit(i.filename, z.read(i.filename))) for i in z.infolist() if i.filename not in drop]
    return zip_bytes(entries)


def xls_patched(data, patch):
    """The seed xls with bytes changed in place (the compound file keeps its layout): `patch(bytearray)`."""
    out = bytearray(data)
    patch(out)
    return bytes(out)


def cfb_fat(data):
    """(sector size, FAT as a list, file offset of each FAT entry) of a compound file with one FAT sector."""
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    first_fat = struct.unpack_from("<I", data, 0x4C)[0]
    base = (first_fat + 1) * size
    return size, base


def stream_start(data, name):
    utf16 = name.encode("utf-16-le")
    for at in range(512, len(data) - 128, 128):
        if data[at:at + len(utf16)] == utf16:
            return struct.unpack_from("<I", data, at + 116)[0]
    raise ValueError(name)


def round_three(rng, doc):
    """Word 97-2003 documents broken in their own structures (the FIB, the piece table, the property pages),
    each made from LibreOffice's .doc of the seed by editing the bytes of its WordDocument stream."""
    fib = (stream_start(doc, "WordDocument") + 1) * 512

    def edited(*edits):
        data = bytearray(doc)
        for at, fmt, value in edits:
            struct.pack_into(fmt, data, fib + at, value)
        return bytes(data)

    flags = struct.unpack_from("<H", doc, fib + 0x0A)[0]
    add("doc-encrypted-flag.doc", edited((0x0A, "<H", flags | 0x0100)), "error", "encrypted",
        "a .doc whose FIB says it is encrypted")
    add("doc-fast-saved.doc", edited((0x0A, "<H", flags | 0x0004)), "ok",
        "a .doc marked fast-saved (fComplex, which WPS sets on every save): read through its piece table", codes=["X005"])
    add("doc-word95.doc", edited((0x02, "<H", 0x0065)), "error", "legacy_word", "a Word 6/95 version number")
    add("doc-bad-ident.doc", edited((0x00, "<H", 0x1234)), "error", "corrupt", "a FIB that is not one")
    # The (fc, lcb) pairs: csw, then cslw, then the pairs; pair 33 is the piece table, pair 13 the property bins.
    csw = struct.unpack_from("<H", doc, fib + 32)[0]
    cslw = struct.unpack_from("<H", doc, fib + 34 + 2 * csw)[0]
    pairs = 34 + 2 * csw + 2 + 4 * cslw + 2
    add("doc-clx-outside.doc", edited((pairs + 8 * 33, "<I", 0x7FFF_FFF0)), "error", "corrupt",
        "a piece table placed past the table stream")
    add("doc-clx-huge.doc", edited((pairs + 8 * 33 + 4, "<I", 0xFFFF_FFFF)), "error", "corrupt",
        "a piece table four gigabytes long")
    add("doc-text-length-lie.doc", edited((34 + 2 * csw + 2 + 12, "<I", 0xFFFF_FFFF)), "ok",
        "a main text said to be four billion characters: read as far as the pieces go")
    add("doc-no-property-pages.doc", edited((pairs + 8 * 13 + 4, "<I", 0)), "ok",
        "no paragraph properties: tables read as paragraphs, nothing lost or invented")
    add("doc-truncated.doc", doc[: len(doc) // 2], "error", "corrupt", "a half-downloaded .doc")
    # Every byte of the property pages and the text scrambled: whatever they say, it is read or refused, never a
    # panic or a hang.
    utf16 = "WordDocument".encode("utf-16-le")
    entry = next(at for at in range(512, len(doc) - 128, 128) if doc[at:at + len(utf16)] == utf16)
    size = struct.unpack_from("<I", doc, entry + 120)[0]
    fat_sectors = struct.unpack_from(f"<{struct.unpack_from('<I', doc, 0x2C)[0]}I", doc, 0x4C)
    data = bytearray(doc)
    for _ in range(4000):
        at = fib + 1024 + rng.randrange(size - 1024)
        if at // 512 - 1 not in fat_sectors:  # the container's own table stays whole
            data[at] = rng.getrandbits(8)
    add("doc-scrambled.doc", bytes(data), "ok", "4,000 random bytes in the WordDocument stream: read as it comes")


def spreadsheet_2003(seed_xml):
    """Excel 2003 XML workbooks made hostile: cells and merges past the grid, a cut file, entities."""
    head = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="附件2"><Table>')
    tail = "</Table></Worksheet></Workbook>"
    add("xml2003-index-far.xls", (head + '<Row><Cell ss:Index="99999999"><Data ss:Type="String">x</Data></Cell></Row>' + tail).encode(),
        "error", "too_large", "a cell a hundred million columns in")
    merges = "".join(f'<Row ss:Index="{r}"><Cell ss:MergeAcross="16383" ss:MergeDown="1048575"><Data ss:Type="String">x</Data></Cell></Row>'
                     for r in range(1, 301))
    add("xml2003-huge-merges.xls", (head + merges + tail).encode(), "error", "too_large",
        "300 merges each over the whole sheet")
    rows = "".join(f'<Row ss:Index="{r * 1000}"><Cell ss:Index="{r}"><Data ss:Type="Number">{r}</Data></Cell></Row>' for r in range(1, 1001))
    add("xml2003-sparse.xls", (head + rows + tail).encode(), "ok", why="a thousand cells spread over a million rows")
    laughs = ('<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
              + head[len('<?xml version="1.0"?>'):] + '<Row><Cell><Data ss:Type="String">&d;&d;&d;</Data></Cell></Row>' + tail)
    add("xml2003-entities.xls", laughs.encode(), "ok", why="entities declared in a DTD are not expanded")
    add("xml2003-cut.xls", seed_xml[: len(seed_xml) // 2], "error", "corrupt", "a half-downloaded Excel 2003 XML workbook")
    gbk = head.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="GBK"?>') + \
        '<Row><Cell><Data ss:Type="String">预算部门名称</Data></Cell><Cell><Data ss:Type="String">某某局</Data></Cell></Row>' + tail
    add("xml2003-gbk.xls", gbk.encode("gbk"), "ok", why="a workbook declared in GBK", codes=["S001"])


def round_two(rng, seed_docx):
    """Hostile files, round two: each one took a reader past its memory or time before the limits spoke."""
    # Memory before the limits: cells, spans and merges that a dense grid would allocate for.
    rows = "".join(f'<row r="{r}">' + istr(f"A{r}", "x") + f'<c r="XFD{r}"><v>1</v></c></row>' for r in range(1, 3001))
    add("far-column-rows.xlsx", xlsx(sheet(rows)), "ok",
        why="3,000 rows each with a cell in column XFD: kept apart, not laid out (49 million cells)", codes=["S013"])
    ods_row = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16000"/>'
               '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')
    add("ods-wide-repeated-rows.ods", ods(ods_row), "ok",
        why="a cell 16,000 columns in, its row repeated 100,000 times: kept apart, not laid out", codes=["S013"])
    before = "".join("<w:tr><w:trPr>" + '<w:gridBefore w:val="1000"/>' * 16 + "</w:trPr><w:tc>" + p("x") + "</w:tc></w:tr>"
                     for _ in range(3000))
    add("grid-before-rows.docx", docx(f"<w:tbl>{before}</w:tbl>"), "ok",
        why="3,000 Word rows each starting 16,000 columns in (sixteen gridBefore of 1,000 each): kept apart",
        codes=["S013"])
    merges = "".join('<mergeCell ref="A1:XFD1000"/>' for _ in range(5000))
    rows = '<row r="1"><c r="XFD1"><v>1</v></c></row>' + "".join(f'<row r="{r}">' + istr(f"A{r}", "x") + "</row>" for r in range(2, 1001))
    add("many-wide-merges.xlsx", xlsx(sheet(rows, f'<mergeCells count="5000">{merges}</mergeCells>')), "error", "too_large",
        "5,000 merges each over 16 million cells")
    chain = ('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="16000"/><w:vMerge w:val="restart"/></w:tcPr>' + p("x") + "</w:tc></w:tr>"
             + "".join('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="16000"/><w:vMerge/></w:tcPr>' + p("") + "</w:tc></w:tr>"
                       for _ in range(2000)))
    add("vmerge-wide-chain.docx", docx(f"<w:tbl>{chain}</w:tbl>"), "ok",
        why="a vertical merge 16,000 columns wide down 2,000 rows: one range, nothing laid out")
    big = "长" * 1_000_000
    sst = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{big}</t></si></sst>'
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 50_001))
    add("shared-string-flood.xlsx", xlsx(sheet(rows), [("xl/sharedStrings.xml", sst)]), "error", "too_large",
        "one 3 MB shared string in 50,000 cells: 150 GB of text")
    formula = "+".join(f"A{i}" for i in range(1, 20_000))
    rows = (f'<row r="1"><c r="B1"><f t="shared" ref="B1:B50000" si="0">{formula}</f><v>1</v></c></row>'
            + "".join(f'<row r="{r}"><c r="B{r}"><f t="shared" si="0"/><v>1</v></c></row>' for r in range(2, 50_001)))
    add("shared-formula-flood.xlsx", xlsx(sheet(rows)), "error", "too_large",
        "a 150 KB shared formula in 50,000 cells: 7 GB of formulas")
    sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "<si/>" * 5_000_000 + "</sst>"
    add("empty-strings-flood.xlsx", xlsx(sheet(""), [("xl/sharedStrings.xml", sst)]), "error", "too_large",
        "five million empty shared strings")

    # Limits stepped around: a part not named .xml, and one part read for every sheet.
    rels = RELS.replace("xl/workbook.xml", "word/main")
    body = '<?xml version="1.0"?><w:document ' + W + "><w:body>" + p("x") + "<!--" + " " * (250 * 1024 * 1024) + "--></w:body></w:document>"
    add("unnamed-part-bomb.docx", zip_bytes([("[Content_Types].xml", "<Types/>"), ("_rels/.rels", rels), ("word/main", body)]),
        "error", "too_large", "a main part without .xml inflating 250 MB at 1000:1")
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 1001))
    wb = WB.replace('<sheet name="附件2" sheetId="1" r:id="rId1"/>', sheets)
    part = sheet("") + " " * (8 * 1024 * 1024)
    add("one-part-many-sheets.xlsx",
        zip_bytes([("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", wb),
                   ("xl/_rels/workbook.xml.rels", WB_RELS), ("xl/worksheets/sheet1.xml", part)]),
        "error", "too_large", "one 8 MB sheet part named by 1,000 sheets: 8 GB to inflate")

    # Numbers beyond what a decimal holds.
    rows = ('<row r="1">' + istr("A1", "年度资金总额") + '<c r="B1"><v>7.9E+28</v></c><c r="C1"><v>7.9E+28</v></c>'
            '<c r="D1"><v>1E+300</v></c>' + istr("E1", "79000000000000000000000000000") + "</row>")
    add("huge-numbers.xlsx", xlsx(sheet(rows)), "ok", why="numbers past the decimal type: kept as text, never summed")

    # Valid files once refused.
    add("main-part-renamed.docx", repackaged(seed_docx, rename=lambda n: n.replace("word/document.xml", "word/document2.xml"),
                                             edit=lambda n, c: c.replace(b"document.xml", b"document2.xml") if n.endswith(".rels") or "Content_Types" in n else c),
        "ok", why="the main part named document2.xml, found through _rels/.rels as Word's web app writes it", codes=["X005"])
    add("ods-without-mimetype.ods", repackaged(SEED_ODS.read_bytes(), drop=("mimetype",)), "ok",
        why="an ODS without its mimetype entry: told by its manifest")
    deleted = ('<w:p><w:r><w:t>预算部门名称</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:t>删去的字</w:t></w:r></w:del></w:p>')
    add("tracked-deletion.docx", docx(deleted), "ok", why="deleted text of tracked changes is not content", codes=["S001"])

    # Web pages named .xls or .doc.
    add("html-deep-tables.xls", ("<table><tr><td>" * 100_000).encode(), "error", "too_large", "100,000 nested tables")
    add("html-huge-spans.xls", '<table><tr><td colspan="999999999" rowspan="999999999">x</td><td>y</td></tr><tr><td>z</td></tr></table>'.encode(),
        "ok", why="a cell spanning a billion rows and columns: clamped to the grid")
    add("html-gbk-undeclared.xls", "<html><table><tr><td>预算部门名称</td><td>某某局</td></tr></table></html>".encode("gbk"), "ok",
        why="a GBK page that declares no charset: read as GB18030", codes=["S001"])
    add("html-cut.doc", SEED_DOCX_HTML.read_bytes()[:50_000], "ok", why="a web page cut short: read up to the cut")

    # The xls container, checked before calamine sees it.
    xls = SEED_XLS.read_bytes()

    def far_cell(out):
        at = out.find(b"\x03\x02\x0e\x00")  # the first NUMBER record: row, column
        struct.pack_into("<HH", out, at + 4, 0xFFFF, 0x00FF)
    add("xls-far-cell.xls", xls_patched(xls, far_cell), "error", "too_large",
        why="an xls cell at row 65,536, column IV: calamine would lay out 16 million cells; refused before it does")

    def fat_loop(out):
        size, base = cfb_fat(out)
        start = stream_start(out, "Workbook")
        struct.pack_into("<I", out, base + 4 * (start + 1), start)
    add("xls-fat-loop.xls", xls_patched(xls, fat_loop), "error", "corrupt", "a sector chain that loops back")

    def directory_loop(out):
        size, base = cfb_fat(out)
        first = struct.unpack_from("<I", out, 0x30)[0]
        struct.pack_into("<I", out, base + 4 * first, first)
    add("xls-directory-loop.xls", xls_patched(xls, directory_loop), "error", "corrupt", "a directory chain that loops")

    def dimensions_lie(out):
        at = out.find(b"\x00\x02\x0e\x00")  # DIMENSIONS: first row, last row + 1, first column, last column + 1
        struct.pack_into("<IIHH", out, at + 4, 0, 0xFFFFFFFF, 0, 0xFFFF)
    add("xls-dimensions-lie.xls", xls_patched(xls, dimensions_lie), "error", "too_large",
        why="an xls whose DIMENSIONS claim four billion rows: calamine reserves that much; refused before it does")


def soffice(src: Path, filter_: str, out_ext: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", filter_,
                        "--outdir", f"{tmp}/out", str(src)], check=True, capture_output=True, timeout=180)
        return next(Path(tmp, "out").glob(f"*.{out_ext}")).read_bytes()


def main():
    # Rebuild the generated files; fuzz/ holds the inputs fuzzing found, kept as they were.
    OUT.mkdir(parents=True, exist_ok=True)
    kept = {} if REWRITE_OFFICE else {n: (OUT / n).read_bytes() for n in OFFICE_WRITTEN if (OUT / n).exists()}
    for old in OUT.iterdir():
        if old.is_file() and old.name != "README.md":
            old.unlink()
    rng = random.Random(20261126)
    seed_xlsx, seed_docx = SEED_XLSX.read_bytes(), SEED_DOCX.read_bytes()

    # Not office files at all, whatever their names say.
    add("empty.xlsx", b"", "error", "not_office", "an empty file")
    add("random-bytes.xlsx", bytes(rng.getrandbits(8) for _ in range(4096)), "error", "not_office", "noise")
    add("csv-renamed.xlsx", "预算部门名称,某某局\n年度资金总额,100\n".encode(), "error", "not_office", "a CSV with an xlsx name")
    add("pdf-renamed.docx", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF", "error", "not_office", "a PDF")
    add("png-renamed.xls", bytes.fromhex("89504e470d0a1a0a") + bytes(64), "error", "not_office", "an image")
    add("html-table.xls", "<html><body><table><tr><td>预算部门名称</td></tr></table></body></html>".encode(), "ok",
        why="an HTML table exported by a web system, named .xls: read as a web page", codes=["S001"])
    add("utf16-text.xlsx", "预算部门名称\t某某局".encode("utf-16"), "error", "not_office", "UTF-16 text")

    # Zip containers that are not filings, or are broken.
    add("zip-of-text.xlsx", zip_bytes([("readme.txt", "hello")]), "error", "unsupported_office", "a plain zip")
    add("xlsb-like.xlsx", zip_bytes([("xl/workbook.bin", b"\0" * 32)]), "error", "unsupported_office", "a binary xlsb")
    add("pptx-like.xlsx", zip_bytes([("ppt/presentation.xml", "<p/>")]), "error", "unsupported_office", "a presentation")
    add("odt-like.ods", zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")],
                                  zipfile.ZIP_STORED), "error", "unsupported_office", "an OpenDocument text")
    add("truncated.xlsx", seed_xlsx[: len(seed_xlsx) * 6 // 10], "error", "corrupt", "a half-downloaded workbook")
    add("truncated.docx", seed_docx[: len(seed_docx) // 2], "error", "corrupt", "a half-downloaded document")
    add("zip-header-only.docx", b"PK\x03\x04" + bytes(26), "error", "corrupt", "a zip signature and nothing else")
    add("workbook-without-sheet.xlsx",
        zip_bytes([("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", WB_RELS)]),
        "error", "corrupt", "a workbook whose sheet part is missing")
    add("invalid-utf8.docx", zip_bytes([("word/document.xml", b'<?xml version="1.0"?><w:document ' + W.encode() + b"><w:body><w:p><w:r><w:t>\xff\xfe\xfa</w:t></w:r></w:p></w:body></w:document>")]),
        "error", "corrupt", "bytes that are not UTF-8 inside the XML")
    add("broken-xml.docx", docx("<w:p><w:r><w:t>未闭合</w:r></w:p>"), "error", "corrupt", "XML that does not nest")

    # Zip bombs and size limits.
    add("zip-bomb.xlsx", xlsx(sheet("") + " " * (300 * 1024 * 1024)), "error", "too_large",
        "a sheet that inflates to 300 MB")
    add("ratio-bomb.docx", docx(p("x") + "<!--" + "0" * (40 * 1024 * 1024) + "-->"), "error", "too_large",
        "a 40 MB part compressed a thousandfold")
    many = [(f"xl/media/{i}.bin", b"") for i in range(20_500)]
    add("many-entries.xlsx", xlsx(sheet(""), many), "error", "too_large", "20,500 entries in the zip")
    add("beyond-excel-grid.xlsx", xlsx(sheet('<row r="2000000">' + istr("A2000000", "x") + "</row>")), "error",
        "too_large", "a cell below Excel's last row")
    big_rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                       for r in range(1, 105_001))
    add("too-many-cells.xlsx", xlsx(sheet(big_rows)), "error", "too_large", "1.05 million cells")
    add("far-corner.xlsx", xlsx(sheet('<row r="1">' + istr("A1", "预算部门名称") + '</row><row r="1048576">'
                                      + '<c r="XFD1048576"><v>1</v></c></row>', )),
        "ok", why="cells at A1 and XFD1048576: read without allocating the whole grid", codes=["S009"])
    add("merge-whole-sheet.xlsx", xlsx(sheet('<row r="1">' + istr("A1", "x") + "</row>",
                                             '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')),
        "ok", why="one merge over the whole sheet")
    add("long-text-cell.xlsx", xlsx(sheet('<row r="1">' + istr("A1", "长" * 2_000_000) + "</row>")), "ok",
        why="a cell of two million characters")

    # XML attacks: nothing is expanded, fetched or recursed into.
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    prolog = '<!DOCTYPE w:document [<!ENTITY l0 "哈哈">' + laughs + "]>"
    add("billion-laughs.docx", docx(p("&l9;"), prolog), "ok", why="entity expansion: entities are not expanded")
    add("external-entity.docx", docx(p("&xxe;"), '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        "ok", why="an external entity: never fetched")
    add("billion-laughs.xlsx", xlsx('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "哈哈">' + laughs + "]>"
                                    + sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>')),
        "ok", why="entity expansion in a sheet: entities are not expanded")
    add("deep-nesting.docx", docx("<w:sdt>" * 100_000 + p("x") + "</w:sdt>" * 100_000), "error", "too_large",
        "100,000 nested elements")
    add("huge-attribute.docx", docx(f'<w:p w:rsidR="{"A" * (20 * 1024 * 1024)}"><w:r><w:t>x</w:t></w:r></w:p>'), "error",
        "too_large", "a 20 MB attribute (compressed a thousandfold)")
    add("big-attribute.docx", docx(f'<w:p w:rsidR="{"".join(rng.choice("0123456789ABCDEF") for _ in range(2 * 1024 * 1024))}">'
                                   + "<w:r><w:t>x</w:t></w:r></w:p>"), "ok", why="a 2 MB attribute of random hex")
    add("grid-span-huge.docx", docx('<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr>' + p("x")
                                    + "</w:tc><w:tc>" + p("y") + "</w:tc></w:tr></w:tbl>"), "ok",
        why="a cell spanning a billion columns")
    add("vmerge-without-start.docx", docx('<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>' + p("x")
                                          + "</w:tc></w:tr></w:tbl>"), "ok", why="a merge that continues nothing")
    add("grid-before-huge.docx", docx('<w:tbl><w:tr><w:trPr><w:gridBefore w:val="4000000000"/></w:trPr><w:tc>' + p("x")
                                      + "</w:tc></w:tr></w:tbl>"), "ok", why="a row starting four billion columns in")

    # Files that read but check little: partial results, not failures.
    add("formulas-without-values.xlsx", xlsx(sheet('<row r="1">' + istr("A1", "年度资金总额") + '<c r="B1"><f>SUM(C1:D1)</f></c></row>')),
        "ok", why="formulas saved by a tool that does not compute", codes=["S011"])
    add("empty-sheet.xlsx", xlsx(sheet("")), "ok", why="a workbook with one empty sheet", codes=["S001"])
    add("empty-body.docx", docx(""), "ok", why="a Word document with nothing in it", codes=["S001"])
    add("no-forms.xlsx", xlsx(sheet('<row r="1">' + istr("A1", "会议纪要") + "</row>")), "ok", why="a table that is none of the forms",
        codes=["S001", "S009"])
    add("xlsx-named-docx.docx", seed_xlsx, "ok", why="a workbook with a Word name: told by content")
    add("docx-named-xlsx.xlsx", seed_docx, "ok", why="a Word document with a workbook name", codes=["X005"])

    round_two(rng, seed_docx)

    # Written by LibreOffice: password-protected files, legacy Word, xls. (LibreOffice no longer writes BIFF5.)
    office = {
        "legacy.doc": ("ok", None, "Word 97-2003 (LibreOffice): read", ["X005"]),
        "legacy-named.wps": ("ok", None, "a .doc named .wps, as WPS saves them: read", ["X005"]),
        "legacy-renamed.docx": ("ok", None, "a .doc renamed to .docx: told by content", ["X005"]),
        "truncated.xls": ("error", "corrupt", "a half-downloaded xls", []),
        "unknown-compound.xls": ("error", "unsupported_office", "a compound file of unknown kind", []),
    }
    if "legacy.doc" in kept:
        for name, (outcome, kind, why, codes) in office.items():
            add(name, kept[name], outcome, kind, why, codes)
    elif shutil.which("soffice"):
        doc = soffice(SEED_DOCX, "doc:MS Word 97", "doc")
        xls = soffice(SEED_XLSX, "xls:MS Excel 97", "xls")
        made = {"legacy.doc": doc, "legacy-named.wps": doc, "legacy-renamed.docx": doc, "truncated.xls": xls[: len(xls) // 2],
                "unknown-compound.xls": doc.replace("WordDocument".encode("utf-16-le"), "XordDocument".encode("utf-16-le"))}
        for name, (outcome, kind, why, codes) in office.items():
            add(name, made[name], outcome, kind, why, codes)
    if (OUT / "legacy.doc").exists():
        round_three(rng, (OUT / "legacy.doc").read_bytes())
    spreadsheet_2003((ROOT / "fixtures" / "seed-libreoffice-2003xml.xls").read_bytes())
    # Password-protected, as Office writes them (ECMA-376 agile encryption, by msoffcrypto-tool from PyPI).
    if "encrypted.xlsx" in kept:
        for name in ["encrypted.xlsx", "encrypted.docx"]:
            add(name, kept[name], "error", "encrypted", "a password-protected file")
    elif shutil.which("msoffcrypto-tool"):
        for source, name in [(SEED_XLSX, "encrypted.xlsx"), (SEED_DOCX, "encrypted.docx")]:
            with tempfile.TemporaryDirectory() as tmp:
                target = Path(tmp, name)
                subprocess.run(["msoffcrypto-tool", "-e", "-p", "zicha", str(source), str(target)], check=True, timeout=120)
                add(name, target.read_bytes(), "error", "encrypted", "a password-protected file")
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(expected)} bad inputs written to {OUT}")


if __name__ == "__main__":
    main()
