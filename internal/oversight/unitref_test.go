package oversight

import (
	"strings"
	"testing"
	"time"
)

func d(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// 09552 was Phường Phú La until 30/06/2025 and is Phường Kiến Hưng from
// 01/07/2025: one code, two units.
func TestPickUnitResolvesAReusedCodeAtItsDate(t *testing.T) {
	phuLa := Unit{ID: 1, Code: "09552", Name: "Phường Phú La", ValidTo: d("2025-06-30"), Reused: true}
	kienHung := Unit{ID: 2, Code: "09552", Name: "Phường Kiến Hưng", ValidFrom: d("2025-07-01"), Reused: true}
	cands := []Unit{phuLa, kienHung}
	today := *d("2026-11-30")
	for _, tc := range []struct {
		name     string
		from, to *time.Time
		today    time.Time
		want     int64
		code     string
	}{
		{"a day before names the old ward", d("2019-11-13"), nil, today, 1, ""},
		{"the last day of the old ward", d("2025-06-30"), d("2025-06-30"), today, 1, ""},
		{"the first day of the new ward", d("2025-07-01"), d("2025-07-01"), today, 2, ""},
		{"a span across both is ambiguous", d("2025-06-01"), d("2025-07-31"), today, 0, EConflict},
		{"no date gives the unit in force today", nil, nil, today, 2, ""},
		{"no date before both gives the first that carried it", nil, nil, *d("2025-06-01"), 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := PickUnit("09552", cands, tc.from, tc.to, tc.today)
			if tc.code != "" {
				if ErrorCode(err) != tc.code || !strings.Contains(ErrorMessage(err, "vi"), "09552@2025-07-01 Phường Kiến Hưng (01/07/2025 – …)") ||
					!strings.Contains(ErrorMessage(err, "en"), "09552@2025-06-30 Phường Phú La (… – 30/06/2025)") {
					t.Fatalf("got %v, want %s listing both units with their validity", err, tc.code)
				}
				return
			}
			if err != nil || u.ID != tc.want {
				t.Fatalf("got %+v %v, want unit %d", u, err, tc.want)
			}
		})
	}
	// Neither unit existed on 2026's day of a code retired in 2024.
	nt := Unit{ID: 3, Code: "09538", Name: "Phường Nguyễn Trãi", ValidTo: d("2024-12-31")}
	qt := Unit{ID: 4, Code: "09538", Name: "Phường Quang Trung", ValidFrom: d("2025-01-01"), ValidTo: d("2025-06-30")}
	if _, err := PickUnit("09538", []Unit{nt, qt}, d("2025-10-01"), d("2025-10-31"), today); ErrorCode(err) != ENotFound || !strings.Contains(ErrorMessage(err, "vi"), "Phường Quang Trung (01/01/2025 – 30/06/2025)") {
		t.Errorf("09538 in 10/2025: %v, want not found listing both", err)
	}
	if u, err := PickUnit("09538", []Unit{qt, nt}, nil, nil, today); err != nil || u.ID != 3 {
		t.Errorf("09538 with no date: %+v %v, want Nguyễn Trãi (the first that carried it)", u, err)
	}
	if _, err := PickUnit("X", nil, nil, nil, today); ErrorCode(err) != ENotFound {
		t.Errorf("no candidate: %v", err)
	}
}

func TestUnitRefNamesOneUnit(t *testing.T) {
	for _, tc := range []struct {
		u    Unit
		want string
	}{
		{Unit{Code: "268", ValidTo: d("2025-06-30")}, "268"},
		{Unit{Code: "09552", ValidTo: d("2025-06-30"), Reused: true}, "09552@2025-06-30"},
		{Unit{Code: "09552", ValidFrom: d("2025-07-01"), Reused: true}, "09552@2025-07-01"},
		{Unit{Code: "09538", ValidFrom: d("2025-01-01"), ValidTo: d("2025-06-30"), Reused: true}, "09538@2025-01-01"},
	} {
		if got := tc.u.Ref(); got != tc.want {
			t.Errorf("Ref of %+v = %q, want %q", tc.u, got, tc.want)
		}
		code, on, err := SplitUnitRef(tc.want)
		if err != nil || code != tc.u.Code || (tc.u.Reused) != (on != nil) || on != nil && !tc.u.InForce(*on) {
			t.Errorf("SplitUnitRef(%q) = %q %v %v", tc.want, code, on, err)
		}
	}
	if _, _, err := SplitUnitRef("09552@2025-13-01"); ErrorCode(err) != EInvalid {
		t.Errorf("bad date: %v", err)
	}
}

func TestZeroPaddedCodes(t *testing.T) {
	if got := strings.Join(ZeroPadded("9538"), ","); got != "09538" {
		t.Errorf("9538 -> %q", got)
	}
	if got := strings.Join(ZeroPadded("1"), ","); got != "01,001,00001" {
		t.Errorf("1 -> %q", got)
	}
	if ZeroPadded("268-VP") != nil || ZeroPadded("09538") != nil {
		t.Error("only all-digit codes shorter than 5 are padded")
	}
}

// A file may carry one code twice, in two periods; never twice with the
// same start.
func TestParseUnitRowsAcceptsACodeInTwoPeriods(t *testing.T) {
	rows := [][]string{{"code", "name", "kind", "valid_from", "valid_to"},
		{"09552", "Phường Phú La", "ward", "", "2025-06-30"},
		{"09552", "Phường Kiến Hưng", "ward", "2025-07-01", ""}}
	if in, err := ParseUnitRows(rows, nil); err != nil || len(in) != 2 {
		t.Fatalf("two periods: %v %v", in, err)
	}
	rows = append(rows, []string{"09552", "Phường Kiến Hưng (lặp)", "ward", "01/07/2025", ""})
	if _, err := ParseUnitRows(rows, nil); err == nil || !strings.Contains(ErrorMessage(err, "vi"), "dòng 4") || !strings.Contains(ErrorMessage(err, "vi"), "dòng 3") {
		t.Errorf("same code and start twice: %v", err)
	}
}
