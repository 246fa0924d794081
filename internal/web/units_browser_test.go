package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browserWaitJS waits until the JavaScript expression js is true on the
// page, or fails after the step timeout saying what was awaited.
func browserWaitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStepTimeout)
	defer cancel()
	var err error
	// A poll started while the page swaps its JavaScript context (a load
	// just finishing) is refused with "Cannot find context"; that is not
	// the condition failing, so poll again.
	for try := 0; try < 3; try++ {
		_, err = chromedp.Run(sctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond),
			chromedp.WithPollingTimeout(browserStepTimeout)))
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
	}
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.prototype.map.call(document.querySelectorAll('.unit-picker'), function (e) { return e.outerHTML.slice(0, 600); }).join('\n') + ' active=' + (document.activeElement && document.activeElement.id)`))
		t.Fatalf("waiting for %s: %v; pickers: %s", what, err, state)
	}
}

// browserOptions returns the texts of the options a picker lists.
func browserOptions(t *testing.T, ctx context.Context, list string) []string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.prototype.map.call(document.querySelectorAll(`+
		browserJSString(list+` li.unit-option .unit-option-name`)+`), function (e) { return e.textContent; })`))
	if err != nil {
		t.Fatalf("options of %s: %v", list, err)
	}
	return s
}

// browserValue returns the value of the first input matching sel.
func browserValue(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+browserJSString(sel)+`).value`))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// optionsShowJS is true once the list of a picker shows an option whose
// name contains name.
func optionsShowJS(list, name string) string {
	return `Array.prototype.some.call(document.querySelectorAll(` + browserJSString(list+` li.unit-option`) +
		`), function (e) { return e.textContent.indexOf(` + browserJSString(name) + `) >= 0; })`
}

