"""The client's data: sealed at rest with Fernet keys (client_data), erased when its retention
period has passed (retention), handed over on a subject-access request (inzage), and screened
for personal data before a request is published (screening).

No Flask: imports the models, the auction's domain modules, privacy/ and libraries. Kept
import-free so importing a submodule loads nothing else."""
