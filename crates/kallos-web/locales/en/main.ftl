site-name = Kallos
site-tagline = Registry, membership and patient safety for aesthetic surgery societies
skip-to-content = Skip to content
nav-home = Home
nav-societies = Societies
nav-profile = My profile
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-language = Language
signed-in-as = Signed in as { $name }
footer-note = Kallos is open-source software. Figures marked as demo data are fictitious.

home-title = Safer aesthetic surgery, together
home-lead = Kallos is the shared platform of the national aesthetic surgery societies of the ISAPS Global Alliance: their members and credentials, a global registry of procedures and outcomes, and public tools for patients.
home-societies = { $count } societies take part.
home-browse = Browse the societies
home-for-admins = Society administrators sign in to manage their members.

sign-in-title = Sign in
sign-in-button = Sign in
sign-in-failed = The email address or password is not correct.
sign-in-rate-limited = Too many attempts. Please wait { $minutes } minutes and try again.
signed-out = You are signed out.
field-email = Email address
field-password = Password

societies-title = Societies of the alliance
societies-lead = The national and regional societies that endorse the ISAPS Global Alliance Strategic Framework 2024–2030.
filter-label = Filter the table
col-acronym = Acronym
col-name = Name
col-country = Country
col-active-members = Active members
col-city = City
col-type = Type
col-status = Status
col-board = Board
col-number = Number
col-issued = Issued
col-expires = Expires
col-setting = Setting
col-accreditation = Accreditation
col-accredited-until = Accredited until
col-society = Society
col-since = Since
kind-alliance = Global alliance
kind-national = National society
country-none = Regional

society-members-link = Members ({ $count })
society-active-members = { $count ->
    [one] One active member
   *[other] { $count } active members
}
members-title = Members of { $society }
members-empty = No members yet.
member-add = Add a member
member-new-title = New member of { $society }
page-of = Page { $page } of { $pages }
page-prev = Previous page
page-next = Next page

field-given-name = Given name
field-family-name = Family name
field-country = Country (ISO code, e.g. BR)
field-city = City
field-languages = Languages (ISO 639-1 codes, comma separated)
field-offers-follow-up = Offers follow-up care to patients treated abroad
field-directory-opt-in = Listed in the public directory
field-membership-type = Membership type
button-save = Save
button-create = Create member
saved = Saved.
created = Member created.
form-has-errors = Please correct the fields marked below.

member-memberships = Memberships
member-certifications = Certifications
member-facilities = Facilities
member-none = None recorded.
member-edit = Edit profile
profile-title = My profile
profile-no-member = Your account is not linked to a member record.

type-active = Active
type-associate = Associate
type-resident = Resident / Fellow
status-applicant = Applicant
status-active = Active
status-grace = Grace period
status-suspended = Suspended
status-lapsed = Lapsed
status-resigned = Resigned
setting-office = Office
setting-ambulatory_surgery_centre = Ambulatory surgery centre
setting-hospital = Hospital

error-title = Something is not right
error-not-found = We could not find that page.
error-unauthenticated = Please sign in to see this page.
error-forbidden = You do not have access to this page.
error-bad-request = The request could not be understood: { $detail }
error-rate-limited = Too many requests. Please wait and try again.
error-internal = Something went wrong on our side. If it happens again, quote request { $id }.
error-conflict = This conflicts with data already stored: { $detail }
error-csrf = This form has expired. Please go back, reload the page and try again.
back-home = Back to the home page

error-required = is required
error-too-long = is too long
error-control = must not contain control characters
error-country = must be an ISO 3166 country code, such as BR
error-language = must list ISO 639-1 language codes, such as pt, en
error-email = must be an email address, such as name@example.org
error-choice = is not one of the choices
error-taken = is already registered
error-type = has the wrong type
error-invalid = is not valid

