"""The store schemas kommunebench has shipped, as their releases created them (from the git history).

Each is the SQL a new file got, and the ``user_version`` it was given. Two versions were shipped in
two shapes each: version 1 first had a ``round_consents`` table (a5d1198, dropped in ba84e7f without
a step), version 2 first had no ``refusals.after_submission`` (32116a9, added in e1ddc1f without a
step). Version 4 (cd9f09e: identity, issued values, round state) is written out as SQLite kept it
after its steps, added columns where ALTER TABLE put them. Tests build old stores from these, never
from today's ``MIGRATIONS``.
"""

V1 = """
    CREATE TABLE rounds (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL,
        year INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (domain, year)
    );
    CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (domain, key)
    );
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        participant_id INTEGER NOT NULL REFERENCES participants (id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        template_version TEXT NOT NULL,
        language TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        replaced_at TEXT
    );
    CREATE UNIQUE INDEX submissions_current ON submissions (round_id, participant_id) WHERE replaced_at IS NULL;
    CREATE TABLE submission_values (
        submission_id INTEGER NOT NULL REFERENCES submissions (id),
        sheet_id TEXT NOT NULL,
        row_key TEXT NOT NULL,      -- '' on form sheets
        field_id TEXT NOT NULL,
        number REAL,
        text TEXT,
        location TEXT NOT NULL,     -- 'Sheet'!A1 in the submitted file
        PRIMARY KEY (submission_id, sheet_id, row_key, field_id)
    ) WITHOUT ROWID;
    CREATE TABLE submission_issues (
        submission_id INTEGER NOT NULL REFERENCES submissions (id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        field TEXT,
        params TEXT NOT NULL
    );
    """

# the first release's version 1: the same, and a consent table it never wrote to
V1_FIRST = V1 + """
    CREATE TABLE round_consents (
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        participant_id INTEGER NOT NULL REFERENCES participants (id),
        PRIMARY KEY (round_id, participant_id)
    );
"""

REFUSALS_FIRST = """
    CREATE TABLE refusals (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        domain TEXT,                -- NULL: not recognised as a kommunebench template
        participant TEXT,           -- NULL: the file does not identify its participant
        file_name TEXT NOT NULL,
        sha256 TEXT,                -- NULL: the file could not be read at all
        refused_at TEXT NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL
    );
    CREATE INDEX refusals_round ON refusals (year, domain, participant);
    CREATE TABLE refusal_issues (
        refusal_id INTEGER NOT NULL REFERENCES refusals (id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        field TEXT,
        params TEXT NOT NULL
    );
"""

REFUSALS = """
    CREATE TABLE refusals (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        domain TEXT,                -- NULL: not recognised as a kommunebench template
        participant TEXT,           -- NULL: the file does not identify its participant
        file_name TEXT NOT NULL,
        sha256 TEXT,                -- NULL: the file could not be read at all
        refused_at TEXT NOT NULL,
        -- the highest submission id when it was refused: orders it against stored submissions
        -- (timestamps have one-second resolution, and a refusal and a correction can share one)
        after_submission INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL
    );
    CREATE INDEX refusals_round ON refusals (year, domain, participant);
    CREATE TABLE refusal_issues (
        refusal_id INTEGER NOT NULL REFERENCES refusals (id),
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        sheet TEXT,
        cell TEXT,
        field TEXT,
        params TEXT NOT NULL
    );
"""

# Version 4 (cd9f09e): version 2's tables as they were, then what steps 3 and 4 added.
V4_ADDED = """
    ALTER TABLE rounds ADD COLUMN closed_at TEXT;
    ALTER TABLE participants ADD COLUMN identity TEXT;
    ALTER TABLE submissions ADD COLUMN saved_at TEXT;
    CREATE TABLE issued_values (
        domain TEXT NOT NULL,
        year INTEGER NOT NULL,
        participant TEXT NOT NULL,
        sheet_id TEXT NOT NULL,
        row_key TEXT NOT NULL,
        field_id TEXT NOT NULL,
        number REAL,
        text TEXT,
        file_name TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        PRIMARY KEY (domain, year, participant, sheet_id, row_key, field_id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX participants_identity ON participants (domain, identity);
    CREATE TABLE round_events (
        id INTEGER PRIMARY KEY,
        round_id INTEGER NOT NULL REFERENCES rounds (id),
        action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
        at TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX round_events_round ON round_events (round_id, id);
"""

# name -> (user_version, scripts in order)
SHIPPED = {
    "1 (a5d1198)": (1, (V1_FIRST,)),
    "1 (ba84e7f)": (1, (V1,)),
    "2 (32116a9)": (2, (V1, REFUSALS_FIRST)),
    "2 (e1ddc1f)": (2, (V1, REFUSALS)),
    "4 (cd9f09e)": (4, (V1, REFUSALS, V4_ADDED)),
}
