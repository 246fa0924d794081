package sqlite

import (
	"sort"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/cchc/cchc/internal/oversight"
)

// SQLite orders text byte by byte, which puts "Đồng Mai" after "Yết Kiêu".
// Lists of units are ordered here with the Vietnamese collation instead.
var (
	collatorMu sync.Mutex // a Collator is not safe for concurrent use
	collator   = collate.New(language.Vietnamese, collate.IgnoreCase)
)

// sortUnits orders units by kind, then by name as a Vietnamese reader
// expects.
func sortUnits(us []oversight.Unit) {
	collatorMu.Lock()
	defer collatorMu.Unlock()
	sort.SliceStable(us, func(i, j int) bool {
		if us[i].Kind != us[j].Kind {
			return us[i].Kind < us[j].Kind
		}
		return collator.CompareString(us[i].Name, us[j].Name) < 0
	})
}
