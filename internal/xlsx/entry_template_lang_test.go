package xlsx_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

// An entry template asked in English has English headings and figure
// names, and reads back exactly as the Vietnamese one does: the reader
// goes by the codes in row 3, never by the words.
func TestTemplateInEnglishReadsBackAsTheVietnamese(t *testing.T) {
	write := func(lang string) []byte {
		spec := entrySpec()
		spec.Lang = lang
		var buf bytes.Buffer
		if err := xlsx.WriteTemplate(&buf, spec); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	en, vi := write("en"), write("vi")
	f, err := excelize.OpenReader(bytes.NewReader(en))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsx.EntrySheet)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := oversight.MetricByCode("dossiers_received")
	if !strings.HasPrefix(rows[0][0], "Administrative reform figures — ") || rows[1][0] != "Unit code" || rows[1][1] != "Unit name" ||
		rows[2][0] != "metric codes →" {
		t.Errorf("English headings %q / %q / %q", rows[0], rows[1], rows[2])
	}
	found := false
	for j, code := range rows[2] {
		if code == "dossiers_received" {
			found = rows[1][j] == m.NameEN
		}
	}
	if !found {
		t.Errorf("the dossiers received column is not headed %q: %q", m.NameEN, rows[1])
	}
	a, err := xlsx.ReadTemplate(bytes.NewReader(en))
	if err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.ReadTemplate(bytes.NewReader(vi))
	if err != nil {
		t.Fatal(err)
	}
	if a.Unit != b.Unit || a.Month != b.Month || len(a.Cells) != len(b.Cells) || len(a.Cells) != 1 {
		t.Fatalf("English %+v, Vietnamese %+v", a, b)
	}
	if a.Cells[0] != b.Cells[0] {
		t.Errorf("cell %+v, Vietnamese %+v", a.Cells[0], b.Cells[0])
	}
}
