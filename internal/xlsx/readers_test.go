package xlsx

import "encoding/xml"

// Readers the tests use to look at sheets and cells one at a time; the
// import itself reads through readSheetCellsHint and decodeCellFrom.

// decodeCell reads a <c> element from encoding/xml's decoder (the tests
// read cells with it); see decodeCellFrom.
func decodeCell(d *xml.Decoder, start xml.StartElement) (xmlCell, error) {
	x := &xmlLexer{d: d}
	tok := sheetToken{kind: tokStart, local: start.Name.Local}
	for _, a := range start.Attr {
		tok.attrs = append(tok.attrs, sheetAttr{a.Name.Local, a.Value})
	}
	return decodeCellFrom(x, &tok)
}

// readSheetCells streams the sheet's cells to fn, row by row; fn returning
// an error stops the reading. Empty cells (no value, no formula) are not
// passed on.
func readSheetCells(p xlsxParts, sheet string, fn func(rawCell) error) error {
	return readSheetCellsHint(p, sheet, nil, fn)
}

// plainSheet reports whether fastLexer reads all of doc: every character
// is one XML allows, and the whole document tokenizes within the subset.
func plainSheet(doc string) bool {
	_, ok := plainSheetCells(doc)
	return ok
}