// Issue 12, item 8: a reader finds a ward by typing its name without
// diacritics in the search box of /units, opens it from the list, and
// follows its succession links forward to the 2025 ward and back.
func TestBrowserUnitSearchAndSuccession(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 90*time.Second)
	browserLogin(t, bctx, base, "daibieu")
	browserLoad(t, bctx, "open the tree of units", chromedp.Navigate(base+"/units"))
	// Collapsed: the nation's provinces of both periods are listed (each
	// with a "show" placeholder row), nothing deeper.
	browserText(t, bctx, `#units-tree`)
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#units-tree li').length`)); n == 0 || n > 250 {
		t.Errorf("the tree starts with %d rows, want the root and its children only", n)
	}
	if strings.Contains(browserText(t, bctx, `#units-tree`), "Quận Hà Đông") {
		t.Errorf("the tree starts with Hà Nội's districts shown")
	}
	// Opening Hà Nội (before 07/2025), then Hà Đông, fetches each level in place.
	openJS := func(name, hrefPart string) string {
		return `(function(){var as=[...document.querySelectorAll('#units-tree summary a')].filter(a=>a.textContent.trim()===` + browserJSString(name) + ` && a.getAttribute('href').indexOf(` + browserJSString(hrefPart) + `)>=0);` +
			`if(as.length!==1)return as.length;as[0].closest('summary').dispatchEvent(new MouseEvent('click',{bubbles:true}));return 1})()`
	}
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](openJS("Thành phố Hà Nội", "01@2025-06-30"))); err != nil || n != 1 {
		t.Fatalf("open Hà Nội before 07/2025: %d links, %v", n, err)
	}
	browserWaitJS(t, bctx, "Hà Nội's districts in the tree", `document.querySelector('#units-tree').textContent.indexOf('Quận Hà Đông') >= 0`)
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](openJS("Quận Hà Đông", "/units/268"))); err != nil || n != 1 {
		t.Fatalf("open Hà Đông: %d links, %v", n, err)
	}
	browserWaitJS(t, bctx, "Hà Đông's wards in the tree", `document.querySelector('#units-tree').textContent.indexOf('Phường Mộ Lao') >= 0`)

	// Search without diacritics; the list offers the ward with them.
	browserWaitJS(t, bctx, "the search box becomes a typeahead", `document.getElementById('units-q').getAttribute('role') === 'combobox'`)
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#units-q`), "nguyen trai")); err != nil {
		t.Fatalf("type: %v", err)
	}
	browserWaitJS(t, bctx, "Phường Nguyễn Trãi offered", optionsShowJS(`#units-q-options`, "Phường Nguyễn Trãi"))
	// Eight units of the nation are named Nguyễn Trãi; each option says
	// where it is. Hà Đông's is among them.
	got := browserOptions(t, bctx, `#units-q-options`)
	at := -1
	for i, o := range got {
		if o == "Phường Nguyễn Trãi (09538)" {
			at = i
		}
		if !strings.Contains(o, "Nguyễn Trãi") {
			t.Errorf("option %q for \"nguyen trai\"", o)
		}
	}
	if at < 0 {
		t.Fatalf("options for \"nguyen trai\" = %q, want Phường Nguyễn Trãi (09538) among them", got)
	}
	if exp, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById('units-q').getAttribute('aria-expanded')`)); exp != "true" {
		t.Errorf("aria-expanded = %q while the list shows", exp)
	}
	rec.check(t, "search typed")

	// Keyboard: arrow down to Hà Đông's ward, Enter opens its page.
	browserLoad(t, bctx, "open the ward from the list", chromedp.SendKeys(chromedp.CSS(`#units-q`), strings.Repeat(kb.ArrowDown, at+1)+kb.Enter))
	loc, _ := chromedp.Run(bctx, chromedp.Location())
	if !strings.Contains(loc, "/units/09538@") {
		t.Fatalf("Enter on the ward opened %s", loc)
	}
	if h := browserText(t, bctx, `h1`); h != "Phường Nguyễn Trãi" {
		t.Fatalf("ward page heading %q", h)
	}
	rec.check(t, "ward page")

	// Forward: the ward went into the new Phường Quang Trung (which kept
	// code 09538) on 01/01/2025, and that one into Phường Hà Đông on
	// 01/07/2025.
	follow := func(what, name, wantLoc string) {
		t.Helper()
		link := browserLinkByText(t, bctx, `main .notice`, name)
		browserLoad(t, bctx, what, chromedp.Click(chromedp.CSS(link)))
		if h := browserText(t, bctx, `h1`); h != name {
			t.Fatalf("%s: heading %q, want %q", what, h, name)
		}
		if loc, _ := chromedp.Run(bctx, chromedp.Location()); !strings.Contains(loc, wantLoc) {
			t.Errorf("%s: at %s, want %s", what, loc, wantLoc)
		}
	}
	follow("successor of Nguyễn Trãi", "Phường Quang Trung", "/units/09538")
	follow("successor of Quang Trung", "Phường Hà Đông", "/units/09556")
	// Back: each names the unit it came from.
	follow("predecessor of Phường Hà Đông", "Phường Quang Trung", "/units/09538")
	follow("predecessor of Quang Trung", "Phường Nguyễn Trãi", "/units/09538")
	rec.check(t, "succession both ways")
}

