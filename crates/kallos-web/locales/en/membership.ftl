# Membership: criteria, applications, renewals, credentials and CME.
nav-membership = Membership
nav-applications = Applications
nav-criteria = Membership criteria
member-membership-link = Credentials, CME and eligibility
done-applied = Your application was sent. Its evaluation is below.
done-decided = The decision was recorded.
done-uploaded = The credential was added.
done-attested = Your attestation was recorded.
done-resigned = Your resignation was recorded.

col-criterion = Criterion
col-verdict = Result
col-detail = Detail
col-evidence = Evidence
verdict-met = Met
verdict-expires-soon = Met, expires soon
verdict-expires-on = Met, expires on { $date }
verdict-not-met = Not met
verdict-evidence-missing = Evidence missing

application-title = Application { $id }
application-renewal = renewal
application-pending = Waiting for a decision
application-approved = Approved
application-rejected = Rejected
application-explanation = Evaluation, criterion by criterion
application-decide = Decision
col-evaluated = Evaluated on
col-eligible = Meets the criteria
eligible-yes = Yes
eligible-no = No
col-sponsors = Sponsors
sponsors-declared-unrelated = declared not relatives or partners
field-decision = Approve or reject
decision-approve = Approve
decision-reject = Reject
field-reason = Reason (the applicant sees it)
button-decide = Record the decision
link-back = Back

applications-title = Applications to { $society }
applications-pending = Waiting for a decision
applications-decided = Decided
applications-none = No applications.

criteria-title = Membership criteria of { $society }
criteria-lead = Each membership type lists its criteria: board certification, medical licence, society membership, CME credits, procedures in the registry, code-of-ethics attestation, accredited facility, sponsors, years in practice, or any one of several.
criteria-export = Download the criteria as a file:
criteria-not-saved = These criteria are a starting point and are not saved yet: edit them and save.
criteria-none = This society has not published membership criteria yet.
criteria-import = Import a criteria file
field-criteria = Criteria (TOML)
field-criteria-file = A criteria file (TOML or JSON)
button-import = Import

membership-title = My membership
membership-applications = My applications and renewals
membership-apply = Apply or renew
membership-apply-lead = Your application is evaluated against the society's criteria at once; its administrators then decide.
membership-credentials = Credentials
membership-cme = CME credits
membership-evaluations = Eligibility today
member-membership-title = Membership record of { $name }
col-renewal-due = Renewal due
col-ethics-attested = Ethics attested
col-facility-attested = Facility attested
col-actions = Actions
button-attest-ethics = Attest the code of ethics
button-attest-facility = Attest accredited facilities
button-resign = Resign
field-society = Society
field-sponsors = Sponsors' emails (comma separated)
field-sponsors-unrelated = I declare that my sponsors are not my relatives or partners
field-practice-since = In practice since
field-attest-ethics = I attest that I follow the society's code of ethics
field-attest-facility = I attest that I operate only in accredited facilities
button-apply = Apply

credential-add = Add a credential
credential-board_certification = Board certification
credential-licence = Medical licence
credential-facility_accreditation = Facility accreditation
credential-expired = expired
evidence-download = Download ({ $type })
col-kind = Kind
col-issuer = Issuer
field-credential-kind = Kind
field-issuer = Issuer (board, licensing authority or accreditation body)
field-number = Number
field-subject = Facility (for an accreditation)
field-issued-on = Issued on
field-expires-on = Expires on
field-evidence-file = Evidence: PDF, PNG or JPEG, at most { $mib } MiB
button-add-credential = Add the credential

cme-add = Enter CME credits
col-activity = Activity
col-date = Date
col-credits = Credits
col-category = Category
field-activity = Activity
field-completed-on = Completed on
field-credits = Credits
field-category = Category
button-add-cme = Add the credits

error-date = is not a date such as 2026-05-04
error-date-order = must not be before the issue date
error-future = must not be in the future
error-credits = must be a number of credits such as 1.5
error-syntax = is not valid TOML or JSON
error-too-many = lists too many
error-too-large = is too large
error-file-type = is not a PDF, PNG or JPEG file

# An evaluation line's detail; names, numbers and dates come from the evidence.
detail-no-credential = { $kind ->
    [board_certification] no board certification on file
    [licence] no medical licence on file
   *[facility_accreditation] no facility accreditation on file
}
detail-credential-current = current: { $credential }
detail-credential-not-accepted = none of the issuers on file is accepted: { $issuers }
detail-credential-expired = expired on { $date }
detail-credential-not-yet-valid = not yet valid
detail-membership-held = { $membership }
detail-membership-none = no membership of an accepted society on this installation
detail-membership-not-qualifying = memberships held do not qualify (type or status)
detail-cme-total = { $credits } of { $needed } credits since { $date }
detail-procedures-unknown = the registry count is not available
detail-procedures-count = { $count } procedures in the registry from { $from } to { $to } (need { $needed })
detail-ethics-none = the code of ethics has not been attested
detail-ethics-future = attestation dated in the future ({ $date })
detail-ethics-attested = attested on { $date }
detail-ethics-overdue = last attested on { $date }; was due again by { $due }
detail-sponsors-none = no sponsors named
detail-sponsors-count = { $count } of { $needed } qualifying sponsors
detail-practice-unknown = the start of practice is not declared
detail-practice-years = { $years } full years in practice since { $date }
detail-any-of-met = met through: { $option }
detail-any-of-none = none of the options is met: { $options }

# Members in grace or suspended (society administrators).
nav-standing = Grace and suspensions
standing-title = { $society }: members in grace or suspended
standing-lead = Every day each membership is checked against the society's continuing criteria (credentials, CME, attestations, memberships). A criterion not met starts the grace period and the member is notified; the membership is suspended { $days } days later unless it is put right, and becomes active again once every criterion is met. Members in grace or suspended are not listed in the public directory.
standing-none = No member is in grace or suspended.
standing-why-dates = Renewal or attestation dates
col-unmet-since = Not met since
col-suspend-on = Suspension on
col-why = Why
