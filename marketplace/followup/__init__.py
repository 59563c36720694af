"""After the award: the assignment (toewijzing) the gemeente follows until it ends — the start,
reviews per result area with optional ZRM scores, complaints, the end and switching provider
(a follow-up draft with the old provider excluded), the client's survey, review reminders.

No Flask: imports the models, the auction package (locks, access, audit, notices, inputs,
errors), clients/ (the sealed client data a switch copies) and privacy/ (the survey comment's
scan, handed in by the caller), and libraries."""
