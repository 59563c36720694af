"""The auction's rules and use cases: a request's window, bids checked, ranked and saved under
one lock per request (bidding), standings and their views, the award, who may see what (access),
input parsing, errors as values with a contract code, transactions and after-commit events.

No Flask: imports only the models, the other domain packages (clients/ for the sealed client
data an award or a publish touches) and libraries. Kept import-free so importing a submodule
loads nothing else."""
