-- =============================================================================
-- 0002_portfolio.sql: the grant-portfolio domain schema (issue 3)
-- =============================================================================
--
-- This file is the single source of the portfolio schema. It is run by the
-- migrator inside ONE transaction (the migrator adds BEGIN IMMEDIATE / COMMIT
-- and records the version), statement by statement (sqlite3_prepare_v2 with
-- the tail), with PRAGMA foreign_keys=ON already set and double-quoted string
-- literals disabled. Hence: no BEGIN/COMMIT or PRAGMA here, strings are always
-- in single quotes and identifiers are never quoted.
--
-- Conventions used throughout (the Swift DAOs rely on them):
--   * Every table is STRICT; tables with an identity have `id INTEGER PRIMARY
--     KEY`; table names are snake_case and singular.
--   * Dates are TEXT 'YYYY-MM-DD', checked with
--         CHECK (d IS NULL OR d IS date(d, '+0 days'))
--     The '+0 days' modifier makes SQLite normalise the date through a Julian
--     day, so that impossible dates are refused too: on SQLite 3.40 plain
--     date('2024-02-30') returns '2024-02-30' unchanged, while
--     date('2024-02-30', '+0 days') returns '2024-03-01' and the check fails.
--     'x', '2013-5-1' or '2013-05-14 10:00' give NULL or another text and fail.
--   * Timestamps are TEXT 'YYYY-MM-DD HH:MM:SS.SSS' in UTC, defaulting to
--     strftime('%Y-%m-%d %H:%M:%f', 'now'), checked the same way.
--   * Money is `amount_minor INTEGER` (minor units of its currency, so sum() is
--     exact and overflow raises instead of wrapping) plus `currency TEXT
--     REFERENCES currency(code)`. Never REAL, never NUMERIC.
--   * organisation, person and funding_source carry a `handle`: a stable,
--     human-typed key ('lpr', 'innovation-norway', 'norway-grants/stef') by
--     which the JSON interchange format and the CLI refer to them.
--   * Reference data that this migration seeds (currency, exchange_rate,
--     status, status_transition) has `builtin = 1`; rows a user adds have
--     builtin = 0. Built-in rows cannot be changed or deleted (triggers below),
--     so an export only needs to write the rows with builtin = 0. Only
--     migrations insert rows with builtin = 1.
--   * Foreign keys never cascade into shared data: deleting an organisation,
--     person, theme, funding source, status or currency that is still
--     referenced fails. Only the parts owned by a project or an application
--     (applications, status events, money figures, participations, contacts,
--     project themes) are deleted with their owner (ON DELETE CASCADE).
--   * RAISE() messages are string literals (SQLite 3.40 does not accept an
--     expression there), so the triggers are the last line of defence: the
--     Swift layer checks first and throws typed errors naming the record,
--     the current and the requested status.
--
-- Tables, in the order created:
--   currency, exchange_rate                        reference data (money)
--   status, status_transition                      the status vocabulary
--   organisation, person                           parties
--   funding_source                                 donor → … → call tree
--   theme                                          classification vocabularies
--   project, project_theme, contact                the portfolio
--   application, participation, status_event,      one submission of a project
--   money_figure                                   to one funding source
-- =============================================================================


