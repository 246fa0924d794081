// Package oversight holds the domain of cchc: the units that are supervised,
// the metric catalogue, periods, recorded values, supervision sessions and
// their recommendations, users and their roles, and the rules that decide
// whether a figure is acceptable.
//
// It imports only the standard library, so the rules read the same whether a
// value arrives from a form, a spreadsheet or the API.
package oversight
