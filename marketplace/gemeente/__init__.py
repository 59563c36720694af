"""Running a gemeente: its catalogue (categories, result areas, complexity levels, minimum
requirements), its tariff table and the default prices it gives a new request, its staff
(invitations, deactivation) and its settings.

No Flask: imports only the models, the auction's errors, inputs and records, and libraries."""