-- -----------------------------------------------------------------------------
-- currency: ISO 4217 codes with their minor-unit exponent.
-- minor_unit is the number of decimals of the currency (EUR 2, JPY 0, BHD 3,
-- CLF 4); amount_minor = amount × 10^minor_unit. withdrawn_on is the date the
-- currency ceased to be legal tender (LVL 2014-01-01); historic currencies are
-- kept because old figures stay in the currency they were set in.
-- -----------------------------------------------------------------------------
CREATE TABLE currency (
  code         TEXT PRIMARY KEY CHECK (code GLOB '[A-Z][A-Z][A-Z]'),
  name         TEXT NOT NULL CHECK (length(name) > 0),
  minor_unit   INTEGER NOT NULL CHECK (minor_unit BETWEEN 0 AND 4),
  withdrawn_on TEXT CHECK (withdrawn_on IS NULL OR withdrawn_on IS date(withdrawn_on, '+0 days')),
  builtin      INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

-- Seed: the current ISO 4217 list ("list one") with its minor units, plus the
-- historic European currencies a portfolio going back to 2007 can meet.
-- Names follow the 360Giving currency codelist (CC BY 4.0), which however does
-- not give minor units, so the exponents are ISO 4217's. Codes whose ISO minor
-- unit is "N.A." (XDR, XAU and the other metals and testing codes) are left
-- out: minor_unit cannot express them; a user may add them with an exponent.
-- ANG stays current here although XCG (2025) replaces it.
-- BGN: Bulgaria adopted the euro on 2026-01-01 (1 EUR = 1.95583 BGN).
INSERT INTO currency (code, name, minor_unit, withdrawn_on, builtin) VALUES
  ('AED', 'United Arab Emirates dirham', 2, NULL, 1),
  ('AFN', 'Afghan afghani', 2, NULL, 1),
  ('ALL', 'Albanian lek', 2, NULL, 1),
  ('AMD', 'Armenian dram', 2, NULL, 1),
  ('ANG', 'Netherlands Antillean guilder', 2, NULL, 1),
  ('AOA', 'Angolan kwanza', 2, NULL, 1),
  ('ARS', 'Argentine peso', 2, NULL, 1),
  ('AUD', 'Australian dollar', 2, NULL, 1),
  ('AWG', 'Aruban florin', 2, NULL, 1),
  ('AZN', 'Azerbaijani manat', 2, NULL, 1),
  ('BAM', 'Bosnia and Herzegovina convertible mark', 2, NULL, 1),
  ('BBD', 'Barbados dollar', 2, NULL, 1),
  ('BDT', 'Bangladeshi taka', 2, NULL, 1),
  ('BGN', 'Bulgarian lev', 2, '2026-01-01', 1),
  ('BHD', 'Bahraini dinar', 3, NULL, 1),
  ('BIF', 'Burundian franc', 0, NULL, 1),
  ('BMD', 'Bermudian dollar', 2, NULL, 1),
  ('BND', 'Brunei dollar', 2, NULL, 1),
  ('BOB', 'Boliviano', 2, NULL, 1),
  ('BOV', 'Bolivian Mvdol (funds code)', 2, NULL, 1),
  ('BRL', 'Brazilian real', 2, NULL, 1),
  ('BSD', 'Bahamian dollar', 2, NULL, 1),
  ('BTN', 'Bhutanese ngultrum', 2, NULL, 1),
  ('BWP', 'Botswana pula', 2, NULL, 1),
  ('BYN', 'Belarusian ruble', 2, NULL, 1),
  ('BZD', 'Belize dollar', 2, NULL, 1),
  ('CAD', 'Canadian dollar', 2, NULL, 1),
  ('CDF', 'Congolese franc', 2, NULL, 1),
  ('CHE', 'WIR euro (complementary currency)', 2, NULL, 1),
  ('CHF', 'Swiss franc', 2, NULL, 1),
  ('CHW', 'WIR franc (complementary currency)', 2, NULL, 1),
  ('CLF', 'Unidad de Fomento (funds code)', 4, NULL, 1),
  ('CLP', 'Chilean peso', 0, NULL, 1),
  ('CNY', 'Renminbi', 2, NULL, 1),
  ('COP', 'Colombian peso', 2, NULL, 1),
  ('COU', 'Unidad de Valor Real (UVR) (funds code)', 2, NULL, 1),
  ('CRC', 'Costa Rican colon', 2, NULL, 1),
  ('CUP', 'Cuban peso', 2, NULL, 1),
  ('CVE', 'Cape Verdean escudo', 2, NULL, 1),
  ('CYP', 'Cypriot pound', 2, '2008-01-01', 1),
  ('CZK', 'Czech koruna', 2, NULL, 1),
  ('DJF', 'Djiboutian franc', 0, NULL, 1),
  ('DKK', 'Danish krone', 2, NULL, 1),
  ('DOP', 'Dominican peso', 2, NULL, 1),
  ('DZD', 'Algerian dinar', 2, NULL, 1),
  ('EEK', 'Estonian kroon', 2, '2011-01-01', 1),
  ('EGP', 'Egyptian pound', 2, NULL, 1),
  ('ERN', 'Eritrean nakfa', 2, NULL, 1),
  ('ETB', 'Ethiopian birr', 2, NULL, 1),
  ('EUR', 'Euro', 2, NULL, 1),
  ('FJD', 'Fiji dollar', 2, NULL, 1),
  ('FKP', 'Falkland Islands pound', 2, NULL, 1),
  ('GBP', 'Pound sterling', 2, NULL, 1),
  ('GEL', 'Georgian lari', 2, NULL, 1),
  ('GHS', 'Ghanaian cedi', 2, NULL, 1),
  ('GIP', 'Gibraltar pound', 2, NULL, 1),
  ('GMD', 'Gambian dalasi', 2, NULL, 1),
  ('GNF', 'Guinean franc', 0, NULL, 1),
  ('GTQ', 'Guatemalan quetzal', 2, NULL, 1),
  ('GYD', 'Guyanese dollar', 2, NULL, 1),
  ('HKD', 'Hong Kong dollar', 2, NULL, 1),
  ('HNL', 'Honduran lempira', 2, NULL, 1),
  ('HRK', 'Croatian kuna', 2, '2023-01-01', 1),
  ('HTG', 'Haitian gourde', 2, NULL, 1),
  ('HUF', 'Hungarian forint', 2, NULL, 1),
  ('IDR', 'Indonesian rupiah', 2, NULL, 1),
  ('ILS', 'Israeli new shekel', 2, NULL, 1),
  ('INR', 'Indian rupee', 2, NULL, 1),
  ('IQD', 'Iraqi dinar', 3, NULL, 1),
  ('IRR', 'Iranian rial', 2, NULL, 1),
  ('ISK', 'Icelandic króna', 0, NULL, 1),
  ('JMD', 'Jamaican dollar', 2, NULL, 1),
  ('JOD', 'Jordanian dinar', 3, NULL, 1),
  ('JPY', 'Japanese yen', 0, NULL, 1),
  ('KES', 'Kenyan shilling', 2, NULL, 1),
  ('KGS', 'Kyrgyzstani som', 2, NULL, 1),
  ('KHR', 'Cambodian riel', 2, NULL, 1),
  ('KMF', 'Comoro franc', 0, NULL, 1),
  ('KPW', 'North Korean won', 2, NULL, 1),
  ('KRW', 'South Korean won', 0, NULL, 1),
  ('KWD', 'Kuwaiti dinar', 3, NULL, 1),
  ('KYD', 'Cayman Islands dollar', 2, NULL, 1),
  ('KZT', 'Kazakhstani tenge', 2, NULL, 1),
  ('LAK', 'Lao kip', 2, NULL, 1),
  ('LBP', 'Lebanese pound', 2, NULL, 1),
  ('LKR', 'Sri Lankan rupee', 2, NULL, 1),
  ('LRD', 'Liberian dollar', 2, NULL, 1),
  ('LSL', 'Lesotho loti', 2, NULL, 1),
  ('LTL', 'Lithuanian litas', 2, '2015-01-01', 1),
  ('LVL', 'Latvian lats', 2, '2014-01-01', 1),
  ('LYD', 'Libyan dinar', 3, NULL, 1),
  ('MAD', 'Moroccan dirham', 2, NULL, 1),
  ('MDL', 'Moldovan leu', 2, NULL, 1),
  ('MGA', 'Malagasy ariary', 2, NULL, 1),
  ('MKD', 'Macedonian denar', 2, NULL, 1),
  ('MMK', 'Myanmar kyat', 2, NULL, 1),
  ('MNT', 'Mongolian tögrög', 2, NULL, 1),
  ('MOP', 'Macanese pataca', 2, NULL, 1),
  ('MRU', 'Mauritanian ouguiya', 2, NULL, 1),
  ('MTL', 'Maltese lira', 2, '2008-01-01', 1),
  ('MUR', 'Mauritian rupee', 2, NULL, 1),
  ('MVR', 'Maldivian rufiyaa', 2, NULL, 1),
  ('MWK', 'Malawian kwacha', 2, NULL, 1),
  ('MXN', 'Mexican peso', 2, NULL, 1),
  ('MXV', 'Mexican Unidad de Inversion (UDI) (funds code)', 2, NULL, 1),
  ('MYR', 'Malaysian ringgit', 2, NULL, 1),
  ('MZN', 'Mozambican metical', 2, NULL, 1),
  ('NAD', 'Namibian dollar', 2, NULL, 1),
  ('NGN', 'Nigerian naira', 2, NULL, 1),
  ('NIO', 'Nicaraguan córdoba', 2, NULL, 1),
  ('NOK', 'Norwegian krone', 2, NULL, 1),
  ('NPR', 'Nepalese rupee', 2, NULL, 1),
  ('NZD', 'New Zealand dollar', 2, NULL, 1),
  ('OMR', 'Omani rial', 3, NULL, 1),
  ('PAB', 'Panamanian balboa', 2, NULL, 1),
  ('PEN', 'Peruvian sol', 2, NULL, 1),
  ('PGK', 'Papua New Guinean kina', 2, NULL, 1),
  ('PHP', 'Philippine peso', 2, NULL, 1),
  ('PKR', 'Pakistani rupee', 2, NULL, 1),
  ('PLN', 'Polish złoty', 2, NULL, 1),
  ('PYG', 'Paraguayan guaraní', 0, NULL, 1),
  ('QAR', 'Qatari riyal', 2, NULL, 1),
  ('RON', 'Romanian leu', 2, NULL, 1),
  ('RSD', 'Serbian dinar', 2, NULL, 1),
  ('RUB', 'Russian ruble', 2, NULL, 1),
  ('RWF', 'Rwandan franc', 0, NULL, 1),
  ('SAR', 'Saudi riyal', 2, NULL, 1),
  ('SBD', 'Solomon Islands dollar', 2, NULL, 1),
  ('SCR', 'Seychelles rupee', 2, NULL, 1),
  ('SDG', 'Sudanese pound', 2, NULL, 1),
  ('SEK', 'Swedish krona', 2, NULL, 1),
  ('SGD', 'Singapore dollar', 2, NULL, 1),
  ('SHP', 'Saint Helena pound', 2, NULL, 1),
  ('SIT', 'Slovenian tolar', 2, '2007-01-01', 1),
  ('SKK', 'Slovak koruna', 2, '2009-01-01', 1),
  ('SLE', 'Sierra Leonean leone', 2, NULL, 1),
  ('SOS', 'Somalian shilling', 2, NULL, 1),
  ('SRD', 'Surinamese dollar', 2, NULL, 1),
  ('SSP', 'South Sudanese pound', 2, NULL, 1),
  ('STN', 'São Tomé and Príncipe dobra', 2, NULL, 1),
  ('SVC', 'Salvadoran colón', 2, NULL, 1),
  ('SYP', 'Syrian pound', 2, NULL, 1),
  ('SZL', 'Swazi lilangeni', 2, NULL, 1),
  ('THB', 'Thai baht', 2, NULL, 1),
  ('TJS', 'Tajikistani somoni', 2, NULL, 1),
  ('TMT', 'Turkmenistan manat', 2, NULL, 1),
  ('TND', 'Tunisian dinar', 3, NULL, 1),
  ('TOP', 'Tongan paʻanga', 2, NULL, 1),
  ('TRY', 'Turkish lira', 2, NULL, 1),
  ('TTD', 'Trinidad and Tobago dollar', 2, NULL, 1),
  ('TWD', 'New Taiwan dollar', 2, NULL, 1),
  ('TZS', 'Tanzanian shilling', 2, NULL, 1),
  ('UAH', 'Ukrainian hryvnia', 2, NULL, 1),
  ('UGX', 'Ugandan shilling', 0, NULL, 1),
  ('USD', 'United States dollar', 2, NULL, 1),
  ('USN', 'United States dollar (next day) (funds code)', 2, NULL, 1),
  ('UYI', 'Uruguay Peso en Unidades Indexadas (URUIURUI) (funds code)', 0, NULL, 1),
  ('UYU', 'Uruguayan peso', 2, NULL, 1),
  ('UYW', 'Unidad previsional (Uruguay)', 4, NULL, 1),
  ('UZS', 'Uzbekistani sum', 2, NULL, 1),
  ('VED', 'Venezuelan digital bolívar', 2, NULL, 1),
  ('VES', 'Venezuelan sovereign bolívar', 2, NULL, 1),
  ('VND', 'Vietnamese đồng', 0, NULL, 1),
  ('VUV', 'Vanuatu vatu', 0, NULL, 1),
  ('WST', 'Samoan tala', 2, NULL, 1),
  ('XAF', 'CFA franc BEAC', 0, NULL, 1),
  ('XCD', 'East Caribbean dollar', 2, NULL, 1),
  ('XCG', 'Caribbean guilder', 2, NULL, 1),
  ('XOF', 'CFA franc BCEAO', 0, NULL, 1),
  ('XPF', 'CFP franc (franc Pacifique)', 0, NULL, 1),
  ('YER', 'Yemeni rial', 2, NULL, 1),
  ('ZAR', 'South African rand', 2, NULL, 1),
  ('ZMW', 'Zambian kwacha', 2, NULL, 1),
  ('ZWG', 'Zimbabwe Gold', 2, NULL, 1);

-- Guards for built-in rows (see conventions).
CREATE TRIGGER currency_builtin_no_update BEFORE UPDATE ON currency
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'currency: a built-in currency cannot be changed');
END;

