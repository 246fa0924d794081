// Package password hashes and checks login passwords with bcrypt. The web
// server and the cchc commands (user add, the demo accounts) share it.
package password

import "golang.org/x/crypto/bcrypt"

// Hash hashes a password for storage. Passwords longer than bcrypt reads
// (oversight.MaxPasswordBytes) are refused by the domain before they get
// here; bcrypt refuses them too.
func Hash(p string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
	return string(h), err
}

// Check reports whether p is the password of hash (nil when it is).
func Check(hash, p []byte) error { return bcrypt.CompareHashAndPassword(hash, p) }
