package sqlite

// CompletenessExact exposes the exact count to the store's tests, which
// compare Completeness's roll-up path with it.
var CompletenessExact = (*DB).completenessExact
