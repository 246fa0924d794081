package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

const userCols = `us.id, us.name, us.role, COALESCE(us.unit_id, 0), COALESCE(u.code, ''), us.disabled, us.session_gen,
  EXISTS (SELECT 1 FROM unit_retirements rt WHERE rt.unit_id = us.unit_id)`

func scanUser(s scanner) (oversight.User, error) {
	var u oversight.User
	var role string
	err := s.Scan(&u.ID, &u.Name, &role, &u.UnitID, &u.UnitCode, &u.Disabled, &u.SessionGen, &u.UnitRetired)
	u.Role = oversight.Role(role)
	return u, err
}

// CreateUser adds a user with an already hashed password. unitCode binds a
// staff user to a unit; other roles leave it empty.
func (db *DB) CreateUser(ctx context.Context, name string, role oversight.Role, unitCode, passwordHash string, actor Actor) (_ oversight.User, err error) {
	defer wrap(&err, "create user %q", name)
	if name == "" {
		return oversight.User{}, &oversight.Error{Code: oversight.EInvalid, Key: "err.user_name_required", Field: "name"}
	}
	if role == oversight.RoleStaff && unitCode == "" {
		return oversight.User{}, &oversight.Error{Code: oversight.EInvalid, Key: "err.staff_account_must_bound", Field: "unit"}
	}
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var unit any
		if unitCode != "" {
			u, err := pickUnitTx(ctx, tx, unitCode, nil, nil, db.Now())
			var e *oversight.Error
			if errors.As(err, &e) {
				// Unknown or ambiguous: said beside the unit box.
				return &oversight.Error{Code: e.Code, Key: e.Key, Args: e.Args, Field: "unit"}
			}
			if err != nil {
				return err
			}
			unit = u.ID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, password_hash, role, unit_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			name, passwordHash, string(role), unit, nowStr(db))
		if err != nil {
			if isUnique(err) {
				return oversight.Errf(oversight.EConflict, "err.user_name_already_taken", name)
			}
			return err
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, db, actor, "user.create", name, string(role))
	})
	if err != nil {
		return oversight.User{}, err
	}
	return db.UserByID(ctx, id)
}

// UserByID returns one user.
func (db *DB) UserByID(ctx context.Context, id int64) (_ oversight.User, err error) {
	defer wrap(&err, "load user %d", id)
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users us LEFT JOIN units u ON u.id = us.unit_id WHERE us.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, notFound("err.user_not_found")
	}
	return u, err
}

// UserCredentials returns a user and the stored password hash, by name,
// matched without case (see migration 00006).
func (db *DB) UserCredentials(ctx context.Context, name string) (_ oversight.User, _ string, err error) {
	defer wrap(&err, "load the credentials of user %q", name)
	var hash string
	row := db.read.QueryRowContext(ctx, `SELECT `+userCols+`, us.password_hash FROM users us LEFT JOIN units u ON u.id = us.unit_id WHERE us.name = ? COLLATE NOCASE`, name)
	var u oversight.User
	var role string
	err = row.Scan(&u.ID, &u.Name, &role, &u.UnitID, &u.UnitCode, &u.Disabled, &u.SessionGen, &u.UnitRetired, &hash)
	u.Role = oversight.Role(role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", notFound("err.user_not_found")
	}
	return u, hash, err
}

// Users lists every user.
func (db *DB) Users(ctx context.Context) (_ []oversight.User, err error) {
	defer wrap(&err, "list the users")
	rows, err := db.read.QueryContext(ctx, `SELECT `+userCols+` FROM users us LEFT JOIN units u ON u.id = us.unit_id ORDER BY us.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (_ int, err error) {
	defer wrap(&err, "count the users")
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// CreateToken makes a new API token for a user and returns it. Only its
// SHA-256 hash is stored, so the token cannot be read back later.
func (db *DB) CreateToken(ctx context.Context, userID int64, label string, actor Actor) (_ string, err error) {
	defer wrap(&err, "create an API token for user %d", userID)
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := "cchc_" + base64.RawURLEncoding.EncodeToString(raw)
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)`,
			userID, hashToken(token), label, nowStr(db)); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "token.create", fmt.Sprint(userID), label)
	})
	return token, err
}

