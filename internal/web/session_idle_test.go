package web_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/web"
)

// Reads never write (issue 16): scs's own idle timeout committed the login
// session, a database write answered by a new cookie, on every page view.
// The idle timeout is now kept by the app and the session touched at most
// every ten minutes; after two idle hours the login is over.
func TestSessionPageViewsDoNotWriteTheSession(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	move := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	today := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	e := newEnvWith(t, web.Config{Demo: true, Now: func() time.Time { return today }, LoginClock: now})
	c := e.login(t, "daibieu")

	view := func(what string) http.Header {
		t.Helper()
		code, _, h := get(t, c, e.ts.URL+"/recommendations")
		if code != http.StatusOK {
			t.Fatalf("%s: /recommendations answered %d, want 200 (still logged in)", what, code)
		}
		return h
	}
	for i := 0; i < 3; i++ {
		if h := view("a view right after login"); h.Get("Set-Cookie") != "" {
			t.Fatalf("view %d rewrote the login session (Set-Cookie %q): a read wrote the database", i, h.Get("Set-Cookie"))
		}
		move(time.Minute)
	}
	move(10 * time.Minute)
	if h := view("a view 13 minutes after login"); h.Get("Set-Cookie") == "" {
		t.Fatal("a view more than ten minutes after the last record did not touch the session, so an active user would be logged out after two hours")
	}
	if h := view("the next view"); h.Get("Set-Cookie") != "" {
		t.Fatal("the view right after a touch wrote the session again")
	}
	move(2*time.Hour + time.Minute)
	code, _, h := get(t, c, e.ts.URL+"/recommendations")
	if code != http.StatusSeeOther || h.Get("Location") == "" {
		t.Fatalf("after two idle hours /recommendations answered %d (Location %q), want a redirect to log in", code, h.Get("Location"))
	}
}