CREATE TRIGGER currency_builtin_no_delete BEFORE DELETE ON currency
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'currency: a built-in currency cannot be deleted');
END;


-- -----------------------------------------------------------------------------
-- exchange_rate: an exact rate as a ratio of integers.
-- Meaning: 1 unit of from_currency = numerator / denominator units of
-- to_currency, valid from valid_from until the next rate of the same pair.
-- Converting amount_minor: to_minor = from_minor × numerator ×
-- 10^(to.minor_unit − from.minor_unit) / denominator, rounded half-to-even to
-- the target's minor unit (done in Swift, which reports the rate used).
-- -----------------------------------------------------------------------------
CREATE TABLE exchange_rate (
  id            INTEGER PRIMARY KEY,
  from_currency TEXT NOT NULL REFERENCES currency (code),
  to_currency   TEXT NOT NULL REFERENCES currency (code),
  numerator     INTEGER NOT NULL CHECK (numerator > 0),
  denominator   INTEGER NOT NULL CHECK (denominator > 0),
  valid_from    TEXT NOT NULL CHECK (valid_from IS date(valid_from, '+0 days')),
  source        TEXT NOT NULL CHECK (length(source) > 0),
  builtin       INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  CHECK (from_currency <> to_currency),
  -- Also the index for "rate of this pair as of a date"
  -- (WHERE from_currency = ? AND to_currency = ? AND valid_from <= ?
  --  ORDER BY valid_from DESC LIMIT 1).
  UNIQUE (from_currency, to_currency, valid_from)
) STRICT;

