package report

type identityRow struct{ MAC, Vendor, ID string }

// htmlViews is the section with the senders' identities and the STP and
// DHCPv6 views; omitted when there is nothing to show.
func htmlViews(s *Summary, _ HTMLOptions) (string, any) {
	var ids []identityRow
	for _, sd := range s.Senders {
		for _, id := range sd.Identity {
			ids = append(ids, identityRow{sd.MAC, sd.Vendor, id})
		}
	}
	if len(ids) == 0 && s.STP == nil && s.DHCPv6 == nil {
		return "", nil
	}
	return "views", struct {
		S          *Summary
		Identities []identityRow
	}{s, ids}
}
