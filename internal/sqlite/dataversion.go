package sqlite

import "sync/atomic"

// dataVersion counts the write transactions this process has committed.
// Readers that keep what they computed from the data (the page cache of
// internal/web) key it by this number, so a commit makes them compute again.
type dataVersion struct{ n atomic.Uint64 }

// DataVersion is the number of write transactions committed through this
// DB since it was opened. It grows by one with each commit of inTx; it
// never says whether another process wrote the file (cchc import run beside
// the server), so a cache keyed by it must also expire by time.
func (db *DB) DataVersion() uint64 { return db.version.n.Load() }

// committed bumps the data version when a write transaction has committed
// (err is Commit's result) and passes err on.
func (db *DB) committed(err error) error {
	if err == nil {
		db.version.n.Add(1)
	}
	return err
}