// The export builder's unit is a typeahead: it shows the chosen unit's
// name, finds "ha dong" as both Hà Đông, a mouse click chooses one, and
// the file exported is that unit's.
func TestBrowserExportUnitTypeahead(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 90*time.Second)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(bctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	browserLogin(t, bctx, base, "phantich")
	browserLoad(t, bctx, "open the builder", chromedp.Navigate(base+"/export"))
	browserWaitJS(t, bctx, "the picker is ready", `document.querySelector('#export-unit-search') && document.querySelector('.unit-picker[data-ready]') !== null`)
	if typ := browserValue(t, bctx, `#export-unit-search`); !strings.Contains(typ, "(") {
		t.Errorf("the picker shows %q, want the chosen unit's name and code", typ)
	}
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#export-form select[name="unit"], #export-form option').length`)); n > 20 {
		t.Errorf("the builder still sends %d options", n)
	}
	if f, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('label[for="export-unit-search"]') ? 'ok' : ''`)); f != "ok" {
		t.Error("the unit's label does not point at the search box")
	}
	// Select what the box shows and type over it, as a user does.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('export-unit-search').select()`),
		chromedp.SendKeys(chromedp.CSS(`#export-unit-search`), "ha dong")); err != nil {
		t.Fatalf("type: %v", err)
	}
	browserWaitJS(t, bctx, "Quận Hà Đông offered", optionsShowJS(`#export-unit-options`, "Quận Hà Đông"))
	got := strings.Join(browserOptions(t, bctx, `#export-unit-options`), "; ")
	if !strings.Contains(got, "Phường Hà Đông (09556)") || !strings.Contains(got, "Quận Hà Đông (268)") {
		t.Errorf("options for \"ha dong\" = %q", got)
	}
	if strings.Contains(got, "Mộ Lao") {
		t.Errorf("options for \"ha dong\" list Mộ Lao: %q", got)
	}
	// A mouse click on the district.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`(function () {
  var li = Array.prototype.find.call(document.querySelectorAll('#export-unit-options li.unit-option'), function (e) { return e.getAttribute('data-code') === '268'; });
  li.setAttribute('data-browser-test', 'pick');
})()`), chromedp.Click(chromedp.CSS(`#export-unit-options li[data-browser-test="pick"]`))); err != nil {
		t.Fatalf("click the district: %v", err)
	}
	if v := browserValue(t, bctx, `#export-unit`); v != "268" {
		t.Fatalf("the form would send unit %q, want 268", v)
	}
	if v := browserValue(t, bctx, `#export-unit-search`); v != "Quận Hà Đông (268)" {
		t.Errorf("the box shows %q after the choice", v)
	}
	// Half-typed text is not what is sent: leaving the box restores the choice.
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#export-unit-search`), "zz"), chromedp.Focus(chromedp.CSS(`#export-by`))); err != nil {
		t.Fatal(err)
	}
	browserWaitJS(t, bctx, "the box shows the choice again", `document.getElementById('export-unit-search').value === 'Quận Hà Đông (268)'`)
	if err := chromedp.Do(bctx,
		chromedp.SetValue(chromedp.CSS(`#export-by`), "quarter"),
		chromedp.Click(chromedp.CSS(`input[name="metrics"][value="dossiers_received"]`)),
		chromedp.Click(chromedp.CSS(`#export-submit`)),
	); err != nil {
		t.Fatalf("submit: %v", err)
	}
	var name string
	browserUntil(t, "the browser has saved the file", func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		if len(m) == 1 {
			name = filepath.Base(m[0])
		}
		return name != ""
	})
	if !strings.HasPrefix(name, "cchc-268-") {
		t.Errorf("exported %q, want Hà Đông's file", name)
	}
	if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Errorf("the saved file is not a workbook (%d bytes, %v)", len(b), err)
	}
	rec.check(t, "export typeahead")
}

