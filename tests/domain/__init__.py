"""Domain tests: the auction's rules and the domain's functions called directly (bidding,
lifecycle, award, the audit chain, personal-data detection), with a session from the app
fixture and the test clock, and no page, API or socket in between. A rule proven here holds for
every channel, since each adapter makes this same call."""