CREATE INDEX exchange_rate_to_currency ON exchange_rate (to_currency);

-- The irrevocable euro conversion rate of the lats: 1 EUR = 0.702804 LVL
-- (Council Decision 2013/387/EU), in force from 2014-01-01.
INSERT INTO exchange_rate (from_currency, to_currency, numerator, denominator, valid_from, source, builtin)
VALUES ('EUR', 'LVL', 702804, 1000000, '2014-01-01',
        'Council Decision 2013/387/EU, irrevocable rate', 1);

-- Its inverse, 1 LVL = 1000000/702804 EUR (kept unreduced, so that it reads as
-- the official figure). It is the rate used to express LVL figures in EUR, old
-- ones included, so it is valid from 1993-03-05, the day the lats was
-- introduced, not only from 2014-01-01: a 2008 budget in lats is reported in
-- euro at the conversion rate, never at a historical market rate.
INSERT INTO exchange_rate (from_currency, to_currency, numerator, denominator, valid_from, source, builtin)
VALUES ('LVL', 'EUR', 1000000, 702804, '1993-03-05',
        'Council Decision 2013/387/EU, irrevocable rate', 1);

CREATE TRIGGER exchange_rate_builtin_no_update BEFORE UPDATE ON exchange_rate
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'exchange_rate: a built-in rate cannot be changed');
END;

CREATE TRIGGER exchange_rate_builtin_no_delete BEFORE DELETE ON exchange_rate
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'exchange_rate: a built-in rate cannot be deleted');
END;


-- -----------------------------------------------------------------------------
-- status: the application-status vocabulary, as data (a user may add codes).
--   phase     where the application stands:
--             preparation (applicant still writing), pending (with the
--             funder), decided (funder has decided), implementation (running),
--             ended (nothing more will happen).
--   outcome   what it means for the statistics. The rule: an application is
--             "approved" once it has reached a status whose outcome is
--             'approved'. Therefore every status that can only follow an
--             approval (in_implementation, suspended, completed, closed,
--             terminated) has outcome 'approved' too: it was approved once.
--   may_start whether an application's history may begin with this status:
--             draft (prepared in-house), submitted (histories recorded from
--             submission) and approved (imports of awarded grants, e.g.
--             360Giving data, know only the award). Nothing else: an
--             evaluation, a rejection or an implementation presupposes a
--             submission, which must then be recorded.
--   sort_order  display order.
-- -----------------------------------------------------------------------------
CREATE TABLE status (
  code       TEXT PRIMARY KEY
             CHECK (length(code) BETWEEN 1 AND 50
                    AND code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9_]*'),
  label      TEXT NOT NULL CHECK (length(label) > 0),
  phase      TEXT NOT NULL
             CHECK (phase IN ('preparation', 'pending', 'decided', 'implementation', 'ended')),
  outcome    TEXT NOT NULL
             CHECK (outcome IN ('approved', 'rejected', 'withdrawn', 'none')),
  may_start  INTEGER NOT NULL DEFAULT 0 CHECK (may_start IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

-- The 11 statuses of issue 3. withdrawn has phase 'ended', not 'decided': the
-- applicant, not the funder, ended it, so it must not count as a decision in
-- success rates (approved / decided).
INSERT INTO status (code, label, phase, outcome, may_start, sort_order, builtin) VALUES
  ('draft',             'Draft',             'preparation',    'none',      1,  10, 1),
  ('submitted',         'Submitted',         'pending',        'none',      1,  20, 1),
  ('under_evaluation',  'Under evaluation',  'pending',        'none',      0,  30, 1),
  ('approved',          'Approved',          'decided',        'approved',  1,  40, 1),
  ('rejected',          'Rejected',          'decided',        'rejected',  0,  50, 1),
  ('withdrawn',         'Withdrawn',         'ended',          'withdrawn', 0,  60, 1),
  ('in_implementation', 'In implementation', 'implementation', 'approved',  0,  70, 1),
  ('suspended',         'Suspended',         'implementation', 'approved',  0,  80, 1),
  ('completed',         'Completed',         'ended',          'approved',  0,  90, 1),
  ('closed',            'Closed',            'ended',          'approved',  0, 100, 1),
  ('terminated',        'Terminated',        'ended',          'approved',  0, 110, 1);

CREATE TRIGGER status_builtin_no_update BEFORE UPDATE ON status
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'status: a built-in status cannot be changed');
END;

CREATE TRIGGER status_builtin_no_delete BEFORE DELETE ON status
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'status: a built-in status cannot be deleted');
END;


