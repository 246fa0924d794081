package sqlite

// FoldNameForTest exposes foldName, which folds the search text.
func FoldNameForTest(s string) string { return foldName(s) }