// The session form's pickers: the supervised unit chosen by keyboard from
// a name typed without diacritics, other units added as chips and one
// removed; the saved session names them.
func TestBrowserSessionFormTypeahead(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 90*time.Second)
	browserLogin(t, bctx, base, "daibieu")
	browserLoad(t, bctx, "open the new-session form", chromedp.Navigate(base+"/sessions/new"))
	browserWaitJS(t, bctx, "the pickers are ready", `document.querySelectorAll('.unit-picker[data-ready]').length === 2`)

	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#s-unit-search`), "nguyen trai")); err != nil {
		t.Fatal(err)
	}
	browserWaitJS(t, bctx, "Nguyễn Trãi offered", optionsShowJS(`#s-unit-options`, "Phường Nguyễn Trãi"))
	// The nation has eight Nguyễn Trãi; arrow down to Hà Đông's.
	at := -1
	for i, o := range browserOptions(t, bctx, `#s-unit-options`) {
		if o == "Phường Nguyễn Trãi (09538)" {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("Hà Đông's Nguyễn Trãi not offered: %q", browserOptions(t, bctx, `#s-unit-options`))
	}
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#s-unit-search`), strings.Repeat(kb.ArrowDown, at+1)+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if v := browserValue(t, bctx, `#s-unit`); v != "09538" {
		t.Fatalf("supervised unit %q after Enter, want 09538", v)
	}
	// Enter chose a unit; it did not send the half-filled form.
	if loc, _ := chromedp.Run(bctx, chromedp.Location()); !strings.HasSuffix(loc, "/sessions/new") {
		t.Fatalf("Enter in the picker left the form for %s", loc)
	}

	// Names repeat across the nation (Xã Văn Quan, Phường Văn Quán): each
	// is chosen by arrowing down to the option that names Hà Đông's ward.
	add := func(typed, name, code string) {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#s-others-search`), typed)); err != nil {
			t.Fatal(err)
		}
		browserWaitJS(t, bctx, name+" offered", optionsShowJS(`#s-others-options`, name+" ("+code+")"))
		at := -1
		for i, o := range browserOptions(t, bctx, `#s-others-options`) {
			if o == name+" ("+code+")" {
				at = i
			}
		}
		if at < 0 {
			t.Fatalf("%s (%s) not offered for %q", name, code, typed)
		}
		if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#s-others-search`), strings.Repeat(kb.ArrowDown, at+1)+kb.Enter)); err != nil {
			t.Fatal(err)
		}
		browserWaitJS(t, bctx, name+" chosen", `document.querySelector('#s-others-search-chosen').textContent.indexOf(`+browserJSString(name)+`) >= 0`)
	}
	add("mo lao", "Phường Mộ Lao", "09541")
	add("van quan", "Phường Văn Quán", "09542")
	add("dong mai", "Phường Đồng Mai", "10117")
	if v := browserValue(t, bctx, `#s-others`); v != "09541, 09542, 10117" {
		t.Errorf("other units %q, want 09541, 09542, 10117", v)
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`#s-others-search-chosen li[data-code="09542"] button`))); err != nil {
		t.Fatalf("remove Văn Quán: %v", err)
	}
	if v := browserValue(t, bctx, `#s-others`); v != "09541, 10117" {
		t.Errorf("other units after removing Văn Quán %q, want 09541, 10117", v)
	}

	browserLoad(t, bctx, "save the session",
		chromedp.SendKeys(chromedp.CSS(`#s-body`), "Ban Pháp chế HĐND TP Hà Nội"),
		chromedp.SendKeys(chromedp.CSS(`#s-topic`), "Một cửa tại Phường Nguyễn Trãi"),
		chromedp.SetValue(chromedp.CSS(`#s-date`), "2019-12-05"),
		chromedp.SetValue(chromedp.CSS(`#s-from`), "2019-01"),
		chromedp.SetValue(chromedp.CSS(`#s-to`), "2019-10"),
		chromedp.Click(chromedp.CSS(`#session-save`)),
	)
	loc, _ := chromedp.Run(bctx, chromedp.Location())
	if !strings.Contains(loc, "/sessions/") || strings.HasSuffix(loc, "/new") {
		t.Fatalf("after saving, at %s", loc)
	}
	if h := browserText(t, bctx, `.page-head h1`); !strings.Contains(h, "Phường Nguyễn Trãi") {
		t.Errorf("session heading %q, want the supervised ward", h)
	}
	// The edit form comes back with the units chosen, by name.
	browserLoad(t, bctx, "open the edit form", chromedp.Navigate(strings.Split(loc, "?")[0]+"/edit"))
	browserWaitJS(t, bctx, "the pickers are ready", `document.querySelectorAll('.unit-picker[data-ready]').length === 2`)
	if v := browserValue(t, bctx, `#s-unit-search`); v != "Phường Nguyễn Trãi (09538)" {
		t.Errorf("the edit form's unit shows %q", v)
	}
	if v := browserValue(t, bctx, `#s-others`); v != "09541, 10117" {
		t.Errorf("the edit form's other units %q, want 09541, 10117", v)
	}
	if chips := browserText(t, bctx, `#s-others-search-chosen`); !strings.Contains(chips, "Phường Mộ Lao (09541)") || !strings.Contains(chips, "Phường Đồng Mai (10117)") || strings.Contains(chips, "Văn Quán") {
		t.Errorf("the edit form's chips read %q", chips)
	}
	rec.check(t, "session form typeahead")
}
