package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// Issue 12, item 4: `cchc units import` adds organisations by their kind
// (a People's Committee, a provincial department), and refuses one that
// belongs to no unit or a unit under an organisation, naming the lines.
func TestUnitsImportOrganisations(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	good := filepath.Join(dir, "orgs.csv")
	os.WriteFile(good, []byte("code,name,kind,parent_code,valid_from,valid_to\n"+
		"01-UBND,Ủy ban nhân dân Thành phố Hà Nội,people_committee,01,2025-07-01,\n"+
		"01-SNV,Sở Nội vụ Hà Nội,department,01,2025-07-01,\n"+
		"BNV,Bộ Nội vụ,ministry,VN,,\n"), 0o644)
	if r := runCLI(t, "", nil, "units", "import", "--db", db, good); r.code != 0 || !strings.Contains(r.stdout, "imported 3 units") {
		t.Fatalf("organisations: %+v", r)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,name,kind,parent_code,valid_from,valid_to\n"+
		"01-HDND,Hội đồng nhân dân Thành phố Hà Nội,people_council,,2025-07-01,\n"+
		"99991,Phường Thử,ward,01-SNV,2025-07-01,\n"), 0o644)
	r := runCLI(t, "", nil, "units", "import", "--db", db, bad)
	if r.code != 2 || !strings.Contains(r.stderr, "dòng 2") || !strings.Contains(r.stderr, "phải thuộc một đơn vị hành chính") {
		t.Errorf("an organisation without a unit: exit %d, want 2 naming line 2: %s", r.code, r.stderr)
	}
	bad2 := filepath.Join(dir, "bad2.csv")
	os.WriteFile(bad2, []byte("code,name,kind,parent_code,valid_from,valid_to\n"+
		"99991,Phường Thử,ward,01-SNV,2025-07-01,\n"), 0o644)
	r = runCLI(t, "", nil, "units", "import", "--db", db, bad2)
	if r.code != 2 || !strings.Contains(r.stderr, "dòng 2") || !strings.Contains(r.stderr, "không đơn vị nào trực thuộc cơ quan") {
		t.Errorf("a ward under a department: exit %d, want 2 naming line 2: %s", r.code, r.stderr)
	}

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	hn, err := store.UnitByCode(ctx, "01@2025-07-01")
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := store.Organisations(ctx, hn.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range orgs {
		got = append(got, o.Code+":"+o.Kind)
	}
	if strings.Join(got, " ") != "01-SNV:department 01-UBND:people_committee" {
		t.Errorf("organisations of Hà Nội = %v, want the department and the committee", got)
	}
	kids, err := store.Children(ctx, hn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kids {
		if oversight.IsOrganisation(k.Kind) {
			t.Errorf("Hà Nội's children include the organisation %s", k.Code)
		}
	}
	if len(kids) != 126 {
		t.Errorf("Hà Nội has %d children from 01/07/2025, want its 126 communes and wards", len(kids))
	}
	if codes, _ := store.UnitCodes(ctx); codes["01-HDND"] || codes["99991"] {
		t.Error("a refused file wrote lines")
	}
}
