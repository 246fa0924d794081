package text

// viErrors holds the Vietnamese words of the refusals and errors users read.
var viErrors = map[string]string{
	"error.internal": "Lỗi hệ thống. Sự cố đã được ghi lại; vui lòng thử lại sau.",
}
