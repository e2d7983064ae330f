## Why a value of a case file was refused or dropped (validation reports).
## The English must read exactly as `kallos_registry::reasons` writes it: a
## test renders every reason in both.

reason-identifier-column = holds { $what ->
        [email] an email address
        [phone] a phone number
        [address] a street address
        [birth-date] an exact birth date
        [possible-birth-date] a date (possibly a birth date)
        [national-id] a national id
        [record-number] a medical record number
       *[name] a name
    }: direct identifiers are refused; the whole column is dropped
reason-identifier-refused = looks like { $what ->
        [email] an email address
        [phone] a phone number
        [address] a street address
        [birth-date] an exact birth date
        [possible-birth-date] a date (possibly a birth date)
        [national-id] a national id
        [record-number] a medical record number
       *[name] a name
    }: direct identifiers are refused
reason-identifier-dropped = looks like { $what ->
        [email] an email address
        [phone] a phone number
        [address] a street address
        [birth-date] an exact birth date
        [possible-birth-date] a date (possibly a birth date)
        [national-id] a national id
        [record-number] a medical record number
       *[name] a name
    }: direct identifiers are refused; the value is dropped
reason-unknown-column = not a column of the data set; ignored
reason-not-utf8 = the row is not valid UTF-8
reason-required = is required
reason-range = must be between { $min } and { $max }
reason-whole-number = must be a whole number
reason-decimal-number = must be a number such as 24.5
reason-in-future = is in the future (today is { $today })
reason-dated-in-future = is dated in the future (today is { $today })
reason-date-format = must be a date YYYY-MM-DD
reason-yes-no = must be yes or no
reason-one-of = must be one of: { $choices }
reason-country-code = must be an ISO 3166-1 alpha-2 country code, such as BR
reason-case-id-format = must be 1–64 letters, digits, '.', '_', '/' or '-'
reason-patient-key-format = must be 6–64 letters, digits, '-' or '_'
reason-unknown-society = is not a society of the alliance
reason-restricted-to = this import is restricted to { $society }
reason-own-cases-only = must be { $member }: members submit only the cases they operated on
reason-not-a-member = is not a member of { $society }
reason-before-year = is before { $year }
reason-locked = period { $period } is approved; withdraw the approval first
reason-stored-case-locked = the stored case is in an approved period: period { $period } is approved; withdraw the approval first
reason-before-procedure = is before the procedure ({ $date })
reason-dated-before-procedure = is dated before the procedure ({ $date })
reason-before-first-follow-up = is before the 30-day follow-up ({ $date })
reason-implants-need-devices = a breast augmentation with implants needs its device(s)
reason-unknown-procedure = '{ $code }' is not a procedure code
reason-listed-twice = '{ $code }' is listed twice
reason-procedure-count = must list 1 to { $max } procedure codes
reason-required-for-device = is required for a device
reason-too-long = must be at most { $max } characters
reason-complication-format = each complication is CODE:GRADE:YYYY-MM-DD
reason-unknown-complication = '{ $code }' is not a complication code
reason-grade = the grade must be a Clavien–Dindo grade: I, II, IIIa, IIIb, IVa, IVb or V
reason-complication-date-format = the date must be YYYY-MM-DD
reason-udi-unclosed = is not a GS1 UDI: a '(' without ')'
reason-udi-unexpected = is not a GS1 UDI: unexpected text '{ $text }'
reason-udi-truncated = is not a GS1 UDI: a truncated application identifier
reason-udi-unknown-ai = is not a GS1 UDI: unknown application identifier ({ $ai })
reason-udi-too-short = is not a GS1 UDI: ({ $ai }) is too short
reason-udi-empty = is not a GS1 UDI: ({ $ai }) is empty
reason-udi-no-di = is not a GS1 UDI: no device identifier (01)
reason-udi-check-digit = is not a GS1 UDI: (01){ $di } is not a valid GTIN-14 (check digit)
reason-udi-date = is not a GS1 UDI: date '{ $date }' is not YYMMDD
severity-error = error
severity-dropped = dropped
reason-repeated-in-file = repeated in this file at row { $row }
reason-file-missing-columns = the header lacks the required column(s) { $columns }; nothing was imported
reason-file-duplicate-column = the column appears twice in the header; nothing was imported
reason-file-delimiter = the columns are separated by '{ $delimiter }', not commas: save the file as CSV UTF-8 (comma-separated); nothing was imported
reason-file-utf16 = the file is UTF-16 text: save it as CSV UTF-8; nothing was imported
reason-file-not-text = the file is not text: save the cases as CSV UTF-8 or XLSX; nothing was imported
reason-file-header-not-utf8 = the header is not UTF-8 text: save the file as CSV UTF-8; nothing was imported
reason-file-malformed = the file cannot be read as CSV ({ $detail }); nothing was imported
reason-file-unreadable = the file could not be read ({ $detail }); nothing was imported