-- -----------------------------------------------------------------------------
-- status_transition: the allowed moves between statuses, as data. A status
-- event whose status is not reachable from the application's current status
-- through one of these rows is refused. Repeating the current status is never
-- a transition (no row has from_status = to_status).
-- -----------------------------------------------------------------------------
CREATE TABLE status_transition (
  from_status TEXT NOT NULL REFERENCES status (code),
  to_status   TEXT NOT NULL REFERENCES status (code),
  note        TEXT,
  builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  PRIMARY KEY (from_status, to_status),
  CHECK (from_status <> to_status)
) STRICT;

-- Lookups go by (from_status, to_status), the primary key; this index serves
-- the foreign key on to_status (deleting a status).
CREATE INDEX status_transition_to_status ON status_transition (to_status);

INSERT INTO status_transition (from_status, to_status, note, builtin) VALUES
  -- The main line of issue 3.
  ('draft',             'submitted',         NULL, 1),
  ('submitted',         'under_evaluation',  NULL, 1),
  ('under_evaluation',  'approved',          NULL, 1),
  ('under_evaluation',  'rejected',          NULL, 1),
  ('under_evaluation',  'withdrawn',         'Applicant withdraws during the evaluation', 1),
  ('approved',          'in_implementation', NULL, 1),
  ('in_implementation', 'completed',         NULL, 1),
  ('completed',         'closed',            'Final report accepted, file closed', 1),
  ('in_implementation', 'suspended',         NULL, 1),
  ('suspended',         'in_implementation', 'Implementation resumes', 1),
  ('in_implementation', 'terminated',        'Ended early, by either party', 1),
  -- The few others a grant office needs.
  ('draft',             'withdrawn',         'Abandoned before submission; the project still counts as developed', 1),
  ('submitted',         'withdrawn',         'Applicant withdraws before the evaluation starts', 1),
  ('submitted',         'rejected',          'Rejected at the administrative or eligibility check (ineligible)', 1),
  ('submitted',         'approved',          'Decision without a separately recorded evaluation stage (small schemes, direct awards)', 1),
  ('approved',          'withdrawn',         'Applicant declines the award before the contract', 1),
  ('approved',          'terminated',        'Award revoked, or contract never concluded, by the funder', 1),
  ('suspended',         'terminated',        'Terminated while suspended', 1),
  ('rejected',          'under_evaluation',  'Appeal or complaint upheld: the evaluation is reopened', 1);
-- Deliberately absent:
--   under_evaluation → submitted: a request for clarification does not send
--     the application back; it stays under evaluation. A resubmission to a
--     later call is a new application (one project, several applications).
--     An office that wants to track clarifications adds its own status (e.g.
--     'clarification_requested') with transitions to and from it.
--   anything leaving closed, withdrawn or terminated: they are final.
--   approved → completed: implementation is always recorded.

CREATE TRIGGER status_transition_builtin_no_update BEFORE UPDATE ON status_transition
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'status_transition: a built-in transition cannot be changed');
END;

CREATE TRIGGER status_transition_builtin_no_delete BEFORE DELETE ON status_transition
WHEN OLD.builtin = 1
BEGIN
  SELECT RAISE(ABORT, 'status_transition: a built-in transition cannot be deleted');
END;


-- -----------------------------------------------------------------------------
-- organisation: applicants, partners, funders, hosts, programme operators.
--   country     ISO 3166-1 alpha-2 (optional for international bodies).
--   org_type    IATI OrganisationType code as text: '10' government, '11' local
--               government, '15' other public sector, '21'/'22'/'23'/'24'
--               NGOs, '30' PPP, '40' multilateral, '60' foundation, '70'–'73'
--               private sector, '80' academic, training and research, '90'
--               other.
--   identifier  registry identifier, usually in org-id form ('LV-RE-…',
--               'NO-BRC-…'); real 360Giving data also carries publisher-local
--               forms ('360G-PowerToChange-…'), so only emptiness is refused.
-- -----------------------------------------------------------------------------
CREATE TABLE organisation (
  id         INTEGER PRIMARY KEY,
  handle     TEXT NOT NULL UNIQUE CHECK (length(handle) BETWEEN 1 AND 200),
  name       TEXT NOT NULL CHECK (length(name) > 0),
  country    TEXT CHECK (country IS NULL OR country GLOB '[A-Z][A-Z]'),
  org_type   TEXT CHECK (org_type IS NULL OR org_type GLOB '[0-9][0-9]'),
  identifier TEXT UNIQUE CHECK (identifier IS NULL OR length(identifier) BETWEEN 1 AND 500),
  note       TEXT
) STRICT;


