"""Choosing on more than price: a provider's record per gemeente (record), the award criteria
and the score they give each offer (scoring), the consultant's assessment of an offer's plan
of approach (assessments), and all three added to the comparison of a request's offers
(comparison).

No Flask: imports only the models, the auction's domain (errors, states, locking, audit) and
libraries. Kept import-free so importing a submodule loads nothing else."""
