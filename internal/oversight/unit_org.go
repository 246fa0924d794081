package oversight

import (
	"slices"
)

// Kinds of organisation (issue 12): bodies that answer for a territory but
// are not territory: the People's Committee and People's Council of a unit,
// its departments and offices (Sở Nội vụ, Văn phòng UBND, a district's
// Phòng Nội vụ), ministries and other agencies at national level. They
// belong to a unit (their parent), may be the supervised body of a
// session, the lead or a co-unit of a recommendation and the unit of a
// staff account, and hold no figures: nothing of theirs is ever summed
// into a territory, ranked beside communes or offered as a dashboard.
const (
	UnitPeopleCommittee = "people_committee" // Ủy ban nhân dân
	UnitPeopleCouncil   = "people_council"   // Hội đồng nhân dân
	UnitOffice          = "office"           // Văn phòng (of the committee, the council, or both)
	UnitMinistry        = "ministry"         // Bộ, cơ quan ngang bộ
	UnitAgency          = "agency"           // other bodies (Ban, Chi cục, Trung tâm …)
)

// OrganisationKinds lists every organisation kind; IsOrganisation is the
// one test of it and sqlite builds its one SQL predicate from this list.
var OrganisationKinds = []string{UnitPeopleCommittee, UnitPeopleCouncil, UnitDepartment, UnitOffice, UnitMinistry, UnitAgency}

// IsOrganisation reports whether a unit of this kind is an organisation
// rather than territory.
func IsOrganisation(kind string) bool { return slices.Contains(OrganisationKinds, kind) }

// IsOrganisation reports whether u is an organisation (see
// OrganisationKinds).
func (u Unit) IsOrganisation() bool { return IsOrganisation(u.Kind) }

// CheckOrganisation says why a unit of kind cannot be placed under parent
// (nil: at the top), or returns nil: an organisation answers for a unit,
// so it needs one; and nothing belongs to an organisation (an office
// belongs to the district, not to another office; a ward never to an
// office), so organisations stay leaves that no sum walks through.
func CheckOrganisation(kind string, parent *Unit) error {
	if parent != nil && parent.IsOrganisation() {
		return &Error{Code: EInvalid, Field: "parent_code",
			Key: "err.organisation_nothing_belongs_organisation", Args: []any{parent.Name}}
	}
	if !IsOrganisation(kind) {
		return nil
	}
	if parent == nil {
		return &Error{Code: EInvalid, Field: "parent_code",
			Key: "err.organisation_must_belong_administrative"}
	}
	return nil
}

// checkFiguresOf refuses figures for an organisation: its work shows in the
// figures of the unit it belongs to, and a figure of its own would be
// counted twice in that unit's totals (or, kept apart, beside no
// territory). Every entry path asks CheckEntryMonth, which asks this.
func checkFiguresOf(u Unit) error {
	if !u.IsOrganisation() {
		return nil
	}
	return Errf(EConflict, "err.organisation_no_figures", u.Name, UnitKindKey(u.Kind))
}