-- -----------------------------------------------------------------------------
-- person: contacts. Everything but the name is optional.
-- -----------------------------------------------------------------------------
CREATE TABLE person (
  id     INTEGER PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE CHECK (length(handle) BETWEEN 1 AND 200),
  name   TEXT NOT NULL CHECK (length(name) > 0),
  email  TEXT CHECK (email IS NULL OR email GLOB '?*@?*'),
  phone  TEXT,
  note   TEXT
) STRICT;


-- -----------------------------------------------------------------------------
-- funding_source: the funder tree, e.g.
--   Norway (donor) → Norway Grants (mechanism) → bilateral instrument
--   (programme) → Short-term Expert Fund (scheme) → second open call (call).
-- kind names the level; a parent's kind is not checked strictly (real trees
-- skip levels: a programme may hold calls directly). operator_organisation_id
-- is the body that runs the node (programme operator, managing authority).
-- Subtrees are queried with a recursive CTE over parent_id:
--   WITH RECURSIVE sub(id) AS (SELECT :root UNION ALL
--     SELECT f.id FROM funding_source f JOIN sub ON f.parent_id = sub.id)
-- -----------------------------------------------------------------------------
CREATE TABLE funding_source (
  id                       INTEGER PRIMARY KEY,
  handle                   TEXT NOT NULL UNIQUE CHECK (length(handle) BETWEEN 1 AND 200),
  parent_id                INTEGER REFERENCES funding_source (id),
  kind                     TEXT NOT NULL
                           CHECK (kind IN ('donor', 'mechanism', 'programme', 'scheme', 'call')),
  code                     TEXT,
  title                    TEXT NOT NULL CHECK (length(title) > 0),
  operator_organisation_id INTEGER REFERENCES organisation (id),
  opens_on                 TEXT CHECK (opens_on IS NULL OR opens_on IS date(opens_on, '+0 days')),
  closes_on                TEXT CHECK (closes_on IS NULL OR closes_on IS date(closes_on, '+0 days')),
  note                     TEXT,
  CHECK (closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on),
  -- Codes are unique among siblings (NULL codes and root codes are not
  -- constrained: SQLite treats NULLs as distinct in UNIQUE).
  UNIQUE (parent_id, code)
) STRICT;

CREATE INDEX funding_source_parent ON funding_source (parent_id);
CREATE INDEX funding_source_operator ON funding_source (operator_organisation_id);

-- A node may not become its own ancestor. On INSERT only a self-reference is
-- possible (a new row has no descendants); on UPDATE the new parent's chain of
-- ancestors is walked with a recursive CTE and must not contain the node.
CREATE TRIGGER funding_source_no_self_parent BEFORE INSERT ON funding_source
WHEN NEW.parent_id IS NOT NULL AND NEW.parent_id = NEW.id
BEGIN
  SELECT RAISE(ABORT, 'funding_source cycle: a node cannot be its own parent');
END;

CREATE TRIGGER funding_source_no_cycle BEFORE UPDATE OF parent_id ON funding_source
WHEN NEW.parent_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'funding_source cycle: the new parent is the node itself or one of its descendants')
  WHERE NEW.parent_id = NEW.id
     OR EXISTS (
          WITH RECURSIVE ancestor(id) AS (
            SELECT NEW.parent_id
            UNION
            SELECT f.parent_id FROM funding_source f
              JOIN ancestor ON f.id = ancestor.id
             WHERE f.parent_id IS NOT NULL)
          SELECT 1 FROM ancestor WHERE ancestor.id = NEW.id);
END;


-- -----------------------------------------------------------------------------
-- theme: classification terms grouped by vocabulary, e.g. vocabulary
-- 'lpr-strategic-direction' with LPR's six strategic directions, or a
-- 360Giving / IATI sector vocabulary.
-- -----------------------------------------------------------------------------
CREATE TABLE theme (
  id         INTEGER PRIMARY KEY,
  vocabulary TEXT NOT NULL CHECK (length(vocabulary) BETWEEN 1 AND 200),
  code       TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 200),
  title      TEXT NOT NULL CHECK (length(title) > 0),
  UNIQUE (vocabulary, code)
) STRICT;


-- -----------------------------------------------------------------------------
-- project: what the organisation develops; it is submitted to funders as one
-- or more applications (rejected in one call, approved in the next).
--   reference          local, human-typed, unique ('LPR-2013-07').
--   title              working title; original_title + original_language
--                      (BCP 47, e.g. 'lv') keep the title as written.
--   note               free text, e.g. "Illustrative: …" in fixtures.
--   extra_json         a JSON object keeping the unmapped fields of an import
--                      verbatim, for lossless round trips.
--   created_at/updated_at  maintenance timestamps (UTC); updated_at is bumped by
--                      a trigger. Not part of the interchange format.
-- -----------------------------------------------------------------------------
CREATE TABLE project (
  id                    INTEGER PRIMARY KEY,
  reference             TEXT NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 200),
  title                 TEXT NOT NULL CHECK (length(title) > 0),
  original_title        TEXT,
  original_language     TEXT
                        CHECK (original_language IS NULL
                               OR (length(original_language) BETWEEN 2 AND 35
                                   AND original_language GLOB '[a-z][a-z]*'
                                   AND original_language NOT GLOB '*[^A-Za-z0-9-]*')),
  summary               TEXT,
  owner_organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  planned_start         TEXT CHECK (planned_start IS NULL OR planned_start IS date(planned_start, '+0 days')),
  planned_end           TEXT CHECK (planned_end IS NULL OR planned_end IS date(planned_end, '+0 days')),
  actual_start          TEXT CHECK (actual_start IS NULL OR actual_start IS date(actual_start, '+0 days')),
  actual_end            TEXT CHECK (actual_end IS NULL OR actual_end IS date(actual_end, '+0 days')),
  note                  TEXT,
  -- Reference, title and original title folded to lower case without
  -- diacritics ('Latgales plānošanas reģions' -> 'latgales planosanas regions'),
  -- written by the library on every insert and update, so that a title search
  -- is case- and diacritic-insensitive with a plain LIKE. NULL for rows written
  -- by other tools; search then falls back to the title itself.
  search_text           TEXT,
  extra_json            TEXT
                        CHECK (extra_json IS NULL
                               OR CASE WHEN json_valid(extra_json)
                                       THEN json_type(extra_json) = 'object' ELSE 0 END),
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
                        CHECK (created_at IS strftime('%Y-%m-%d %H:%M:%f', created_at, '+0 days')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
                        CHECK (updated_at IS strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0 days')),
  CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
  CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start)
) STRICT;

