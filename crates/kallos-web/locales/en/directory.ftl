# The verified public directory, verification pages, credentials and attestations.
nav-directory = Find a surgeon
directory-title = Find a verified surgeon
directory-lead = Every surgeon listed here is a member in good standing of a society of the alliance and chose to be listed. A membership that lapses or is suspended leaves the directory at once.
directory-ordering = Results are in alphabetical order of family name (then given name, then a random identifier fixed when the member joined). Nobody can pay to appear higher.
directory-name = Name
directory-country = Country
directory-city = City
directory-procedure = Procedure offered
directory-language = Language spoken
directory-follow-up = Offers follow-up care to patients treated abroad
directory-follow-up-short = Follow-up care
directory-any = Any
directory-search = Search
directory-found = { $count ->
    [one] One surgeon found
   *[other] { $count } surgeons found
}
directory-none = No listed surgeon matches. Try fewer criteria.
directory-societies = Societies
directory-languages = Languages
directory-procedures = Procedures offered
directory-yes = Yes
directory-no = No
directory-json = The same directory as JSON (API)
directory-page = Page

verify-title = Verification: { $name }
verify-listed = Listed in the public directory: an active member who chose to be listed.
verify-not-listed = Not listed in the public directory: no active membership, or the member chose not to be listed. Check the status of each membership below.
verify-checked = Last checked
verify-not-recorded = not recorded
verify-masked = Number partly hidden
verify-share = Share this verification
verify-qr = QR code of { $url }
verify-json = This record as JSON

member-directory-link = Directory listing, procedures and credentials
member-directory-title = Directory and credentials: { $name }
member-directory-back = Back to the profile
member-directory-verify = Public verification page:
member-directory-opted-in = Listed in the public directory while a membership is active.
member-directory-opted-out = Not listed in the public directory (the profile's directory choice is off).
member-directory-procedures-legend = Procedures offered to patients

credentials-title = Membership credentials
credentials-lead = Signed W3C Verifiable Credentials (vc+jwt, Ed25519) that any society or employer can check against the society's published key, with its revocation and suspension lists.
credentials-valid-until = Valid until
credentials-actions = Actions
credentials-download = Download
credentials-set-status = Status
credential-valid = Valid
credential-suspended = Suspended
credential-revoked = Revoked
credentials-issue = Issue a membership credential of { $society }
credentials-not-active = A credential is issued only for an active membership.
credentials-keys = Public keys of the issuing societies:

society-attestations-link = Attestations from other societies
attestations-title = Attestations received by { $society }
attestations-lead = Paste a membership credential signed by another society of the alliance. Kallos checks its signature against that society's published key, its dates and its revocation and suspension lists, then records it in place of a letter.
attestation-credential = Signed credential (vc+jwt)
attestation-verify = Verify and record
attestations-received = Verified attestations
attestations-issuer = Issued by
attestations-verified-on = Verified on
attestation-empty = Paste a credential first.
attestation-refused = The credential was not accepted: { $reason }

# The daily check, on the verification page.
verify-not-current = Not current: a requirement is no longer met since { $date } (the daily check will update the status)
verify-checked-against = Checked on { $date } against the criteria of { $society }
verify-met = met
verify-met-until = met, valid until { $date }
verify-unmet = not met
verify-criterion-board-certification = Board certification
verify-criterion-medical-licence = Medical licence
verify-criterion-society-membership = Membership of a national society
verify-criterion-cme-credits = Continuing medical education (CME) credits
verify-criterion-procedure-volume = Procedures recorded in the registry
verify-criterion-ethics-attestation = Code of ethics attested this year
verify-criterion-accredited-facility = Operates in an accredited facility
verify-criterion-sponsors = Sponsors
verify-criterion-years-in-practice = Years in practice
verify-criterion-any-of = One of several requirements
