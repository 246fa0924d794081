package oversight

// Role is what a user may do.
type Role string

// Roles.
const (
	RoleAdmin    Role = "admin"    // everything, including users and units
	RoleDelegate Role = "delegate" // council member: reads everything, records sessions and verifies recommendations
	RoleStaff    Role = "staff"    // district or ward staff: reads everything, writes figures only in its unit's subtree
	RoleAnalyst  Role = "analyst"  // reads and exports
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleDelegate, RoleStaff, RoleAnalyst}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errf(EInvalid, "err.role_does_not_exist", s)
}

// Key names the role in the catalogue of words ("role.admin").
func (r Role) Key() Word { return Word("role." + string(r)) }

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// MaxPasswordBytes is the longest password accepted, in bytes of UTF-8:
// bcrypt reads no more. A Vietnamese letter with its marks takes 2 or 3
// bytes, so 72 bytes may be as few as 24 letters.
const MaxPasswordBytes = 72

// CheckPassword enforces the password policy.
func CheckPassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return Errf(EInvalid, "err.password_needs_at_least", MinPasswordLength)
	}
	if len(p) > MaxPasswordBytes {
		return Errf(EInvalid, "err.password_bytes_long_limit", len(p), MaxPasswordBytes)
	}
	return nil
}

// User is a person who logs in.
type User struct {
	ID       int64
	Name     string
	Role     Role
	UnitID   int64 // staff only: the unit whose subtree the user may write
	UnitCode string
	Disabled bool
	// UnitRetired is set when the user's unit was retired in cchc (its
	// commitments handed to a successor): its staff write no more.
	UnitRetired bool
	// SessionGen is raised when the user's password is reset or the
	// account is disabled: login sessions made before then end.
	SessionGen int64
}

// CanWriteValues reports whether u may record figures for a unit whose
// chain of ancestors (the unit itself first, then its parent, up to the
// root) is chain.
func (u User) CanWriteValues(chain []int64) bool {
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleStaff:
		if u.retiredUnit() {
			return false
		}
		for _, id := range chain {
			if id == u.UnitID && u.UnitID != 0 {
				return true
			}
		}
	}
	return false
}

// CanManageSessions reports whether u may record supervision sessions and
// verify or close recommendations.
func (u User) CanManageSessions() bool { return u.Role == RoleAdmin || u.Role == RoleDelegate }

// CanAdminister reports whether u may manage users and units.
func (u User) CanAdminister() bool { return u.Role == RoleAdmin }

// CanExport reports whether u may export figures. Every role can read, so
// every role can export what it reads.
func (u User) CanExport() bool { return u.ID != 0 }