CREATE INDEX project_owner ON project (owner_organisation_id);

-- Bump updated_at on every update that does not set it itself. The nested
-- UPDATE does not fire this trigger again (recursive_triggers is off, and its
-- WHEN would then be false anyway).
CREATE TRIGGER project_touch AFTER UPDATE ON project
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE project SET updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = NEW.id;
END;


-- project_theme: project × theme.
CREATE TABLE project_theme (
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  theme_id   INTEGER NOT NULL REFERENCES theme (id),
  PRIMARY KEY (project_id, theme_id)
) STRICT;

CREATE INDEX project_theme_theme ON project_theme (theme_id, project_id);


-- -----------------------------------------------------------------------------
-- contact: project × person × role, optionally limited in time.
-- -----------------------------------------------------------------------------
CREATE TABLE contact (
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL REFERENCES person (id),
  role       TEXT NOT NULL
             CHECK (role IN ('project_manager', 'press_contact', 'financial_manager', 'contact')),
  valid_from TEXT CHECK (valid_from IS NULL OR valid_from IS date(valid_from, '+0 days')),
  valid_to   TEXT CHECK (valid_to IS NULL OR valid_to IS date(valid_to, '+0 days')),
  PRIMARY KEY (project_id, person_id, role),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
) STRICT;

CREATE INDEX contact_person ON contact (person_id);


-- -----------------------------------------------------------------------------
-- application: one submission of a project to one funding source.
--   submitted_on, decided_on  business dates as the funder records them
--                       (decided_on = the award or rejection date).
--   funder_reference    the funder's own number for the application.
--   currency            the currency the application is made in.
--   current_status, current_status_on
--                       a copy of the latest status event, maintained by the
--                       trigger status_event_maintain_current below, so that
--                       "current status" is one indexed column on a million
--                       applications. Both are NULL until the first event.
--                       They cannot be set by hand (triggers below).
--   extra_json          unmapped import fields, as on project.
-- -----------------------------------------------------------------------------
CREATE TABLE application (
  id                INTEGER PRIMARY KEY,
  project_id        INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  funding_source_id INTEGER NOT NULL REFERENCES funding_source (id),
  submitted_on      TEXT CHECK (submitted_on IS NULL OR submitted_on IS date(submitted_on, '+0 days')),
  decided_on        TEXT CHECK (decided_on IS NULL OR decided_on IS date(decided_on, '+0 days')),
  funder_reference  TEXT,
  currency          TEXT NOT NULL REFERENCES currency (code),
  current_status    TEXT REFERENCES status (code),
  current_status_on TEXT CHECK (current_status_on IS NULL
                                OR current_status_on IS date(current_status_on, '+0 days')),
  extra_json        TEXT
                    CHECK (extra_json IS NULL
                           OR CASE WHEN json_valid(extra_json)
                                   THEN json_type(extra_json) = 'object' ELSE 0 END),
  CHECK ((current_status IS NULL) = (current_status_on IS NULL)),
  CHECK (decided_on IS NULL OR submitted_on IS NULL OR decided_on >= submitted_on)
) STRICT;

CREATE INDEX application_project ON application (project_id);
CREATE INDEX application_funding_source ON application (funding_source_id);
CREATE INDEX application_current_status ON application (current_status, current_status_on);
CREATE INDEX application_currency ON application (currency);
CREATE INDEX application_submitted_on ON application (submitted_on);
CREATE INDEX application_decided_on ON application (decided_on);

CREATE TRIGGER application_current_status_on_insert BEFORE INSERT ON application
WHEN NEW.current_status IS NOT NULL OR NEW.current_status_on IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'application: current_status is maintained from status_event and must be NULL on insert');
END;

