#!/usr/bin/python3
"""Fill a real cchc entry template the way people and scripts do, with openpyxl.

Writes openpyxl-typed-268-2019-11.xlsx from the template cchc itself
produces (internal/xlsx/entry_test.go reads it back, cell by cell):

    go run ./cmd/cchc template --db /tmp/fx.db --unit 268 --period 2019-11 --out /tmp/t.xlsx
    /usr/bin/python3 internal/xlsx/testdata/make_fixtures.py /tmp/t.xlsx internal/xlsx/testdata

then, for the LibreOffice re-save (libreoffice-calc, headless, own profile):

    soffice -env:UserInstallation=file:///tmp/lo-profile --headless --convert-to xlsx \
        --outdir /tmp/lo internal/xlsx/testdata/openpyxl-typed-268-2019-11.xlsx
    cp /tmp/lo/openpyxl-typed-268-2019-11.xlsx internal/xlsx/testdata/libreoffice-typed-268-2019-11.xlsx

and for the re-save under a Vietnamese locale, a profile whose
user/registrymodifications.xcu sets /org.openoffice.Setup/L10N
ooSetupSystemLocale=vi-VN and ooLocale=vi, then the same command with
-env:UserInstallation=file:///tmp/lo-vi-profile, copied to
libreoffice-vi-typed-268-2019-11.xlsx (its docProps/core.xml says vi-VN).

Each cell below says what it holds and what cchc must make of it; the Go
test holds the same expectations, written out by hand.
"""
import datetime
import sys

import openpyxl

src, outdir = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
ws = wb["Sheet1"]

col = {}  # metric code -> column letter
for c in ws[3]:
    if c.value:
        col[c.value] = c.column_letter
row = {}  # unit code -> row number
for r in range(4, ws.max_row + 1):
    v = ws.cell(r, 1).value
    if v:
        row[str(v)] = r


def cell(unit, metric):
    return ws[col[metric] + str(row[unit])]


# Phường Nguyễn Trãi (9538): numbers typed as numbers.
cell("9538", "dossiers_received").value = 6538          # a whole number: 6538
cell("9538", "dossiers_resolved").value = 10
cell("9538", "dossiers_late").value = 1
cell("9538", "dossiers_on_time").value = "=I{0}-K{0}".format(row["9538"])  # a formula, no cached value: refused
cell("9538", "trainees").value = 12.345                  # 12.345 in a count: twelve point three, refused
p = cell("9538", "procedures_time_cut_pct")
p.value = 0.745                                          # shows 74.5%: 74.5
p.number_format = "0.0%"

# Phường Mộ Lao (9541): a percent shown without decimals, text typed the Vietnamese way.
p = cell("9541", "procedures_time_cut_pct")
p.value = 0.9                                            # shows 90%: 90
p.number_format = "0%"
cell("9541", "dossiers_received").value = "6.538"        # text, Vietnamese grouping: 6538
cell("9541", "procedures_listed").value = "135"          # text: 135
cell("9541", "inspections").value = datetime.datetime(2019, 11, 13)  # a date in a count: refused
cell("9541", "heads_cut").value = True                   # TRUE in a count: refused

# Phường Văn Quán (9542): a percent typed as text, a count with a percent format.
cell("9542", "procedures_time_cut_pct").value = "74,5%"  # text: 74.5
c = cell("9542", "training_classes")
c.value = 0.5                                            # shows 50% in a count: refused
c.number_format = "0%"
cell("9542", "staff_evaluated").value = 4118.0           # a float that is whole: 4118

wb.save(outdir + "/openpyxl-typed-268-2019-11.xlsx")
