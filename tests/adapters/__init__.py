"""Adapter tests: the product as its callers meet it, in-process. The pages through Flask's test
browser, the JSON API, Socket.IO events through the test client, the `flask` commands, the
route × role matrix, security headers, sessions, registration and notifications: what each
caller gets to see and do, and that a refusal is a contract error or a Dutch form message."""
