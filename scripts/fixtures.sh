#!/usr/bin/env bash
# Rebuilds every fixture from the seed (fixtures/seed/seed.txt): zicha-fixtures writes the xlsx and docx files
# and their .expect.json manifests; LibreOffice (headless) writes the xls, ods, xlsm, docx and HTML copies, so the
# tests also read files written by a real office suite. The results are committed; tests do not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "needs LibreOffice: apt-get install libreoffice-calc libreoffice-writer" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# `scripts/fixtures.sh real`: only the real filings (fixtures/real/<id>/filing.txt → its office file; a case
# whose format is xls is written as xlsx and rewritten by LibreOffice Calc).
if [ "${1:-}" = real ]; then
  cargo run --quiet -p zicha-fixtures -- real fixtures/real | while IFS=$'\t' read -r case_dir made; do
    if [ "${made%.xlsx}" != "$made" ] && [ "$(dirname "$made")" != "$case_dir" ]; then
      soffice -env:UserInstallation="file://$work/profile" --headless --convert-to "xls:MS Excel 97" --outdir "$case_dir" "$made" >/dev/null
    fi
  done
  echo "real filings rendered"
  exit 0
fi
cargo run --quiet -p zicha-fixtures -- fixtures
convert() { # source, filter, target
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to "$2" --outdir "$work/out" "fixtures/$1" >/dev/null
  mv "$work/out/$(basename "${1%.*}").${2%%:*}" "fixtures/$3"
}
convert seed-all-forms-one-sheet.xlsx "xls:MS Excel 97" seed-libreoffice.xls
convert seed-all-forms-one-sheet.xlsx "ods:calc8" seed-libreoffice.ods
convert variant-central-labels.xlsx "xlsm:Calc MS Excel 2007 VBA XML" variant-central-labels.xlsm
convert seed-word.docx "docx:MS Word 2007 XML" seed-libreoffice.docx
convert seed-word.docx "doc:MS Word 97" seed-libreoffice.doc
# Web pages saved with an office name, as web systems and "另存为网页" write them.
convert seed-one-sheet-per-form.xlsx "html:HTML (StarCalc)" seed-libreoffice-html.xls
convert seed-word.docx "html:HTML (StarWriter)" seed-libreoffice-html.doc
# Excel 2003 XML (SpreadsheetML) saved as .xls, by LibreOffice's own export filter. The filter's stylesheet
# recurses once per repeated empty column and row, and gives up on the 16,384 columns of a sheet today: the
# workbook goes through LibreOffice's flat ODS first, with the trailing empty repeats cut to one.
convert seed-one-sheet-per-form.xlsx "fods" "seed-one-sheet-per-form.fods"
sed -E -i 's/number-(columns|rows)-repeated="[0-9]{4,}"/number-\1-repeated="1"/g' fixtures/seed-one-sheet-per-form.fods
convert seed-one-sheet-per-form.fods "xml:MS Excel 2003 XML" seed-libreoffice-2003xml.xls
rm fixtures/seed-one-sheet-per-form.fods
echo "fixtures rebuilt"
