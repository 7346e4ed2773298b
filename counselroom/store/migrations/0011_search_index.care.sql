-- Issue #10 item 6: Chinese full-text search over notes, addenda, cases and plans, inside the
-- care store. How text is cut into tokens (bigrams of Chinese runs, Latin and digit words whole)
-- and what a query becomes: counselroom/store/cases/search_text.py.

-- One row per searchable document: what it is and whose. Its case, note and student filter a
-- search in SQL before the limit, so this table stays narrow (a few dozen bytes a row, cached
-- whole) and the text lives beside it. kind: note, addendum, case, plan. note_id: the note a
-- note or addendum belongs to (a group note has no case: its documents are found by note).
-- student_id: NULL for a group note, whose students are in search_doc_students.
CREATE TABLE care.search_docs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('note', 'addendum', 'case', 'plan')),
    ref_id     INTEGER NOT NULL,
    case_id    INTEGER,
    note_id    INTEGER,
    student_id INTEGER,
    UNIQUE (kind, ref_id)
);
CREATE INDEX care.search_docs_case ON search_docs (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX care.search_docs_note ON search_docs (note_id) WHERE note_id IS NOT NULL;

-- Exactly the text that was indexed: a hit's snippet is cut from it.
CREATE TABLE care.search_texts (
    doc_id INTEGER PRIMARY KEY REFERENCES search_docs(id) ON DELETE CASCADE,
    text   TEXT NOT NULL
);

CREATE TABLE care.search_doc_students (
    doc_id     INTEGER NOT NULL REFERENCES search_docs(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL,
    PRIMARY KEY (doc_id, student_id)
) WITHOUT ROWID;

-- The index itself: contentless (it keeps no copy of the text, only the index of its tokens; the
-- text is in search_texts), rowid = search_docs.id. contentless_delete lets a row be removed
-- without re-supplying its tokens. The ascii tokenizer splits only at the spaces between the
-- tokens search_text.py made (every non-ASCII character is a token character).
CREATE VIRTUAL TABLE care.search_index USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);

-- A document removed from search_docs takes its index row, text and students with it in the same
-- statement (not left to the foreign keys: they act only where PRAGMA foreign_keys is on).
CREATE TRIGGER care.search_docs_leave_the_index AFTER DELETE ON search_docs
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id;
    DELETE FROM search_texts WHERE doc_id = OLD.id;
    DELETE FROM search_doc_students WHERE doc_id = OLD.id;
END;

-- A deleted draft note or a deleted case takes its documents with it, whichever path deleted it.
CREATE TRIGGER care.search_docs_of_deleted_note AFTER DELETE ON notes
BEGIN
    DELETE FROM search_docs WHERE note_id = OLD.id;
END;

CREATE TRIGGER care.search_docs_of_deleted_case AFTER DELETE ON cases
BEGIN
    DELETE FROM search_docs WHERE case_id = OLD.id;
END;

-- Each search, with its text, kept here in the care store: the school store's audit row names
-- only this row's id (SECURITY.md: no care text in the school store).
CREATE TABLE care.search_queries (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    query   TEXT NOT NULL
);