registry-title = Registry of { $society }
registry-cases = { $count ->
    [one] One case is stored.
   *[other] { $count } cases are stored.
}
registry-member-lead = You submit the cases you operated on: every row names you as the operating member (member_id { $member }). Your society's administrators see all of its cases.
registry-member-cases = { $count ->
    [one] One of your cases is stored.
   *[other] { $count } of your cases are stored.
}
profile-registry = Submit cases to the registry of { $society }
registry-upload = Submit a case file
registry-upload-lead = A CSV file with one row per case, in the columns of the data set. Every row is checked; good rows are accepted and the report lists the others.
registry-template = Download the template (CSV)
registry-template-xlsx = the template as a workbook (XLSX, with lists of choices and the data dictionary)
registry-file = CSV or XLSX file (at most { $mib } MiB)
registry-uploading = Uploading
registry-submit = Upload and import
registry-back = Back to the registry
submission-title = Submission { $id }
submission-file = File
submission-running = Importing…
submission-completed = Completed
submission-rejected = Rejected
submission-rows-read = Rows read
submission-accepted = New cases
submission-updated = Updated cases
submission-unchanged = Unchanged cases
submission-rejected-rows = Rejected rows
submission-refresh = This page refreshes until the import is done.
submission-report = Validation report
submission-no-issues = Every row passed the checks.
submission-download = Download the whole report ({ $count } lines, CSV)
col-row = Row
col-column = Column
col-value = Value
col-reason = Reason
col-severity = Severity
nav-registry = Registry

case-new = Record one case
case-new-title = New case for { $society }
case-new-lead = The same checks as for a file apply. Never enter a name, email, phone, address, birth date or national id: the patient key is a pseudonym from your own system.
case-section-case = The case
case-section-patient = The patient's risk factors
case-section-devices = Implanted devices
case-section-outcome = Follow-up and outcome
case-dictionary = What each field means
case-submit = Check and save the case
choice-none = (none)
case-field-case_id = Case id
case-field-society = Society
case-field-member_id = Operating member (Kallos id)
case-field-facility_id = Facility (Kallos id)
case-field-setting = Setting
case-field-procedure_country = Country of the procedure
case-field-residence_country = Patient's country of residence
case-field-procedure_date = Date of the procedure
case-field-procedures = Procedure codes (separated by ;)
case-field-duration_min = Duration (minutes)
case-field-anaesthesia = Anaesthesia
case-field-patient_key = Pseudonymous patient key
case-field-age = Age (years)
case-field-sex = Sex
case-field-bmi = Body-mass index
case-field-smoker = Smoker
case-field-diabetes = Diabetes
case-field-asa = ASA class
case-field-caprini = Caprini score
case-field-device1_manufacturer = Device 1: manufacturer
case-field-device1_model = Device 1: model
case-field-device1_lot = Device 1: lot
case-field-device1_serial = Device 1: serial number
case-field-device1_udi = Device 1: UDI
case-field-device1_side = Device 1: side
case-field-device2_manufacturer = Device 2: manufacturer
case-field-device2_model = Device 2: model
case-field-device2_lot = Device 2: lot
case-field-device2_serial = Device 2: serial number
case-field-device2_udi = Device 2: UDI
case-field-device2_side = Device 2: side
case-field-followup_30_date = 30-day follow-up date
case-field-followup_90_date = 90-day follow-up date
case-field-complications = Complications (CODE:GRADE:DATE; …)
case-field-reoperation = Unplanned reoperation
case-field-readmission = Unplanned readmission
case-field-death = Death
case-title = Case { $id }
case-version = Version
case-earlier-versions = { $count ->
    [one] one earlier version kept
   *[other] { $count } earlier versions kept
}
case-find = Find a case by its id (to enter its follow-up)
case-find-button = Open the case
registry-submissions = Recent submissions
registry-no-submissions = No submissions yet.
col-submission = Submission
col-started = Started
submission-failed = Failed
submission-failed-note = This file could not be read as cases, so nothing was imported. The report below says why; correct the file and upload it again.
