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
type LoginLimits struct {
	// PerAccount: failures allowed in a row for one user name, and how
	// often one more is allowed after that.
	AccountBurst int
	AccountEvery time.Duration
	// PerAddress: the same for one client address (all names together).
	AddressBurst int
	AddressEvery time.Duration
}

// DefaultLoginLimits allows 5 failures in a row per account then one a
// minute, and 20 per address then one every 10 seconds: a password guesser
// gets at most 60 guesses an hour at one account, 360 an hour from one
// address.
var DefaultLoginLimits = LoginLimits{AccountBurst: 5, AccountEvery: time.Minute, AddressBurst: 20, AddressEvery: 10 * time.Second}

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

// fail spends one attempt of key.
func (k *keyedLimiter) fail(key string, now time.Time) { k.get(key, now).AllowN(now, 1) }

// forget resets key (after a successful login to that account).
func (k *keyedLimiter) forget(key string) {
	k.mu.Lock()
	delete(k.m, key)
	k.mu.Unlock()
}

// loginLimiter limits failed logins per account and per client address.
type loginLimiter struct {
	account, address *keyedLimiter
}

func newLoginLimiter(l LoginLimits) *loginLimiter {
	return &loginLimiter{account: newKeyedLimiter(l.AccountBurst, l.AccountEvery), address: newKeyedLimiter(l.AddressBurst, l.AddressEvery)}
}

// retryAfter is how long to wait before trying name from addr again; 0
// means the attempt may go ahead.
func (l *loginLimiter) retryAfter(name, addr string, now time.Time) time.Duration {
	return max(l.account.wait(strings.ToLower(name), now), l.address.wait(addr, now))
}

func (l *loginLimiter) failed(name, addr string, now time.Time) {
	l.account.fail(strings.ToLower(name), now)
	l.address.fail(addr, now)
}

func (l *loginLimiter) succeeded(name string) { l.account.forget(strings.ToLower(name)) }

// retrySeconds rounds a wait up to whole seconds for Retry-After.
func retrySeconds(d time.Duration) int { return int(math.Ceil(d.Seconds())) }
