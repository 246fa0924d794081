package text

// enErrors holds the English words of the refusals and errors users read.
var enErrors = map[string]string{
	"error.internal": "Internal error. The problem has been logged; please try again later.",
}
