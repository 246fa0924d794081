package password_test

import (
	"testing"

	"github.com/cchc/cchc/internal/password"
)

func TestHashAndCheck(t *testing.T) {
	h, err := password.Hash("mật-khẩu-đủ-dài")
	if err != nil {
		t.Fatal(err)
	}
	if h == "mật-khẩu-đủ-dài" || len(h) < 50 {
		t.Fatalf("hash %q does not look like a bcrypt hash", h)
	}
	if err := password.Check([]byte(h), []byte("mật-khẩu-đủ-dài")); err != nil {
		t.Errorf("the right password does not match: %v", err)
	}
	if err := password.Check([]byte(h), []byte("mat-khau-du-dai")); err == nil {
		t.Error("a wrong password matches")
	}
	if _, err := password.Hash(string(make([]byte, 73))); err == nil {
		t.Error("a password over 72 bytes was hashed")
	}
}
