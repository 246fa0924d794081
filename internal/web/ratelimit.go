package web

import (
	"math"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// LoginLimits bounds failed logins. Only failures count, so a busy office
// behind one address is not locked out by its own successful logins.
// Three buckets decide together: one per account and address (strict),
// one per address (all names together), and one per account over all
// addresses (loose). The account-wide bucket only refuses an address that
// has already failed for that account: whoever guesses at an account from
// elsewhere cannot keep its owner out from an address that has not failed,
// yet a guesser spread over many addresses gets one try per new address
// once the account-wide bucket is empty.
type LoginLimits struct {
	// AccountBurst failures in a row are allowed for one user name from
	// one address, then one more every AccountEvery.
	AccountBurst int
	AccountEvery time.Duration
	// AddressBurst failures in a row are allowed from one client address
	// (all names together), then one more every AddressEvery.
	AddressBurst int
	AddressEvery time.Duration
	// AccountWideBurst failures in a row are allowed for one user name
	// from all addresses together, then one more every AccountWideEvery;
	// zero means 10 x AccountBurst, refilled every AccountEvery.
	AccountWideBurst int
	AccountWideEvery time.Duration
}

// DefaultLoginLimits allows 5 failures in a row per account and address
// then one a minute, 20 per address then one every 10 seconds, and 50 per
// account from everywhere then one a minute: a password guesser gets at
// most 60 guesses an hour at one account from one address, 360 an hour
// from one address, and, spread over many addresses, about one guess per
// new address once the account has seen 50 failures.
var DefaultLoginLimits = LoginLimits{AccountBurst: 5, AccountEvery: time.Minute, AddressBurst: 20, AddressEvery: 10 * time.Second,
	AccountWideBurst: 50, AccountWideEvery: time.Minute}

// maxLimiterKeys bounds the limiter's memory: beyond it, keys whose bucket
// is full again (no recent failures) are forgotten.
const maxLimiterKeys = 10000

// keyedLimiter holds one token bucket per key (a user name or an address).
type keyedLimiter struct {
	mu    sync.Mutex
	every time.Duration
	burst int
	m     map[string]*rate.Limiter
}

func newKeyedLimiter(burst int, every time.Duration) *keyedLimiter {
	return &keyedLimiter{every: every, burst: burst, m: map[string]*rate.Limiter{}}
}

func (k *keyedLimiter) get(key string, now time.Time) *rate.Limiter {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.m[key]
	if !ok {
		if len(k.m) >= maxLimiterKeys {
			for key, old := range k.m {
				if old.TokensAt(now) >= float64(k.burst) {
					delete(k.m, key)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(k.every), k.burst)
		k.m[key] = l
	}
	return l
}

// wait returns how long key must wait before its next attempt (0: go on).
func (k *keyedLimiter) wait(key string, now time.Time) time.Duration {
	tokens := k.get(key, now).TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) * float64(k.every))
}

// full reports whether key has no failure left to refill.
func (k *keyedLimiter) full(key string, now time.Time) bool {
	k.mu.Lock()
	l, ok := k.m[key]
	k.mu.Unlock()
	return !ok || l.TokensAt(now) >= float64(k.burst)
}

// fail spends one attempt of key.
func (k *keyedLimiter) fail(key string, now time.Time) { k.get(key, now).AllowN(now, 1) }

// forget resets key (after a successful login to that account).
func (k *keyedLimiter) forget(key string) {
	k.mu.Lock()
	delete(k.m, key)
	k.mu.Unlock()
}

// loginLimiter limits failed logins per account and address, per address,
// and per account (see LoginLimits).
type loginLimiter struct {
	pair, address, account *keyedLimiter
}

func newLoginLimiter(l LoginLimits) *loginLimiter {
	if l.AccountWideBurst == 0 {
		l.AccountWideBurst, l.AccountWideEvery = 10*l.AccountBurst, l.AccountEvery
	}
	return &loginLimiter{pair: newKeyedLimiter(l.AccountBurst, l.AccountEvery), address: newKeyedLimiter(l.AddressBurst, l.AddressEvery),
		account: newKeyedLimiter(l.AccountWideBurst, l.AccountWideEvery)}
}

// pairKey names one account from one address; names are matched without
// case, as accounts are.
func pairKey(name, addr string) string { return strings.ToLower(name) + "\x00" + addr }

// retryAfter is how long to wait before trying name from addr again; 0
// means the attempt may go ahead.
func (l *loginLimiter) retryAfter(name, addr string, now time.Time) time.Duration {
	wait := max(l.pair.wait(pairKey(name, addr), now), l.address.wait(addr, now))
	// The account-wide limit binds only addresses that have failed for
	// this account: an address with a clean record always gets its try.
	if !l.pair.full(pairKey(name, addr), now) {
		wait = max(wait, l.account.wait(strings.ToLower(name), now))
	}
	return wait
}

func (l *loginLimiter) failed(name, addr string, now time.Time) {
	l.pair.fail(pairKey(name, addr), now)
	l.address.fail(addr, now)
	l.account.fail(strings.ToLower(name), now)
}

// succeeded forgets the failures of name from addr (the owner's own
// typing); the account-wide count stays, since a success elsewhere says
// nothing about whoever else is guessing.
func (l *loginLimiter) succeeded(name, addr string) { l.pair.forget(pairKey(name, addr)) }

// retrySeconds rounds a wait up to whole seconds for Retry-After.
func retrySeconds(d time.Duration) int { return int(math.Ceil(d.Seconds())) }