-- Any write to the two columns must agree with the latest event (which is
-- exactly what the maintaining trigger writes).
CREATE TRIGGER application_current_status_on_update BEFORE UPDATE OF current_status, current_status_on ON application
WHEN NEW.current_status IS NOT (SELECT e.status FROM status_event e
                                 WHERE e.application_id = NEW.id
                                 ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
  OR NEW.current_status_on IS NOT (SELECT e.effective_on FROM status_event e
                                    WHERE e.application_id = NEW.id
                                    ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
BEGIN
  SELECT RAISE(ABORT, 'application: current_status is maintained from status_event and cannot be set by hand');
END;


-- -----------------------------------------------------------------------------
-- participation: application × organisation × role.
--   lead_applicant  submits and is accountable;   partner  project partner;
--   donor_partner   partner from the donor state; funder  co-funder;
--   host            hosts a visit or an activity (study trips).
-- -----------------------------------------------------------------------------
CREATE TABLE participation (
  application_id  INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  role            TEXT NOT NULL
                  CHECK (role IN ('lead_applicant', 'partner', 'donor_partner', 'funder', 'host')),
  note            TEXT,
  PRIMARY KEY (application_id, organisation_id, role)
) STRICT;

CREATE INDEX participation_organisation ON participation (organisation_id, role);


-- -----------------------------------------------------------------------------
-- status_event: the append-only status history of an application.
--   effective_on  the business date ("approved on 2013-05-14").
--   recorded_at   when the event was written (UTC timestamp); imports keep the
--                 original value.
-- The current status is the latest event, ordered by (effective_on, id). The
-- BEFORE INSERT trigger refuses events dated before the latest one, so the
-- latest inserted event is always the latest effective one and the AFTER
-- INSERT trigger can copy it into application.current_status.
-- "Status as of a date D" is the last event with effective_on <= D:
--   SELECT status FROM status_event
--    WHERE application_id = ? AND effective_on <= ?
--    ORDER BY effective_on DESC, id DESC LIMIT 1
-- served by the index status_event_history.
-- -----------------------------------------------------------------------------
CREATE TABLE status_event (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
  status         TEXT NOT NULL REFERENCES status (code),
  effective_on   TEXT NOT NULL CHECK (effective_on IS date(effective_on, '+0 days')),
  recorded_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
                 CHECK (recorded_at IS strftime('%Y-%m-%d %H:%M:%f', recorded_at, '+0 days')),
  note           TEXT
) STRICT;

CREATE INDEX status_event_history ON status_event (application_id, effective_on, id);
-- "Which applications ever reached status X (by date)": the statistics'
-- "reached a status whose outcome is approved"; also serves the FK on status.
CREATE INDEX status_event_status ON status_event (status, effective_on, application_id);

-- Last line of defence for the history rules (the Swift layer checks first
-- and reports the application, the current and the requested status).
-- Uses application.current_status / current_status_on, i.e. the latest event.
CREATE TRIGGER status_event_check_insert BEFORE INSERT ON status_event
BEGIN
  SELECT RAISE(ABORT, 'status_event: unknown application')
  WHERE NOT EXISTS (SELECT 1 FROM application WHERE id = NEW.application_id);

  SELECT RAISE(ABORT, 'status_event: unknown status')
  WHERE NOT EXISTS (SELECT 1 FROM status WHERE code = NEW.status);

  SELECT RAISE(ABORT, 'status_event: effective_on before latest')
  WHERE NEW.effective_on < (SELECT current_status_on FROM application WHERE id = NEW.application_id);

  SELECT RAISE(ABORT, 'status_event: illegal transition: a history cannot start with this status (may_start = 0)')
  WHERE (SELECT current_status FROM application WHERE id = NEW.application_id) IS NULL
    AND NOT EXISTS (SELECT 1 FROM status WHERE code = NEW.status AND may_start = 1);

  SELECT RAISE(ABORT, 'status_event: illegal transition: same status repeated')
  WHERE NEW.status = (SELECT current_status FROM application WHERE id = NEW.application_id);

  SELECT RAISE(ABORT, 'status_event: illegal transition: not in status_transition')
  WHERE (SELECT current_status FROM application WHERE id = NEW.application_id) IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM status_transition t
                     WHERE t.from_status = (SELECT current_status FROM application
                                             WHERE id = NEW.application_id)
                       AND t.to_status = NEW.status);
END;

-- Keep application.current_status / current_status_on equal to the newest
-- event. Events are append-only and in date order (trigger above), so the
-- newly inserted event is the newest one.
CREATE TRIGGER status_event_maintain_current AFTER INSERT ON status_event
BEGIN
  UPDATE application
     SET current_status = NEW.status, current_status_on = NEW.effective_on
   WHERE id = NEW.application_id;
END;

CREATE TRIGGER status_event_no_update BEFORE UPDATE ON status_event
BEGIN
  SELECT RAISE(ABORT, 'status_event is append-only');
END;

-- Deleting an event is refused while its application exists. When the
-- application (or its project) is deleted, SQLite deletes the application row
-- first and then runs the ON DELETE CASCADE action on status_event, so the
-- parent is already gone and the cascade is let through (checked on 3.40.1).
CREATE TRIGGER status_event_no_delete BEFORE DELETE ON status_event
WHEN EXISTS (SELECT 1 FROM application WHERE id = OLD.application_id)
BEGIN
  SELECT RAISE(ABORT, 'status_event is append-only');
END;


-- -----------------------------------------------------------------------------
-- money_figure: the amounts of an application, each with its own currency.
--   kind         total_cost, eligible_cost, requested, awarded, co_financing,
--                own_contribution, disbursed.
--   amount_minor minor units of currency (never negative).
--   value_date   the date an exchange rate applies to this figure (IATI
--                @value-date); optional.
--   set_on       when the figure was set. A later figure of the same kind
--                replaces the earlier one for dates >= its set_on (a revised
--                budget); the history is kept. The figure of a kind as of D:
--                  SELECT … FROM money_figure
--                   WHERE application_id = ? AND kind = ? AND set_on <= ?
--                   ORDER BY set_on DESC LIMIT 1
--                served by the UNIQUE (application_id, kind, set_on) index.
-- -----------------------------------------------------------------------------
CREATE TABLE money_figure (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL
                 CHECK (kind IN ('total_cost', 'eligible_cost', 'requested', 'awarded',
                                 'co_financing', 'own_contribution', 'disbursed')),
  amount_minor   INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency       TEXT NOT NULL REFERENCES currency (code),
  value_date     TEXT CHECK (value_date IS NULL OR value_date IS date(value_date, '+0 days')),
  set_on         TEXT NOT NULL CHECK (set_on IS date(set_on, '+0 days')),
  note           TEXT,
  UNIQUE (application_id, kind, set_on)
) STRICT;

-- (application_id, kind, set_on) is indexed by the UNIQUE constraint above.
-- This one serves "latest figures of a kind across all applications" (the
-- portfolio totals) and the FK on currency.
CREATE INDEX money_figure_kind ON money_figure (kind, currency, application_id, set_on);
CREATE INDEX money_figure_currency ON money_figure (currency);