// UserByToken returns the enabled user a valid, unrevoked token belongs to.
func (db *DB) UserByToken(ctx context.Context, token string) (_ oversight.User, err error) {
	defer wrap(&err, "find the user of an API token")
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM api_tokens t JOIN users us ON us.id = t.user_id
LEFT JOIN units u ON u.id = us.unit_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND us.disabled = 0`, hashToken(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, oversight.Errf(oversight.EUnauth, "err.api_token_not_valid")
	}
	return u, err
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// UserUpdate is an administrator's change to an account: its role, the
// unit a staff account is bound to, and whether it may log in.
type UserUpdate struct {
	Role     oversight.Role
	UnitCode string // staff only
	Disabled bool
}

// UpdateUser changes a user's role, unit and enabled state. Disabling an
// account also ends its open sessions (session_gen) and revokes its API
// tokens for good: enabling it again brings none of them back.
func (db *DB) UpdateUser(ctx context.Context, id int64, up UserUpdate, actor Actor) (_ oversight.User, err error) {
	defer wrap(&err, "update user %d", id)
	if _, err := oversight.ParseRole(string(up.Role)); err != nil {
		return oversight.User{}, err
	}
	if up.Role == oversight.RoleStaff && up.UnitCode == "" {
		return oversight.User{}, oversight.Errf(oversight.EInvalid, "err.staff_account_must_bound_2")
	}
	if up.Role != oversight.RoleStaff {
		up.UnitCode = ""
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		var wasDisabled bool
		if err := tx.QueryRowContext(ctx, `SELECT name, disabled FROM users WHERE id = ?`, id).Scan(&name, &wasDisabled); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("err.user_not_found")
			}
			return err
		}
		var unit any
		if up.UnitCode != "" {
			u, err := pickUnitTx(ctx, tx, up.UnitCode, nil, nil, db.Now())
			if err != nil {
				var oe *oversight.Error
				if errors.As(err, &oe) {
					oe.Field = "unit"
				}
				return err
			}
			unit = u.ID
		}
		gen := 0
		if up.Disabled && !wasDisabled {
			gen = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, unit_id = ?, disabled = ?, session_gen = session_gen + ? WHERE id = ?`,
			string(up.Role), unit, up.Disabled, gen, id); err != nil {
			return err
		}
		if up.Disabled {
			if err := revokeUserTokens(ctx, tx, db, actor, id, name, "disabled"); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("role=%s unit=%s disabled=%t", up.Role, up.UnitCode, up.Disabled)
		return audit(ctx, tx, db, actor, "user.update", name, detail)
	})
	if err != nil {
		return oversight.User{}, err
	}
	return db.UserByID(ctx, id)
}

// SetPassword replaces a user's password hash, ends the user's open
// sessions and revokes the user's API tokens, so whoever knew the old
// password, or took a token with it, is shut out.
func (db *DB) SetPassword(ctx context.Context, id int64, passwordHash string, actor Actor) (err error) {
	defer wrap(&err, "set the password of user %d", id)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("err.user_not_found")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, session_gen = session_gen + 1 WHERE id = ?`, passwordHash, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, db, actor, "user.password_reset", name, ""); err != nil {
			return err
		}
		return revokeUserTokens(ctx, tx, db, actor, id, name, "password reset")
	})
}

// revokeUserTokens revokes every live API token of a user, recording how
// many and why in the audit log (nothing when there were none).
func revokeUserTokens(ctx context.Context, tx *sql.Tx, db *DB, actor Actor, id int64, name, why string) (err error) {
	defer wrap(&err, "revoke the API tokens of user %q", name)
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, nowStr(db), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return audit(ctx, tx, db, actor, "token.revoke", name, fmt.Sprintf("all %d tokens: %s", n, why))
	}
	return nil
}

// Token is an API token as an administrator sees it: never the token itself.
type Token struct {
	ID         int64
	UserID     int64
	UserName   string
	Label      string
	CreatedAt  string
	LastUsedAt string
	RevokedAt  string
}

// Tokens lists every API token, newest first.
func (db *DB) Tokens(ctx context.Context) (_ []Token, err error) {
	defer wrap(&err, "list the API tokens")
	rows, err := db.read.QueryContext(ctx, `SELECT t.id, t.user_id, us.name, t.label, t.created_at, COALESCE(t.last_used_at, ''), COALESCE(t.revoked_at, '')
FROM api_tokens t JOIN users us ON us.id = t.user_id ORDER BY t.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.UserID, &t.UserName, &t.Label, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes an API token; it stops working at once. Revoking a
// revoked token is refused, so the audit log records each revocation once.
func (db *DB) RevokeToken(ctx context.Context, id int64, actor Actor) (err error) {
	defer wrap(&err, "revoke API token %d", id)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var owner, label string
		var revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT us.name, t.label, t.revoked_at FROM api_tokens t JOIN users us ON us.id = t.user_id WHERE t.id = ?`, id).
			Scan(&owner, &label, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.api_token_not_found")
		}
		if err != nil {
			return err
		}
		if revoked.Valid {
			return oversight.Errf(oversight.EConflict, "err.token_has_already_been")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, nowStr(db), id); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "token.revoke", owner, fmt.Sprintf("id=%d label=%s", id, label))
	})
}
